package dev.grantor.application.generate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.memory.MutableClock;
import dev.grantor.domain.shared.GrantId;
import dev.grantor.domain.shared.Ids;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class GeneratorsTest {

    @Nested
    class Ids_generated {

        @Test
        void have_the_prefix_and_21_letters_or_digits() {
            var generator = new SecureIdGenerator();
            for (int i = 0; i < 10_000; i++) {
                String id = generator.next(GrantId.PREFIX);
                assertThat(Ids.isWellFormed(GrantId.PREFIX, id)).as(id).isTrue();
            }
        }

        @Test
        void sort_by_creation_time() {
            var clock = new MutableClock();
            var generator = new SecureIdGenerator(clock);
            var ids = new ArrayList<String>();
            for (int i = 0; i < 2_000; i++) {
                ids.add(generator.next("ent_"));
                clock.advance(Duration.ofMillis(1 + i % 7 * 1000L));
            }

            assertThat(ids).isSorted();
        }

        @Test
        void of_one_millisecond_do_not_collide() {
            var generator = new SecureIdGenerator(new MutableClock());
            var seen = new HashSet<String>();
            for (int i = 0; i < 50_000; i++) {
                assertThat(seen.add(generator.next("lic_"))).isTrue();
            }
        }

        @Test
        void drop_random_values_past_the_alphabet_rather_than_fold_them_onto_it() {
            // 62 and 63 (in the low six bits) have no character: folded, they would make '0' and '1' twice as likely
            var scripted = new ScriptedRandom(new byte[] {62, 63, (byte) 0xC0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 63, 63},
                    new byte[] {(byte) 0xFF, 62, 36});
            var generator = new SecureIdGenerator(new MutableClock(), scripted);

            String id = generator.next("gr_");

            // 0xC0 keeps its low six bits, 0; the first draw yields twelve characters, the second (after two dropped) the last
            assertThat(id.substring(id.length() - SecureIdGenerator.RANDOM_CHARS)).isEqualTo("0123456789ABa");
            assertThat(scripted.draws).isEqualTo(2);
        }

        @Test
        void use_every_character_of_the_alphabet_in_their_random_part() {
            var generator = new SecureIdGenerator(new MutableClock());
            var characters = new HashSet<Character>();
            for (int i = 0; i < 2_000; i++) {
                String id = generator.next("gr_");
                id.substring(id.length() - SecureIdGenerator.RANDOM_CHARS).chars().forEach(c -> characters.add((char) c));
            }
            assertThat(characters).hasSize(SecureIdGenerator.ALPHABET.length());
        }

        /** Hands out the given draws in order, each copied into the front of the caller's array. */
        private static final class ScriptedRandom extends SecureRandom {
            private final byte[][] script;
            int draws;

            ScriptedRandom(byte[]... script) {
                this.script = script;
            }

            @Override
            public void nextBytes(byte[] bytes) {
                byte[] next = script[draws++];
                Arrays.fill(bytes, (byte) 63);
                System.arraycopy(next, 0, bytes, 0, Math.min(next.length, bytes.length));
            }
        }
    }

    @Nested
    class License_keys_generated {

        @Test
        void are_five_groups_of_five_crockford_symbols() {
            var generator = new CrockfordKeyGenerator();
            for (int i = 0; i < 5_000; i++) {
                assertThat(generator.generate().value()).matches("([0-9A-HJKMNP-TV-Z]{5}-){4}[0-9A-HJKMNP-TV-Z]{5}");
            }
        }

        /**
         * A key cannot carry more entropy than the generator draws for it; the format alone (25 symbols of 5 bits)
         * says nothing, since a key spread from a 32-bit seed has the same shape and uses every symbol.
         */
        @Test
        void draw_at_least_120_random_bits_for_each_key() {
            var random = new CountingRandom();
            var generator = new CrockfordKeyGenerator(random);
            for (int i = 0; i < 1_000; i++) {
                long before = random.bits;
                generator.generate();
                assertThat(random.bits - before).as("random bits drawn for key %d", i).isGreaterThanOrEqualTo(120);
            }
        }

        @Test
        void use_every_symbol_and_do_not_repeat() {
            var generator = new CrockfordKeyGenerator();
            var keys = new HashSet<String>();
            var symbols = new HashSet<Character>();
            for (int i = 0; i < 20_000; i++) {
                String key = generator.generate().value();
                assertThat(keys.add(key)).isTrue();
                key.chars().filter(c -> c != '-').forEach(c -> symbols.add((char) c));
            }
            assertThat(symbols).hasSize(32);
        }
    }

    /** The system's randomness, counting the bits handed out (every draw of a SecureRandom goes through nextBytes). */
    private static final class CountingRandom extends SecureRandom {
        long bits;

        @Override
        public void nextBytes(byte[] bytes) {
            super.nextBytes(bytes);
            bits += 8L * bytes.length;
        }
    }
}

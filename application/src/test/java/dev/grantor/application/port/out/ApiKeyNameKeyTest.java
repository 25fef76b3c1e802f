package dev.grantor.application.port.out;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.instancio.Instancio;
import org.junit.jupiter.api.Test;

/**
 * {@link ApiKeys#nameKey} against a table written by hand: each entry lists the spellings that read as one letter (or
 * one pair of letters), its plain lower-case form first. Generated names pick an entry per position and a spelling per
 * entry; two names share a key exactly when their plain forms are the same text.
 */
class ApiKeyNameKeyTest {

    private static final long SEED = 20_261_206L;

    /** Case, fullwidth forms, ligatures, decomposed accents, the Greek final sigma, the German sharp s, odd spaces. */
    private static final List<List<String>> LETTERS = letters();

    private static List<List<String>> letters() {
        var table = new ArrayList<List<String>>();
        for (char c = 'a'; c <= 'z'; c++) {
            char upper = Character.toUpperCase(c);
            table.add(List.of(String.valueOf(c), String.valueOf(upper), String.valueOf((char) (c - 'a' + '\uFF41')),
                    String.valueOf((char) (upper - 'A' + '\uFF21'))));
        }
        for (char d = '0'; d <= '9'; d++) {
            table.add(List.of(String.valueOf(d), String.valueOf((char) (d - '0' + '\uFF10')), Character.toString(0x1D7CE + d - '0')));
        }
        table.add(List.of("fi", "FI", "Fi", "\uFB01", "\uFF46\uFF49"));
        table.add(List.of("ff", "FF", "\uFB00"));
        table.add(List.of("ss", "SS", "sS", "\u00DF", "\u1E9E"));
        table.add(List.of("σ", "Σ", "ς"));
        table.add(List.of("é", "É", "e\u0301", "E\u0301", "\uFF45\u0301"));
        table.add(List.of("ö", "Ö", "o\u0308"));
        table.add(List.of("日"));
        table.add(List.of(" ", "\u00A0", "\u3000"));
        table.add(List.of("-", "\uFF0D"));
        return List.copyOf(table);
    }

    /** A name: which entry at each position. Short and over a few entries at times, so unrelated names meet now and then. */
    private static int[] entries(SplittableRandom random) {
        int bound = random.nextBoolean() ? LETTERS.size() : 4;
        int[] entries = new int[1 + random.nextInt(random.nextBoolean() ? 3 : 12)];
        for (int i = 0; i < entries.length; i++) {
            entries[i] = random.nextInt(bound);
        }
        return entries;
    }

    private static String spelled(int[] entries, SplittableRandom random) {
        var name = new StringBuilder();
        for (int entry : entries) {
            var spellings = LETTERS.get(entry);
            name.append(spellings.get(random.nextInt(spellings.size())));
        }
        return name.toString();
    }

    private static String plain(int[] entries) {
        var name = new StringBuilder();
        for (int entry : entries) {
            name.append(LETTERS.get(entry).getFirst());
        }
        return name.toString();
    }

    @Test
    void names_that_differ_only_by_case_or_compatibility_form_collide_and_names_that_differ_otherwise_do_not() {
        var seeds = Instancio.ofList(Long.class).size(20_000).withSeed(SEED).create();
        int collided = 0;
        int apart = 0;
        for (long seed : seeds) {
            var random = new SplittableRandom(seed);
            int[] one = entries(random);
            int[] other = entries(random);
            String first = spelled(one, random);

            assertThat(ApiKeys.nameKey(spelled(one, random))).as("two spellings of %s", plain(one)).isEqualTo(ApiKeys.nameKey(first));
            String second = spelled(other, random);
            if (plain(one).equals(plain(other))) {
                assertThat(ApiKeys.nameKey(second)).as("%s and %s", first, second).isEqualTo(ApiKeys.nameKey(first));
                collided++;
            } else {
                assertThat(ApiKeys.nameKey(second)).as("%s and %s", first, second).isNotEqualTo(ApiKeys.nameKey(first));
                apart++;
            }
        }
        assertThat(collided).as("unrelated names that read alike").isGreaterThan(50);
        assertThat(apart).isGreaterThan(10_000);
    }

    @Test
    void the_examples_the_manual_gives() {
        assertThat(ApiKeys.nameKey("\uFF42\uFF49\uFF4C\uFF4C\uFF49\uFF4E\uFF47")).isEqualTo("billing");
        assertThat(ApiKeys.nameKey("BILLING")).isEqualTo("billing");
        assertThat(ApiKeys.nameKey("Straße")).isEqualTo(ApiKeys.nameKey("STRASSE"));
        assertThat(ApiKeys.nameKey("billing")).isNotEqualTo(ApiKeys.nameKey("bi11ing"));
    }
}

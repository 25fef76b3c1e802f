package dev.grantor.application.background;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import org.instancio.Instancio;
import org.instancio.settings.Keys;
import org.junit.jupiter.api.Test;

/**
 * What is kept of a failure's reason, on generated reasons (Instancio, seeded) of letters, accented letters, CJK and
 * emoji (two UTF-16 units each) around the 1,000-character bound: the kept text is the reason's start, at most the
 * bound, never cut inside a character (a lone surrogate is no text a store, a page or a JSON answer can carry), and
 * the whole reason when it fits.
 */
class SettlementTest {

    static final int[] CODE_POINTS = {'a', 'Z', '7', ' ', 'é', 'ß', '中', '\u2028', 0x1F600, 0x1F4A5, 0x10348};

    @Test
    void a_kept_reason_is_the_start_of_the_reason_whole_characters_only_and_at_most_the_bound() {
        var draws = Instancio.gen().withSetting(Keys.SEED, 1000L).ints().range(0, 1_000_000).list(1_000).iterator();
        for (int reason = 0; reason < 1_000; reason++) {
            var text = new StringBuilder();
            int length = Settlement.MAX_ERROR_LENGTH - 20 + draws.next() % 40;
            var random = new SplittableRandom(reason);
            while (text.length() < length) {
                text.appendCodePoint(CODE_POINTS[random.nextInt(CODE_POINTS.length)]);
            }
            String full = text.toString();
            String kept = Settlement.clip(full);
            assertThat(full).startsWith(kept);
            assertThat(kept.length()).isLessThanOrEqualTo(Settlement.MAX_ERROR_LENGTH)
                    .isGreaterThanOrEqualTo(Math.min(full.length(), Settlement.MAX_ERROR_LENGTH - 1));
            assertThat(Character.isHighSurrogate(kept.charAt(kept.length() - 1)))
                    .as("kept %d of %d characters, ending inside one", kept.length(), full.length()).isFalse();
            if (full.length() <= Settlement.MAX_ERROR_LENGTH) {
                assertThat(kept).isEqualTo(full);
            }
            var retry = Settlement.afterFailure(RetrySchedule.standard(), 1, full, false, Instant.EPOCH, new SplittableRandom(1));
            assertThat(retry.error()).isEqualTo(kept);
            assertThat(((Settlement.Retry) retry).delay()).isEqualTo(Duration.ofSeconds(5));
        }
        assertThat(Settlement.clip(" ")).isEqualTo("no reason given");
        assertThat(Settlement.clip(null)).isEqualTo("no reason given");
    }
}

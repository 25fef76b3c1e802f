package dev.grantor.application.background;

import static org.assertj.core.api.Assertions.assertThat;

import io.vavr.collection.List;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Iterator;
import java.util.SplittableRandom;
import org.instancio.Instancio;
import org.instancio.settings.Keys;
import org.junit.jupiter.api.Test;

/**
 * The retry schedules of the outbox relay and the webhook dispatcher, on generated schedules (Instancio, seeded), against
 * arithmetic of their own: a doubling schedule's delay after failed attempt {@code n} is {@code base * 2^(n-1)} worked
 * out without overflow and capped at {@code max}; a listed schedule's is the {@code n}th delay, the last one repeating;
 * a spread delay stays within the jitter either way and never above the ceiling; after the last attempt there is none.
 */
class RetryScheduleTest {

    static final long MAX_NANOS = Long.MAX_VALUE;

    @Test
    void a_doubling_schedule_doubles_from_its_base_up_to_its_maximum_whatever_the_durations() {
        var draws = Instancio.gen().withSetting(Keys.SEED, 71_2026L).longs().range(0L, MAX_NANOS).list(20_000).iterator();
        var random = new SplittableRandom(7);
        for (int schedule = 0; schedule < 2_000; schedule++) {
            long base = nanos(draws, MAX_NANOS);
            long max = base + nanos(draws, MAX_NANOS - base);
            int attempts = 1 + (int) (draws.next() % 12);
            double jitter = (draws.next() % 4) * 0.25 - (draws.next() % 2 == 0 ? 0 : 0.01);
            var doubling = new RetrySchedule.Doubling(attempts, Duration.ofNanos(base), Duration.ofNanos(max), Math.max(0, jitter));
            for (int attempt : new int[] {1, 2, 3, 5, 10, 31, 32, 33, 62, 63, 64, 65, 100, 1_000, Integer.MAX_VALUE}) {
                var expected = BigInteger.valueOf(base).shiftLeft(Math.min(attempt - 1, 200)).min(BigInteger.valueOf(max));
                assertThat(BigInteger.valueOf(doubling.nominalDelay(attempt).toNanos()))
                        .as("attempt %d of base %d ns, max %d ns", attempt, base, max).isEqualTo(expected);
                spreadWithin(doubling, attempt, random);
            }
        }
    }

    @Test
    void a_listed_schedule_takes_its_delays_in_turn_and_repeats_the_last() {
        var draws = Instancio.gen().withSetting(Keys.SEED, 72_2026L).longs().range(0L, Duration.ofDays(3).toNanos()).list(20_000)
                .iterator();
        var random = new SplittableRandom(8);
        for (int schedule = 0; schedule < 1_000; schedule++) {
            int size = 1 + (int) (draws.next() % 9);
            var delays = List.fill(size, () -> Duration.ofNanos(draws.next()));
            var listed = new RetrySchedule.Listed(delays);
            assertThat(listed.maxAttempts()).isEqualTo(size + 1);
            for (int attempt = 1; attempt <= size + 3; attempt++) {
                assertThat(listed.nominalDelay(attempt)).isEqualTo(delays.get(Math.min(attempt, size) - 1));
                spreadWithin(listed, attempt, random);
            }
        }
        assertThat(RetrySchedule.standard().delayAfter(7, random)).contains(Duration.ofHours(10));
        assertThat(RetrySchedule.standard().delayAfter(8, random)).isEmpty();
    }

    /** The delay after a failed attempt: none after the last, else within the jitter and never above the ceiling. */
    private static void spreadWithin(RetrySchedule schedule, int attempt, SplittableRandom random) {
        var delay = schedule.delayAfter(attempt, random);
        if (attempt >= schedule.maxAttempts()) {
            assertThat(delay).as("after the last of %d attempts", schedule.maxAttempts()).isEmpty();
            return;
        }
        double nominal = schedule.nominalDelay(attempt).toNanos();
        long spread = delay.get().toNanos();
        double slack = Math.max(1, nominal * 1e-12) + 1024;
        assertThat((double) spread).as("%s after attempt %d", schedule, attempt)
                .isBetween(nominal * (1 - schedule.jitter()) - slack, nominal * (1 + schedule.jitter()) + slack);
        assertThat(spread).as("%s after attempt %d", schedule, attempt).isBetween(0L, schedule.ceiling().toNanos());
    }

    /** A duration of at most {@code bound} ns: none, a few ns, up to a minute, or anywhere up to the bound. */
    private static long nanos(Iterator<Long> draws, long bound) {
        long kind = draws.next() % 4;
        long cap = kind == 0 ? 0 : kind == 1 ? 16 : kind == 2 ? Duration.ofMinutes(1).toNanos() : bound;
        long drawn = cap == Long.MAX_VALUE ? draws.next() : draws.next() % (cap + 1);
        return Math.min(bound, drawn);
    }
}

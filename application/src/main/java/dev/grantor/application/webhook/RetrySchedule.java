package dev.grantor.application.webhook;

import io.vavr.collection.List;
import io.vavr.control.Option;
import java.time.Duration;

/**
 * When a failed delivery is tried again: the first attempt at once, then after each failure the next
 * delay of the list; when the list runs out, the delivery has failed for good.
 */
public record RetrySchedule(List<Duration> delays) {

    public RetrySchedule {
        if (delays == null || delays.exists(d -> d == null || d.isNegative())) {
            throw new IllegalArgumentException("retry delays must be zero or positive");
        }
    }

    /** Immediately, then after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h: eight attempts over about 28 hours. */
    public static RetrySchedule standard() {
        return new RetrySchedule(List.of(Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofMinutes(30),
                Duration.ofHours(2), Duration.ofHours(5), Duration.ofHours(10), Duration.ofHours(10)));
    }

    public int maxAttempts() {
        return delays.size() + 1;
    }

    /** The wait after failed attempt number {@code attempts} (1-based), or none when that was the last. */
    public Option<Duration> delayAfter(int attempts) {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts count from 1");
        }
        return attempts <= delays.size() ? Option.some(delays.get(attempts - 1)) : Option.none();
    }
}

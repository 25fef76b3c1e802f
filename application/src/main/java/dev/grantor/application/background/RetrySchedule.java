package dev.grantor.application.background;

import io.vavr.collection.List;
import io.vavr.control.Option;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * When a failed attempt is tried again, for both background senders: the outbox relay (emails and events) and the
 * webhook dispatcher. The first attempt runs at once; after failed attempt {@code n} the next waits
 * {@link #nominalDelay(int) nominalDelay(n)}, spread by up to {@link #jitter()} of itself either way so that items
 * that failed together do not retry together; after {@link #maxAttempts()} failed attempts the item is given up.
 */
public sealed interface RetrySchedule {

    int maxAttempts();

    /** The wait after failed attempt number {@code attempt} (1-based), before jitter. */
    Duration nominalDelay(int attempt);

    /** Fraction in [0, 1) by which a delay is spread. */
    double jitter();

    /** No delay is ever longer than this, jitter included. */
    Duration ceiling();

    /** The wait after failed attempt number {@code attempts}, or none when that was the last one. */
    default Option<Duration> delayAfter(int attempts, RandomGenerator random) {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts count from 1");
        }
        return attempts >= maxAttempts() ? Option.none() : Option.some(spread(nominalDelay(attempts), random));
    }

    /** {@code nominal} spread by a uniform factor in [1 - jitter, 1 + jitter], never beyond the ceiling. */
    default Duration spread(Duration nominal, RandomGenerator random) {
        if (jitter() == 0) {
            return nominal;
        }
        double factor = 1 + jitter() * (2 * random.nextDouble() - 1);
        // capped as a long: a ceiling past 2^53 ns turned into a double can round up beyond itself
        long spread = Math.min(ceiling().toNanos(), (long) (nominal.toNanos() * factor));
        return Duration.ofNanos(Math.max(0, spread));
    }

    /**
     * Delays that double from {@code base} up to {@code max}: the outbox's, where a mail server that is down for an
     * hour should be tried often at first and then patiently.
     */
    record Doubling(int maxAttempts, Duration base, Duration max, double jitter) implements RetrySchedule {

        public Doubling {
            if (maxAttempts < 1 || base == null || max == null || base.isNegative() || max.compareTo(base) < 0
                    || !(jitter >= 0 && jitter < 1)) {
                throw new IllegalArgumentException("a doubling schedule needs attempts, 0 <= base <= max and jitter in [0, 1)");
            }
        }

        @Override
        public Duration nominalDelay(int attempt) {
            if (attempt < 1) {
                throw new IllegalArgumentException("attempts count from 1");
            }
            int doublings = attempt - 1;
            long baseNanos = base.toNanos();
            long maxNanos = max.toNanos();
            if (baseNanos == 0) {
                return Duration.ZERO;
            }
            // past 62 doublings any base of 1 ns or more is beyond every duration a long holds, so beyond max too
            return Duration.ofNanos(doublings > 62 || baseNanos > (maxNanos >> doublings) ? maxNanos : baseNanos << doublings);
        }

        @Override
        public Duration ceiling() {
            return max;
        }
    }

    /**
     * A fixed list of delays: the webhooks', which follow the schedule receivers of Standard Webhooks expect, so the
     * same on every node and in every test (no jitter: deliveries are per endpoint and never retry as a herd).
     */
    record Listed(List<Duration> delays) implements RetrySchedule {

        public Listed {
            if (delays == null || delays.exists(d -> d == null || d.isNegative())) {
                throw new IllegalArgumentException("retry delays must be zero or positive");
            }
        }

        @Override
        public int maxAttempts() {
            return delays.size() + 1;
        }

        @Override
        public Duration nominalDelay(int attempt) {
            if (attempt < 1) {
                throw new IllegalArgumentException("attempts count from 1");
            }
            return delays.get(Math.min(attempt, delays.size()) - 1);
        }

        @Override
        public double jitter() {
            return 0;
        }

        @Override
        public Duration ceiling() {
            return delays.maxBy(Duration::compareTo).getOrElse(Duration.ZERO);
        }
    }

    /** Immediately, then after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h: eight attempts over about 28 hours. */
    static Listed standard() {
        return new Listed(List.of(Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofMinutes(30),
                Duration.ofHours(2), Duration.ofHours(5), Duration.ofHours(10), Duration.ofHours(10)));
    }
}

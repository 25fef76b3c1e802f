package dev.grantor.adapter.rest;

import dev.grantor.adapter.rest.RestSettings.RateLimit;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One token bucket per caller (an API key's hash, or a client address). Buckets that have refilled
 * completely carry no information and are dropped, so the map holds only recently busy callers.
 */
final class TokenBuckets {

    /** Taken, or refused with how long until a token is back. */
    sealed interface Decision {
        record Allowed() implements Decision {}

        record Refused(Duration retryAfter) implements Decision {}
    }

    /** {@code at} only moves forward; {@code allowed} says whether the take that left it so got its token. */
    private record Bucket(double tokens, Instant at, boolean allowed) {}

    private static final int SWEEP_EVERY = 4096;

    private final RateLimit limit;
    private final InstantSource clock;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final AtomicInteger sinceSweep = new AtomicInteger();

    TokenBuckets(RateLimit limit, InstantSource clock) {
        this.limit = limit;
        this.clock = clock;
    }

    /**
     * The clock is read inside the bucket's update, and a bucket's time never moves back: a thread that read the clock
     * and then waited would otherwise set an older time, and the next refill would count the same moment twice. Taking
     * and refusing are one update, so no other thread ever sees a token that was only borrowed.
     */
    Decision take(String caller) {
        Bucket after = buckets.compute(caller, (key, bucket) -> {
            Instant now = clock.instant();
            double available = bucket == null ? limit.capacity() : refilled(bucket, now);
            Instant at = bucket == null || now.isAfter(bucket.at()) ? now : bucket.at();
            return available >= 1 ? new Bucket(available - 1, at, true) : new Bucket(available, at, false);
        });
        sweepOccasionally(after.at());
        if (after.allowed()) {
            return new Decision.Allowed();
        }
        double missing = 1 - after.tokens();
        long millis = (long) Math.ceil(missing / limit.perSecond() * 1000);
        return new Decision.Refused(Duration.ofMillis(Math.max(1, millis)));
    }

    /** What {@link #take} would answer now, without taking anything. */
    Decision peek(String caller) {
        Bucket bucket = buckets.get(caller);
        if (bucket == null) {
            return new Decision.Allowed();
        }
        double available = refilled(bucket, clock.instant());
        if (available >= 1) {
            return new Decision.Allowed();
        }
        long millis = (long) Math.ceil((1 - available) / limit.perSecond() * 1000);
        return new Decision.Refused(Duration.ofMillis(Math.max(1, millis)));
    }

    private double refilled(Bucket bucket, Instant now) {
        double seconds = Math.max(0, Duration.between(bucket.at(), now).toNanos() / 1e9);
        return Math.min(limit.capacity(), bucket.tokens() + seconds * limit.perSecond());
    }

    private void sweepOccasionally(Instant now) {
        if (sinceSweep.incrementAndGet() % SWEEP_EVERY != 0) {
            return;
        }
        buckets.entrySet().removeIf(e -> refilled(e.getValue(), now) >= limit.capacity());
    }
}

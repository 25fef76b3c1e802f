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

    private record Bucket(double tokens, Instant at) {}

    private static final int SWEEP_EVERY = 4096;

    private final RateLimit limit;
    private final InstantSource clock;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final AtomicInteger sinceSweep = new AtomicInteger();

    TokenBuckets(RateLimit limit, InstantSource clock) {
        this.limit = limit;
        this.clock = clock;
    }

    Decision take(String caller) {
        Instant now = clock.instant();
        Bucket after = buckets.compute(caller, (key, bucket) -> {
            double available = bucket == null ? limit.capacity() : refilled(bucket, now);
            return new Bucket(available - 1, now);
        });
        sweepOccasionally(now);
        if (after.tokens() >= 0) {
            return new Decision.Allowed();
        }
        // give the token back: a refused request must not dig the bucket deeper
        buckets.computeIfPresent(caller, (key, bucket) -> new Bucket(bucket.tokens() + 1, bucket.at()));
        double missing = -after.tokens();
        long millis = (long) Math.ceil(missing / limit.perSecond() * 1000);
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

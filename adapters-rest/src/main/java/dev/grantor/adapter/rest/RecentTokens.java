package dev.grantor.adapter.rest;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Digests of the API keys that authenticated lately. While an address is over its failed-login limit, only a key
 * it has already proven is worth a database lookup; every other guess is refused at the cost of one SHA-256.
 * Holds digests only, so no token outlives its request in memory; bounded, so a flood of valid keys cannot grow it.
 */
final class RecentTokens {

    private static final int CAPACITY = 10_000;
    private static final long REMEMBERED_NANOS = Duration.ofHours(1).toNanos();

    private final ConcurrentHashMap<String, Long> seenAt = new ConcurrentHashMap<>();

    void remember(String digest) {
        long now = System.nanoTime();
        seenAt.put(digest, now);
        if (seenAt.size() > CAPACITY) {
            seenAt.values().removeIf(at -> now - at > REMEMBERED_NANOS);
            if (seenAt.size() > CAPACITY) {
                seenAt.clear();
            }
        }
    }

    boolean contains(String digest) {
        Long at = seenAt.get(digest);
        return at != null && System.nanoTime() - at <= REMEMBERED_NANOS;
    }
}

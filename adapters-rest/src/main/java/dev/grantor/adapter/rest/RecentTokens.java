package dev.grantor.adapter.rest;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Digests of the keys (API keys, license keys) that worked lately. While a limit refuses guesses, only a key that has
 * proven itself is worth a database lookup; every other is refused at the cost of one SHA-256. Holds digests only, so
 * no token outlives its request in memory.
 *
 * <p>Bounded, so a flood of valid keys cannot grow it: past {@link #CAPACITY} the digests older than an hour go, then
 * the least recently proven ones down to {@link #KEPT_AFTER_EVICTION}. The most recently proven keys always stay, so
 * a deployment with more keys in use than the capacity keeps the protection for the ones used most lately. (Dropping
 * every digest when full, as before session 27, left a deployment past 10,000 keys an hour with none proven at
 * times: its installed software got the guessers' 429 once a budget was spent.)
 */
final class RecentTokens {

    /** About 16 MB of digests at most (a 64-character string, its time and a map node: some 160 bytes each). */
    static final int CAPACITY = 100_000;
    static final int KEPT_AFTER_EVICTION = CAPACITY * 9 / 10;
    static final Duration REMEMBERED = Duration.ofHours(1);

    private final ConcurrentHashMap<String, Long> seenAt = new ConcurrentHashMap<>();
    private final ReentrantLock evicting = new ReentrantLock();
    private final LongSupplier nanoTime;

    RecentTokens() {
        this(System::nanoTime);
    }

    RecentTokens(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    void remember(String digest) {
        long now = nanoTime.getAsLong();
        seenAt.put(digest, now);
        // one thread evicts while the others go on; the map overshoots by at most the puts meanwhile
        if (seenAt.size() > CAPACITY && evicting.tryLock()) {
            try {
                evict(now);
            } finally {
                evicting.unlock();
            }
        }
    }

    boolean contains(String digest) {
        Long at = seenAt.get(digest);
        return at != null && nanoTime.getAsLong() - at <= REMEMBERED.toNanos();
    }

    int size() {
        return seenAt.size();
    }

    private void evict(long now) {
        seenAt.values().removeIf(at -> now - at > REMEMBERED.toNanos());
        int excess = seenAt.size() - KEPT_AFTER_EVICTION;
        if (seenAt.size() <= CAPACITY || excess <= 0) {
            return;
        }
        // the time of the excess-th oldest: that one and every older go (ties with it too, a few more at most)
        long[] times = seenAt.values().stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(times);
        long newestDropped = times[Math.min(excess, times.length) - 1];
        seenAt.values().removeIf(at -> at - newestDropped <= 0);
    }
}

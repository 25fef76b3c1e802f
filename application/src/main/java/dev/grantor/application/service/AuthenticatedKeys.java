package dev.grantor.application.service;

import dev.grantor.application.port.out.ApiKeys.ApiKey;
import io.vavr.control.Option;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The live API keys this node authenticated lately, by token hash, so that a key in steady use costs one read of
 * the store per time to live instead of one per request. The bound on revocation is the time to live: a key
 * revoked elsewhere (another node, the command line) is served from here for at most that long after the
 * revocation commits; a revocation through this engine drops every entry once it commits, so this node refuses
 * the key from its next request on. Only live keys are kept: an unknown or revoked token reads the store every
 * time, so guessing cannot fill memory, and at {@link #CAPACITY} entries the whole map is dropped and refills.
 */
public final class AuthenticatedKeys {

    /** Short enough that a revocation made elsewhere holds on every node within a second. */
    public static final Duration DEFAULT_TIME_TO_LIVE = Duration.ofSeconds(1);

    /** Longer would stretch how long a revoked key keeps working elsewhere beyond what an operator expects. */
    public static final Duration MAX_TIME_TO_LIVE = Duration.ofMinutes(1);

    /** Far more keys than a deployment has in use; only real tokens get here. */
    static final int CAPACITY = 10_000;

    /**
     * {@code readAt} is when the read began, so an entry's age never understates how stale it may be;
     * {@code revocations} is how many local revocations had committed by then.
     */
    private record Entry(ApiKey key, Instant readAt, long revocations) {}

    private final Duration timeToLive;
    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong revocations = new AtomicLong();

    /** @param timeToLive 0 reads the store on every call; at most {@link #MAX_TIME_TO_LIVE} */
    public AuthenticatedKeys(Duration timeToLive) {
        this.timeToLive = checkedTimeToLive(timeToLive);
    }

    /** @throws IllegalArgumentException outside 0 to {@link #MAX_TIME_TO_LIVE} */
    public static Duration checkedTimeToLive(Duration timeToLive) {
        if (timeToLive == null || timeToLive.isNegative() || timeToLive.compareTo(MAX_TIME_TO_LIVE) > 0) {
            throw new IllegalArgumentException("the API key cache's time to live must be 0 to " + MAX_TIME_TO_LIVE.toMillis()
                    + " ms, not " + (timeToLive == null ? "null" : timeToLive.toMillis() + " ms"));
        }
        return timeToLive;
    }

    public Duration timeToLive() {
        return timeToLive;
    }

    /**
     * The live key of {@code tokenHash}: from memory when it was read less than the time to live before {@code now}
     * and no local revocation has committed since; otherwise from {@code readLive}, which answers only live keys.
     */
    Option<ApiKey> live(String tokenHash, Instant now, Supplier<Option<ApiKey>> readLive) {
        long revoked = revocations.get();
        var entry = entries.get(tokenHash);
        // a clock that stepped back must not stretch an entry's life
        if (entry != null && entry.revocations() == revoked && !now.isBefore(entry.readAt())
                && now.isBefore(entry.readAt().plus(timeToLive))) {
            return Option.some(entry.key());
        }
        var live = readLive.get();
        if (live.isEmpty()) {
            entries.remove(tokenHash);
        } else if (timeToLive.isPositive()) {
            if (entries.size() >= CAPACITY) {
                entries.clear();
            }
            // read against the count taken before the read: a revocation committed meanwhile makes it a miss
            entries.put(tokenHash, new Entry(live.get(), now, revoked));
        }
        return live;
    }

    /**
     * A revocation through this engine has committed: every entry read before it is dropped, whichever key it was.
     * Revocations are rare, and each live key costs one read to come back.
     */
    void revoked() {
        revocations.incrementAndGet();
        entries.clear();
    }

    /** How many keys are held: for tests of what gets in. */
    int size() {
        return entries.size();
    }
}

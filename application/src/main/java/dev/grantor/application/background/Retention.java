package dev.grantor.application.background;

import io.vavr.control.Option;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * How a background loop deletes the settled rows of its queue once they are older than it keeps them (the relay's sent
 * outbox messages, the dispatcher's delivered and failed webhook deliveries), run before each of its passes. A chunk at
 * a time, so that a write never holds SQLite's writer long whatever the backlog; at once again while chunks come back
 * full, otherwise after {@link #INTERVAL}. A purge that fails is logged by its exception's class and waits for its next
 * turn: the loop's own work comes first. Safe to call from many threads (a request's, for the services that purge as
 * they go): one runs a due purge, the others find it taken and go on at once.
 */
public final class Retention {

    /** Rows deleted by one write: short enough to slip between passes, however many are due. */
    public static final int CHUNK = 1_000;
    /** How long after a purge that left nothing due the loop looks again. */
    public static final Duration INTERVAL = Duration.ofMinutes(10);
    /** The longest keeping time a policy accepts short of "for good": a hundred years. */
    public static final long MAX_KEEP_DAYS = 36_500;
    public static final Duration MAX_KEEP = Duration.ofDays(MAX_KEEP_DAYS);

    /** A keeping time in days as the policies take it: 0 is "for good" (none). */
    public static Option<Duration> keepingDays(long days) {
        if (days < 0 || days > MAX_KEEP_DAYS) {
            throw new IllegalArgumentException("a keeping time is 0.." + MAX_KEEP_DAYS + " days");
        }
        return days == 0 ? Option.none() : Option.some(Duration.ofDays(days));
    }

    /** Whether a policy may keep rows this long: positive and at most {@link #MAX_KEEP}, or none (for good). */
    public static boolean allowed(Option<Duration> keep) {
        return keep != null && !keep.exists(k -> k.isNegative() || k.isZero() || k.compareTo(MAX_KEEP) > 0);
    }

    /** Deletes up to {@code limit} settled rows created before {@code createdBefore}, oldest first; answers how many. */
    @FunctionalInterface
    public interface Purge {
        int purge(Instant createdBefore, int limit);
    }

    private final String rows;
    private final Option<Duration> keep;
    private final Purge purge;
    private final InstantSource clock;
    private final Logger log;
    private final ReentrantLock turn = new ReentrantLock();
    private Instant next = Instant.MIN;
    /** Deleted by the purges since the last one that left nothing due. */
    private long purgedSoFar;

    /**
     * @param rows what is deleted, for the log ("sent outbox messages")
     * @param keep how long a row is kept, counted from its creation; none keeps every row for good
     */
    public Retention(String rows, Option<Duration> keep, Purge purge, InstantSource clock, Logger log) {
        this.rows = Objects.requireNonNull(rows, "rows");
        this.keep = Objects.requireNonNull(keep, "keep");
        this.purge = Objects.requireNonNull(purge, "purge");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.log = Objects.requireNonNull(log, "log");
    }

    /** Deletes one chunk when one is due and no other thread is deleting. */
    public void runWhenDue() {
        if (keep.isEmpty() || !turn.tryLock()) {
            return;
        }
        try {
            runHeld();
        } finally {
            turn.unlock();
        }
    }

    private void runHeld() {
        var now = clock.instant();
        if (now.isBefore(next)) {
            return;
        }
        var cutoff = now.minus(keep.get());
        try {
            int purged = purge.purge(cutoff, CHUNK);
            purgedSoFar += purged;
            if (purged >= CHUNK) {
                next = now;
                return;
            }
            if (purgedSoFar > 0) {
                log.log(Level.INFO, "deleted {0} {1} from before {2}", purgedSoFar, rows, cutoff);
            }
        } catch (RuntimeException failure) {
            log.log(Level.WARNING, "deleting {0} failed ({1}); next try in {2}", rows, failure.getClass().getName(), INTERVAL);
        }
        purgedSoFar = 0;
        next = now.plus(INTERVAL);
    }
}

package dev.grantor.application.port.out;

import java.time.Instant;

/**
 * Where a newest-first read resumes, its order being by time, then by id: it answers only the entries strictly before
 * {@code (at, id)}. Stores keep instants to the nanosecond, exactly, so {@link #through} can name "at this instant or
 * before" as "before the next nanosecond", and one bound serves every store and every read.
 */
public record Before(Instant at, String id) {

    public Before {
        if (at == null || id == null) {
            throw new IllegalArgumentException("a bound is an instant and an id");
        }
    }

    /** Entries before {@code at}: none at the instant itself (no id is below the empty one). */
    public static Before strictly(Instant at) {
        return new Before(at, "");
    }

    /** Entries at {@code at} or before it. */
    public static Before through(Instant at) {
        return new Before(at.plusNanos(1), "");
    }

    /** Whether an entry at {@code entryAt} with {@code entryId} is before this bound (ids compared by character). */
    public boolean admits(Instant entryAt, String entryId) {
        int byTime = entryAt.compareTo(at);
        return byTime < 0 || byTime == 0 && entryId.compareTo(id) < 0;
    }
}

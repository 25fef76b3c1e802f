package dev.grantor.application.port.out;

import io.vavr.collection.List;
import java.time.Instant;

/**
 * Counters of attempts per fixed window, shared by every node of the store: how many times something (a code
 * request for one email, a request from one client address, a resend of one key) happened in the window that
 * started at {@code windowStart}. Counting is one atomic step, so racing requests never lose a count.
 */
public interface Throttles {

    /** Attempts counted in one window of a bucket. */
    record Window(Instant start, long attempts) {}

    /** Counts one attempt in the bucket's window and answers the count including it. */
    long count(String bucket, Instant windowStart);

    /**
     * The bucket's windows that started at or after {@code since}, oldest first: a limit over a rolling span adds up the
     * short windows it covers, so no span of its length lets more through however the attempts fall on the clock.
     */
    List<Window> windowsSince(String bucket, Instant since);

    /** Deletes up to {@code limit} windows that started before {@code cutoff}, the oldest first; answers how many. */
    int forgetBefore(Instant cutoff, int limit);
}

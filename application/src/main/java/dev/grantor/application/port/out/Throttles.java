package dev.grantor.application.port.out;

import java.time.Instant;

/**
 * Counters of attempts per fixed window, shared by every node of the store: how many times something (a code
 * request for one email, a request from one client address, a resend of one key) happened in the window that
 * started at {@code windowStart}. Counting is one atomic step, so racing requests never lose a count.
 */
public interface Throttles {

    /** Counts one attempt in the bucket's window and answers the count including it. */
    long count(String bucket, Instant windowStart);

    /** Forgets windows that started before {@code cutoff}; answers how many. */
    int forgetBefore(Instant cutoff);
}

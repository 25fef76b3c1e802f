package dev.grantor.adapter.rest;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * Refused requests (401, 429, and those Jetty refused before any route because it could not read them) in the access
 * log as one line per window instead of one line each: a flood of guesses or garbage must cost its sender, not the
 * disk. The first refusal after a quiet spell opens a window; the first
 * refusal after the window has passed, or the server's stop, writes the counts and starts the next one.
 */
final class RefusedRequests {

    static final Duration WINDOW = Duration.ofSeconds(10);

    private final Logger log;
    private final AtomicLong unauthorized = new AtomicLong();
    private final AtomicLong limited = new AtomicLong();
    private final AtomicLong unreadable = new AtomicLong();
    private final AtomicLong windowStart = new AtomicLong(Long.MIN_VALUE);

    RefusedRequests(Logger log) {
        this.log = log;
    }

    static boolean isRefusal(int status) {
        return status == 401 || status == 429;
    }

    void count(int status) {
        (status == 401 ? unauthorized : limited).incrementAndGet();
        windowTick();
    }

    void countUnreadable() {
        unreadable.incrementAndGet();
        windowTick();
    }

    private void windowTick() {
        long now = System.nanoTime();
        long start = windowStart.get();
        if (start == Long.MIN_VALUE) {
            windowStart.compareAndSet(Long.MIN_VALUE, now);
        } else if (now - start >= WINDOW.toNanos() && windowStart.compareAndSet(start, now)) {
            write(Duration.ofNanos(now - start));
        }
    }

    /** The counts not yet written, at stop. */
    void flush() {
        long start = windowStart.getAndSet(Long.MIN_VALUE);
        if (start != Long.MIN_VALUE) {
            write(Duration.ofNanos(System.nanoTime() - start));
        }
    }

    private void write(Duration over) {
        long refusedUnauthorized = unauthorized.getAndSet(0);
        long refusedLimited = limited.getAndSet(0);
        long refusedUnreadable = unreadable.getAndSet(0);
        long all = refusedUnauthorized + refusedLimited + refusedUnreadable;
        if (all > 0) {
            log.info("refused {} requests in {} s: {} x 401, {} x 429, {} unreadable", all,
                    Math.max(1, over.toSeconds()), refusedUnauthorized, refusedLimited, refusedUnreadable);
        }
    }
}

package dev.grantor.adapter.rest;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * Refused requests (401, 429, and those Jetty refused before any route because it could not read them) in the access
 * log as one line per window instead of one line each: a flood of guesses or garbage must cost its sender, not the
 * disk. The first refusal after a quiet spell opens a window; once the window has passed, the counts are written
 * (by the next refusal, or by a timer within about a second, so that a lone refusal is not kept from the log until
 * the next one, which may come days later), and so are the counts not yet written at the server's stop.
 */
final class RefusedRequests implements AutoCloseable {

    static final Duration WINDOW = Duration.ofSeconds(10);

    private final Logger log;
    private final Duration window;
    private final AtomicLong unauthorized = new AtomicLong();
    private final AtomicLong limited = new AtomicLong();
    private final AtomicLong unreadable = new AtomicLong();
    private final AtomicLong windowStart = new AtomicLong(Long.MIN_VALUE);
    private final ScheduledExecutorService timer;

    RefusedRequests(Logger log) {
        this(log, WINDOW);
    }

    RefusedRequests(Logger log, Duration window) {
        this.log = log;
        this.window = window;
        this.timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("grantor-refused-log")
                .factory());
        long every = Math.max(1, Math.min(window.toMillis() / 10, 1_000));
        timer.scheduleWithFixedDelay(this::closePassedWindow, every, every, TimeUnit.MILLISECONDS);
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
        } else if (now - start >= window.toNanos() && windowStart.compareAndSet(start, now)) {
            write(Duration.ofNanos(now - start));
        }
    }

    /** A window that has passed with no refusal since is written and closed: the next refusal opens a new one. */
    private void closePassedWindow() {
        long now = System.nanoTime();
        long start = windowStart.get();
        if (start != Long.MIN_VALUE && now - start >= window.toNanos() && windowStart.compareAndSet(start, Long.MIN_VALUE)) {
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

    /** Stops the timer and writes what is left. */
    @Override
    public void close() {
        timer.shutdownNow();
        flush();
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

package dev.grantor.application.background;

import dev.grantor.application.port.in.ClientNetwork;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Work a request hands off before it answers, so that nothing the client can time depends on what the work finds: a
 * sign-in request's lookup of the address and the link or code it stores and queues. One worker on a virtual thread,
 * taking the work in the order it came (one node's sign-in writes never race each other), and a bounded queue: a
 * flood past {@link #QUEUED} is refused at {@link #handOff} rather than held in memory, the same for every address.
 * One site ({@link ClientNetwork#site}: an IPv4 /24, an IPv6 /48) holds at most {@link #SITE_SHARE} of it: one host
 * routed a /48 sends from 65,536 clients, each within its per-client limit, and filled the whole queue at about 650
 * requests a second on SQLite, so every other sign-in of every business on the node waited a minute. Past its share a
 * site is refused as a full queue refuses, whatever the address it asks for, so the answer still tells nothing.
 * Each piece of work starts {@code later} ({@link #LATER} unless told) after it was handed off, not at once: started at once it took the cores of a
 * two-core machine from the request still writing its answer, and an operator of 20 businesses was answered a median
 * 4.5 ms later than an unknown address on SQLite (load 12), where the request itself did the same for both.
 *
 * <p>Work handed off and not yet done when the process dies is lost: a sign-in email that never comes, which the person
 * asks for again. It writes in a unit of its own, all or nothing, after the request's own unit committed.
 */
public final class AfterTheAnswer implements AutoCloseable {

    /** About a minute of sign-in work on PostgreSQL under load; more waiting than that helps no one. */
    public static final int QUEUED = 1_000;

    /** The most one site's requests may hold of the queue: ten sites flooding at once to fill it, not one. */
    public static final int SITE_SHARE = QUEUED / 10;

    /** Longer than a loaded machine takes to finish and send an answer; nothing a person waiting for an email notices. */
    public static final Duration LATER = Duration.ofMillis(200);

    /** The wait a request is told when the queue is full: the same for every address, so the answer tells nothing. */
    public static final Duration BUSY = Duration.ofMinutes(1);

    private final String what;
    private final Logger log;
    private final ThreadPoolExecutor worker;
    private final AtomicInteger unfinished = new AtomicInteger();
    /** Each site's work handed off and not yet done; a site with none has no entry. */
    private final ConcurrentHashMap<String, Integer> heldBySite = new ConcurrentHashMap<>();

    private final long laterNanos;

    public AfterTheAnswer(String what, Duration later, Logger log) {
        if (later.isNegative()) {
            throw new IllegalArgumentException("later must not be negative: " + later);
        }
        this.laterNanos = later.toNanos();
        this.what = what;
        this.log = log;
        this.worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(QUEUED),
                Thread.ofVirtual().name(what).factory());
    }

    /**
     * Work a request from {@code clientAddress} hands off. False, and nothing will run, when the queue is full, the
     * client's site holds its {@link #SITE_SHARE}, or the worker stopped.
     */
    public boolean handOff(String clientAddress, Runnable work) {
        String site = ClientNetwork.site(clientAddress);
        boolean[] taken = {false};
        heldBySite.compute(site, (key, held) -> {
            int now = held == null ? 0 : held;
            taken[0] = now < SITE_SHARE;
            return taken[0] ? now + 1 : held;
        });
        if (!taken[0]) {
            return false;
        }
        long due = System.nanoTime() + laterNanos;
        unfinished.incrementAndGet();
        try {
            worker.execute(() -> {
                try {
                    long early = due - System.nanoTime();
                    if (early > 0) {
                        TimeUnit.NANOSECONDS.sleep(early);
                    }
                    work.run();
                } catch (InterruptedException e) {
                    // stopped at shutdown before its time: lost as work still queued then is
                    Thread.currentThread().interrupt();
                } catch (RuntimeException e) {
                    // the work holds email addresses and secrets: its exception's class alone
                    log.log(Level.WARNING, what + " failed (" + e.getClass().getName() + "): one sign-in email is not sent");
                } finally {
                    done(site);
                }
            });
            return true;
        } catch (RejectedExecutionException full) {
            done(site);
            return false;
        }
    }

    private void done(String site) {
        heldBySite.computeIfPresent(site, (key, held) -> held > 1 ? held - 1 : null);
        synchronized (unfinished) {
            if (unfinished.decrementAndGet() == 0) {
                unfinished.notifyAll();
            }
        }
    }

    /** Waits up to {@code grace} for everything handed off so far to be done; true when it is. */
    public boolean settle(Duration grace) throws InterruptedException {
        long deadline = System.nanoTime() + grace.toNanos();
        synchronized (unfinished) {
            while (unfinished.get() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(unfinished, left);
            }
        }
        return true;
    }

    /** Takes no more work and gives what is queued a few seconds; what is left then is lost, and logged as lost. */
    @Override
    public void close() {
        worker.shutdown();
        try {
            if (!worker.awaitTermination(5, TimeUnit.SECONDS)) {
                int lost = worker.shutdownNow().size();
                log.log(Level.WARNING, what + ": " + lost + " sign-in emails not queued at shutdown");
            }
        } catch (InterruptedException e) {
            worker.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}

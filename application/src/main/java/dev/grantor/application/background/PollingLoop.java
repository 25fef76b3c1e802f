package dev.grantor.application.background;

import io.vavr.control.Option;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

/**
 * Runs a pass again and again on a named virtual thread until {@link #stop}. After a pass that handled less
 * than a full batch it parks for the poll interval or until {@link #nudge}d; after a full one it goes straight
 * on, since more is probably waiting. A pass that throws is logged by its exception's class alone (passes carry
 * license keys and payloads, which must never reach a log) and the loop goes on.
 */
public final class PollingLoop {

    /**
     * How long a pass that outlived the grace gets to notice its interrupt. The same for every loop: a pass is a
     * claim and, for the relay, a send, and either reacts to an interrupt within milliseconds or is stuck in a call
     * that no wait would end; a second is plenty for the first and cheap for the second.
     */
    public static final Duration LATE_PASS = Duration.ofSeconds(1);

    /** Work that passes handed to threads of their own, which {@link #stop} waits for once the loop has ended. */
    @FunctionalInterface
    public interface HandedOff {

        /** True when everything handed off settled within {@code grace}. */
        boolean settle(Duration grace) throws InterruptedException;
    }

    /**
     * How {@link #stop} ends the loop: a pass still running when the grace is over is interrupted and given
     * {@code lateWait} more to notice; work the passes {@code handedOff} is waited for once the loop has ended.
     */
    public record Stopping(Duration lateWait, Option<HandedOff> handedOff) {

        public Stopping {
            Objects.requireNonNull(lateWait, "lateWait");
            Objects.requireNonNull(handedOff, "handedOff");
            if (lateWait.isNegative()) {
                throw new IllegalArgumentException("lateWait must not be negative: " + lateWait);
            }
        }
    }

    /**
     * What a pass may leave for the next one: while {@code owed} answers true after a pass that ended normally, the loop
     * goes on without parking for the poll interval (the next pass sets its own pace); {@code settle} runs once on the
     * loop's thread after its last pass, so nothing owed outlives the loop.
     */
    public record Carry(BooleanSupplier owed, Runnable settle) {

        public static final Carry NONE = new Carry(() -> false, () -> { });

        public Carry {
            Objects.requireNonNull(owed, "owed");
            Objects.requireNonNull(settle, "settle");
        }
    }

    private final String threadName;
    private final String passName;
    private final System.Logger log;
    private final IntSupplier pass;
    private final int fullPass;
    private final Duration pollInterval;
    private final Stopping stopping;
    private final Carry carry;

    private final Object lifecycle = new Object();
    private volatile boolean running;
    private volatile Thread worker;

    /**
     * @param threadName   the virtual thread's name, as thread dumps and log lines show it
     * @param passName     what a failed pass is called in the log, e.g. {@code "outbox relay pass"}
     * @param log          where a failed pass is logged: the owner's logger, so log settings by class still apply
     * @param pass         one pass, answering how many items it handled
     * @param fullPass     how many handled items make a full pass, after which the loop does not park
     * @param pollInterval how long to park after a pass that was not full, unless nudged
     * @param stopping     how {@link #stop} treats a late pass and work the passes handed off
     */
    public PollingLoop(String threadName, String passName, System.Logger log, IntSupplier pass, int fullPass,
                       Duration pollInterval, Stopping stopping) {
        this(threadName, passName, log, pass, fullPass, pollInterval, stopping, Carry.NONE);
    }

    /** As above, with passes that may leave work for the next one: see {@link Carry}. */
    public PollingLoop(String threadName, String passName, System.Logger log, IntSupplier pass, int fullPass,
                       Duration pollInterval, Stopping stopping, Carry carry) {
        this.carry = Objects.requireNonNull(carry, "carry");
        this.threadName = Objects.requireNonNull(threadName, "threadName");
        this.passName = Objects.requireNonNull(passName, "passName");
        this.log = Objects.requireNonNull(log, "log");
        this.pass = Objects.requireNonNull(pass, "pass");
        this.pollInterval = Objects.requireNonNull(pollInterval, "pollInterval");
        this.stopping = Objects.requireNonNull(stopping, "stopping");
        if (fullPass < 1) {
            throw new IllegalArgumentException("a full pass handles at least one item, not " + fullPass);
        }
        if (pollInterval.isNegative()) {
            throw new IllegalArgumentException("pollInterval must not be negative: " + pollInterval);
        }
        this.fullPass = fullPass;
    }

    /** Starts the loop on a virtual thread until {@link #stop}. Starting twice does nothing. */
    public void start() {
        synchronized (lifecycle) {
            if (running) {
                return;
            }
            running = true;
            // set before the thread runs: a nudge from work its first pass handed off must find it
            var thread = Thread.ofVirtual().name(threadName).unstarted(this::loop);
            worker = thread;
            thread.start();
        }
    }

    public boolean isRunning() {
        return running;
    }

    /**
     * Wakes the loop for a pass now rather than at the end of its poll interval. Nudges that arrive together make
     * one early pass, and nothing happens when the loop is not running.
     */
    public void nudge() {
        var current = worker;
        if (current != null) {
            LockSupport.unpark(current);
        }
    }

    /**
     * Stops after the current pass, waiting at most {@code grace} for it and then, with what is left of the same
     * grace, for the work passes handed off: one grace bounds the whole stop, so a host's shutdown budget holds
     * whichever loop it stops. A pass still running after the grace is interrupted. True when everything ended in
     * time, and at once when the loop was not running.
     */
    public boolean stop(Duration grace) {
        Thread ending;
        synchronized (lifecycle) {
            if (!running) {
                return true;
            }
            running = false;
            ending = worker;
            worker = null;
        }
        LockSupport.unpark(ending);
        long deadline = System.nanoTime() + grace.toNanos();
        try {
            if (ending.join(grace)) {
                var left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
                return stopping.handedOff().isEmpty() || stopping.handedOff().get().settle(left);
            }
            ending.interrupt();
            if (stopping.lateWait().isPositive()) {
                ending.join(stopping.lateWait());
            }
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            // handed-off work may still be running, and an interrupted caller has no time left to find out
            return stopping.handedOff().isEmpty() && !ending.isAlive();
        }
    }

    private void loop() {
        while (running) {
            int handled;
            boolean failed = false;
            try {
                handled = pass.getAsInt();
            } catch (RuntimeException e) {
                handled = 0;
                failed = true;
                log.log(Level.WARNING, () -> passName + " failed: " + classes(e));
            }
            // after a failure the poll interval paces the retries, owed or not: a store that is down is not asked again at once
            if (handled < fullPass && running && (failed || !carry.owed().getAsBoolean())) {
                LockSupport.parkNanos(this, pollInterval.toNanos());
            }
        }
        try {
            carry.settle().run();
        } catch (RuntimeException e) {
            log.log(Level.WARNING, () -> passName + " failed to settle at the end: " + classes(e));
        }
    }

    /**
     * The failure's class and its causes' (a store's wrapper says little: "ConnectionException, caused by
     * ConnectException" says the database is unreachable), never a message: a store's messages quote the statement's
     * arguments, customers' email addresses and keys among them.
     */
    static String classes(Throwable failure) {
        var names = new StringBuilder(failure.getClass().getName());
        var seen = new java.util.IdentityHashMap<Throwable, Boolean>();
        seen.put(failure, true);
        for (Throwable cause = failure.getCause(); cause != null && seen.put(cause, true) == null; cause = cause.getCause()) {
            names.append(", caused by ").append(cause.getClass().getName());
        }
        return names.toString();
    }
}

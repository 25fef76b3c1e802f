package dev.grantor.adapter.rest;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A clock under the test's control that moves forward by one step on every read and then dawdles a little before it
 * answers, the way a descheduled thread does on a loaded machine. The pause scrambles the order in which concurrent
 * readers use what they read; the steps make the time that elapsed exactly the number of reads times the step.
 */
final class SteppingClock implements InstantSource {

    static final Instant START = Instant.parse("2026-11-27T10:15:30Z");

    private final long stepNanos;
    private final long pauseNanos;
    private final AtomicLong reads = new AtomicLong();

    SteppingClock(Duration step, Duration pause) {
        this.stepNanos = step.toNanos();
        this.pauseNanos = pause.toNanos();
    }

    @Override
    public Instant instant() {
        Instant now = START.plusNanos(reads.incrementAndGet() * stepNanos);
        if (pauseNanos > 0) {
            LockSupport.parkNanos(pauseNanos);
        }
        return now;
    }

    long reads() {
        return reads.get();
    }
}

package dev.grantor.application.memory;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;

/** A clock that tests move by hand. Thread-safe; it never moves on its own. */
public final class MutableClock implements InstantSource {

    /** A fixed, millisecond-exact starting point, so instants survive storage round trips unchanged. */
    public static final Instant DEFAULT_START = Instant.parse("2026-11-27T10:15:30.123Z");

    private final AtomicReference<Instant> now;

    public MutableClock() {
        this(DEFAULT_START);
    }

    public MutableClock(Instant start) {
        this.now = new AtomicReference<>(start);
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    public Instant advance(Duration by) {
        return now.updateAndGet(at -> at.plus(by));
    }

    public void set(Instant at) {
        now.set(at);
    }
}

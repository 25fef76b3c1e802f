package dev.grantor.bootstrap;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for something the relay does in the background, failing with a clear message after a deadline. */
final class Eventually {

    private Eventually() {}

    static void holds(Duration within, BooleanSupplier condition) {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("still not true after " + within);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting", e);
            }
        }
    }
}

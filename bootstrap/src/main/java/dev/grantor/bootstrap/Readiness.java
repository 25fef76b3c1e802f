package dev.grantor.bootstrap;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * {@code GET /ready}'s answer within {@link #WAIT}. Asking a database that went away for a connection waits for the
 * pool's connection timeout (30 s), and a load balancer's probe gives up long before that: a check that has not
 * answered by then counts as not ready. Probes arriving meanwhile wait on the check in flight instead of each starting
 * one, so a dead database is not asked once per probe.
 */
final class Readiness implements Supplier<Boolean> {

    static final Duration WAIT = Duration.ofSeconds(2);

    private final BooleanSupplier check;
    private final AtomicReference<CompletableFuture<Boolean>> inFlight = new AtomicReference<>();

    Readiness(BooleanSupplier check) {
        this.check = check;
    }

    @Override
    public Boolean get() {
        try {
            return current().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException stillWaiting) {
            return false;
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private CompletableFuture<Boolean> current() {
        while (true) {
            var running = inFlight.get();
            if (running != null) {
                return running;
            }
            var started = new CompletableFuture<Boolean>();
            if (inFlight.compareAndSet(null, started)) {
                Thread.ofVirtual().name("grantor-ready-check").start(() -> {
                    try {
                        started.complete(check.getAsBoolean());
                    } catch (RuntimeException failed) {
                        started.complete(false);
                    } finally {
                        inFlight.compareAndSet(started, null);
                    }
                });
                return started;
            }
        }
    }
}

package dev.grantor.application.contract;

import io.vavr.control.Either;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;

/**
 * What every port contract shares: the store under test, fresh for each test, and helpers to run work in
 * units of work and to race threads. An adapter supplies {@link #storage()}; nothing else.
 */
public abstract class PortContract {

    /** How long a race may take before the test fails instead of hanging. */
    protected static final Duration RACE_TIMEOUT = Duration.ofSeconds(60);

    protected StorageUnderTest store;

    /**
     * The storage adapter under test. May answer the same instance for every test (a shared database):
     * {@link StorageUnderTest#reset()} is called before each test.
     */
    protected abstract StorageUnderTest storage();

    @BeforeEach
    final void startFromAnEmptyStore() {
        store = storage();
        store.reset();
    }

    /** Runs {@code work} in one writing unit of work, which commits. */
    protected void inUnit(Runnable work) {
        store.transactions().write(() -> {
            work.run();
            return Either.right(Boolean.TRUE);
        });
    }

    /** Runs {@code query} in a reading unit of work. */
    protected <T> T reading(Supplier<T> query) {
        return store.transactions().read(query);
    }

    /**
     * Runs {@code task(0..threads-1)} on that many threads released at the same moment, and answers each
     * task's result, or what it threw, in task order.
     */
    protected static <T> List<Either<Throwable, T>> race(int threads, IntFunction<T> task) {
        var pool = Executors.newFixedThreadPool(threads);
        try {
            var ready = new CountDownLatch(threads);
            var go = new CountDownLatch(1);
            var futures = new ArrayList<Future<T>>();
            for (int i = 0; i < threads; i++) {
                int n = i;
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return task.apply(n);
                }));
            }
            ready.await(RACE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            go.countDown();
            var results = new ArrayList<Either<Throwable, T>>();
            for (var future : futures) {
                try {
                    results.add(Either.right(future.get(RACE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)));
                } catch (ExecutionException e) {
                    results.add(Either.left(e.getCause()));
                } catch (TimeoutException e) {
                    throw new AssertionError("a racing thread did not finish within " + RACE_TIMEOUT, e);
                }
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while racing", e);
        } finally {
            pool.shutdownNow();
        }
    }
}

package dev.grantor.application.contract;

import io.vavr.collection.List;
import io.vavr.control.Either;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;

/**
 * The one race harness of the contracts and of every adapter's race tests: {@code task(0..threads-1)} on that
 * many threads, all of them started and waiting before any is released, so that they really meet.
 */
public final class Race {

    /** How long a race may take before the test fails instead of hanging. */
    public static final Duration TIMEOUT = Duration.ofSeconds(60);

    private Race() {
    }

    /** Each task's result, or what it threw, in task order; fails the test if the race outlasts {@link #TIMEOUT}. */
    public static <T> List<Either<Throwable, T>> of(int threads, IntFunction<T> task) {
        return of(threads, TIMEOUT, task);
    }

    /** As {@link #of(int, IntFunction)}, for races that may take longer (several engines on one database). */
    public static <T> List<Either<Throwable, T>> of(int threads, Duration timeout, IntFunction<T> task) {
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
            if (!ready.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("the " + threads + " racing threads did not all start within " + timeout);
            }
            go.countDown();
            var results = new ArrayList<Either<Throwable, T>>();
            for (var future : futures) {
                try {
                    results.add(Either.right(future.get(timeout.toMillis(), TimeUnit.MILLISECONDS)));
                } catch (ExecutionException e) {
                    results.add(Either.left(e.getCause()));
                } catch (TimeoutException e) {
                    throw new AssertionError("a racing thread did not finish within " + timeout, e);
                }
            }
            return List.ofAll(results);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while racing", e);
        } finally {
            pool.shutdownNow();
        }
    }

    /** The answers of a race in which no task may throw; the first thing thrown fails the test. */
    public static <T> List<T> answers(List<Either<Throwable, T>> outcomes) {
        return outcomes.map(outcome -> outcome.getOrElseThrow(thrown -> new AssertionError("a racing task threw", thrown)));
    }
}

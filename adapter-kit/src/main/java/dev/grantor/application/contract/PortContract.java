package dev.grantor.application.contract;

import io.vavr.control.Either;
import java.time.Duration;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;

/**
 * What every port contract shares: the store under test, fresh for each test, and helpers to run work in
 * units of work and to race threads. An adapter supplies {@link #storage()}; nothing else.
 */
public abstract class PortContract {

    /** How long a race may take before the test fails instead of hanging. */
    protected static final Duration RACE_TIMEOUT = Race.TIMEOUT;

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

    /** {@link Race#of(int, IntFunction)}, answered as a Java list. */
    protected static <T> List<Either<Throwable, T>> race(int threads, IntFunction<T> task) {
        return Race.of(threads, task).asJava();
    }
}

package dev.grantor.application.port.out;

import io.vavr.control.Either;
import java.util.function.Supplier;

/**
 * Units of work. Everything a unit does through the storage ports commits together, or not at all: a
 * unit that returns {@code Left} or throws leaves nothing behind. Nesting joins the outer unit, and a nested unit
 * that returns {@code Left} or throws takes back its own writes and after-commit actions only: the outer unit stays
 * usable and keeps what it did (an idempotent request's unit stores its answer about the work inside it).
 *
 * <p>A unit runs once: a store that had to abort it to keep concurrent units apart (a stale version, a
 * serialization failure, a deadlock, a busy file) throws {@link ConcurrentUpdate}, and the caller decides
 * whether to run it again. The engine has one place that does.
 */
public interface Transactions {

    /** Runs a unit that writes; commits on {@code Right}, rolls back on {@code Left} or any exception. */
    <L, R> Either<L, R> write(Supplier<Either<L, R>> unit);

    /** Runs a unit that only reads, on one consistent view where the store offers one. */
    <T> T read(Supplier<T> unit);

    /**
     * Runs {@code action} once the calling thread's outermost unit has committed, on that thread, after the
     * store let go of everything the unit held; never when the unit rolls back ({@code Left} or an exception).
     * Outside any unit there is nothing to wait for, so it runs at once. An action that throws reaches the
     * caller of the unit, which stays committed.
     */
    void afterCommit(Runnable action);
}

package dev.grantor.application.port.out;

import io.vavr.control.Either;
import java.util.function.Consumer;
import java.util.function.Predicate;
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

    /**
     * Runs {@code unit} as a unit of work of its own, as {@link #write} runs it, again and again while {@code another}
     * says so about its last answer, and hands every answer to {@code answered} once its unit has ended (committed, or
     * rolled back for a {@code Left}), in the order the units ran. Each unit is all-or-nothing and sees every earlier
     * one's writes. A store whose commit waits for the disk may commit several consecutive units together, with one wait
     * for all of them (so {@code another} may be asked before its unit is durable, {@code answered} never is); a unit
     * that throws takes back its own writes only, the earlier units' answers are handed over, and the exception ends
     * the series. Outside a unit this is a series of units each on its own; inside one it joins it, as {@link #write}.
     */
    default <L, R> void writeInTurn(Supplier<Either<L, R>> unit, Predicate<Either<L, R>> another,
                                    Consumer<Either<L, R>> answered) {
        Either<L, R> answer;
        boolean more;
        do {
            answer = write(unit);
            more = another.test(answer);
            answered.accept(answer);
        } while (more);
    }

    /**
     * Said inside a unit that ends well without having changed anything (a revoked grant revoked again, a retry of a
     * delivery already delivered): a record of the change that waits for the change's unit, an operator's audit entry,
     * is not written with this one. The store itself has nothing to do.
     */
    default void changedNothing() {
    }

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

package dev.grantor.application.service;

import dev.grantor.application.port.out.ConcurrentUpdate;
import dev.grantor.application.port.out.DuplicateRecord;
import dev.grantor.application.port.out.Transactions;
import dev.grantor.domain.shared.GrantorError;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs a state-changing use case as one unit of work, again from the start when it loses a race. A
 * {@link ConcurrentUpdate} means another writer got there first: the next attempt re-reads and gets its
 * honest domain answer (already delivered, limit reached, idempotent success). A {@link DuplicateRecord}
 * rolls the unit back too; the use case decides whether it is an answer or a reason to re-read.
 */
final class WriteUnits {

    /** Enough for every loser of a burst to re-read; a real livelock still ends in an exception. */
    static final int MAX_ATTEMPTS = 12;

    private final Transactions transactions;

    WriteUnits(Transactions transactions) {
        this.transactions = transactions;
    }

    /** Duplicates of any rule are re-read: the next attempt finds the record that won. */
    <R> Either<GrantorError, R> write(Supplier<Either<GrantorError, R>> unit) {
        return write(unit, duplicate -> Option.none());
    }

    /**
     * {@code onDuplicate} answers a duplicate with a final result, or with none to run the unit again.
     * A duplicate of rule {@code OTHER} is never retried: it is a broken invariant of the store.
     */
    <R> Either<GrantorError, R> write(Supplier<Either<GrantorError, R>> unit,
                                     Function<DuplicateRecord, Option<Either<GrantorError, R>>> onDuplicate) {
        RuntimeException last = null;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            try {
                return transactions.write(unit);
            } catch (ConcurrentUpdate lostRace) {
                last = lostRace;
            } catch (DuplicateRecord duplicate) {
                if (duplicate.rule() == DuplicateRecord.Rule.OTHER) {
                    throw duplicate;
                }
                var answer = onDuplicate.apply(duplicate);
                if (answer.isDefined()) {
                    return answer.get();
                }
                last = duplicate;
            }
            pause(attempt);
        }
        throw last;
    }

    /** A short jittered pause so a burst of losers does not collide again in lockstep. */
    private static void pause(int attempt) {
        if (attempt > 2) {
            LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(10_000L << Math.min(attempt, 8)));
        }
    }
}

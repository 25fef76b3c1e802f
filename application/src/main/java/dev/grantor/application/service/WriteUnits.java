package dev.grantor.application.service;

import dev.grantor.application.port.out.ConcurrentUpdate;
import dev.grantor.application.port.out.DuplicateRecord;
import dev.grantor.application.port.out.Transactions;
import dev.grantor.domain.shared.GrantorError;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Runs a state-changing use case as one unit of work, again from the start when it loses a race: the engine's
 * only retry loop for lost races, whatever the store calls them (a stale version, SQLite busy, PostgreSQL's
 * 40001 or 40P01 all arrive as {@link ConcurrentUpdate}). The next attempt re-reads and gets its honest domain
 * answer (already delivered, limit reached, idempotent success). A {@link DuplicateRecord} rolls the unit back
 * too; the use case decides whether it is an answer or a reason to re-read.
 */
public final class WriteUnits {

    /**
     * Every loser of a burst of 32 writers on one record gets through well within this (each round has a winner,
     * and the jitter spreads the rest); a real livelock still ends in the exception.
     */
    public static final int MAX_ATTEMPTS = 16;

    /** The longest pause between two attempts: long enough for a deadlocked peer to finish, short for a request. */
    static final long MAX_PAUSE_NANOS = 50_000_000L;

    private final Transactions transactions;

    public WriteUnits(Transactions transactions) {
        this.transactions = Objects.requireNonNull(transactions, "transactions");
    }

    /** Duplicates of any rule are re-read: the next attempt finds the record that won. */
    public <R> Either<GrantorError, R> write(Supplier<Either<GrantorError, R>> unit) {
        return write(unit, duplicate -> Option.none());
    }

    /**
     * {@code onDuplicate} answers a duplicate with a final result, or with none to run the unit again.
     * A duplicate of rule {@code OTHER} is never retried: it is a broken invariant of the store.
     */
    public <R> Either<GrantorError, R> write(Supplier<Either<GrantorError, R>> unit,
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
            if (attempt < MAX_ATTEMPTS) {
                pause(attempt);
            }
        }
        throw last;
    }

    /**
     * A series of units as {@link Transactions#writeInTurn} runs it (the store may commit consecutive ones together), with
     * a lost race handled as {@link #write} handles it: the series goes on from the unit that lost, run again, with
     * {@link #MAX_ATTEMPTS} counted from the last unit that got through. Duplicates of any rule but {@code OTHER} are
     * run again too.
     */
    public <R> void writeInTurn(Supplier<Either<GrantorError, R>> unit, Predicate<Either<GrantorError, R>> another,
                                Consumer<Either<GrantorError, R>> answered) {
        var attempt = new int[] {1};
        while (true) {
            try {
                transactions.writeInTurn(unit, another, answer -> {
                    attempt[0] = 1;
                    answered.accept(answer);
                });
                return;
            } catch (ConcurrentUpdate lostRace) {
                if (attempt[0] >= MAX_ATTEMPTS) {
                    throw lostRace;
                }
            } catch (DuplicateRecord duplicate) {
                if (duplicate.rule() == DuplicateRecord.Rule.OTHER || attempt[0] >= MAX_ATTEMPTS) {
                    throw duplicate;
                }
            }
            pause(attempt[0]++);
        }
    }

    /**
     * The first loser retries at once (the winner has usually committed by then); later ones wait a random time
     * that doubles with each attempt up to {@link #MAX_PAUSE_NANOS}, so a burst of losers stops colliding in lockstep.
     */
    private static void pause(int attempt) {
        if (attempt < 2) {
            return;
        }
        long ceiling = Math.min(MAX_PAUSE_NANOS, 250_000L << Math.min(attempt, 20));
        LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(ceiling));
    }
}

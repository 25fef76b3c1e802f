package dev.grantor.application.service;

import dev.grantor.application.port.in.OperatorAccess.Outcome;
import dev.grantor.application.port.out.AuditTrail;
import dev.grantor.application.port.out.AuditTrail.AuditEntry;
import dev.grantor.application.port.out.Transactions;
import dev.grantor.domain.shared.GrantorError;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The store's units of work, able to carry an operator's audit entry: while {@link #recording} runs one use case,
 * the first unit of that use case that ends well (commits, or inside a host's transaction releases its savepoint)
 * having changed something also appends the entry, as its last write, so the change and the record of it commit
 * together or not at all. A unit that rolls back (a {@code Left}, an exception, a lost race the engine runs again)
 * takes the entry with it, and the next attempt writes it again; one that says it {@link #changedNothing changed
 * nothing} leaves it to a later unit. A use case that ends with no unit carrying the entry changed nothing, and
 * nothing is recorded. The unit that writes the entry first asks whether the actor may still make
 * the change, in that unit: a refusal there rolls the unit back and is the change's answer. Every service is built on this one instance; outside {@link #recording} it is the store's units
 * unchanged. Thread-confined, as units of work are.
 */
public final class AuditedUnits implements Transactions {

    private final Transactions store;
    private final AuditTrail audit;
    private final ThreadLocal<Pending> pending = new ThreadLocal<>();

    /**
     * The entry waiting for its unit (none when the use case writes its own: {@link #guarded}); {@code written} once
     * that unit has ended well.
     */
    private static final class Pending {
        final Option<AuditEntry> entry;
        final String action;
        final Supplier<Option<GrantorError>> refusal;
        boolean inUnit;
        int nested;
        boolean unchanged;
        boolean written;

        Pending(Option<AuditEntry> entry, String action, Supplier<Option<GrantorError>> refusal) {
            this.action = action;
            this.entry = entry;
            this.refusal = refusal;
        }

        /** In the entry's unit, before anything of the change: a refusal ends the unit, and nothing of it commits. */
        void allowedOrThrow() {
            refusal.get().forEach(error -> {
                throw new RefusedInUnit(this, error);
            });
        }
    }

    /** Carries a refusal out of the unit it rolls back, to the {@link #recording} that asked for it, and no further. */
    private static final class RefusedInUnit extends RuntimeException {
        final transient Pending note;
        final transient GrantorError error;

        RefusedInUnit(Pending note, GrantorError error) {
            super(error.message(), null, false, false);
            this.note = note;
            this.error = error;
        }
    }

    public AuditedUnits(Transactions store, AuditTrail audit) {
        this.store = store;
        this.audit = audit;
    }

    /**
     * Runs {@code change} so that {@code entry} is written in the unit of work that commits the change, and answers
     * whether it did: {@code Changed} with the entry committed, {@code Unchanged} when the change answered without a unit
     * that changed something (it took its units back or {@linkplain #changedNothing said so}), and then no entry is
     * written. {@code refusal} is asked at the start of each unit that may write the entry, inside it: when it answers an
     * error, that unit rolls back, the entry is not written and the error is the answer, whatever the change had done.
     */
    public <R> Either<GrantorError, Outcome<R>> recording(AuditEntry entry, Supplier<Option<GrantorError>> refusal,
                                                          Supplier<Either<GrantorError, R>> change) {
        var note = new Pending(Option.some(entry), entry.action(), refusal);
        return run(note, change).map(answer -> note.written ? new Outcome.Changed<>(answer) : new Outcome.Unchanged<>(answer));
    }

    /**
     * Runs {@code change}, a use case that writes its own audit entry, with {@code refusal} asked at the start of its
     * first unit of work, inside it, as {@link #recording} asks it: a refusal there rolls that unit back and is the
     * answer. A change that commits no unit (it changed nothing) writes nothing and is not asked again.
     */
    public <R> Either<GrantorError, R> guarded(String action, Supplier<Option<GrantorError>> refusal,
                                               Supplier<Either<GrantorError, R>> change) {
        return run(new Pending(Option.none(), action, refusal), change);
    }

    private <R> Either<GrantorError, R> run(Pending note, Supplier<Either<GrantorError, R>> change) {
        if (pending.get() != null) {
            throw new IllegalStateException("one recorded action at a time: " + note.action + " inside " + pending.get().action);
        }
        pending.set(note);
        try {
            return change.get();
        } catch (RefusedInUnit refused) {
            if (refused.note != note) {
                throw refused;
            }
            return Either.left(refused.error);
        } finally {
            pending.remove();
        }
    }

    @Override
    public <L, R> Either<L, R> write(Supplier<Either<L, R>> unit) {
        var note = pending.get();
        if (note == null || note.written) {
            return store.write(unit);
        }
        if (note.inUnit) {
            note.nested++;
            try {
                return store.write(unit);
            } finally {
                note.nested--;
            }
        }
        boolean[] carried = {false};
        Either<L, R> done = store.write(() -> {
            note.inUnit = true;
            note.unchanged = false;
            try {
                note.allowedOrThrow();
                var result = unit.get();
                if (result.isRight() && !note.unchanged) {
                    note.entry.forEach(audit::append);
                    carried[0] = true;
                }
                return result;
            } finally {
                note.inUnit = false;
            }
        });
        // Written once its unit has ended well, not once a transaction commits: inside a host's transaction the unit
        // ends at its savepoint and the commit comes after the recorded change returns, so waiting for it wrote the
        // entry a second time under its id. From here the entry commits or rolls back with the change, whoever commits.
        if (done.isRight() && carried[0]) {
            note.written = true;
        }
        return done;
    }

    /**
     * In the unit that would carry the entry, not in a unit nested in it (the outer unit may have changed something):
     * the entry is not written with this unit, and a later unit of the change may carry it.
     */
    @Override
    public void changedNothing() {
        var note = pending.get();
        if (note != null && note.inUnit && note.nested == 0 && !note.written) {
            note.unchanged = true;
        }
        store.changedNothing();
    }

    /** With an entry still to write, unit by unit through {@link #write}, so the first that ends well carries it. */
    @Override
    public <L, R> void writeInTurn(Supplier<Either<L, R>> unit, Predicate<Either<L, R>> another,
                                   Consumer<Either<L, R>> answered) {
        var note = pending.get();
        if (note == null || note.written) {
            store.writeInTurn(unit, another, answered);
        } else {
            Transactions.super.writeInTurn(unit, another, answered);
        }
    }

    @Override
    public <T> T read(Supplier<T> unit) {
        return store.read(unit);
    }

    @Override
    public void afterCommit(Runnable action) {
        store.afterCommit(action);
    }
}

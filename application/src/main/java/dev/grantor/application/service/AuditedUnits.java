package dev.grantor.application.service;

import dev.grantor.application.port.out.AuditTrail;
import dev.grantor.application.port.out.AuditTrail.AuditEntry;
import dev.grantor.application.port.out.Transactions;
import io.vavr.control.Either;
import java.util.function.Supplier;

/**
 * The store's units of work, able to carry an operator's audit entry: while {@link #recording} runs one use case,
 * the first unit of that use case that commits also appends the entry, as its last write, so the change and the
 * record of it commit together or not at all. A unit that rolls back (a {@code Left}, an exception, a lost race the
 * engine runs again) takes the entry with it, and the next attempt writes it again. Every service is built on this
 * one instance; outside {@link #recording} it is the store's units unchanged. Thread-confined, as units of work are.
 */
public final class AuditedUnits implements Transactions {

    private final Transactions store;
    private final AuditTrail audit;
    private final ThreadLocal<Pending> pending = new ThreadLocal<>();

    /** The entry waiting for its unit; {@code written} only once that unit has committed. */
    private static final class Pending {
        final AuditEntry entry;
        boolean inUnit;
        boolean written;

        Pending(AuditEntry entry) {
            this.entry = entry;
        }
    }

    public AuditedUnits(Transactions store, AuditTrail audit) {
        this.store = store;
        this.audit = audit;
    }

    /**
     * Runs {@code change} so that {@code entry} is written in the unit of work that commits the change. A change that
     * succeeds without committing any unit of its own (it changed nothing in the store) has its entry written alone.
     */
    public <L, R> Either<L, R> recording(AuditEntry entry, Supplier<Either<L, R>> change) {
        if (pending.get() != null) {
            throw new IllegalStateException("one recorded action at a time: " + entry.action() + " inside " + pending.get().entry.action());
        }
        var note = new Pending(entry);
        pending.set(note);
        Either<L, R> result;
        try {
            result = change.get();
        } finally {
            pending.remove();
        }
        if (result.isRight() && !note.written) {
            store.write(() -> {
                audit.append(entry);
                return Either.right(entry);
            });
        }
        return result;
    }

    @Override
    public <L, R> Either<L, R> write(Supplier<Either<L, R>> unit) {
        var note = pending.get();
        if (note == null || note.written || note.inUnit) {
            return store.write(unit);
        }
        return store.write(() -> {
            note.inUnit = true;
            try {
                var result = unit.get();
                if (result.isRight()) {
                    audit.append(note.entry);
                    store.afterCommit(() -> note.written = true);
                }
                return result;
            } finally {
                note.inUnit = false;
            }
        });
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

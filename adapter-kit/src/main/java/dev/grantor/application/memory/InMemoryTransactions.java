package dev.grantor.application.memory;

import dev.grantor.application.port.out.Transactions;
import io.vavr.Tuple;
import io.vavr.Tuple2;
import io.vavr.control.Either;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Units of work over {@link Tables}: writers take turns under one lock, each working on a copy of the
 * committed tables that becomes the committed tables only when the unit returns {@code Right}; readers see
 * the committed tables of the moment they start, without waiting. That is serializable, so concurrency
 * guards are exercised by callers that write with a stale version, not by interleaving.
 *
 * <p>A port called outside any unit runs as a unit of its own. A nested unit joins the outer one; if the
 * nested unit returns {@code Left} or throws, its own changes are undone (a savepoint), the outer unit's
 * stay. Writing inside a read unit is a bug in the caller and fails loudly.
 */
public final class InMemoryTransactions implements Transactions {

    private final ReentrantLock writer = new ReentrantLock();
    private final ThreadLocal<Unit> current = new ThreadLocal<>();
    private final AtomicLong commits = new AtomicLong();
    private final AtomicLong rollbacks = new AtomicLong();
    private volatile Tables committed = Tables.EMPTY;

    private static final class Unit {
        private Tables view;
        private final boolean writable;
        private final java.util.List<Runnable> afterCommit = new java.util.ArrayList<>();

        Unit(Tables view, boolean writable) {
            this.view = view;
            this.writable = writable;
        }
    }

    @Override
    public <L, R> Either<L, R> write(Supplier<Either<L, R>> unit) {
        Objects.requireNonNull(unit, "unit");
        var outer = current.get();
        if (outer != null) {
            if (!outer.writable) {
                throw new IllegalStateException("a writing unit of work cannot run inside a read-only one");
            }
            var savepoint = outer.view;
            int actions = outer.afterCommit.size();
            try {
                var result = Objects.requireNonNull(unit.get(), "a unit of work answered null");
                if (result.isLeft()) {
                    outer.view = savepoint;
                    outer.afterCommit.subList(actions, outer.afterCommit.size()).clear();
                }
                return result;
            } catch (RuntimeException | Error e) {
                outer.view = savepoint;
                outer.afterCommit.subList(actions, outer.afterCommit.size()).clear();
                throw e;
            }
        }
        Unit own;
        Either<L, R> result;
        writer.lock();
        try {
            // the committed tables as of holding the lock: a view taken before it could miss the previous writer
            own = new Unit(committed, true);
            current.set(own);
            result = Objects.requireNonNull(unit.get(), "a unit of work answered null");
            if (result.isRight()) {
                committed = own.view;
                commits.incrementAndGet();
            } else {
                rollbacks.incrementAndGet();
            }
        } catch (RuntimeException | Error e) {
            rollbacks.incrementAndGet();
            throw e;
        } finally {
            current.remove();
            writer.unlock();
        }
        if (result.isRight()) {
            own.afterCommit.forEach(Runnable::run);
        }
        return result;
    }

    @Override
    public void afterCommit(Runnable action) {
        Objects.requireNonNull(action, "action");
        var unit = current.get();
        if (unit == null) {
            action.run();
        } else {
            unit.afterCommit.add(action);
        }
    }

    @Override
    public <T> T read(Supplier<T> unit) {
        Objects.requireNonNull(unit, "unit");
        if (current.get() != null) {
            return unit.get();
        }
        current.set(new Unit(committed, false));
        try {
            return unit.get();
        } finally {
            current.remove();
        }
    }

    /** Units of work committed so far (single port calls outside a unit count too). */
    public long commits() {
        return commits.get();
    }

    /** Units of work rolled back so far, by {@code Left} or by an exception. */
    public long rollbacks() {
        return rollbacks.get();
    }

    /** True while the calling thread is inside a unit of work. */
    public boolean inUnit() {
        return current.get() != null;
    }

    <T> T query(Function<Tables, T> query) {
        var unit = current.get();
        return query.apply(unit != null ? unit.view : committed);
    }

    <T> T change(Function<Tables, Tuple2<T, Tables>> change) {
        var unit = current.get();
        if (unit != null) {
            if (!unit.writable) {
                throw new IllegalStateException("writing inside a read-only unit of work");
            }
            var result = change.apply(unit.view);
            unit.view = result._2;
            return result._1;
        }
        writer.lock();
        try {
            var result = change.apply(committed);
            committed = result._2;
            commits.incrementAndGet();
            return result._1;
        } finally {
            writer.unlock();
        }
    }

    void apply(UnaryOperator<Tables> change) {
        change(tables -> Tuple.of(Boolean.TRUE, change.apply(tables)));
    }

    void clear() {
        writer.lock();
        try {
            committed = Tables.EMPTY;
        } finally {
            writer.unlock();
        }
    }
}

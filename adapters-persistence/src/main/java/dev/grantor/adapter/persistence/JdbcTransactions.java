package dev.grantor.adapter.persistence;

import dev.grantor.application.port.out.ConcurrentUpdate;
import dev.grantor.application.port.out.Transactions;
import io.vavr.control.Either;
import java.util.ArrayList;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Units of work on one JDBC connection per thread. The unit's handle sits in a thread-local, so every
 * port called inside the unit joins it; a port called outside any unit runs in a unit of its own.
 *
 * <p>On SQLite, writers start with {@code BEGIN IMMEDIATE} behind one fair in-process lock, so they
 * queue instead of failing with {@code SQLITE_BUSY} (the database's busy timeout covers other processes
 * sharing the file). On PostgreSQL writers run at READ COMMITTED; version checks and unique indexes
 * decide races. Either way, a unit the database aborts to keep concurrent units apart ends in a
 * {@link dev.grantor.application.port.out.ConcurrentUpdate}: the engine's one retry loop runs it again, so
 * this class never does (two nested loops multiplied each other's attempts).
 */
final class JdbcTransactions implements Transactions {

    private final Jdbi jdbi;
    private final Dialect dialect;
    private final ReentrantLock sqliteWriter = new ReentrantLock(true);
    private final ThreadLocal<Unit> current = new ThreadLocal<>();

    private record Unit(Handle handle, boolean writes, java.util.List<Runnable> afterCommit) {}

    JdbcTransactions(Jdbi jdbi, Dialect dialect) {
        this.jdbi = jdbi;
        this.dialect = dialect;
    }

    @Override
    public <L, R> Either<L, R> write(Supplier<Either<L, R>> unit) {
        var joined = current.get();
        if (joined != null) {
            requireWrites(joined);
            return unit.get();
        }
        return runOwn(true, handle -> unit.get(), Either::isRight);
    }

    @Override
    public void afterCommit(Runnable action) {
        Objects.requireNonNull(action, "action");
        var joined = current.get();
        if (joined == null) {
            action.run();
        } else {
            joined.afterCommit().add(action);
        }
    }

    @Override
    public <T> T read(Supplier<T> unit) {
        if (current.get() != null) {
            return unit.get();
        }
        return runOwn(false, handle -> unit.get(), result -> true);
    }

    /** A port's write: joins the current unit, or runs (and retries) as a unit of its own. */
    <T> T writing(Function<Handle, T> work) {
        var joined = current.get();
        if (joined != null) {
            requireWrites(joined);
            return translated(work, joined.handle());
        }
        return runOwn(true, handle -> translated(work, handle), result -> true);
    }

    /** A port's read: joins the current unit, or reads on one consistent view of its own. */
    <T> T reading(Function<Handle, T> work) {
        var joined = current.get();
        if (joined != null) {
            return translated(work, joined.handle());
        }
        return runOwn(false, handle -> translated(work, handle), result -> true);
    }

    private static <T> T translated(Function<Handle, T> work, Handle handle) {
        try {
            return work.apply(handle);
        } catch (RuntimeException failure) {
            throw SqlFailures.translate(failure);
        }
    }

    private static void requireWrites(Unit unit) {
        if (!unit.writes()) {
            throw new IllegalStateException("a write inside a read-only unit of work");
        }
    }

    private <T> T runOwn(boolean writes, Function<Handle, T> work, Predicate<T> commitIf) {
        var afterCommit = new ArrayList<Runnable>();
        T result = runOwn(writes, work, commitIf, afterCommit);
        // after the lock and the connection are let go: an action may well start a unit of its own
        afterCommit.forEach(Runnable::run);
        return result;
    }

    private <T> T runOwn(boolean writes, Function<Handle, T> work, Predicate<T> commitIf, java.util.List<Runnable> committed) {
        boolean locked = writes && dialect == Dialect.SQLITE;
        if (locked) {
            sqliteWriter.lock();
        }
        try (Handle handle = jdbi.open()) {
            begin(handle, writes);
            var unit = new Unit(handle, writes, new ArrayList<>());
            current.set(unit);
            boolean ended = false;
            try {
                T result = work.apply(handle);
                if (commitIf.test(result)) {
                    commit(handle);
                    committed.addAll(unit.afterCommit());
                } else {
                    rollback(handle);
                }
                ended = true;
                return result;
            } finally {
                current.remove();
                if (!ended) {
                    rollbackQuietly(handle);
                }
            }
        } catch (RuntimeException failure) {
            throw SqlFailures.translate(failure);
        } finally {
            if (locked) {
                sqliteWriter.unlock();
            }
        }
    }

    private void begin(Handle handle, boolean writes) {
        switch (dialect) {
            case SQLITE -> handle.execute(writes ? "BEGIN IMMEDIATE" : "BEGIN");
            case POSTGRESQL -> {
                handle.begin();
                if (!writes) {
                    handle.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
                }
            }
        }
    }

    private void commit(Handle handle) {
        switch (dialect) {
            case SQLITE -> handle.execute("COMMIT");
            case POSTGRESQL -> handle.commit();
        }
    }

    private void rollback(Handle handle) {
        switch (dialect) {
            case SQLITE -> handle.execute("ROLLBACK");
            case POSTGRESQL -> handle.rollback();
        }
    }

    private void rollbackQuietly(Handle handle) {
        try {
            rollback(handle);
        } catch (RuntimeException alreadyEnded) {
            // the connection goes back to the pool either way; the original failure is what matters
        }
    }
}

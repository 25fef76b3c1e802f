package dev.grantor.adapter.persistence;

import dev.grantor.application.port.out.ConcurrentUpdate;
import dev.grantor.application.port.out.Transactions;
import io.vavr.control.Either;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.jdbi.v3.core.ConnectionFactory;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Handles;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.DefaultStatementBuilder;
import org.jdbi.v3.core.statement.SqlStatements;
import org.jdbi.v3.core.statement.StatementException;
import org.jdbi.v3.core.statement.StatementExceptions;

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
 *
 * <p>Inside a {@linkplain HostTransactions host transaction} a unit joins it instead: it runs on the host's
 * connection inside a savepoint, rolls back to the savepoint on {@code Left} or an exception, and otherwise leaves
 * the commit to the host, and its after-commit actions wait for the host's commit (and never run on its rollback).
 * A joined unit is not run again by the engine either: the host's transaction is the unit the host retries.
 */
final class JdbcTransactions implements Transactions {

    private final Jdbi jdbi;
    private final UnitConnections connections;
    private final Dialect dialect;
    private final HostTransactions host;
    /** Statements kept per connection (on SQLite, in a pool of Grantor's own); null where each is prepared afresh. */
    private final SqliteStatementCache statements;
    private final ReentrantLock sqliteWriter = new ReentrantLock(true);
    /** Guarded by {@link #sqliteWriter}: the write transaction left open for the writer queued next, if any. */
    private WriteBatch openBatch;
    private final LongAdder sqliteCommits = new LongAdder();
    private final ThreadLocal<Unit> current = new ThreadLocal<>();
    /** The host's connection while a joined unit opens its handle on it. */
    private final ThreadLocal<Connection> lent = new ThreadLocal<>();

    private record Unit(Handle handle, boolean writes, boolean joined, List<Runnable> afterCommit) {}

    JdbcTransactions(DataSource dataSource, Dialect dialect, HostTransactions host) {
        this(dataSource, dialect, host, 0, false);
    }

    /**
     * {@code connections}: how many the pool holds, so that callers take turns for them; 0 when unknown.
     * {@code keepStatements}: keep prepared statements per connection ({@link SqliteStatementCache}, SQLite only).
     */
    JdbcTransactions(DataSource dataSource, Dialect dialect, HostTransactions host, int connections, boolean keepStatements) {
        this.connections = new UnitConnections(dataSource, connections);
        this.jdbi = Jdbi.create(this.connections);
        jdbi.getConfig(StatementExceptions.class).setMessageRendering(JdbcTransactions::withoutArguments);
        this.dialect = dialect;
        this.host = host;
        this.statements = keepStatements ? new SqliteStatementCache() : null;
        if (statements != null) {
            // a joined unit's handle is on the host's connection, which is not Grantor's to keep statements on
            jdbi.setStatementBuilderFactory(connection -> lent.get() == null ? statements.builder() : new DefaultStatementBuilder());
            jdbi.getConfig(SqlStatements.class).addCustomizer(statements.executions());
        }
    }

    /** Longest statement text a failure's message quotes. */
    private static final int QUOTED_STATEMENT_LIMIT = 512;

    /**
     * A failed statement's message: the driver's words and the statement's text, never its bound values. Jdbi's default
     * appended them all, and a failure is logged whole: a license key, a customer's email or a signing key's private
     * half would have gone into the log with it.
     */
    static String withoutArguments(StatementException failure) {
        var context = failure.getStatementContext();
        String sql = context == null ? null : context.getRenderedSql();
        if (sql == null) {
            return failure.getShortMessage();
        }
        String quoted = sql.length() > QUOTED_STATEMENT_LIMIT ? sql.substring(0, QUOTED_STATEMENT_LIMIT) + "..." : sql;
        return failure.getShortMessage() + " [statement:\"" + quoted + "\"]";
    }

    /** How long a caller waits for its turn at a connection: the pool's own default wait. */
    static final long CONNECTION_WAIT_SECONDS = 30;

    /**
     * A pooled connection for a unit of its own, the host's connection for a joined one, which is not Grantor's to close.
     * Callers of a pool Grantor sized take turns in arrival order: the pool itself lets a newcomer take a connection that
     * was just returned ahead of those already waiting, so with more callers than connections some waited many times
     * longer than the rest (a p99 far above the p50).
     */
    private final class UnitConnections implements ConnectionFactory {
        private final DataSource dataSource;
        private final Semaphore turns;

        UnitConnections(DataSource dataSource, int connections) {
            this.dataSource = dataSource;
            this.turns = connections > 0 ? new Semaphore(connections, true) : null;
        }

        @Override
        public Connection openConnection() throws SQLException {
            Connection hostConnection = lent.get();
            if (hostConnection != null) {
                return hostConnection;
            }
            if (turns == null) {
                return dataSource.getConnection();
            }
            try {
                if (!turns.tryAcquire(CONNECTION_WAIT_SECONDS, TimeUnit.SECONDS)) {
                    throw new SQLTransientConnectionException("no database connection free within " + CONNECTION_WAIT_SECONDS + " s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLTransientConnectionException("interrupted while waiting for a database connection", e);
            }
            try {
                return dataSource.getConnection();
            } catch (SQLException | RuntimeException e) {
                turns.release();
                throw e;
            }
        }

        @Override
        public void closeConnection(Connection connection) throws SQLException {
            if (connection != lent.get()) {
                try {
                    connection.close();
                } finally {
                    if (turns != null) {
                        turns.release();
                    }
                }
            }
        }
    }

    /**
     * Runs {@code work} once the current unit has committed (the host's transaction, for a joined unit), and never
     * if it rolls back; outside any unit, after the host's transaction when one is active, else at once.
     */
    @Override
    public void afterCommit(Runnable work) {
        Objects.requireNonNull(work, "action");
        var unit = current.get();
        if (unit == null) {
            if (host.active()) {
                host.afterCommit(work);
            } else {
                work.run();
            }
        } else if (unit.joined()) {
            host.afterCommit(work);
        } else {
            unit.afterCommit().add(work);
        }
    }

    @Override
    public <L, R> Either<L, R> write(Supplier<Either<L, R>> unit) {
        var joined = current.get();
        if (joined != null) {
            requireWrites(joined);
            return nested(joined, unit);
        }
        if (host.active()) {
            return runJoined(true, handle -> unit.get(), Either::isRight);
        }
        return runOwn(true, handle -> unit.get(), Either::isRight);
    }

    @Override
    public <T> T read(Supplier<T> unit) {
        if (current.get() != null) {
            return unit.get();
        }
        if (host.active()) {
            return runJoined(false, handle -> unit.get(), result -> true);
        }
        return runOwn(false, handle -> unit.get(), result -> true);
    }

    private static final String NESTED = "grantor_nested";

    /**
     * A unit inside another runs in a savepoint of its own, so that its {@code Left} or failure takes back exactly its
     * statements and its after-commit actions while the outer unit goes on: the outer unit may store an answer about
     * it (an idempotent request's), and PostgreSQL refuses every later statement of a transaction in which one failed
     * unless it is rolled back to a savepoint first. Savepoints of one name nest: each statement names the latest.
     */
    private <L, R> Either<L, R> nested(Unit outer, Supplier<Either<L, R>> work) {
        Handle handle = outer.handle();
        int actions = outer.joined() ? 0 : outer.afterCommit().size();
        translated(h -> h.execute("SAVEPOINT " + NESTED), handle);
        Either<L, R> result;
        try {
            result = Objects.requireNonNull(work.get(), "a unit of work answered null");
        } catch (RuntimeException | Error failure) {
            try {
                takeBack(outer, actions);
            } catch (RuntimeException lost) {
                failure.addSuppressed(lost);
            }
            throw failure;
        }
        if (result.isRight()) {
            translated(h -> h.execute("RELEASE SAVEPOINT " + NESTED), handle);
        } else {
            takeBack(outer, actions);
        }
        return result;
    }

    private static void takeBack(Unit outer, int actions) {
        translated(h -> {
            h.execute("ROLLBACK TO SAVEPOINT " + NESTED);
            return h.execute("RELEASE SAVEPOINT " + NESTED);
        }, outer.handle());
        if (!outer.joined()) {
            outer.afterCommit().subList(actions, outer.afterCommit().size()).clear();
        }
    }

    /** A port's write: joins the current unit, or runs as a unit of its own. */
    <T> T writing(Function<Handle, T> work) {
        var joined = current.get();
        if (joined != null) {
            requireWrites(joined);
            return translated(work, joined.handle());
        }
        if (host.active()) {
            return runJoined(true, handle -> translated(work, handle), result -> true);
        }
        return runOwn(true, handle -> translated(work, handle), result -> true);
    }

    /** A port's read: joins the current unit, or reads on one consistent view of its own. */
    <T> T reading(Function<Handle, T> work) {
        var joined = current.get();
        if (joined != null) {
            return translated(work, joined.handle());
        }
        if (host.active()) {
            return runJoined(false, handle -> translated(work, handle), result -> true);
        }
        return runOwn(false, handle -> translated(work, handle), result -> true);
    }

    /**
     * The most ids (or values) one {@code IN} list binds: the keys or customers of a page of grants in one statement,
     * an import's values in parts; well under either database's limit on bound parameters (SQLite's 32,766,
     * PostgreSQL's 65,535).
     */
    static final int IN_LIST = 200;

    /**
     * A port's read of the rows of many ids (or values): one {@code IN} list, read by {@code statement}, per
     * {@link #IN_LIST} of them, all in one unit as {@link #reading} runs it, their rows in the order read. No ids, no
     * unit.
     */
    <I, T> io.vavr.collection.List<T> readingInParts(io.vavr.collection.List<I> ids,
                                                    BiFunction<Handle, io.vavr.collection.List<I>, Iterable<T>> statement) {
        if (ids.isEmpty()) {
            return io.vavr.collection.List.empty();
        }
        return reading(handle -> ids.grouped(IN_LIST).flatMap(part -> statement.apply(handle, part)).toList());
    }

    /**
     * A port's read of ONE statement: joins the current unit, or runs on a connection in auto-commit. A single
     * statement sees one consistent view on both databases by itself, so the {@code BEGIN} and {@code COMMIT} of a
     * unit of its own would only add two statements (two round trips to PostgreSQL, with its isolation setting three).
     */
    <T> T readingOne(Function<Handle, T> work) {
        var joined = current.get();
        if (joined != null) {
            return translated(work, joined.handle());
        }
        if (host.active()) {
            return runJoined(false, handle -> translated(work, handle), result -> true);
        }
        try (Handle handle = jdbi.open()) {
            return work.apply(handle);
        } catch (RuntimeException failure) {
            throw SqlFailures.translate(failure);
        }
    }

    /**
     * Whether a read now would run alone, on a connection of its own: no unit of this thread's and no host transaction
     * to join. Only such a read may be shared with other callers' ({@link SharedReads}): a unit's read must see the
     * unit's own writes.
     */
    boolean readsAlone() {
        return current.get() == null && !host.active();
    }

    /**
     * As {@link #readingOne}, one statement on the plain JDBC connection and without a Jdbi handle: for the hottest
     * reads (a license check's one statement), where Jdbi's work per statement (a handle, a statement context,
     * parsing the named parameters, binding through its argument factories, its logger and JFR hooks) cost more than
     * the database did.
     */
    <T> T readingOnePlain(String sql, SqliteStatementCache.OnStatement<T> work) {
        var joined = current.get();
        if (joined != null) {
            return onStatement(joined.handle().getConnection(), !joined.joined(), sql, work);
        }
        if (host.active()) {
            return runJoined(false, handle -> onStatement(handle.getConnection(), false, sql, work), result -> true);
        }
        Connection connection;
        try {
            connection = connections.openConnection();
        } catch (SQLException e) {
            throw SqlFailures.translate(new IllegalStateException("no database connection", e));
        }
        try {
            // statements are kept only on a pool of Grantor's own, so this connection is ours
            return onStatement(connection, true, sql, work);
        } finally {
            try {
                connections.closeConnection(connection);
            } catch (SQLException e) {
                // the pool discards a connection that failed to close; the answer read on it stands
            }
        }
    }

    /** {@code ours}: the connection is from Grantor's pool, not the host's, so its statements may be kept. */
    private <T> T onStatement(Connection connection, boolean ours, String sql, SqliteStatementCache.OnStatement<T> work) {
        try {
            if (ours && statements != null) {
                return statements.use(connection, sql, work);
            }
            try (var statement = connection.prepareStatement(sql)) {
                return work.apply(statement);
            }
        } catch (SQLException e) {
            throw SqlFailures.translate(new IllegalStateException("a read failed: " + e.getMessage(), e));
        } catch (RuntimeException failure) {
            throw SqlFailures.translate(failure);
        }
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

    private <T> T runOwn(boolean writes, Function<Handle, T> work, Predicate<T> commitIf, List<Runnable> committed) {
        if (writes && dialect == Dialect.SQLITE) {
            return runInWriteBatch(work, commitIf, committed);
        }
        try (Handle handle = jdbi.open()) {
            begin(handle, writes);
            var unit = new Unit(handle, writes, false, new ArrayList<>());
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
        }
    }

    /** The most units one SQLite write transaction carries before it commits, so that no caller waits behind an endless queue. */
    static final int MOST_UNITS_PER_COMMIT = 32;

    /**
     * SQLite's one write transaction at a time, shared by the writers queued for it (group commit). With
     * {@code synchronous=FULL} every commit waits for the disk, and that wait, not the work, bounded how many writes a
     * second the file took. So a writer that finds others queued behind it leaves the transaction open for them: each
     * next unit runs inside it in a savepoint of its own (its failure or {@code Left} takes back exactly its own
     * statements), and the last unit, the one nobody is queued behind, commits all of them with one wait for the disk.
     * Every unit of the transaction, kept or taken back, returns only after that commit: a unit may have read what an
     * earlier one wrote, so none answers before that is durable, and if the commit fails every one of them fails with it.
     * Alone, a writer runs exactly as before: {@code BEGIN IMMEDIATE}, its work, {@code COMMIT}.
     */
    private <T> T runInWriteBatch(Function<Handle, T> work, Predicate<T> commitIf, List<Runnable> committed) {
        WriteBatch batch = null;
        Unit unit = null;
        T result = null;
        Throwable failure = null;
        boolean kept = false;
        sqliteWriter.lock();
        try {
            boolean first = openBatch == null;
            batch = first ? WriteBatch.begin(jdbi) : openBatch;
            openBatch = null;
            batch.units++;
            if (!first) {
                batch.handle.execute("SAVEPOINT grantor_unit");
            }
            unit = new Unit(batch.handle, true, false, new ArrayList<>());
            current.set(unit);
            try {
                result = work.apply(batch.handle);
                kept = commitIf.test(result);
            } catch (RuntimeException | Error e) {
                // an Error too: the others in the transaction still need it ended, and this unit's part taken back
                failure = e;
            } finally {
                current.remove();
            }
            if (first && !kept) {
                // nothing of anyone else's is in the transaction yet: it ends here, as a lone writer's did
                batch.abandon(null);
            } else {
                if (!first) {
                    batch.settleSavepoint(kept);
                }
                if (batch.failure == null && batch.units < MOST_UNITS_PER_COMMIT && sqliteWriter.hasQueuedThreads()) {
                    openBatch = batch;
                } else {
                    if (batch.end()) {
                        sqliteCommits.increment();
                    }
                }
            }
        } catch (RuntimeException | Error outsideTheWork) {
            // BEGIN or a savepoint statement failed: whoever is already in the transaction must not wait for it forever
            throw abandoned(batch, outsideTheWork);
        } finally {
            sqliteWriter.unlock();
        }
        awaitTheEnd(batch);
        rethrow(failure);
        if (kept) {
            committed.addAll(unit.afterCommit());
        }
        return result;
    }

    /**
     * On SQLite, outside any unit and any host transaction: the series in write transactions of up to
     * {@link #MOST_UNITS_PER_COMMIT} units each, every unit in a savepoint of its own, as the write batch carries the
     * units of queued writers. A series is one writer after another (a restock's drain fulfills its waiting grants one
     * unit each), so alone it never had anyone queued behind it to share a commit with, and every unit waited for the
     * disk by itself. A transaction of the series ends, after at least one unit, once another writer waits and the
     * series has held the writer for {@link #SHORTEST_TURN_NANOS}: one queued for the writer's lock joins it and shares
     * its commit, and a transaction left open by others queued ahead commits. So another writer waits for at most that
     * long, a unit and a commit, not for a turn of {@link #MOST_UNITS_PER_COMMIT} units and the rest of one it joined.
     * Elsewhere, unit after unit ({@link Transactions#writeInTurn}).
     */
    @Override
    public <L, R> void writeInTurn(Supplier<Either<L, R>> unit, Predicate<Either<L, R>> another, Consumer<Either<L, R>> answered) {
        if (dialect != Dialect.SQLITE || current.get() != null || host.active()) {
            Transactions.super.writeInTurn(unit, another, answered);
            return;
        }
        while (unitsInOneTransaction(unit, another, answered)) {
            // each pass lets go of the writer's lock: writers queued meanwhile go first
        }
    }

    /**
     * How long a series holds the writer, at least, before it gives way to another writer: ended at once, each turn
     * cost the series a commit for every write of the relay, which writes after every pass (a drain with the relay on
     * took a third longer).
     */
    static final long SHORTEST_TURN_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    /** Up to {@link #MOST_UNITS_PER_COMMIT} units of a series in one write transaction; true if the series goes on. */
    private <L, R> boolean unitsInOneTransaction(Supplier<Either<L, R>> work, Predicate<Either<L, R>> another,
                                                 Consumer<Either<L, R>> answered) {
        var answers = new ArrayList<Either<L, R>>();
        var committed = new ArrayList<Runnable>();
        WriteBatch batch = null;
        Throwable failure = null;
        boolean more = true;
        sqliteWriter.lock();
        try {
            long turnBegan = System.nanoTime();
            // units of writers queued ahead of the series wait in a transaction left open for its commit
            boolean othersAwaitTheCommit = openBatch != null;
            batch = othersAwaitTheCommit ? openBatch : WriteBatch.begin(jdbi);
            openBatch = null;
            boolean anotherWaits = false;
            while (more && !anotherWaits && failure == null && batch.failure == null && batch.units < MOST_UNITS_PER_COMMIT) {
                batch.units++;
                batch.handle.execute("SAVEPOINT grantor_unit");
                var unit = new Unit(batch.handle, true, false, new ArrayList<>());
                current.set(unit);
                Either<L, R> answer = null;
                try {
                    answer = Objects.requireNonNull(work.get(), "a unit of work answered null");
                } catch (RuntimeException | Error e) {
                    // an Error too: the transaction still ends, with this unit's part taken back and the others' kept
                    failure = e;
                } finally {
                    current.remove();
                }
                boolean kept = answer != null && answer.isRight();
                batch.settleSavepoint(kept);
                if (answer != null) {
                    answers.add(answer);
                    if (kept) {
                        committed.addAll(unit.afterCommit());
                    }
                    more = another.test(answer);
                }
                anotherWaits = (othersAwaitTheCommit || sqliteWriter.hasQueuedThreads())
                        && System.nanoTime() - turnBegan >= SHORTEST_TURN_NANOS;
            }
            if (batch.failure == null && batch.units < MOST_UNITS_PER_COMMIT && sqliteWriter.hasQueuedThreads()) {
                openBatch = batch;
            } else if (batch.end()) {
                sqliteCommits.increment();
            }
        } catch (RuntimeException | Error outsideTheWork) {
            // BEGIN, a savepoint statement or the predicate failed: whoever is in the transaction must not wait for it forever
            if (openBatch == batch) {
                openBatch = null;
            }
            throw abandoned(batch, outsideTheWork);
        } finally {
            sqliteWriter.unlock();
        }
        awaitTheEnd(batch);
        // after the lock and the connection are let go, as a lone unit's: an action may well start a unit of its own
        committed.forEach(Runnable::run);
        answers.forEach(answered);
        rethrow(failure);
        return more;
    }

    /**
     * {@code failure} (outside any unit's work) to throw, once {@code batch}, if begun and not yet ended, is ended with
     * it: the units already in it must not wait for its commit forever.
     */
    private static RuntimeException abandoned(WriteBatch batch, Throwable failure) {
        if (batch != null && !batch.ended.isDone()) {
            batch.abandon(failure instanceof RuntimeException e ? e : new IllegalStateException(failure));
        }
        if (failure instanceof Error error) {
            throw error;
        }
        return SqlFailures.translate((RuntimeException) failure);
    }

    /** Waits for {@code batch}'s transaction to end, and throws if it did not commit. */
    private static void awaitTheEnd(WriteBatch batch) {
        try {
            batch.ended.join();
        } catch (CompletionException batchFailed) {
            throw SqlFailures.translate(batchFailed.getCause() instanceof RuntimeException cause
                    ? cause : new IllegalStateException("the write transaction failed", batchFailed.getCause()));
        }
    }

    /** What a unit's own work threw, if anything, thrown again now that its transaction has ended. */
    private static void rethrow(Throwable failure) {
        if (failure instanceof Error error) {
            throw error;
        }
        if (failure != null) {
            throw SqlFailures.translate((RuntimeException) failure);
        }
    }

    /** SQLite write transactions committed so far, however many units each carried. */
    long sqliteCommits() {
        return sqliteCommits.sum();
    }

    /** Writers waiting for SQLite's write transaction at this moment. */
    int queuedSqliteWriters() {
        return sqliteWriter.getQueueLength();
    }

    /** One SQLite write transaction and the units it carries; touched only under {@link #sqliteWriter}. */
    private static final class WriteBatch {
        final Handle handle;
        final CompletableFuture<Void> ended = new CompletableFuture<>();
        int units;
        RuntimeException failure;

        private WriteBatch(Handle handle) {
            this.handle = handle;
        }

        static WriteBatch begin(Jdbi jdbi) {
            Handle handle = jdbi.open();
            try {
                handle.execute("BEGIN IMMEDIATE");
            } catch (RuntimeException e) {
                handle.close();
                throw e;
            }
            return new WriteBatch(handle);
        }

        /** A later unit's savepoint: released when kept, taken back when not; if even that fails, the transaction is lost. */
        void settleSavepoint(boolean kept) {
            try {
                if (!kept) {
                    handle.execute("ROLLBACK TO grantor_unit");
                }
                handle.execute("RELEASE grantor_unit");
            } catch (RuntimeException lost) {
                // SQLite itself rolls the whole transaction back on some errors (I/O, a full disk): the earlier units are gone too
                failure = lost;
            }
        }

        /** Commits what the units kept, or takes it all back after a lost savepoint, and lets every waiting unit go; true if it committed. */
        boolean end() {
            if (failure == null) {
                try {
                    handle.execute("COMMIT");
                } catch (RuntimeException e) {
                    failure = e;
                }
            }
            if (failure == null) {
                close();
                ended.complete(null);
                return true;
            }
            abandon(failure);
            return false;
        }

        /** Takes the transaction back; its units fail with {@code cause}, or end quietly when it is null (a lone unit's own Left or failure). */
        void abandon(RuntimeException cause) {
            try {
                handle.execute("ROLLBACK");
            } catch (RuntimeException alreadyEnded) {
                // SQLite may have rolled it back itself; the connection goes back to the pool either way
            }
            close();
            if (cause == null) {
                ended.complete(null);
            } else {
                ended.completeExceptionally(cause);
            }
        }

        private void close() {
            try {
                handle.close();
            } catch (RuntimeException closing) {
                // the pool discards a connection that failed to close; what was committed stays committed
            }
        }
    }

    /**
     * A unit inside the host's transaction. Writes run inside a savepoint, so a unit that fails takes back exactly
     * its own statements and the host's transaction stays usable (PostgreSQL would otherwise refuse every later
     * statement of it). Reads need none: they change nothing.
     */
    private <T> T runJoined(boolean writes, Function<Handle, T> work, Predicate<T> keepIf) {
        Connection connection;
        try {
            connection = host.connection();
        } catch (SQLException e) {
            throw SqlFailures.translate(new IllegalStateException("cannot join the host's transaction", e));
        }
        lent.set(connection);
        try (Handle handle = jdbi.open()) {
            // the transaction is the host's: closing this handle must neither end nor complain about it
            handle.getConfig(Handles.class).setForceEndTransactions(false);
            current.set(new Unit(handle, true, true, List.of()));
            Savepoint savepoint = writes ? connection.setSavepoint() : null;
            boolean ended = !writes;
            try {
                T result = work.apply(handle);
                if (writes) {
                    if (keepIf.test(result)) {
                        connection.releaseSavepoint(savepoint);
                    } else {
                        connection.rollback(savepoint);
                    }
                    ended = true;
                }
                return result;
            } finally {
                current.remove();
                if (!ended) {
                    rollbackQuietly(connection, savepoint);
                }
            }
        } catch (SQLException e) {
            throw SqlFailures.translate(new IllegalStateException("a savepoint in the host's transaction failed", e));
        } catch (RuntimeException failure) {
            throw SqlFailures.translate(failure);
        } finally {
            lent.remove();
            host.release(connection);
        }
    }

    private static void rollbackQuietly(Connection connection, Savepoint savepoint) {
        try {
            connection.rollback(savepoint);
        } catch (SQLException alreadyEnded) {
            // the host's transaction is failing anyway; the original failure is what it will see
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

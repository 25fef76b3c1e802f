package dev.grantor.adapter.persistence;

import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayDeque;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.statement.DefaultStatementBuilder;
import org.jdbi.v3.core.statement.StatementBuilder;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.StatementCustomizer;
import org.sqlite.core.CoreStatement;
import org.sqlite.core.DB;

/**
 * Prepared statements kept per SQLite connection, so that SQLite compiles each statement once per connection
 * instead of at every use: the driver keeps none, and HikariCP closes every statement prepared through its proxy
 * when the connection goes back to the pool. So statements here are prepared on the connection under the pool's
 * proxy (the driver's), where they outlive the checkout, and are kept by that connection and their SQL text:
 * <ul>
 *   <li>a statement lent out is not lent again until given back: a unit that runs the same SQL while it still reads
 *   the results of the first gets a second statement;</li>
 *   <li>given back, it is reset (a result set left open would otherwise hold its read snapshot, so later reads on
 *   the connection would not see later commits) and its parameters and batch are cleared, then kept, at most
 *   {@value #PER_CONNECTION} per connection, the least recently used SQL going first. The parameters are cleared
 *   in the driver only, where it keeps the values it binds at each execution: SQLite's own clearing
 *   ({@code sqlite3_clear_bindings}) marks some statements (a license check's join, for one) to be compiled again
 *   at their next step, which would cost what keeping them saves;</li>
 *   <li>a statement whose execution failed is closed, not kept;</li>
 *   <li>a closed connection's statements are never lent: the driver closes them with it, a closed statement is
 *   dropped when met, and the connection's entry goes when the next new connection appears.</li>
 * </ul>
 * Statements prepared with flags (generated keys, updatable result sets) are not the kept statement for their SQL:
 * they are prepared and closed as usual.
 */
final class SqliteStatementCache {

    /** Grantor runs fewer distinct statements than this; texts built from filters come and go by recent use. */
    static final int PER_CONNECTION = 128;

    /** By the connection under the pool's proxy (the driver's, SQLiteConnection, which keeps Object's identity equality). */
    private final Map<Connection, Kept> byConnection = new ConcurrentHashMap<>();

    /** Work on one prepared statement. */
    @FunctionalInterface
    interface OnStatement<T> {
        T apply(PreparedStatement statement) throws SQLException;
    }

    /** Runs {@code work} on a statement for {@code sql} on {@code connection} (a pooled one), kept or newly prepared. */
    <T> T use(Connection connection, String sql, OnStatement<T> work) throws SQLException {
        Kept kept = keptOn(connection);
        PreparedStatement statement = kept.lend(sql);
        try {
            T result = work.apply(statement);
            kept.executed(statement);
            return result;
        } finally {
            kept.giveBack(statement);
        }
    }

    /** A Jdbi statement builder for one handle: it lends and takes back this cache's statements. */
    StatementBuilder builder() {
        return new Builder();
    }

    /**
     * Marks each of this cache's statements that Jdbi executed without an error; Jdbi tells its builder only that a
     * statement is done with, not how it went.
     */
    StatementCustomizer executions() {
        return new StatementCustomizer() {
            @Override
            public void afterExecution(PreparedStatement statement, StatementContext context) throws SQLException {
                Kept kept = byConnection.get(underPool(context.getConnection()));
                if (kept != null) {
                    kept.executed(statement);
                }
            }
        };
    }

    /** How many statements are kept for {@code connection} and not lent out. */
    int idle(Connection connection) throws SQLException {
        Kept kept = byConnection.get(underPool(connection));
        return kept == null ? 0 : kept.idleCount();
    }

    /** How many connections have statements kept here. */
    int connectionsKept() {
        return byConnection.size();
    }

    private Kept keptOn(Connection connection) throws SQLException {
        Connection driver = underPool(connection);
        Kept kept = byConnection.get(driver);
        if (kept == null) {
            kept = byConnection.computeIfAbsent(driver, Kept::new);
            // a new connection usually replaces one the pool retired: forget those
            byConnection.values().removeIf(Kept::forgetIfClosed);
        }
        return kept;
    }

    /** The connection a pool's proxy wraps (itself for one that wraps none): the driver's, or a benchmark's recorder. */
    private static Connection underPool(Connection connection) throws SQLException {
        return connection.unwrap(Connection.class);
    }

    private final class Builder implements StatementBuilder {
        private static final StatementBuilder PREPARED_AFRESH = new DefaultStatementBuilder();
        /** The handle's connection's statements, found at its first statement. */
        private Kept kept;

        @Override
        public Statement create(Connection connection, StatementContext context) throws SQLException {
            return connection.createStatement();
        }

        @Override
        public PreparedStatement create(Connection connection, String sql, StatementContext context) throws SQLException {
            if (context.isReturningGeneratedKeys() || context.isConcurrentUpdatable()) {
                return PREPARED_AFRESH.create(connection, sql, context);
            }
            if (kept == null) {
                kept = keptOn(connection);
            }
            return kept.lend(sql);
        }

        @Override
        public CallableStatement createCall(Connection connection, String sql, StatementContext context) throws SQLException {
            return connection.prepareCall(sql);
        }

        /** {@code sql} is the text before rendering here (it is the rendered text at create), so the loan keeps its key. */
        @Override
        public void close(Connection connection, String sql, Statement statement) throws SQLException {
            if (statement != null && (kept == null || !kept.giveBack(statement))) {
                statement.close();
            }
        }
    }

    /** One connection's statements. Its lock is only ever contended by a sweep: the pool lends a connection to one thread. */
    private static final class Kept {
        private final Connection connection;
        /** In order of last use, least recent first. */
        private final LinkedHashMap<String, ArrayDeque<PreparedStatement>> idle = new LinkedHashMap<>(32, 0.75f, true);
        private final IdentityHashMap<Statement, Loan> lent = new IdentityHashMap<>();
        private int idleCount;

        Kept(Connection connection) {
            this.connection = connection;
        }

        private static final class Loan {
            final String sql;
            boolean executed;

            Loan(String sql) {
                this.sql = sql;
            }
        }

        synchronized PreparedStatement lend(String sql) throws SQLException {
            ArrayDeque<PreparedStatement> statements = idle.get(sql);
            PreparedStatement statement = null;
            while (statement == null && statements != null && !statements.isEmpty()) {
                PreparedStatement candidate = statements.pop();
                idleCount--;
                if (!candidate.isClosed()) {
                    statement = candidate;
                }
            }
            if (statements != null && statements.isEmpty()) {
                idle.remove(sql);
            }
            if (statement == null) {
                statement = connection.prepareStatement(sql);
            }
            lent.put(statement, new Loan(sql));
            return statement;
        }

        synchronized void executed(Statement statement) {
            Loan loan = lent.get(statement);
            if (loan != null) {
                loan.executed = true;
            }
        }

        /** Takes back a statement this connection lent, keeping it when it is fit to be lent again; false if not its. */
        synchronized boolean giveBack(Statement statement) {
            Loan loan = lent.remove(statement);
            if (loan == null) {
                return false;
            }
            if (loan.executed && reset((PreparedStatement) statement)) {
                keep(loan.sql, (PreparedStatement) statement);
            } else {
                closeQuietly(statement);
            }
            return true;
        }

        synchronized int idleCount() {
            return idleCount;
        }

        /** True, with its statements closed, once the connection is closed. */
        synchronized boolean forgetIfClosed() {
            boolean closed;
            try {
                closed = connection.isClosed();
            } catch (SQLException e) {
                closed = true;
            }
            if (closed) {
                idle.values().forEach(statements -> statements.forEach(Kept::closeQuietly));
                idle.clear();
                idleCount = 0;
            }
            return closed;
        }

        private void keep(String sql, PreparedStatement statement) {
            idle.computeIfAbsent(sql, key -> new ArrayDeque<>(2)).push(statement);
            idleCount++;
            if (idleCount > PER_CONNECTION) {
                var leastRecent = idle.entrySet().iterator();
                ArrayDeque<PreparedStatement> evicted = leastRecent.next().getValue();
                leastRecent.remove();
                idleCount -= evicted.size();
                evicted.forEach(Kept::closeQuietly);
            }
        }

        private static boolean reset(PreparedStatement statement) {
            try {
                if (statement.isClosed()) {
                    return false;
                }
                statement.unwrap(CoreStatement.class).pointer.safeRunInt(DB::reset);
                statement.clearBatch();
                // not clearParameters(): see the class comment; the driver binds all of these at the next execution
                int parameters = statement.getParameterMetaData().getParameterCount();
                for (int parameter = 1; parameter <= parameters; parameter++) {
                    statement.setNull(parameter, Types.NULL);
                }
                return true;
            } catch (SQLException | RuntimeException e) {
                return false;
            }
        }

        private static void closeQuietly(Statement statement) {
            try {
                statement.close();
            } catch (SQLException e) {
                // it is dropped either way; the driver frees it with its connection at the latest
            }
        }
    }
}

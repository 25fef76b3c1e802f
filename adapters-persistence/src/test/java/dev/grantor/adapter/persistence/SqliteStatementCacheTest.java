package dev.grantor.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.statement.DefaultStatementBuilder;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConnection;

/**
 * The statement cache on a real SQLite file behind a real HikariCP pool of one connection, so every checkout is the
 * same driver connection unless the pool replaced it: directly, and through {@link JdbcTransactions} (Jdbi and the
 * plain JDBC reads).
 */
class SqliteStatementCacheTest {

    private static final String BY_NAME = "SELECT body FROM notes WHERE name = ?";
    private static final String INSERT = "INSERT INTO notes (name, body) VALUES (?, ?)";

    @TempDir
    Path dir;

    private String url;
    private HikariDataSource pool;
    private SqliteStatementCache cache;
    private JdbcTransactions transactions;

    @BeforeEach
    void open() throws SQLException {
        url = "jdbc:sqlite:" + dir.resolve("notes.db");
        var config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(1);
        config.addDataSourceProperty("journal_mode", "WAL");
        config.addDataSourceProperty("synchronous", "FULL");
        config.addDataSourceProperty("busy_timeout", "10000");
        pool = new HikariDataSource(config);
        try (Connection connection = pool.getConnection(); var statement = connection.createStatement()) {
            statement.executeUpdate("CREATE TABLE notes (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, body TEXT)");
            statement.executeUpdate("INSERT INTO notes (name, body) VALUES ('a', 'alpha'), ('b', 'beta'), ('c', 'gamma')");
        }
        cache = new SqliteStatementCache();
        transactions = new JdbcTransactions(pool, Dialect.SQLITE, HostTransactions.NONE, 0, true);
    }

    @AfterEach
    void close() throws SQLException {
        returnAll();
        pool.close();
    }

    // --- the cache itself, on pooled connections ---

    @Test
    void theSameSqlOnTheSameConnectionReusesTheStatementAcrossCheckouts() throws SQLException {
        PreparedStatement first = cache.use(checkout(), BY_NAME, statement -> {
            assertThat(bodyOf(statement, "a")).isEqualTo("alpha");
            return statement;
        });
        returnAll();
        PreparedStatement second = cache.use(checkout(), BY_NAME, statement -> {
            assertThat(bodyOf(statement, "b")).isEqualTo("beta");
            return statement;
        });

        assertThat(second).isSameAs(first);
        assertThat(second.isClosed()).isFalse();
    }

    @Test
    void aNestedUseOfTheSameSqlGetsItsOwnStatement() throws SQLException {
        Connection connection = checkout();
        var seen = new ArrayList<PreparedStatement>();
        var bodies = new ArrayList<String>();
        // kept from an earlier use, so the outer use below takes it from the cache
        cache.use(connection, "SELECT name FROM notes ORDER BY name", statement -> {
            statement.executeQuery().close();
            return null;
        });
        cache.use(connection, "SELECT name FROM notes ORDER BY name", outer -> {
            seen.add(outer);
            try (var names = outer.executeQuery()) {
                while (names.next()) {
                    String name = names.getString(1);
                    // the same SQL again while the outer statement's rows are still being read
                    cache.use(connection, "SELECT name FROM notes ORDER BY name", inner -> {
                        seen.add(inner);
                        try (var again = inner.executeQuery()) {
                            again.next();
                            return again.getString(1);
                        }
                    });
                    bodies.add(cache.use(connection, BY_NAME, statement -> bodyOf(statement, name)));
                }
            }
            return null;
        });

        assertThat(bodies).containsExactly("alpha", "beta", "gamma");
        assertThat(seen.get(1)).isNotSameAs(seen.get(0));
        // each inner use got the statement the one before gave back; the outer one stayed lent until the end
        assertThat(seen.subList(1, seen.size())).allSatisfy(inner -> assertThat(inner).isSameAs(seen.get(1)));
        assertThat(cache.idle(connection)).isEqualTo(3);
    }

    @Test
    void aStatementOfAConnectionThePoolRetiredIsNeverLentAgain() throws Exception {
        Connection first = checkout();
        SQLiteConnection retired = first.unwrap(SQLiteConnection.class);
        PreparedStatement kept = cache.use(first, BY_NAME, statement -> {
            bodyOf(statement, "a");
            return statement;
        });
        pool.evictConnection(first);
        returnAll();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!retired.isClosed() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(retired.isClosed()).as("the pool closed the evicted connection").isTrue();

        Connection replacement = checkout();
        assertThat(replacement.unwrap(SQLiteConnection.class)).isNotSameAs(retired);
        PreparedStatement fresh = cache.use(replacement, BY_NAME, statement -> {
            assertThat(bodyOf(statement, "c")).isEqualTo("gamma");
            return statement;
        });

        assertThat(fresh).isNotSameAs(kept);
        assertThat(kept.isClosed()).isTrue();
        assertThat(cache.connectionsKept()).as("the retired connection's entry is gone").isEqualTo(1);
    }

    @Test
    void aKeptStatementClosedUnderneathIsDroppedNotLent() throws SQLException {
        Connection connection = checkout();
        PreparedStatement kept = cache.use(connection, BY_NAME, statement -> statement);
        kept.close();

        PreparedStatement next = cache.use(connection, BY_NAME, statement -> {
            assertThat(bodyOf(statement, "a")).isEqualTo("alpha");
            return statement;
        });

        assertThat(next).isNotSameAs(kept);
    }

    @Test
    void noParameterOfOneUseLeaksIntoTheNext() throws SQLException {
        Connection connection = checkout();
        String either = "SELECT count(*) FROM notes WHERE name = ? OR body = ?";
        int both = cache.use(connection, either, statement -> {
            statement.setString(1, "a");
            statement.setString(2, "beta");
            return count(statement);
        });
        // the second parameter left unbound: SQLite reads it as NULL, and NULL matches no body
        int firstOnly = cache.use(connection, either, statement -> {
            statement.setString(1, "nothing");
            return count(statement);
        });

        assertThat(both).isEqualTo(2);
        assertThat(firstOnly).isZero();
    }

    @Test
    void aStatementGivenBackIsNeverClearedInSqliteSoItStaysCompiled() throws SQLException {
        // sqlite3_clear_bindings (the driver's clearParameters) expires a statement whose plan depends on a bound
        // value, and SQLite compiles an expired statement again at its next step: what keeping it was meant to save
        var calls = new ArrayList<String>();
        Connection recording = recordingStatementCalls(checkout().unwrap(Connection.class), calls);
        PreparedStatement first = cache.use(recording, BY_NAME, statement -> {
            assertThat(bodyOf(statement, "a")).isEqualTo("alpha");
            return statement;
        });
        PreparedStatement second = cache.use(recording, BY_NAME, statement -> {
            assertThat(bodyOf(statement, "b")).isEqualTo("beta");
            return statement;
        });

        assertThat(second).as("kept, so reset when given back").isSameAs(first);
        assertThat(calls).contains("setNull").doesNotContain("clearParameters");
    }

    /**
     * {@code driver} with every prepared statement recording the names of the methods called on it; the cache keeps
     * statements by the connection it unwraps, this one.
     */
    private static Connection recordingStatementCalls(Connection driver, List<String> calls) {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    if (method.getName().equals("unwrap") && args[0] == Connection.class) {
                        return proxy;
                    }
                    Object result = invoke(driver, method, args);
                    if (result instanceof PreparedStatement statement) {
                        return Proxy.newProxyInstance(PreparedStatement.class.getClassLoader(),
                                new Class<?>[] {PreparedStatement.class}, (ignored, call, callArgs) -> {
                                    calls.add(call.getName());
                                    return invoke(statement, call, callArgs);
                                });
                    }
                    return result;
                });
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @Test
    void aResultSetLeftOpenIsResetSoTheConnectionSeesLaterCommits() throws SQLException {
        Connection connection = checkout();
        cache.use(connection, "SELECT name FROM notes ORDER BY name", statement -> {
            var names = statement.executeQuery();
            names.next();
            return null; // left open, mid-way
        });
        try (Connection other = DriverManager.getConnection(url); var insert = other.createStatement()) {
            insert.executeUpdate("INSERT INTO notes (name, body) VALUES ('d', 'delta')");
        }

        int notes = cache.use(connection, "SELECT count(*) FROM notes", SqliteStatementCacheTest::count);

        assertThat(notes).isEqualTo(4);
    }

    @Test
    void aStatementThatFailedIsClosedAndTheConnectionStaysUsable() throws SQLException {
        Connection connection = checkout();
        var failed = new ArrayList<PreparedStatement>();
        assertThatThrownBy(() -> cache.use(connection, INSERT, statement -> {
            failed.add(statement);
            statement.setString(1, "a");
            statement.setString(2, "duplicate");
            return statement.executeUpdate();
        })).isInstanceOf(SQLException.class).hasMessageContaining("UNIQUE");

        assertThat(failed.getFirst().isClosed()).isTrue();
        assertThat(cache.idle(connection)).isZero();
        int inserted = cache.use(connection, INSERT, statement -> {
            statement.setString(1, "e");
            statement.setString(2, "epsilon");
            return statement.executeUpdate();
        });
        String body = cache.use(connection, BY_NAME, statement -> bodyOf(statement, "e"));
        assertThat(inserted).isEqualTo(1);
        assertThat(body).isEqualTo("epsilon");
    }

    @Test
    void atMostTheBoundIsKeptPerConnectionTheLeastRecentlyUsedGoingFirst() throws SQLException {
        Connection connection = checkout();
        var statements = new ArrayList<PreparedStatement>();
        for (int i = 0; i <= SqliteStatementCache.PER_CONNECTION; i++) {
            int n = i;
            statements.add(cache.use(connection, "SELECT " + n, statement -> {
                try (var rs = statement.executeQuery()) {
                    rs.next();
                    assertThat(rs.getInt(1)).isEqualTo(n);
                }
                return statement;
            }));
        }

        assertThat(cache.idle(connection)).isEqualTo(SqliteStatementCache.PER_CONNECTION);
        assertThat(statements.getFirst().isClosed()).isTrue();
        assertThat(statements.getLast().isClosed()).isFalse();
    }

    @Test
    void theDriversConnectionKeepsIdentityEquality() throws Exception {
        // the cache is a hash map keyed by the driver's connection: equal must mean the same connection
        Class<?> driverConnection = checkout().unwrap(SQLiteConnection.class).getClass();
        assertThat(driverConnection.getMethod("equals", Object.class).getDeclaringClass()).isEqualTo(Object.class);
        assertThat(driverConnection.getMethod("hashCode").getDeclaringClass()).isEqualTo(Object.class);
    }

    // --- through JdbcTransactions: Jdbi and the plain reads inside a unit share one cache; a plain read alone prepares anew ---

    @Test
    void jdbiAndThePlainReadsInsideAUnitAndAloneShareTheKeptStatement() {
        PreparedStatement jdbi = transactions.readingOne(handle -> handle.createQuery(BY_NAME)
                .bind(0, "a")
                .map((rs, context) -> context.getStatement())
                .one());
        PreparedStatement inUnit = transactions.reading(handle -> transactions.readingOnePlain(BY_NAME, statement -> {
            assertThat(bodyOf(statement, "b")).isEqualTo("beta");
            return statement;
        }));
        PreparedStatement alone = transactions.readingOnePlain(BY_NAME, statement -> {
            assertThat(bodyOf(statement, "b")).isEqualTo("beta");
            return statement;
        });
        PreparedStatement again = transactions.readingOne(handle -> handle.createQuery(BY_NAME)
                .bind(0, "c")
                .map((rs, context) -> context.getStatement())
                .one());

        assertThat(inUnit).isSameAs(jdbi);
        assertThat(alone).isSameAs(jdbi);
        assertThat(again).isSameAs(jdbi);
    }

    @Test
    void aUnitIteratingResultsWhileRunningTheSameQueryGetsTwoStatements() {
        String names = "SELECT name FROM notes WHERE name <> :skip ORDER BY name";
        transactions.reading(handle -> handle.createQuery(names).bind("skip", "-").mapTo(String.class).list());
        var pairs = transactions.reading(handle -> {
            var out = new ArrayList<String>();
            try (var outer = handle.createQuery(names).bind("skip", "-").mapTo(String.class).iterator()) {
                while (outer.hasNext()) {
                    String name = outer.next();
                    List<String> others = handle.createQuery(names).bind("skip", name).mapTo(String.class).list();
                    out.add(name + ":" + String.join(",", others));
                }
            }
            return out;
        });

        assertThat(pairs).containsExactly("a:b,c", "b:a,c", "c:a,b");
    }

    @Test
    void aFailedWriteOrReadLeavesNothingBrokenForTheNextUnit() {
        String insert = "INSERT INTO notes (name, body) VALUES (:name, :body)";
        String xs = "SELECT json_extract(body, '$.x') FROM notes ORDER BY name";
        assertThatThrownBy(() -> transactions.writing(handle -> handle.createUpdate(insert)
                .bind("name", "a").bind("body", "duplicate").execute()))
                .hasMessageContaining("UNIQUE");
        transactions.writing(handle -> handle.execute("UPDATE notes SET body = '{\"x\": 0}' WHERE name = 'a'"));
        // the first row reads, the second fails: a statement that failed part-way through its rows
        assertThatThrownBy(() -> transactions.reading(handle -> handle.createQuery(xs).mapTo(String.class).list()))
                .hasStackTraceContaining("malformed JSON");

        transactions.writing(handle -> handle.execute("UPDATE notes SET body = '{\"x\": 1}'"));
        int inserted = transactions.writing(handle -> handle.createUpdate(insert)
                .bind("name", "f").bind("body", "{\"x\": 2}").execute());
        List<String> read = transactions.reading(handle -> handle.createQuery(xs).mapTo(String.class).list());

        assertThat(inserted).isEqualTo(1);
        assertThat(read).containsExactly("1", "1", "1", "2");
    }

    @Test
    void batchesAreNotRunAgainAndGeneratedKeysStillWork() {
        String insert = "INSERT INTO notes (name, body) VALUES (:name, :body)";
        for (String round : List.of("x", "y")) {
            transactions.writing(handle -> {
                PreparedBatch batch = handle.prepareBatch(insert);
                for (int i = 0; i < 3; i++) {
                    batch.bind("name", round + i).bind("body", round).add();
                }
                return batch.execute();
            });
        }
        // a batch that fails part-way: nothing of it stays, and nothing of it runs with the next batch
        assertThatThrownBy(() -> transactions.writing(handle -> handle.prepareBatch(insert)
                .bind("name", "z0").bind("body", "z").add()
                .bind("name", "a").bind("body", "z").add()
                .execute()));
        transactions.writing(handle -> handle.prepareBatch(insert).bind("name", "w0").bind("body", "w").add().execute());
        long id = transactions.writing(handle -> handle.createUpdate(insert)
                .bind("name", "k").bind("body", "key")
                .executeAndReturnGeneratedKeys()
                .mapTo(Long.class)
                .one());

        List<String> bodies = transactions.reading(handle -> handle.createQuery("SELECT body FROM notes ORDER BY id")
                .mapTo(String.class).list());
        String byKey = transactions.reading(handle -> handle.createQuery("SELECT body FROM notes WHERE id = :id")
                .bind("id", id).mapTo(String.class).one());

        assertThat(bodies).containsExactly("alpha", "beta", "gamma", "x", "x", "x", "y", "y", "y", "w", "key");
        assertThat(byKey).isEqualTo("key");
    }

    @Test
    void aUnitJoiningTheHostsTransactionLeavesNoStatementOnTheHostsConnection() throws SQLException {
        try (Connection hostConnection = DriverManager.getConnection(url)) {
            hostConnection.setAutoCommit(false);
            var host = new OneHostTransaction(hostConnection);
            var joining = new JdbcTransactions(pool, Dialect.SQLITE, host, 0, true);

            var statements = joining.reading(handle -> {
                assertThat(handle.getStatementBuilder()).isInstanceOf(DefaultStatementBuilder.class);
                PreparedStatement jdbi = handle.createQuery(BY_NAME).bind(0, "a")
                        .map((rs, context) -> context.getStatement()).one();
                PreparedStatement plain = joining.readingOnePlain(BY_NAME, statement -> {
                    assertThat(bodyOf(statement, "b")).isEqualTo("beta");
                    return statement;
                });
                return List.of(jdbi, plain);
            });

            assertThat(statements).allSatisfy(statement -> assertThat(statement.isClosed()).isTrue());
            hostConnection.rollback();
        }
    }

    /** A host with one transaction always active on one connection. */
    private record OneHostTransaction(Connection connection) implements HostTransactions {
        @Override
        public boolean active() {
            return true;
        }

        @Override
        public void release(Connection released) {}

        @Override
        public void afterCommit(Runnable work) {}
    }

    private final List<Connection> checkedOut = new ArrayList<>();

    private Connection checkout() throws SQLException {
        returnAll();
        Connection connection = pool.getConnection();
        checkedOut.add(connection);
        return connection;
    }

    private void returnAll() throws SQLException {
        for (Connection connection : checkedOut) {
            connection.close();
        }
        checkedOut.clear();
    }

    private static String bodyOf(PreparedStatement statement, String name) throws SQLException {
        statement.setString(1, name);
        try (var rs = statement.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private static int count(PreparedStatement statement) throws SQLException {
        try (var rs = statement.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }
}

package dev.grantor.adapter.persistence.bench;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * Sits in front of the SQLite and PostgreSQL drivers in {@link DriverManager}, so a pool opened while
 * {@link #wrapping} is on hands out connections that log every call reaching the database: each executed
 * statement, each batch (one entry, with its row count), commit and rollback, and the time each took. The storage builds its own
 * pool from a URL, and this is how a benchmark sees the SQL the engine really issues, not what the code
 * seems to issue. Connections opened while wrapping is off are the drivers' own, with no cost.
 */
final class RecordingDriver implements Driver {

    private static volatile boolean wrapping;
    private static volatile boolean recording;
    private static final List<String> LOG = Collections.synchronizedList(new ArrayList<>());
    /** Per logged entry: calls and nanoseconds spent in the driver, summed while recording. */
    private static final java.util.Map<String, long[]> TIMES = new java.util.concurrent.ConcurrentHashMap<>();

    private final Driver real;

    private RecordingDriver(Driver real) {
        this.real = real;
    }

    /** Replaces every registered driver for {@code jdbc:sqlite:} and {@code jdbc:postgresql:} with a recording one. */
    static synchronized void install() throws SQLException {
        for (Driver driver : DriverManager.drivers().toList()) {
            if (!(driver instanceof RecordingDriver)
                    && (driver.acceptsURL("jdbc:sqlite:x.db") || driver.acceptsURL("jdbc:postgresql://localhost/x"))) {
                DriverManager.deregisterDriver(driver);
                DriverManager.registerDriver(new RecordingDriver(driver));
            }
        }
    }

    /** While on, new connections are wrapped; pools opened meanwhile keep theirs wrapped for life. */
    static void wrapping(boolean on) {
        wrapping = on;
    }

    /** Starts a fresh log: what wrapped connections execute from now on, in order. */
    static void startRecording() {
        LOG.clear();
        TIMES.clear();
        recording = true;
    }

    static List<String> stopRecording() {
        recording = false;
        synchronized (LOG) {
            return List.copyOf(LOG);
        }
    }

    /** Calls and nanoseconds per statement since recording started; the database's share of the time. */
    static java.util.Map<String, long[]> times() {
        return java.util.Map.copyOf(TIMES);
    }

    private static void log(String entry) {
        if (recording) {
            LOG.add(entry);
        }
    }

    private static Object timed(String entry, Object target, Method method, Object[] args) throws Throwable {
        if (!recording) {
            return call(target, method, args);
        }
        log(entry);
        long start = System.nanoTime();
        try {
            return call(target, method, args);
        } finally {
            long[] total = TIMES.computeIfAbsent(entry, e -> new long[2]);
            synchronized (total) {
                total[0]++;
                total[1] += System.nanoTime() - start;
            }
        }
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        Connection connection = real.connect(url, info);
        if (connection == null || !wrapping) {
            return connection;
        }
        return proxy(Connection.class, connection, (target, method, args) -> switch (method.getName()) {
            case "prepareStatement" -> statement(PreparedStatement.class, (PreparedStatement) call(target, method, args), (String) args[0]);
            case "createStatement" -> statement(Statement.class, (Statement) call(target, method, args), null);
            case "commit" -> timed("COMMIT (Connection.commit)", target, method, args);
            case "rollback" -> timed("ROLLBACK (Connection.rollback)", target, method, args);
            default -> call(target, method, args);
        });
    }

    private static <S extends Statement> S statement(Class<S> type, S real, String prepared) {
        int[] batched = {0};
        return proxy(type, real, (target, method, args) -> {
            String name = method.getName();
            if (name.equals("addBatch")) {
                batched[0]++;
            } else if (name.equals("executeBatch") || name.equals("executeLargeBatch")) {
                String entry = "BATCH x" + batched[0] + " " + prepared;
                batched[0] = 0;
                return timed(entry, target, method, args);
            } else if (name.startsWith("execute")) {
                return timed(args != null && args.length > 0 && args[0] instanceof String sql ? sql : prepared, target, method, args);
            }
            return call(target, method, args);
        });
    }

    private interface Handler {
        Object handle(Object target, Method method, Object[] args) throws Throwable;
    }

    private static <T> T proxy(Class<T> type, T target, Handler handler) {
        InvocationHandler invocation = (self, method, args) -> handler.handle(target, method, args);
        return type.cast(Proxy.newProxyInstance(RecordingDriver.class.getClassLoader(), new Class<?>[] {type}, invocation));
    }

    private static Object call(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @Override
    public boolean acceptsURL(String url) throws SQLException {
        return real.acceptsURL(url);
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) throws SQLException {
        return real.getPropertyInfo(url, info);
    }

    @Override
    public int getMajorVersion() {
        return real.getMajorVersion();
    }

    @Override
    public int getMinorVersion() {
        return real.getMinorVersion();
    }

    @Override
    public boolean jdbcCompliant() {
        return real.jdbcCompliant();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return real.getParentLogger();
    }
}

package dev.grantor.adapter.persistence;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one embedded PostgreSQL of every module's tests (published in this module's test-jar): real server
 * binaries, one server per test JVM, a fresh database per caller, so tests never see each other's rows.
 * Durability is switched back on (the harness turns fsync and synchronous commit off by default, which
 * would hide commit costs and crash behaviour).
 */
public final class PostgresFixture {

    public static final String USER = "postgres";
    public static final String PASSWORD = "postgres";

    /** ICU's English rules; ICU is built into the server binaries, so no operating-system locale is needed. */
    static final String LINGUISTIC = " TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C.UTF-8'";

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres server;

    private PostgresFixture() {}

    /** The settings every Grantor test server runs with; also for starting one by hand. */
    public static EmbeddedPostgres.Builder durableServer() {
        return EmbeddedPostgres.builder()
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("max_connections", "300");
    }

    /** The shared server, started on first use and stopped when the JVM exits. */
    public static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                server = durableServer().start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the embedded PostgreSQL", e);
            }
            var started = server;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (IOException ignored) {
                    // the JVM is going away; the harness removes its data directory itself
                }
            }));
        }
        return server;
    }

    /**
     * The JDBC URL of a new, empty database on the shared server (user {@link #USER}, password {@link #PASSWORD}). It
     * orders text as English does ({@value #LINGUISTIC}: 'a' before 'B'), as a production database created under
     * {@code en_US.UTF-8} (the official image's default) does, not as the harness's {@code C} locale: a query that leans
     * on the database's default order for ids fails here rather than only in production.
     */
    public static String newDatabase() {
        String name = "grantor_" + DATABASES.incrementAndGet();
        try (var connection = server().getPostgresDatabase().getConnection(); var statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name + LINGUISTIC);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
        return server().getJdbcUrl(USER, name);
    }
}

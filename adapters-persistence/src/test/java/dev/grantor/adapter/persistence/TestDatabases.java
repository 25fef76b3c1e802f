package dev.grantor.adapter.persistence;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real databases the tests run on: one PostgreSQL server per test JVM, shared by every test class
 * (each gets its own database in it), with durability switched back on (the harness turns fsync and
 * synchronous commit off by default); SQLite files in temporary directories.
 */
public final class TestDatabases {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres postgres;

    private TestDatabases() {}

    static synchronized EmbeddedPostgres postgres() {
        if (postgres == null) {
            try {
                postgres = EmbeddedPostgres.builder()
                        .setServerConfig("fsync", "on")
                        .setServerConfig("synchronous_commit", "on")
                        .setServerConfig("max_connections", "300")
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the embedded PostgreSQL", e);
            }
            var server = postgres;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    server.close();
                } catch (IOException ignored) {
                    // the JVM is going away; the harness removes its data directory itself
                }
            }));
        }
        return postgres;
    }

    /** A new, empty database on the shared server. */
    public static StorageSettings freshPostgres() {
        String name = "grantor_" + DATABASES.incrementAndGet();
        try (var connection = postgres().getPostgresDatabase().getConnection(); var statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
        return StorageSettings.postgresql(postgres().getJdbcUrl("postgres", name), "postgres", "");
    }

    public static StorageSettings freshSqlite(Path dir) {
        return StorageSettings.sqlite(dir.resolve("db-" + DATABASES.incrementAndGet()));
    }

    /** For stores that live as long as the JVM, where no test's temporary directory outlives them. */
    public static StorageSettings freshSqliteInTemporaryDirectory() {
        try {
            var dir = Files.createTempDirectory("grantor-test");
            dir.toFile().deleteOnExit();
            return freshSqlite(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

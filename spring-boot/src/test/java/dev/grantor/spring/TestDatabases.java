package dev.grantor.spring;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A real PostgreSQL (embedded binaries, started once per test JVM) and fresh SQLite files for the shop. */
final class TestDatabases {

    private static EmbeddedPostgres postgres;

    private TestDatabases() {}

    private static final java.util.Map<String, String> CREATED = new java.util.HashMap<>();

    /** A database of its own on the shared server, created on first use; asking again answers the same one. */
    static synchronized String postgresUrl(String database) {
        return CREATED.computeIfAbsent(database, TestDatabases::createPostgres);
    }

    private static String createPostgres(String database) {
        try {
            if (postgres == null) {
                postgres = EmbeddedPostgres.builder().start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        postgres.close();
                    } catch (IOException ignored) {
                        // the JVM is going away; the data directory is temporary
                    }
                }));
            }
            try (var connection = postgres.getPostgresDatabase().getConnection(); var statement = connection.createStatement()) {
                statement.execute("CREATE DATABASE " + database);
            }
            return postgres.getJdbcUrl("postgres", database);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A SQLite file with the pragmas Grantor relies on (foreign keys; WAL and synchronous=FULL for durability) and
     * writers that take the write lock when their transaction begins, so a shop transaction that reads first cannot
     * lose its write lock to another writer.
     */
    static String sqliteUrl() {
        try {
            Path dir = Files.createTempDirectory("grantor-shop");
            return "jdbc:sqlite:" + dir.resolve("shop.db") + "?foreign_keys=true&journal_mode=WAL&synchronous=FULL"
                    + "&busy_timeout=10000&transaction_mode=IMMEDIATE";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path temporaryDirectory(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

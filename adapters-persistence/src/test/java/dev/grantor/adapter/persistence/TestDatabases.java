package dev.grantor.adapter.persistence;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real databases this module's tests run on: a fresh database on the shared embedded PostgreSQL of
 * {@link PostgresFixture}; SQLite files in temporary directories.
 */
public final class TestDatabases {

    private static final AtomicInteger DATABASES = new AtomicInteger();

    private TestDatabases() {}

    /** A new, empty database on the shared server of {@link PostgresFixture}. */
    public static StorageSettings freshPostgres() {
        return StorageSettings.postgresql(PostgresFixture.newDatabase(), PostgresFixture.USER, PostgresFixture.PASSWORD);
    }

    public static StorageSettings freshSqlite(Path dir) {
        return StorageSettings.sqlite(dir.resolve("db-" + DATABASES.incrementAndGet()));
    }

    /** For stores that live as long as the JVM, where no test's temporary directory outlives them. */
    public static StorageSettings freshSqliteInTemporaryDirectory() {
        try {
            var dir = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "grantor-test");
            return freshSqlite(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.grantor.spring;

import dev.grantor.adapter.persistence.PostgresFixture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** A real PostgreSQL (the project's one embedded server, {@link PostgresFixture}) and fresh SQLite files for the shop. */
final class TestDatabases {

    private static final Map<String, String> CREATED = new HashMap<>();
    /** Under the module's build directory, which {@code mvn clean} empties, so a run leaves nothing in the system's. */
    private static final Path BUILD = buildDirectory();

    private TestDatabases() {}

    /** A database of its own on the shared server, created on first use; asking again answers the same one. */
    static synchronized String postgresUrl(String database) {
        return CREATED.computeIfAbsent(database, name -> PostgresFixture.newDatabase());
    }

    /**
     * A SQLite file with the pragmas Grantor relies on (foreign keys; WAL and synchronous=FULL for durability) and
     * writers that take the write lock when their transaction begins, so a shop transaction that reads first cannot
     * lose its write lock to another writer.
     */
    static String sqliteUrl() {
        try {
            Path dir = Files.createTempDirectory(BUILD, "grantor-shop");
            return "jdbc:sqlite:" + dir.resolve("shop.db") + "?foreign_keys=true&journal_mode=WAL&synchronous=FULL"
                    + "&busy_timeout=10000&transaction_mode=IMMEDIATE";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path buildDirectory() {
        try {
            return Files.createDirectories(Path.of("target"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path temporaryDirectory(String prefix) {
        try {
            return Files.createTempDirectory(BUILD, prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

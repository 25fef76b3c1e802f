package dev.grantor.bootstrap;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real PostgreSQL for the whole test run (it takes a second to start), with a fresh database per test,
 * so tests never see each other's rows. Durable settings, as in production: the harness turns them off.
 */
final class TestPostgres {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres server;

    private TestPostgres() {}

    private static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                server = EmbeddedPostgres.builder()
                        .setServerConfig("fsync", "on")
                        .setServerConfig("synchronous_commit", "on")
                        .setServerConfig("max_connections", "200")
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException("embedded PostgreSQL did not start", e);
            }
        }
        return server;
    }

    /** A new, empty database; {@code dataDir} still holds whatever else the service keeps on disk. */
    static DatabaseSettings newDatabase(Path dataDir) {
        var pg = server();
        String name = "grantor_" + DATABASES.incrementAndGet();
        try (var connection = DriverManager.getConnection(pg.getJdbcUrl("postgres", "postgres"));
             var statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
        return DatabaseSettings.external(dataDir, pg.getJdbcUrl("postgres", name), "postgres", "postgres");
    }

    /** The same database as command-line options, for the CLI. */
    static String[] options(DatabaseSettings settings) {
        return settings.url().isEmpty()
                ? new String[] {"--data-dir", settings.dataDir().toString()}
                : new String[] {"--data-dir", settings.dataDir().toString(), "--db-url", settings.url().get(),
                        "--db-user", settings.user().get(), "--db-password", settings.password().get()};
    }
}

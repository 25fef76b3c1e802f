package dev.grantor.bootstrap;

import dev.grantor.adapter.persistence.PostgresFixture;
import java.nio.file.Path;

/** Fresh databases on the shared embedded PostgreSQL of every module's tests, as the service's settings. */
final class TestPostgres {

    private TestPostgres() {}

    /** A new, empty database; {@code dataDir} still holds whatever else the service keeps on disk. */
    static DatabaseSettings newDatabase(Path dataDir) {
        return DatabaseSettings.external(dataDir, PostgresFixture.newDatabase(), PostgresFixture.USER, PostgresFixture.PASSWORD);
    }

    /** The same database as command-line options, for the CLI. */
    static String[] options(DatabaseSettings settings) {
        return settings.url().isEmpty()
                ? new String[] {"--data-dir", settings.dataDir().toString()}
                : new String[] {"--data-dir", settings.dataDir().toString(), "--db-url", settings.url().get(),
                        "--db-user", settings.user().get(), "--db-password", settings.password().get()};
    }
}

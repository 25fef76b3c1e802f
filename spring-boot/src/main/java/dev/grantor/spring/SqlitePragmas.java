package dev.grantor.spring;

import dev.grantor.adapter.persistence.JdbcStorage;

/**
 * The application's SQLite {@code DataSource} without the pragmas Grantor relies on ({@link
 * JdbcStorage#unmetSqlitePragmas()} holds which) is refused before Grantor uses it, in the application's words:
 * the URL it configures.
 */
final class SqlitePragmas {

    static final String EXAMPLE_URL =
            "jdbc:sqlite:shop.db?foreign_keys=true&journal_mode=WAL&synchronous=FULL&busy_timeout=10000&transaction_mode=IMMEDIATE";

    private SqlitePragmas() {}

    /** @throws IllegalStateException naming each pragma that is not as Grantor needs it */
    static void require(JdbcStorage storage) {
        var unmet = storage.unmetSqlitePragmas();
        if (!unmet.isEmpty()) {
            throw new IllegalStateException("Grantor needs pragmas on the application's SQLite connections that they do not have: "
                    + String.join(", ", unmet) + ". Give them in the URL (spring.datasource.url), such as " + EXAMPLE_URL);
        }
    }
}

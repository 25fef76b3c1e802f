package dev.grantor.spring;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * The pragmas Grantor relies on, checked on a connection of the application's SQLite {@code DataSource} before
 * Grantor uses it. Grantor's own pool sets them on every connection; the application's pool is configured by the
 * application, and without them SQLite silently skips foreign keys and a commit may not survive a power loss, so
 * a start-up without them is refused rather than run that way. SQLite cannot report {@code transaction_mode}
 * or tell how the busy timeout was chosen, so those stay the documentation's advice.
 */
final class SqlitePragmas {

    static final String EXAMPLE_URL =
            "jdbc:sqlite:shop.db?foreign_keys=true&journal_mode=WAL&synchronous=FULL&busy_timeout=10000&transaction_mode=IMMEDIATE";

    private SqlitePragmas() {}

    /** @throws IllegalStateException naming each pragma that is not as Grantor needs it */
    static void require(DataSource dataSource) {
        var wrong = new ArrayList<String>();
        try (Connection connection = dataSource.getConnection(); var statement = connection.createStatement()) {
            String foreignKeys = read(statement, "foreign_keys");
            if (!foreignKeys.equals("1")) {
                wrong.add("foreign_keys=" + foreignKeys + " (needs true)");
            }
            String journal = read(statement, "journal_mode").toLowerCase(Locale.ROOT);
            if (!journal.equals("wal")) {
                wrong.add("journal_mode=" + journal + " (needs WAL)");
            }
            String synchronous = read(statement, "synchronous");
            // 2 is FULL, 3 EXTRA: with WAL, NORMAL (1) can lose the last commits in a power loss
            if (!synchronous.equals("2") && !synchronous.equals("3")) {
                wrong.add("synchronous=" + synchronous + " (needs FULL)");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the SQLite pragmas of the application's DataSource: " + e.getMessage(), e);
        }
        if (!wrong.isEmpty()) {
            throw new IllegalStateException("Grantor needs pragmas on the application's SQLite connections that they do not have: "
                    + String.join(", ", wrong) + ". Give them in the URL (spring.datasource.url), such as " + EXAMPLE_URL);
        }
    }

    private static String read(java.sql.Statement statement, String pragma) throws SQLException {
        try (var result = statement.executeQuery("PRAGMA " + pragma)) {
            return result.next() ? String.valueOf(result.getString(1)) : "";
        }
    }
}

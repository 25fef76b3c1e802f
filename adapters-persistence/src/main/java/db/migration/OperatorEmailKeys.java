package db.migration;

import dev.grantor.domain.shared.EmailAddress;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Operators are found by the case-folded form of their address ({@link EmailAddress#matchKey()}), as customers are,
 * so an operator who types a capital gets the sign-in link all the same. The form is the engine's, not the database's
 * {@code lower()} (ASCII only on SQLite, the locale's on PostgreSQL), so the rows written before are filled in here,
 * one by one: a deployment has a handful of operators. Both dialects' migrations run this.
 */
public final class OperatorEmailKeys {

    private OperatorEmailKeys() {}

    public static void addAndFill(Connection connection) throws SQLException {
        try (var statement = connection.createStatement()) {
            statement.execute("ALTER TABLE operators ADD COLUMN email_key TEXT");
        }
        try (var read = connection.createStatement();
             var rows = read.executeQuery("SELECT id, email FROM operators");
             var fill = connection.prepareStatement("UPDATE operators SET email_key = ? WHERE id = ?")) {
            while (rows.next()) {
                fill.setString(1, new EmailAddress(rows.getString("email")).matchKey());
                fill.setString(2, rows.getString("id"));
                fill.executeUpdate();
            }
        }
        try (var statement = connection.createStatement()) {
            // its only reader, the lookup by the address as typed, now reads email_key
            statement.execute("DROP INDEX operators_by_email");
            statement.execute("CREATE INDEX operators_by_email_key ON operators (email_key)");
        }
    }
}

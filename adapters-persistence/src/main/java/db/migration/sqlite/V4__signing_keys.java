package db.migration.sqlite;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Offline verification on SQLite: the signing_keys table, and license key values up to 1024 characters
 * (signed keys carry their payload and signature). SQLite cannot alter a CHECK constraint, and rebuilding
 * license_keys would cascade-delete its instances and drop any column a later migration added, so the
 * constraint is relaxed in place, by SQLite's documented procedure for loosening constraints: edit the
 * table's text in sqlite_schema and bump the schema version, so every open connection re-reads it. Loosening
 * a CHECK cannot make stored rows invalid, and the on-disk format does not change.
 */
public class V4__signing_keys extends BaseJavaMigration {

    static final String OLD_CHECK = "length(value) BETWEEN 1 AND 255";
    static final String NEW_CHECK = "length(value) BETWEEN 1 AND 1024";

    @Override
    public void migrate(Context context) throws SQLException {
        Connection connection = context.getConnection();
        try (Statement statement = connection.createStatement()) {
            statement.execute("""
                    CREATE TABLE signing_keys (
                        kid                TEXT PRIMARY KEY,
                        business_id        TEXT NOT NULL,
                        generation         INTEGER NOT NULL,
                        public_key         TEXT NOT NULL,
                        sealed_private_key TEXT NOT NULL,
                        created_at         BIGINT NOT NULL,
                        CONSTRAINT signing_keys_generation_unique UNIQUE (business_id, generation),
                        CONSTRAINT signing_keys_generation_positive CHECK (generation >= 1)
                    )""");
            long schemaVersion;
            try (var rows = statement.executeQuery("PRAGMA schema_version")) {
                rows.next();
                schemaVersion = rows.getLong(1);
            }
            statement.execute("PRAGMA writable_schema = ON");
            int changed = statement.executeUpdate("UPDATE sqlite_schema SET sql = replace(sql, '" + OLD_CHECK + "', '"
                    + NEW_CHECK + "') WHERE type = 'table' AND name = 'license_keys' AND instr(sql, '" + OLD_CHECK + "') > 0");
            statement.execute("PRAGMA schema_version = " + (schemaVersion + 1));
            statement.execute("PRAGMA writable_schema = OFF");
            if (changed != 1) {
                throw new SQLException("license_keys does not hold the constraint '" + OLD_CHECK + "' this migration relaxes");
            }
            try (var rows = statement.executeQuery("PRAGMA quick_check")) {
                rows.next();
                if (!"ok".equals(rows.getString(1))) {
                    throw new SQLException("the schema failed SQLite's check after relaxing license_keys: " + rows.getString(1));
                }
            }
        }
    }
}

package dev.grantor.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteMigrationTest extends MigrationBehaviour {

    @TempDir
    Path dir;

    @Override
    protected StorageSettings settings() {
        return TestDatabases.freshSqlite(dir);
    }

    @Test
    void every_connection_is_durable_on_commit_enforces_foreign_keys_and_waits_when_busy() throws Exception {
        try (var storage = JdbcStorage.open(settings()); var connection = storage.dataSource().getConnection();
             var statement = connection.createStatement()) {
            assertThat(pragma(statement, "journal_mode")).isEqualTo("wal");
            assertThat(pragma(statement, "synchronous")).as("FULL").isEqualTo("2");
            assertThat(pragma(statement, "foreign_keys")).isEqualTo("1");
            assertThat(pragma(statement, "busy_timeout")).isEqualTo(String.valueOf(JdbcStorage.SQLITE_BUSY_TIMEOUT_MILLIS));
        }
    }

    private static String pragma(java.sql.Statement statement, String name) throws java.sql.SQLException {
        try (var rows = statement.executeQuery("PRAGMA " + name)) {
            rows.next();
            return rows.getString(1);
        }
    }
}

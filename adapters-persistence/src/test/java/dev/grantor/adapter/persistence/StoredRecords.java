package dev.grantor.adapter.persistence;

import java.sql.SQLException;

/** Direct access to the tables, for tests that reset or inspect what the ports stored. */
final class StoredRecords {

    private static final String[] TABLES = {"key_values", "pooled_keys", "key_pools", "delivery_resends", "resend_windows", "license_key_past_values", "license_key_instances", "license_keys", "grants",
            "customers", "entitlements", "businesses", "api_keys", "outbox", "idempotency_records", "signing_keys",
            "portal_sign_in_links", "portal_sign_in_codes", "throttle_windows",
            "web_sessions", "web_login_links", "operators", "audit_entries"};

    private StoredRecords() {}

    static void deleteAll(JdbcStorage storage) {
        try (var connection = storage.dataSource().getConnection(); var statement = connection.createStatement()) {
            if (storage.databaseKind().equals("postgresql")) {
                statement.execute("TRUNCATE " + String.join(", ", TABLES));
            } else {
                for (String table : TABLES) {
                    statement.execute("DELETE FROM " + table);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot empty the store", e);
        }
    }

    /** Runs {@code sql} as it is, in auto-commit (so also {@code VACUUM}). */
    static void execute(JdbcStorage storage, String sql) {
        try (var connection = storage.dataSource().getConnection(); var statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot run " + sql, e);
        }
    }

    /** The first column of every row {@code sql} answers, as text. */
    static java.util.List<String> strings(JdbcStorage storage, String sql) {
        try (var connection = storage.dataSource().getConnection(); var statement = connection.createStatement();
             var rows = statement.executeQuery(sql)) {
            var values = new java.util.ArrayList<String>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            return values;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read with " + sql, e);
        }
    }

    static long count(JdbcStorage storage, String sql) {
        try (var connection = storage.dataSource().getConnection(); var statement = connection.createStatement();
             var rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count with " + sql, e);
        }
    }
}

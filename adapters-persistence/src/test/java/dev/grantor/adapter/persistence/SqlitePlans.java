package dev.grantor.adapter.persistence;

import java.sql.SQLException;

/** SQLite's plan of a statement ({@code EXPLAIN QUERY PLAN}), one line a step: which index each step searches or scans. */
final class SqlitePlans {

    private SqlitePlans() {}

    /** The plan of {@code sql}; its parameters, named or not, unbound. */
    static String explain(JdbcStorage storage, String sql) throws SQLException {
        try (var connection = storage.dataSource().getConnection();
             var statement = connection.prepareStatement("EXPLAIN QUERY PLAN " + sql);
             var rows = statement.executeQuery()) {
            var plan = new StringBuilder();
            while (rows.next()) {
                plan.append(rows.getString("detail")).append('\n');
            }
            return plan.toString();
        }
    }
}

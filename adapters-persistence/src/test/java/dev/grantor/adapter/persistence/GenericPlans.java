package dev.grantor.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.regex.Pattern;

/**
 * PostgreSQL's plans of a statement as the driver runs it once a connection has used it a few times: prepared, on a
 * generic plan that cannot see where the bound values fall among the stored ones (or, asked for, on the plan made for
 * the bound values). Executed ({@code EXPLAIN ANALYZE},
 * so the plan shows the rows each node read) and rolled back.
 */
final class GenericPlans {

    private GenericPlans() {}

    /** {@code sql} with {@code $1}, {@code $2}... of {@code types} ("" for none), executed with {@code arguments}. */
    static String explain(JdbcStorage storage, String sql, String types, String arguments) throws SQLException {
        return explain(storage, sql, types, arguments, "force_generic_plan");
    }

    /**
     * The plan made for the bound values, as the connection's first five runs of a statement get, and every later one
     * whenever PostgreSQL rates that plan cheaper than the generic one: it reads the statistics for those values.
     */
    static String explainForTheValues(JdbcStorage storage, String sql, String types, String arguments) throws SQLException {
        return explain(storage, sql, types, arguments, "force_custom_plan");
    }

    private static String explain(JdbcStorage storage, String sql, String types, String arguments, String planCacheMode)
            throws SQLException {
        return explain(storage, sql, types, arguments, planCacheMode, "ANALYZE, COSTS OFF");
    }

    /** As above on the plan {@code planCacheMode} asks for, with {@code options} of {@code EXPLAIN} ("ANALYZE, BUFFERS"). */
    static String explain(JdbcStorage storage, String sql, String types, String arguments, String planCacheMode, String options)
            throws SQLException {
        try (var connection = storage.dataSource().getConnection(); var statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            var plan = new StringBuilder();
            try {
                statement.execute("SET LOCAL plan_cache_mode = " + planCacheMode);
                statement.execute("PREPARE measured" + (types.isEmpty() ? "" : " (" + types + ")") + " AS " + sql);
                try (var rows = statement.executeQuery("EXPLAIN (" + options + ") EXECUTE measured"
                        + (arguments.isEmpty() ? "" : "(" + arguments + ")"))) {
                    while (rows.next()) {
                        plan.append(rows.getString(1)).append('\n');
                    }
                }
            } finally {
                connection.rollback();
                statement.execute("DEALLOCATE ALL");
                connection.setAutoCommit(true);
            }
            return plan.toString();
        }
    }

    /**
     * The rows the plan's first scan of {@code scanned} read (a table's name, followed by its alias where the statement
     * gives one: {@code "outbox outbox_1"}); fails when the plan has no such scan.
     */
    static int rowsRead(String plan, String scanned) {
        var scan = Pattern.compile("Scan (?:.* )?on " + Pattern.quote(scanned)
                + " +\\(actual time=[0-9.]+\\.\\.[0-9.]+ rows=(\\d+)(?:\\.\\d+)? loops=1\\)").matcher(plan);
        assertThat(scan.find()).as("a scan of %s in:%n%s", scanned, plan).isTrue();
        return Integer.parseInt(scan.group(1));
    }

    /** The rows every scan of {@code scanned} read, a subquery's too (PostgreSQL names a second scan of a table apart). */
    static int rowsReadByEveryScan(String plan, String scanned) {
        var scan = Pattern.compile("Scan (?:.* )?on " + Pattern.quote(scanned)
                + "(?: \\w+)? +\\(actual time=[0-9.]+\\.\\.[0-9.]+ rows=(\\d+)(?:\\.\\d+)? loops=1\\)").matcher(plan);
        int rows = 0;
        int scans = 0;
        while (scan.find()) {
            scans++;
            rows += Integer.parseInt(scan.group(1));
        }
        assertThat(scans).as("scans of %s in:%n%s", scanned, plan).isPositive();
        return rows;
    }

    /** Fresh statistics of {@code table}, as the planner would have them after autovacuum's next pass. */
    static void analyze(JdbcStorage storage, String table) {
        StoredRecords.execute(storage, "ANALYZE " + table);
    }
}

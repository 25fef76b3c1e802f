package dev.grantor.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node killed (SIGKILL) while it links old rows to their grants (PostgreSQL V40, SQLite V37) leaves the rows as they
 * were and the version unapplied, and the next start links them all. The store holds the session-24 fixture's emails,
 * events and deliveries copied until the backfill takes seconds; the kill lands while it runs: on PostgreSQL while the
 * node's UPDATE is active on the server, on SQLite while the node holds the writer after the versions before it.
 */
class GrantHistoryBackfillCrashTest {

    @TempDir
    Path dir;

    @Test
    void sqlite_a_node_killed_during_the_backfill_leaves_nothing_half_linked_and_the_next_start_links_everything()
            throws Exception {
        var settings = TestDatabases.freshSqlite(dir);
        check(settings, "19", "37", "upgrade/sqlite-v19", 1_000);
    }

    @Test
    void postgresql_a_node_killed_during_the_backfill_leaves_nothing_half_linked_and_the_next_start_links_everything()
            throws Exception {
        check(TestDatabases.freshPostgres(), "21", "40", "upgrade/postgresql-v21", 1_000);
    }

    private void check(StorageSettings settings, String fixtureVersion, String backfill, String fixture, int copies)
            throws Exception {
        try (var storage = JdbcStorage.open(settings.withMigrateOnStart(false))) {
            Flyway.configure().dataSource(storage.dataSource()).locations(settings.dialect().migrations())
                    .target(fixtureVersion).load().migrate();
            OldRowsUpgradeTest.load(storage, OldRowsUpgradeTest.resource(fixture + ".sql"));
            // every version before the backfill, so that what the node runs is the backfill alone
            String beforeBackfill = java.util.Arrays.stream(Flyway.configure().dataSource(storage.dataSource())
                            .locations(settings.dialect().migrations()).load().info().all())
                    .map(migration -> migration.getVersion())
                    .filter(version -> version.isNewerThan("1") && !version.isAtLeast(backfill))
                    .reduce((a, b) -> b.isNewerThan(a.getVersion()) ? b : a).orElseThrow().getVersion();
            Flyway.configure().dataSource(storage.dataSource()).locations(settings.dialect().migrations())
                    .target(beforeBackfill).load().migrate();
            copy(storage, "webhook_deliveries", "id, business_id, endpoint_id, event_id, event_type, payload, created_at, status,"
                    + " attempts, next_attempt_at, last_response_code, last_error, last_attempt_at", copies);
            copy(storage, "outbox", "id, business_id, kind, topic, payload, created_at, attempts, next_attempt_at, status,"
                    + " last_error, finished_at", copies);
            long linkable = StoredRecords.count(storage, "SELECT count(*) FROM webhook_deliveries WHERE event_type LIKE 'entitlement_grant.%'");
            assertThat(linkable).isGreaterThan(10_000);
            assertThat(linked(storage)).isZero();
            boolean sqlite = storage.databaseKind().equals("sqlite");

            var node = EngineProcess.start(dir, "migrating", MigratingNode.class, settings.withMigrateOnStart(true));
            await("the backfill running").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(20))
                    .until(() -> sqlite ? writerHeldAfter(settings, beforeBackfill) : updateActive(storage));
            node.kill();
            assertThat(node.lines()).as("killed before it finished").isEmpty();
            if (!sqlite) {
                await("the killed node's transaction ended").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(50))
                        .until(() -> !updateActive(storage));
            }

            assertThat(StoredRecords.count(storage, "SELECT count(*) FROM flyway_schema_history WHERE version = '" + backfill
                    + "' AND success")).as("the version is not applied").isZero();
            assertThat(linked(storage)).as("no row half linked").isZero();

            var restarted = EngineProcess.start(dir, "restarted", MigratingNode.class, settings.withMigrateOnStart(true));
            assertThat(restarted.exit(Duration.ofMinutes(3))).as(restarted.stderr()).isZero();
            assertThat(StoredRecords.count(storage, "SELECT count(*) FROM webhook_deliveries WHERE grant_id IS NOT NULL"
                    + " AND event_type LIKE 'entitlement_grant.%'")).as("the next start linked every one").isEqualTo(linkable);
            assertThat(StoredRecords.count(storage, "SELECT count(*) FROM outbox WHERE grant_id IS NULL AND kind = 'EMAIL'"))
                    .isZero();
        }
    }

    private static long linked(JdbcStorage storage) {
        return StoredRecords.count(storage, "SELECT count(*) FROM outbox WHERE grant_id IS NOT NULL")
                + StoredRecords.count(storage, "SELECT count(*) FROM webhook_deliveries WHERE grant_id IS NOT NULL");
    }

    /** Each row of {@code table} {@code copies} times more, under ids of their own. */
    private static void copy(JdbcStorage storage, String table, String columns, int copies) {
        String id = storage.databaseKind().equals("sqlite") ? "id || '-' || n.n" : "id || '-' || n";
        String numbers = storage.databaseKind().equals("sqlite")
                ? "(WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < " + copies + ") SELECT n FROM c) AS n"
                : "generate_series(1, " + copies + ") AS n";
        StoredRecords.execute(storage, "INSERT INTO " + table + " (" + columns + ") SELECT " + columns.replaceFirst("^id", id)
                + " FROM " + table + ", " + numbers);
    }

    private static boolean updateActive(JdbcStorage storage) {
        return StoredRecords.count(storage, "SELECT count(*) FROM pg_stat_activity WHERE state = 'active'"
                + " AND query LIKE '%SET grant_id = named.grant_id%' AND query NOT LIKE '%pg_stat_activity%'") > 0;
    }

    /** The node recorded nothing past the versions before the backfill, and holds SQLite's writer: it runs the backfill. */
    private static boolean writerHeldAfter(StorageSettings settings, String beforeBackfill) {
        try (var connection = DriverManager.getConnection(settings.jdbcUrl()); var statement = connection.createStatement()) {
            try (var rows = statement.executeQuery("SELECT count(*) FROM flyway_schema_history WHERE installed_rank >"
                    + " (SELECT installed_rank FROM flyway_schema_history WHERE version = '" + beforeBackfill + "')")) {
                rows.next();
                if (rows.getLong(1) != 0) {
                    return false;
                }
            }
            statement.execute("PRAGMA busy_timeout = 0");
            try {
                statement.execute("BEGIN IMMEDIATE");
                statement.execute("ROLLBACK");
                return false;
            } catch (SQLException busy) {
                return true;
            }
        } catch (SQLException e) {
            return false;
        }
    }
}

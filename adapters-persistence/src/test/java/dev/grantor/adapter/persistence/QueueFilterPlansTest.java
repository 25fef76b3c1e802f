package dev.grantor.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The queue's entitlement filter reads the entitlements of the business's pending grants through the index of
 * grants by business and status, as the queue's count does: not every grant of the business, delivered ones too.
 */
class QueueFilterPlansTest {

    @TempDir
    Path dir;

    @Test
    void on_sqlite_the_pending_grants_are_read_by_business_and_status() throws SQLException {
        try (var storage = JdbcStorage.open(TestDatabases.freshSqlite(dir))) {
            var world = Samples.world(storage);
            fewPending(storage, world);

            var plan = SqlitePlans.explain(storage, JdbcGrants.WITH_PENDING);

            assertThat(plan).as(plan).contains("USING INDEX grants_by_status_newest (business_id=? AND status=?)")
                    .doesNotContain("SCAN");
        }
    }

    @Test
    void on_postgresql_the_pending_grants_are_read_by_business_and_status() throws SQLException {
        try (var storage = JdbcStorage.open(TestDatabases.freshPostgres().withPoolSize(2))) {
            var world = Samples.world(storage);
            fewPending(storage, world);
            String sql = JdbcGrants.WITH_PENDING.replace(":business_id", "$1").replace(":limit", "$2");
            String arguments = "'" + world.businessId().value() + "', 101";

            for (boolean analysed : new boolean[] {false, true}) {
                if (analysed) {
                    GenericPlans.analyze(storage, "grants");
                }
                for (var plan : java.util.List.of(GenericPlans.explain(storage, sql, "text, int", arguments),
                        GenericPlans.explainForTheValues(storage, sql, "text, int", arguments))) {
                    assertThat(plan).as(plan).doesNotContain("Seq Scan").doesNotContain("Rows Removed by Filter");
                }
            }
        }
    }

    /** 3,000 grants of the business, 50 of them pending, the others delivered or revoked: a shop's usual queue. */
    private static void fewPending(JdbcStorage storage, Samples.World world) {
        GrantSearchSeed.grants(storage, world, 3_000);
        StoredRecords.execute(storage, "UPDATE grants SET status = 'Revoked', revoked_at = created_at, revocation_reason = 'manual'"
                + " WHERE status = 'Pending' AND created_at > CAST(100 AS BIGINT) * 1000000000");
    }
}

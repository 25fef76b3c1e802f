package dev.grantor.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.vavr.collection.List;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/**
 * A pool's take reads the one key it hands out, also after the planner's statistics saw the pool nearly used up and a
 * merchant imported thousands more: before V20 both of the take's plans read every available key of the pool through
 * {@code pooled_keys_by_status} (pool, status) and sorted them (3,005 here), so each fulfillment from a restocked pool
 * cost more the more was imported. The planner chose so once the pool's history (keys imported, then used up) had
 * grown the take's own index. Counted in rows read, not timed.
 */
class PostgresPoolTakePlansTest {

    private static final int IMPORTED = 3_000;

    @Test
    void a_take_reads_one_key_after_an_import_into_a_pool_the_statistics_saw_nearly_used_up() throws SQLException {
        try (var storage = JdbcStorage.open(TestDatabases.freshPostgres().withPoolSize(2))) {
            var world = Samples.world(storage);
            String business = world.businessId().value();
            String entitlement = world.entitlement().id().value();
            StoredRecords.execute(storage, "INSERT INTO key_pools VALUES ('kpl_plans', '" + business + "', '" + entitlement + "', 10, TRUE, TRUE, 0, 0, 0)");
            // a pool's life so far: 20,000 keys imported and used up (voided here; a take's update leaves the same trace in
            // the take's index), cleaned by autovacuum, five left when statistics were last taken
            keys(storage, business, entitlement, "USED", 20_000, "'available', NULL");
            StoredRecords.execute(storage, "UPDATE pooled_keys SET status = 'voided', voided_at = 1");
            StoredRecords.execute(storage, "VACUUM ANALYZE pooled_keys");
            keys(storage, business, entitlement, "LEFT", 5, "'available', NULL");
            GenericPlans.analyze(storage, "pooled_keys");
            keys(storage, business, entitlement, "IMPORTED", IMPORTED, "'available', NULL");

            String take = JdbcKeyPools.oldestAvailable(Dialect.POSTGRESQL, "id").replace(":pool_id", "$1")
                    .replace(":at_second", "$2").replace(":at_nano", "$3");
            String arguments = "'kpl_plans', 1000000, 0";
            for (var plan : List.of(GenericPlans.explain(storage, take, "text, bigint, int", arguments),
                    GenericPlans.explainForTheValues(storage, take, "text, bigint, int", arguments))) {
                assertThat(GenericPlans.rowsRead(plan, "pooled_keys")).as("keys read to hand out one of %d available:%n%s",
                        IMPORTED + 5, plan).isEqualTo(1);
                assertThat(plan).as("no sort of the pool's keys").doesNotContain("Sort Key");
            }

            // what each take asks after it: whether an alert's line (10 here) was crossed, read up to one past the line
            String upTo = JdbcKeyPools.AVAILABLE_UP_TO.replace(":pool_id", "$1").replace(":at_second", "$2")
                    .replace(":at_nano", "$3").replace(":most", "$4");
            for (var plan : List.of(GenericPlans.explain(storage, upTo, "text, bigint, int, bigint", arguments + ", 11"),
                    GenericPlans.explainForTheValues(storage, upTo, "text, bigint, int, bigint", arguments + ", 11"))) {
                assertThat(GenericPlans.rowsRead(plan, "pooled_keys")).as("keys read to tell 11 from %d available:%n%s",
                        IMPORTED + 5, plan).isEqualTo(11);
            }

            // a restock's drain asks both in one read: the key, and the stock beside it up to two past the line (the key
            // among them, so one past it after the take)
            String counted = JdbcKeyPools.oldestAvailableCounted(Dialect.POSTGRESQL, "").replace(":pool_id", "$1")
                    .replace(":at_second", "$2").replace(":at_nano", "$3").replace(":most", "$4");
            for (var plan : List.of(GenericPlans.explain(storage, counted, "text, bigint, int, bigint", arguments + ", 12"),
                    GenericPlans.explainForTheValues(storage, counted, "text, bigint, int, bigint", arguments + ", 12"))) {
                assertThat(GenericPlans.rowsReadByEveryScan(plan, "pooled_keys")).as("keys read to take one and tell 12 from"
                        + " %d available:%n%s", IMPORTED + 5, plan).isEqualTo(1 + 12);
                assertThat(plan).as("no sort of the pool's keys").doesNotContain("Sort Key");
            }
        }
    }

    /** {@code n} keys created one nanosecond apart in this order, each with {@code statusAndVoidedAt}. */
    private static void keys(JdbcStorage storage, String business, String entitlement, String prefix, int n,
                             String statusAndVoidedAt) {
        StoredRecords.execute(storage, "INSERT INTO pooled_keys (id, pool_id, business_id, entitlement_id, value, status, voided_at,"
                + " created_at, version) SELECT 'pky_" + prefix + "_' || g, 'kpl_plans', '" + business + "', '" + entitlement
                + "', '" + prefix + "-' || g, " + statusAndVoidedAt + ", (SELECT COUNT(*) FROM pooled_keys) + g, 0"
                + " FROM generate_series(1, " + n + ") g");
    }

}

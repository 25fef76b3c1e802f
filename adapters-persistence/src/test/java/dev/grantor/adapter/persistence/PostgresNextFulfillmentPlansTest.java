package dev.grantor.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.vavr.collection.List;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/**
 * A restock's drain reads its next grant and the key it takes in one statement ({@link JdbcGrantParties#NEXT_FULFILLMENT}):
 * the oldest waiting grant of the pool's entitlement joined to its entitlement and customer, beside the pool's oldest
 * available key with the stock counted up to the alert's line. Each half has a plan test of its own; this one holds the
 * statement as a whole, on a pool that handed out {@value #HANDED_OUT} keys to as many grants and has {@value #WAITING}
 * grants waiting, while {@value #OTHER_ENTITLEMENTS} other entitlements of the business have {@value #OTHERS_WAITING}
 * grants waiting, all older, among {@value #CUSTOMERS} customers: the join must not turn either half into a walk of what
 * surrounds its one row, nor reach the entitlement or the customer other than by its id. Counted in rows read, not timed.
 */
class PostgresNextFulfillmentPlansTest {

    private static final int HANDED_OUT = 4_000;
    private static final int AVAILABLE = 30;
    private static final int WAITING = 20;
    private static final int OTHERS_WAITING = 5_000;
    private static final int OTHER_ENTITLEMENTS = 200;
    private static final int CUSTOMERS = 2_000;
    /** The stock counted beside the key, as a pool with an alert at 10 asks it. */
    private static final int MOST = 12;
    /** Other businesses' waiting grants, most of the store's grants, among as many businesses. */
    private static final int MOST_WAITING = 60_000;
    private static final int BUSINESSES = 2_000;
    /** The queue's index read for its oldest entry, then that grant's row by its id. */
    private static final int ONE_ENTRY_THEN_ITS_ROW = 2;
    /** Grants waiting on the pool when a restock comes, thousands. */
    private static final int DEEP_QUEUE = 5_000;
    private static final String TYPES = "text, text, int, text, bigint, int, bigint";

    @Test
    void the_next_fulfillment_reads_one_grant_one_entitlement_one_customer_and_the_key_with_the_stock_up_to_the_line()
            throws SQLException {
        try (var storage = JdbcStorage.open(TestDatabases.freshPostgres().withPoolSize(2))) {
            var world = Samples.world(storage);
            String business = world.businessId().value();
            String entitlement = world.entitlement().id().value();
            StoredRecords.execute(storage, "INSERT INTO entitlements SELECT (jsonb_populate_record(e, jsonb_build_object('id',"
                    + " 'ent_OTHER_' || g))).* FROM entitlements e, generate_series(1, " + OTHER_ENTITLEMENTS + ") g WHERE e.id = '"
                    + entitlement + "'");
            GrantSearchSeed.customers(storage, world, CUSTOMERS);
            StoredRecords.execute(storage, "INSERT INTO key_pools VALUES ('kpl_plans', '" + business + "', '" + entitlement
                    + "', 10, TRUE, TRUE, 0, 0, 0)");
            // the other entitlement's queue first, so a walk by status or by age alone would pass through all of it
            grants(storage, world, "'ent_OTHER_' || (1 + g % " + OTHER_ENTITLEMENTS + ")", "OTHER", 0, OTHERS_WAITING, false);
            grants(storage, world, "'" + entitlement + "'", "DONE", OTHERS_WAITING, HANDED_OUT, true);
            grants(storage, world, "'" + entitlement + "'", "WAIT", OTHERS_WAITING + HANDED_OUT, WAITING, false);
            StoredRecords.execute(storage, "INSERT INTO pooled_keys (id, pool_id, business_id, entitlement_id, value, status,"
                    + " grant_id, assigned_at, created_at, version) SELECT 'pky_DONE_' || g, 'kpl_plans', '" + business + "', '"
                    + entitlement + "', 'DONE-' || g, 'assigned', 'entg_DONE_' || g, g, g, 1 FROM generate_series(1, "
                    + HANDED_OUT + ") g");
            StoredRecords.execute(storage, "INSERT INTO pooled_keys (id, pool_id, business_id, entitlement_id, value, status,"
                    + " created_at, version) SELECT 'pky_LEFT_' || g, 'kpl_plans', '" + business + "', '" + entitlement
                    + "', 'LEFT-' || g, 'available', " + HANDED_OUT + " + g, 0 FROM generate_series(1, " + AVAILABLE + ") g");
            for (String table : List.of("grants", "pooled_keys", "entitlements", "customers")) {
                GenericPlans.analyze(storage, table);
            }

            String next = numbered(JdbcGrantParties.NEXT_FULFILLMENT);
            String types = TYPES;
            String arguments = "'" + entitlement + "', '" + business + "', 1, 'kpl_plans', 1000000, 0, " + MOST;
            for (var plan : List.of(GenericPlans.explain(storage, next, types, arguments),
                    GenericPlans.explainForTheValues(storage, next, types, arguments))) {
                assertThat(GenericPlans.rowsReadByEveryScan(plan, "grants")).as("the queue's oldest of %d waiting, beside %d of"
                        + " other entitlements and %d delivered, then that grant by its id:%n%s", WAITING, OTHERS_WAITING, HANDED_OUT,
                        plan).isEqualTo(ONE_ENTRY_THEN_ITS_ROW);
                assertThat(GenericPlans.rowsReadByEveryScan(plan, "entitlements")).as("entitlements read:%n%s", plan).isEqualTo(1);
                assertThat(GenericPlans.rowsReadByEveryScan(plan, "customers")).as("customers read:%n%s", plan).isEqualTo(1);
                assertThat(GenericPlans.rowsReadByEveryScan(plan, "pooled_keys")).as("keys read to take one and tell %d from %d"
                        + " available, %d handed out:%n%s", MOST, AVAILABLE, HANDED_OUT, plan).isEqualTo(1 + MOST);
                assertThat(plan).as("no sort, and each table reached by an index").doesNotContain("Sort Key").doesNotContain("Seq Scan");
            }
        }
    }

    /**
     * The business compared as an expression ({@code g.business_id || ''}) is what keeps the walk on the entitlement's
     * waiting grants when most grants of the store wait and the business is one of many: compared plainly, the planner
     * rates the business and the entitlement together as the narrower bound and walks {@code grants_by_entitlement_newest}
     * from the oldest, through every grant the pool already served ({@value #HANDED_OUT} rows removed by a filter on the
     * status, on the generic plan and on the plan for the values alike).
     */
    @Test
    void when_most_grants_wait_among_many_businesses_the_walk_reads_none_of_the_pool_s_delivered_grants() throws SQLException {
        try (var storage = JdbcStorage.open(TestDatabases.freshPostgres().withPoolSize(2))) {
            var world = Samples.world(storage);
            String business = world.businessId().value();
            String entitlement = world.entitlement().id().value();
            amongManyBusinesses(storage, world, "kpl_many", WAITING);

            String next = numbered(JdbcGrantParties.NEXT_FULFILLMENT);
            String arguments = "'" + entitlement + "', '" + business + "', 1, 'kpl_many', 1000000, 0, " + MOST;
            for (var plan : List.of(GenericPlans.explain(storage, next, TYPES, arguments),
                    GenericPlans.explainForTheValues(storage, next, TYPES, arguments))) {
                assertThat(java.util.regex.Pattern.compile("Rows Removed by Filter: (\\d+)").matcher(plan).results()
                        .mapToInt(removed -> Integer.parseInt(removed.group(1))).sum())
                        .as("rows read and thrown away, of %d delivered grants of the pool:%n%s", HANDED_OUT, plan)
                        .isLessThan(WAITING);
                assertThat(plan).doesNotContain("grants_by_entitlement_newest");
            }
        }
    }

    /**
     * A restock drains a pool's queue one grant at a time, each read of the next grant a run of the statement on the
     * connection's cached plan: with {@value #DEEP_QUEUE} grants waiting on the pool (on both tests' data), both plans still
     * walk the queue's index in order and stop at the oldest. With the business checked inside the walk, the generic plan
     * (which cannot see the values) rated the walk at one row, read all the pool's waiting grants through a bitmap, joined
     * each to its entitlement and customer and sorted them to keep one, for every grant drained.
     */
    @Test
    void with_thousands_waiting_on_the_pool_each_plan_reads_the_oldest_waiting_grant_only() throws SQLException {
        try (var storage = JdbcStorage.open(TestDatabases.freshPostgres().withPoolSize(2))) {
            var world = Samples.world(storage);
            String business = world.businessId().value();
            String entitlement = world.entitlement().id().value();
            deepQueue(storage, world, "kpl_deep");

            String next = numbered(JdbcGrantParties.NEXT_FULFILLMENT);
            String arguments = "'" + entitlement + "', '" + business + "', 1, 'kpl_deep', 1000000, 0, " + MOST;
            for (var plan : List.of(GenericPlans.explain(storage, next, TYPES, arguments),
                    GenericPlans.explainForTheValues(storage, next, TYPES, arguments))) {
                assertThat(GenericPlans.rowsReadByEveryScan(plan, "grants")).as("the queue's oldest of %d waiting on the pool,"
                        + " then that grant by its id:%n%s", DEEP_QUEUE, plan).isEqualTo(ONE_ENTRY_THEN_ITS_ROW);
                assertThat(plan).as("the queue walked in its order").doesNotContain("Sort Key");
            }
        }
    }

    /**
     * The world's entitlement with the pool {@code pool} (an alert at 10, {@value #AVAILABLE} keys available) among
     * {@value #MOST_WAITING} waiting grants of {@value #BUSINESSES} other businesses, all older than the pool's
     * {@value #HANDED_OUT} delivered grants, which are older than its {@code waiting} waiting ones; analysed.
     */
    private static void amongManyBusinesses(JdbcStorage storage, Samples.World world, String pool, int waiting) {
        String business = world.businessId().value();
        String entitlement = world.entitlement().id().value();
        StoredRecords.execute(storage, "INSERT INTO entitlements SELECT (jsonb_populate_record(e, jsonb_build_object('id',"
                + " 'ent_OTHER_' || g))).* FROM entitlements e, generate_series(1, " + BUSINESSES + ") g WHERE e.id = '"
                + entitlement + "'");
        StoredRecords.execute(storage, "INSERT INTO key_pools VALUES ('" + pool + "', '" + business + "', '" + entitlement
                + "', 10, TRUE, TRUE, 0, 0, 0)");
        GrantSearchSeed.customers(storage, world, CUSTOMERS);
        grants(storage, world, "'ent_OTHER_' || (1 + g % " + BUSINESSES + ")", "OTHER", 0, MOST_WAITING, false);
        // the other grants are other businesses' (no key ties a grant's business to a row; the statement reads it only)
        StoredRecords.execute(storage, "UPDATE grants SET business_id = 'bus_OTHER_' || substr(entitlement_id, 11)"
                + " WHERE id LIKE 'entg_OTHER_%'");
        grants(storage, world, "'" + entitlement + "'", "DONE", MOST_WAITING, HANDED_OUT, true);
        grants(storage, world, "'" + entitlement + "'", "WAIT", MOST_WAITING + HANDED_OUT, waiting, false);
        StoredRecords.execute(storage, "INSERT INTO pooled_keys (id, pool_id, business_id, entitlement_id, value, status,"
                + " created_at, version) SELECT 'pky_MANY_' || g, '" + pool + "', '" + business + "', '" + entitlement
                + "', 'MANY-' || g, 'available', g, 0 FROM generate_series(1, " + AVAILABLE + ") g");
        for (String table : List.of("grants", "pooled_keys", "entitlements", "customers")) {
            GenericPlans.analyze(storage, table);
        }
    }

    /**
     * Both tests' data around the pool {@code pool} of the world's entitlement, oldest first: {@value #MOST_WAITING} waiting
     * grants of {@value #BUSINESSES} other businesses, {@value #OTHERS_WAITING} of the business's {@value #OTHER_ENTITLEMENTS}
     * other entitlements, the pool's {@value #HANDED_OUT} delivered grants with their keys, and {@value #DEEP_QUEUE} grants
     * waiting on it; {@value #AVAILABLE} keys available; analysed. (On either test's data alone the generic plan of a walk
     * that checked the business happened to walk the index; on this it read the whole queue.)
     */
    private static void deepQueue(JdbcStorage storage, Samples.World world, String pool) {
        String business = world.businessId().value();
        String entitlement = world.entitlement().id().value();
        StoredRecords.execute(storage, "INSERT INTO entitlements SELECT (jsonb_populate_record(e, jsonb_build_object('id',"
                + " 'ent_OTHER_' || g))).* FROM entitlements e, generate_series(1, " + (BUSINESSES + OTHER_ENTITLEMENTS) + ") g"
                + " WHERE e.id = '" + entitlement + "'");
        StoredRecords.execute(storage, "INSERT INTO key_pools VALUES ('" + pool + "', '" + business + "', '" + entitlement
                + "', 10, TRUE, TRUE, 0, 0, 0)");
        GrantSearchSeed.customers(storage, world, CUSTOMERS);
        grants(storage, world, "'ent_OTHER_' || (1 + g % " + BUSINESSES + ")", "OTHER", 0, MOST_WAITING, false);
        StoredRecords.execute(storage, "UPDATE grants SET business_id = 'bus_OTHER_' || substr(entitlement_id, 11)"
                + " WHERE id LIKE 'entg_OTHER_%'");
        grants(storage, world, "'ent_OTHER_' || (" + (BUSINESSES + 1) + " + g % " + OTHER_ENTITLEMENTS + ")", "OWN", MOST_WAITING,
                OTHERS_WAITING, false);
        int at = MOST_WAITING + OTHERS_WAITING;
        grants(storage, world, "'" + entitlement + "'", "DONE", at, HANDED_OUT, true);
        StoredRecords.execute(storage, "INSERT INTO pooled_keys (id, pool_id, business_id, entitlement_id, value, status,"
                + " grant_id, assigned_at, created_at, version) SELECT 'pky_DONE_' || g, '" + pool + "', '" + business + "', '"
                + entitlement + "', 'DONE-' || g, 'assigned', 'entg_DONE_' || g, g, g, 1 FROM generate_series(1, "
                + HANDED_OUT + ") g");
        grants(storage, world, "'" + entitlement + "'", "WAIT", at + HANDED_OUT, DEEP_QUEUE, false);
        StoredRecords.execute(storage, "INSERT INTO pooled_keys (id, pool_id, business_id, entitlement_id, value, status,"
                + " created_at, version) SELECT 'pky_LEFT_' || g, '" + pool + "', '" + business + "', '" + entitlement
                + "', 'LEFT-' || g, 'available', " + HANDED_OUT + " + g, 0 FROM generate_series(1, " + AVAILABLE + ") g");
        StoredRecords.execute(storage, "ANALYZE");
    }

    /** The statement with its named parameters numbered, as the driver prepares it. */
    private static String numbered(String sql) {
        return sql.replace(":entitlement_id", "$1").replace(":business_id", "$2").replace(":limit", "$3")
                .replace(":pool_id", "$4").replace(":at_second", "$5").replace(":at_nano", "$6").replace(":most", "$7");
    }

    /**
     * {@code n} grants of the entitlement {@code entitlement} (SQL of {@code g}, the grant's number) to the seeded customers
     * in turn, {@code prefix} in their ids, created one second apart from second {@code after + 1}: delivered with a key of
     * the same number, or waiting.
     */
    private static void grants(JdbcStorage storage, Samples.World world, String entitlement, String prefix, int after, int n,
                               boolean delivered) {
        String status = delivered ? "'Delivered'" : "'Pending'";
        StoredRecords.execute(storage, "INSERT INTO grants (id, business_id, brand_id, customer_id, entitlement_id,"
                + " integration_type, payment_id, metadata, created_at, updated_at, status, ended_status, delivered_at,"
                + " license_key_id, license_key, version) SELECT 'entg_" + prefix + "_' || g, '" + world.businessId().value()
                + "', '" + world.business().defaultBrandId().value() + "', 'cus_SEEDCUS' || (10000000000001 + g % " + CUSTOMERS
                + "), " + entitlement + ", 'license_key', 'pay_" + prefix + "_' || g, '{}', (" + after + " + g) * CAST(1000000000"
                + " AS BIGINT), (" + after + " + g) * CAST(1000000000 AS BIGINT), " + status + ", " + status + ", "
                + (delivered ? "(" + after + " + g) * CAST(1000000000 AS BIGINT), 'lic_" + prefix + "_' || g, 'DONE-' || g"
                        : "NULL, NULL, NULL") + ", " + (delivered ? 1 : 0) + " FROM generate_series(1, " + n + ") g");
    }
}

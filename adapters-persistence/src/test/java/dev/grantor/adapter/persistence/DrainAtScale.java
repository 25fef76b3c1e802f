package dev.grantor.adapter.persistence;

import dev.grantor.application.port.in.KeyPoolManagement.ImportKeys;
import dev.grantor.application.port.in.KeyPoolManagement.KeyLine;
import dev.grantor.application.port.in.KeyPoolManagement.OpenPool;
import io.vavr.collection.List;
import java.nio.file.Files;
import java.sql.SQLException;

/**
 * A restock's drain when thousands of grants wait on the pool: the plans of the drain's read of its next grant and the
 * wall time of a real drain through the engine, on the data of {@code PostgresNextFulfillmentPlansTest} (other businesses'
 * waiting grants, the business's other entitlements' queues, the pool's delivered grants) with a large queue on the pool.
 * Not a test (a drain of 50,000 waiting grants' data is no unit test's size); it lives beside the statements it explains
 * because they are package-private. Run it with
 *
 * <pre>
 * ./mvnw -B -o -q -pl adapters-persistence -am test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test
 * cd adapters-persistence &amp;&amp; java --enable-native-access=ALL-UNNAMED \
 *     -cp target/test-classes:target/classes:$(cat target/bench.cp) \
 *     dev.grantor.adapter.persistence.DrainAtScale postgresql|sqlite [keys, default 500] [waiting ..., default 5000 50000]
 * </pre>
 *
 * On PostgreSQL each drain runs twice, on fresh data: as the server chooses its plans, and with every connection on
 * {@code plan_cache_mode = force_generic_plan} (what a connection gets once the server rates the generic plan no dearer).
 */
public final class DrainAtScale {

    private static final int HANDED_OUT = 4_000;
    private static final int OTHERS_WAITING = 5_000;
    private static final int OTHER_ENTITLEMENTS = 200;
    private static final int OTHER_BUSINESSES_WAITING = 60_000;
    private static final int OTHER_BUSINESSES = 2_000;
    private static final int CUSTOMERS = 2_000;
    private static final int MOST = 12;

    private DrainAtScale() {}

    public static void main(String[] args) throws Exception {
        String store = args.length > 0 ? args[0] : "postgresql";
        int keys = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        var waitings = args.length > 2 ? List.of(args).drop(2).map(Integer::parseInt) : List.of(5_000, 50_000);
        for (int waiting : waitings) {
            if (store.equals("postgresql")) {
                drain(store, waiting, keys, "");
                drain(store, waiting, keys, "force_generic_plan");
            } else {
                drain(store, waiting, keys, "");
            }
        }
    }

    private static void drain(String store, int waiting, int keys, String planCacheMode) throws Exception {
        var settings = store.equals("postgresql") ? postgres(planCacheMode)
                : TestDatabases.freshSqlite(Files.createTempDirectory("drain-at-scale"));
        try (var storage = JdbcStorage.open(settings.withPoolSize(4))) {
            var world = Samples.world(storage);
            var engine = Engines.over(storage);
            String business = world.businessId().value();
            String entitlement = world.entitlement().id().value();
            String pool = engine.keyPools().open(world.businessId(), entitlement, new OpenPool(10L)).get().pool().id().value();
            long seeding = System.nanoTime();
            seed(storage, world, pool, waiting);
            System.out.printf("%s, %d waiting on the pool (seeded in %.1f s)%s%n", store, waiting,
                    (System.nanoTime() - seeding) / 1e9, planCacheMode.isEmpty() ? "" : ", " + planCacheMode);
            if (store.equals("postgresql")) {
                StoredRecords.execute(storage, "ANALYZE");
                for (String mode : List.of("force_generic_plan", "force_custom_plan")) {
                    System.out.printf("-- %s%n%s", mode, explain(storage, mode, "'" + entitlement + "', '" + business + "', 1, '"
                            + pool + "', 1000000, 0, " + MOST));
                }
            } else {
                // the drain's read on SQLite (Grants.oldestPending with a limit of 1), as JdbcGrants writes it; Grantor never
                // runs ANALYZE there, an operator may
                String queue = "SELECT " + JdbcGrants.COLUMNS + " FROM grants WHERE entitlement_id = :entitlement_id"
                        + " AND status = 'Pending' ORDER BY created_at, id LIMIT :limit";
                System.out.printf("-- without statistics%n%s", SqlitePlans.explain(storage, queue));
                StoredRecords.execute(storage, "ANALYZE");
                System.out.printf("-- analysed%n%s", SqlitePlans.explain(storage, queue));
            }
            String tag = Samples.keyValue();
            var file = new ImportKeys(List.range(0, keys).map(i -> KeyLine.of(i + 1, String.format("DRAIN-%s-%05d", tag, i), null, null)));
            long start = System.nanoTime();
            var report = engine.keyPools().importKeys(world.businessId(), entitlement, file).get();
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("restock of %d keys: %d grants drained in %.2f s (%.2f ms a grant)%n%n", keys, report.fulfilledGrants(),
                    seconds, 1000 * seconds / Math.max(1, report.fulfilledGrants()));
        }
    }

    private static StorageSettings postgres(String planCacheMode) {
        String url = PostgresFixture.newDatabase();
        String options = planCacheMode.isEmpty() ? "" : (url.contains("?") ? "&" : "?") + "options=-c%20plan_cache_mode%3D" + planCacheMode;
        return StorageSettings.postgresql(url + options, PostgresFixture.USER, PostgresFixture.PASSWORD);
    }

    /** The plan test's data around the pool (which the engine opened) and {@code waiting} grants waiting on it, newest. */
    private static void seed(JdbcStorage storage, Samples.World world, String pool, int waiting) {
        String business = world.businessId().value();
        String entitlement = world.entitlement().id().value();
        String others = JdbcEntitlements.COLUMNS.substring("id, ".length());
        StoredRecords.execute(storage, "INSERT INTO entitlements (" + JdbcEntitlements.COLUMNS + ") SELECT 'ent_OTHER_' || g, "
                + others + " FROM entitlements, (" + numbers(OTHER_BUSINESSES + OTHER_ENTITLEMENTS) + ") n WHERE id = '" + entitlement + "'");
        GrantSearchSeed.customers(storage, world, CUSTOMERS);
        grants(storage, world, "'ent_OTHER_' || (1 + g % " + OTHER_BUSINESSES + ")", "ELSEGRA", 0, OTHER_BUSINESSES_WAITING, false);
        StoredRecords.execute(storage, "UPDATE grants SET business_id = 'bus_OTHER_' || substr(entitlement_id, 11)"
                + " WHERE id LIKE 'entg_ELSEGRA%'");
        int at = OTHER_BUSINESSES_WAITING;
        grants(storage, world, "'ent_OTHER_' || (" + (OTHER_BUSINESSES + 1) + " + g % " + OTHER_ENTITLEMENTS + ")", "OTHRGRA", at,
                OTHERS_WAITING, false);
        at += OTHERS_WAITING;
        grants(storage, world, "'" + entitlement + "'", "DONEGRA", at, HANDED_OUT, true);
        StoredRecords.execute(storage, "INSERT INTO pooled_keys (id, pool_id, business_id, entitlement_id, value, status,"
                + " grant_id, assigned_at, created_at, version) SELECT 'pky_DONE_' || g, '" + pool + "', '" + business + "', '"
                + entitlement + "', 'DONE-' || g, 'assigned', 'entg_DONEGRA' || (10000000000000 + g), g, g, 1 FROM (" + numbers(HANDED_OUT) + ") n");
        at += HANDED_OUT;
        grants(storage, world, "'" + entitlement + "'", "WAITGRA", at, waiting, false);
    }

    /** {@code g} from 1 to {@code n}, in a statement both databases run. */
    private static String numbers(int n) {
        return "WITH RECURSIVE s(g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM s WHERE g < " + n + ") SELECT g FROM s";
    }

    /**
     * {@code n} grants of {@code entitlement} (SQL of {@code g}) to the seeded customers in turn, created one second apart
     * after second {@code after}, delivered or waiting; ids of the engine's shape ({@code prefix} is 7 characters), since a
     * drain reads them back.
     */
    private static void grants(JdbcStorage storage, Samples.World world, String entitlement, String prefix, int after, int n,
                               boolean delivered) {
        String status = delivered ? "'Delivered'" : "'Pending'";
        StoredRecords.execute(storage, "INSERT INTO grants (id, business_id, brand_id, customer_id, entitlement_id,"
                + " integration_type, payment_id, metadata, created_at, updated_at, status, ended_status, delivered_at,"
                + " license_key_id, license_key, version) SELECT 'entg_" + prefix + "' || (10000000000000 + g), '" + world.businessId().value()
                + "', '" + world.business().defaultBrandId().value() + "', 'cus_SEEDCUS' || (10000000000001 + g % " + CUSTOMERS
                + "), " + entitlement + ", 'license_key', 'pay_" + prefix + "' || (10000000000000 + g), '{}', (" + after + " + g) * CAST(1000000000"
                + " AS BIGINT), (" + after + " + g) * CAST(1000000000 AS BIGINT), " + status + ", " + status + ", "
                + (delivered ? "(" + after + " + g) * CAST(1000000000 AS BIGINT), 'lic_" + prefix + "_' || g, 'DONE-' || g"
                        : "NULL, NULL, NULL") + ", " + (delivered ? 1 : 0) + " FROM (" + numbers(n) + ") n");
    }

    /** {@link JdbcGrantParties#NEXT_FULFILLMENT} executed on the plan {@code mode} asks for, with the buffers each node read. */
    private static String explain(JdbcStorage storage, String mode, String arguments) throws SQLException {
        String sql = JdbcGrantParties.NEXT_FULFILLMENT.replace(":entitlement_id", "$1").replace(":business_id", "$2")
                .replace(":limit", "$3").replace(":pool_id", "$4").replace(":at_second", "$5").replace(":at_nano", "$6")
                .replace(":most", "$7");
        return GenericPlans.explain(storage, sql, "text, text, int, text, bigint, int, bigint", arguments, mode, "ANALYZE, BUFFERS");
    }
}

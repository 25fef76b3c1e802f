package dev.grantor.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Pools page's key lists in one statement ({@link JdbcKeyPools#newestAvailable(Dialect)}) read each pool's newest
 * available keys and stop: a pool of 20,000 keys costs its fifty, not its 20,000 sorted. Seeded with that pool (a tenth of
 * its keys voided) and a pool of three beside it; counted in rows read on PostgreSQL's generic plan, and from SQLite's
 * {@code EXPLAIN QUERY PLAN} (the walk on the index of available keys, with nothing to sort in it). Not timed.
 */
class PoolKeyListPlansTest {

    private static final int KEYS = 20_000;
    private static final int MOST = 50;

    @TempDir
    Path dir;

    @Test
    void on_postgresql_each_pool_s_walk_reads_its_newest_keys_only() throws SQLException {
        try (var storage = JdbcStorage.open(TestDatabases.freshPostgres().withPoolSize(2))) {
            String business = seeded(storage);
            GenericPlans.analyze(storage, "pooled_keys");
            GenericPlans.analyze(storage, "key_pools");
            for (var plan : new String[] {
                    GenericPlans.explain(storage, numbered(JdbcKeyPools.newestAvailable(Dialect.POSTGRESQL)), "text, int",
                            "'" + business + "', " + MOST),
                    GenericPlans.explainForTheValues(storage, numbered(JdbcKeyPools.newestAvailable(Dialect.POSTGRESQL)),
                            "text, int", "'" + business + "', " + MOST)}) {
                assertThat(keysRead(plan)).as("keys read for two pools of %s and 3:%n%s", KEYS, plan).isEqualTo(MOST + 3);
                assertThat(plan).as(plan).doesNotContain("Seq Scan on pooled_keys");
            }
        }
    }

    @Test
    void on_sqlite_each_pool_s_walk_is_on_the_index_of_available_keys_newest_first() throws SQLException {
        try (var storage = JdbcStorage.open(TestDatabases.freshSqlite(dir))) {
            seeded(storage);
            String statement = JdbcKeyPools.newestAvailable(Dialect.SQLITE);
            var plan = SqlitePlans.explain(storage, statement);
            // the walk of a pool's keys, in the correlated list; the outer statement sorts what the walks found (fifty a pool)
            assertThat(plan).as(plan).containsPattern("SEARCH pooled_keys USING (COVERING )?INDEX pooled_keys_claim \\(pool_id=\\?\\)")
                    .contains("(id=?)").doesNotContain("USE TEMP B-TREE FOR ORDER BY").doesNotContain("SCAN pooled_keys");
            // a walk of the pool's keys by status sorts them all first: what the assertions above would see
            var byStatus = SqlitePlans.explain(storage, statement.replace("INDEXED BY pooled_keys_claim", "INDEXED BY pooled_keys_by_status"));
            assertThat(byStatus).as("on another index:%n%s", byStatus).contains("USE TEMP B-TREE FOR ORDER BY");
        }
    }

    /**
     * A business with a pool of {@link #KEYS} keys, created a second apart, every tenth voided, and a pool of three keys of
     * a second entitlement; answers the business's id.
     */
    private static String seeded(JdbcStorage storage) {
        var world = Samples.world(storage);
        String business = world.businessId().value();
        String entitlement = world.entitlement().id().value();
        StoredRecords.execute(storage, "INSERT INTO entitlements (id, business_id, name, description, integration_type,"
                + " integration_config, metadata, created_at, updated_at, deleted_at, version) SELECT 'ent_small', business_id,"
                + " 'Small', description, integration_type, integration_config, metadata, created_at, updated_at, NULL, 0"
                + " FROM entitlements WHERE id = '" + entitlement + "'");
        StoredRecords.execute(storage, "INSERT INTO key_pools (id, business_id, entitlement_id, low_stock_threshold,"
                + " low_stock_armed, empty_armed, created_at, updated_at, version) VALUES ('kpl_big', '" + business + "', '"
                + entitlement + "', 10, TRUE, TRUE, 0, 0, 0), ('kpl_small', '" + business + "', 'ent_small', 10, TRUE, TRUE, 1, 1, 0)");
        StoredRecords.execute(storage, "INSERT INTO pooled_keys (id, pool_id, business_id, entitlement_id, value, status,"
                + " voided_at, created_at, version) SELECT 'pk_' || g, 'kpl_big', '" + business + "', '" + entitlement + "',"
                + " 'BIG-' || g, CASE WHEN g % 10 = 0 THEN 'voided' ELSE 'available' END, CASE WHEN g % 10 = 0 THEN g END,"
                + " CAST(g AS BIGINT) * 1000000000, 0 FROM " + ListPlansTest.series(KEYS));
        StoredRecords.execute(storage, "INSERT INTO pooled_keys (id, pool_id, business_id, entitlement_id, value, status,"
                + " created_at, version) SELECT 'pks_' || g, 'kpl_small', '" + business + "', 'ent_small', 'SMALL-' || g,"
                + " 'available', CAST(g AS BIGINT) * 1000000000, 0 FROM " + ListPlansTest.series(3));
        return business;
    }

    private static String numbered(String sql) {
        return ListPlansTest.numbered(sql, "business_id", "most");
    }

    /** The keys every scan of {@code pooled_keys} read, over all its loops (a walk a pool), the rows its filter passed over too. */
    private static long keysRead(String plan) {
        var scan = Pattern.compile("Scan (?:.* )?on pooled_keys(?: \\w+)? +\\(actual time=[0-9.]+\\.\\.[0-9.]+"
                + " rows=([0-9.]+) loops=(\\d+)\\)(?:\\n.*?Rows Removed by Filter: (\\d+))?").matcher(plan);
        double rows = 0;
        int scans = 0;
        while (scan.find()) {
            scans++;
            long loops = Long.parseLong(scan.group(2));
            rows += Double.parseDouble(scan.group(1)) * loops + (scan.group(3) == null ? 0 : Long.parseLong(scan.group(3)));
        }
        assertThat(scans).as("scans of pooled_keys in:%n%s", plan).isPositive();
        return Math.round(rows);
    }
}

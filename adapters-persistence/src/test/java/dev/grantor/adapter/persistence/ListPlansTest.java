package dev.grantor.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.contract.ContractFixtures;
import dev.grantor.application.port.out.Grants;
import dev.grantor.application.port.out.LicenseKeys;
import dev.grantor.domain.grant.GrantStatus;
import dev.grantor.domain.grant.LicenseKeySource;
import dev.grantor.domain.grant.LicenseKeyStatus;
import dev.grantor.domain.shared.CustomerId;
import dev.grantor.domain.shared.EntitlementId;
import dev.grantor.domain.shared.GrantId;
import dev.grantor.domain.shared.LicenseKeyId;
import io.vavr.control.Option;
import java.nio.file.Path;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lists that read a rare part of a business's rows read a page of it (V31 on PostgreSQL, V28 on SQLite): an
 * entitlement's grants of one status, a customer's license keys, the keys imported or issued by hand, the disabled keys.
 * Before, each walked a wider index and passed over what did not match ({@code /entitlements/{id}/grants?status=Failed}
 * read the entitlement's grants until ten failed ones came) or, for a customer's keys, scanned every key of every
 * business and sorted what matched. Seeded with 3,000 grants and keys of one entitlement whose rare rows are the oldest,
 * the worst place for a walk newest first; counted in rows read on PostgreSQL's generic plan, and from SQLite's
 * {@code EXPLAIN QUERY PLAN} (no scan of the table, no temporary B-tree). Not timed.
 */
class ListPlansTest {

    private static final int GRANTS = 3_000;
    private static final int RARE = 20;
    private static final int PAGE = 10;
    private static final LicenseKeys.InstanceFilter NO_INSTANCE_FILTER = new LicenseKeys.InstanceFilter(Option.none(), Option.none());

    @TempDir
    Path dir;

    @Test
    void on_postgresql_each_rare_list_reads_its_page() throws SQLException {
        try (var storage = JdbcStorage.open(TestDatabases.freshPostgres().withPoolSize(2))) {
            var world = seeded(storage);
            String business = "'" + world.businessId().value() + "'";
            String entitlement = "'" + world.entitlement().id().value() + "'";
            String customer = "'" + world.customer().id().value() + "'";
            StoredRecords.execute(storage, "ANALYZE");

            var failed = GenericPlans.explain(storage, numbered(JdbcGrants.listing(grants(world.entitlement().id(), GrantStatus.FAILED)),
                    "business_id", "entitlement_id", "status", "limit", "offset"), "text, text, text, int, bigint",
                    business + ", " + entitlement + ", 'Failed', " + PAGE + ", 0");
            assertThat(read(failed, "grants")).as("an entitlement's failed grants:%n%s", failed).isEqualTo(PAGE);
            var queue = GenericPlans.explain(storage, numbered("SELECT id FROM grants WHERE entitlement_id = :entitlement_id"
                    + " AND status = 'Pending' ORDER BY created_at, id LIMIT :limit", "entitlement_id", "limit"), "text, int",
                    entitlement + ", " + PAGE);
            assertThat(read(queue, "grants")).as("the queue a pool serves:%n%s", queue).isEqualTo(PAGE);

            var ofCustomer = GenericPlans.explain(storage, numbered(JdbcLicenseKeys.listing(keys(Option.some(world.customer().id()),
                    Option.none(), Option.none())), "business_id", "customer_id", "limit", "offset"), "text, text, int, bigint",
                    business + ", " + customer + ", " + PAGE + ", 0");
            assertThat(read(ofCustomer, "license_keys")).as("a customer's keys:%n%s", ofCustomer).isEqualTo(3);
            assertThat(ofCustomer).as(ofCustomer).doesNotContain("Sort Key");
            for (var source : new LicenseKeySource[] {LicenseKeySource.IMPORT, LicenseKeySource.MANUAL}) {
                var bySource = GenericPlans.explain(storage, numbered(JdbcLicenseKeys.listing(keys(Option.none(), Option.some(source),
                        Option.none())), "business_id", "limit", "offset"), "text, int, bigint", business + ", " + PAGE + ", 0");
                assertThat(read(bySource, "license_keys")).as("%s keys:%n%s", source, bySource).isEqualTo(PAGE);
            }
            var disabled = GenericPlans.explain(storage, numbered(JdbcLicenseKeys.listing(keys(Option.none(), Option.none(),
                    Option.some(LicenseKeyStatus.DISABLED))), "business_id", "limit", "offset"), "text, int, bigint",
                    business + ", " + PAGE + ", 0");
            assertThat(read(disabled, "license_keys")).as("disabled keys:%n%s", disabled).isEqualTo(PAGE);
        }
    }

    @Test
    void on_postgresql_a_key_s_read_with_its_instances_reads_its_own() throws SQLException {
        try (var storage = JdbcStorage.open(TestDatabases.freshPostgres().withPoolSize(2))) {
            var world = seeded(storage);
            StoredRecords.execute(storage, "INSERT INTO license_key_instances (id, license_key_id, business_id, position, name,"
                    + " created_at) SELECT 'lki_' || id, id, business_id, 0, 'laptop', created_at FROM license_keys");
            StoredRecords.execute(storage, "ANALYZE");
            for (var statement : new String[] {JdbcLicenseKeys.BY_ID.replace("?", "'lic_100'"),
                    JdbcLicenseKeys.FOR_CHECK.replace("?", "'KEY-100'")}) {
                var plan = GenericPlans.explain(storage, statement, "", "");
                assertThat(read(plan, "license_key_instances i")).as("instances read for one key's:%n%s", plan).isEqualTo(1);
            }
            var page = GenericPlans.explain(storage, numbered(JdbcLicenseKeys.instanceListing(NO_INSTANCE_FILTER), "business_id",
                    "limit", "offset"), "text, int, bigint", "'" + world.businessId().value() + "', " + PAGE + ", 0");
            assertThat(read(page, "license_key_instances i")).as("a page of the business's instances:%n%s", page).isEqualTo(PAGE);
            assertThat(page).as(page).doesNotContain("Sort Key");
        }
    }

    @Test
    void on_sqlite_each_rare_list_walks_its_own_index_in_order() throws SQLException {
        try (var storage = JdbcStorage.open(TestDatabases.freshSqlite(dir))) {
            var world = seeded(storage);
            var statements = java.util.Map.of(
                    JdbcGrants.listing(grants(world.entitlement().id(), GrantStatus.FAILED)), "grants_by_entitlement_status_newest",
                    "SELECT id FROM grants WHERE entitlement_id = :entitlement_id AND status = 'Pending' ORDER BY created_at, id"
                            + " LIMIT :limit", "grants_by_entitlement_status_newest",
                    JdbcLicenseKeys.listing(keys(Option.some(world.customer().id()), Option.none(), Option.none())),
                    "license_keys_by_customer_newest",
                    JdbcLicenseKeys.listing(keys(Option.none(), Option.some(LicenseKeySource.IMPORT), Option.none())),
                    "license_keys_not_auto_newest",
                    JdbcLicenseKeys.listing(keys(Option.none(), Option.none(), Option.some(LicenseKeyStatus.DISABLED))),
                    "license_keys_disabled_newest",
                    JdbcLicenseKeys.instanceListing(NO_INSTANCE_FILTER), "license_key_instances_by_business_newest");
            for (var statement : statements.entrySet()) {
                var plan = SqlitePlans.explain(storage, statement.getKey());
                assertThat(plan).as("%s%n%s", statement.getKey(), plan).contains("INDEX " + statement.getValue())
                        .doesNotContain("TEMP B-TREE");
            }
            // by key or by grant, the key's instances through the key's index (sorted: a key holds a few), not a walk of
            // the business's
            for (var filter : new LicenseKeys.InstanceFilter[] {
                    new LicenseKeys.InstanceFilter(Option.some(new LicenseKeyId(ContractFixtures.id(LicenseKeyId.PREFIX))), Option.none()),
                    new LicenseKeys.InstanceFilter(Option.none(), Option.some(new GrantId(ContractFixtures.id(GrantId.PREFIX))))}) {
                var plan = SqlitePlans.explain(storage, JdbcLicenseKeys.instanceListing(filter));
                assertThat(plan).as(plan).contains("(license_key_id=?)").doesNotContain("license_key_instances_by_business_newest");
            }
        }
    }

    /**
     * A business with one entitlement and {@link #GRANTS} of its grants, each with a license key, created a second
     * apart. The {@link #RARE} oldest grants failed, the next {@link #RARE} are Pending; of the keys, the oldest {@link #RARE} are
     * imported, the next {@link #RARE} issued by hand, the next {@link #RARE} disabled, and three (the next) are the
     * world's customer's; the others belong to 300 other customers. Another entitlement has 1,000
     * failed grants, all newer.
     */
    static Samples.World seeded(JdbcStorage storage) {
        var world = Samples.world(storage);
        String business = world.businessId().value();
        String entitlement = world.entitlement().id().value();
        String status = "CASE WHEN g <= " + RARE + " THEN 'Failed' WHEN g <= " + (2 * RARE) + " THEN 'Pending' ELSE 'Delivered' END";
        StoredRecords.execute(storage, "INSERT INTO customers (id, business_id, email, email_key, name, created_at, updated_at)"
                + " SELECT 'cus_' || g, '" + business + "', 'b' || g || '@example.com',"
                + " 'b' || g || '@example.com', NULL, 0, 0 FROM " + series(300));
        StoredRecords.execute(storage, "INSERT INTO grants (id, business_id, brand_id, customer_id, entitlement_id, integration_type,"
                + " payment_id, metadata, created_at, updated_at, status, ended_status, delivered_at, license_key_id, license_key,"
                + " failed_at, error_code, error_message, version)"
                + " SELECT 'entg_' || g, '" + business + "', '" + world.business().defaultBrandId().value()
                + "', CASE WHEN g BETWEEN " + (3 * RARE + 1) + " AND " + (3 * RARE + 3) + " THEN '" + world.customer().id().value()
                + "' ELSE 'cus_' || (1 + g % 300) END, '" + entitlement + "', 'license_key',"
                + " 'pay_' || g, '{}', CAST(g AS BIGINT) * 1000000000, CAST(g AS BIGINT) * 1000000000, " + status + ", " + status + ", CASE WHEN g > " + (2 * RARE) + " THEN g END,"
                + " CASE WHEN g > " + (2 * RARE) + " THEN 'lic_' || g END,"
                + " CASE WHEN g > " + (2 * RARE) + " THEN 'KEY-' || g END, CASE WHEN g <= " + RARE + " THEN g END,"
                + " CASE WHEN g <= " + RARE + " THEN 'x' END, CASE WHEN g <= " + RARE + " THEN 'x' END, 0 FROM " + series(GRANTS));
        // another entitlement's 1,000 failed grants, newer than all of those: what a walk of the business's failed grants
        // passes over before it reaches the entitlement's
        StoredRecords.execute(storage, "INSERT INTO entitlements (id, business_id, name, description, integration_type,"
                + " integration_config, metadata, created_at, updated_at, deleted_at, version) SELECT 'ent_other', business_id,"
                + " 'Other', description, integration_type, integration_config, metadata, created_at, updated_at, NULL, 0"
                + " FROM entitlements WHERE id = '" + entitlement + "'");
        StoredRecords.execute(storage, "INSERT INTO grants (id, business_id, brand_id, customer_id, entitlement_id, integration_type,"
                + " payment_id, metadata, created_at, updated_at, status, ended_status, failed_at, error_code, error_message, version)"
                + " SELECT 'entg_other_' || id, business_id, brand_id, customer_id, 'ent_other', integration_type, 'pay_other' || payment_id,"
                + " '{}', created_at + " + GRANTS + "000000000, updated_at, 'Failed', 'Failed', 1, 'x', 'x', 0 FROM grants"
                + " WHERE entitlement_id = '" + entitlement + "' AND payment_id IN (SELECT 'pay_' || g FROM " + series(1_000) + ")");
        // one key per grant, the failed ones' keys imported without a grant
        StoredRecords.execute(storage, "INSERT INTO license_keys (id, business_id, grant_id, customer_id, entitlement_id, value,"
                + " source, disabled_at, created_at, updated_at, version)"
                + " SELECT 'lic_' || g, '" + business + "',"
                + " CASE WHEN g > " + RARE + " THEN 'entg_' || g END,"
                + " (SELECT customer_id FROM grants WHERE id = 'entg_' || g),"
                + " '" + entitlement + "', 'KEY-' || g, CASE WHEN g <= " + RARE + " THEN 'import' WHEN g <= " + (2 * RARE)
                + " THEN 'manual' ELSE 'auto' END, CASE WHEN g > " + (2 * RARE) + " AND g <= " + (3 * RARE) + " THEN g END,"
                + " CAST(g AS BIGINT) * 1000000000, CAST(g AS BIGINT) * 1000000000, 0 FROM " + series(GRANTS));
        return world;
    }

    /** 1 to {@code n} as a row source {@code g} in either database. */
    static String series(int n) {
        return "(WITH RECURSIVE s(g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM s WHERE g < " + n + ") SELECT g FROM s) s";
    }

    private static Grants.Filter grants(EntitlementId entitlement, GrantStatus status) {
        return new Grants.Filter(Option.some(entitlement), Option.none(), Option.some(status), Option.none());
    }

    private static LicenseKeys.Filter keys(Option<CustomerId> customer, Option<LicenseKeySource> source,
                                           Option<LicenseKeyStatus> status) {
        return new LicenseKeys.Filter(customer, Option.none(), source, status, Option.none(), Option.none(), Samples.T0);
    }

    /** The rows the plan's scan of {@code table} read: those it passed on and those its filter passed over. */
    static int read(String plan, String table) {
        var removed = java.util.regex.Pattern.compile("Rows Removed by Filter: (\\d+)").matcher(plan);
        return GenericPlans.rowsRead(plan, table) + (removed.find() ? Integer.parseInt(removed.group(1)) : 0);
    }

    /** {@code sql} with each of {@code names} ({@code :name}) as {@code $1}, {@code $2}... in this order. */
    static String numbered(String sql, String... names) {
        for (int i = 0; i < names.length; i++) {
            sql = sql.replaceAll(":" + names[i] + "\\b", "\\$" + (i + 1));
        }
        return sql;
    }
}

package dev.grantor.adapter.persistence;

import static dev.grantor.adapter.persistence.ListPlansTest.numbered;
import static dev.grantor.adapter.persistence.ListPlansTest.read;
import static dev.grantor.adapter.persistence.ListPlansTest.series;
import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.port.out.LicenseKeys;
import dev.grantor.application.port.out.Page;
import dev.grantor.domain.grant.LicenseKey;
import dev.grantor.domain.grant.LicenseKeySource;
import dev.grantor.domain.grant.LicenseKeyStatus;
import dev.grantor.domain.shared.CustomerId;
import dev.grantor.domain.shared.EntitlementId;
import io.vavr.control.Option;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /license_keys?status=expired} of a business whose every key has an expiry (V36 on PostgreSQL, V33 on
 * SQLite). Walking the expiring keys newest first, the page of the few expired ones read every key; now the expired keys
 * are counted through {@code license_keys_by_expiry} up to {@link JdbcLicenseKeys#FEW_EXPIRED}, and below it read there
 * and sorted, while many expired keys are still walked newest first, which finds them among the newest. Seeded with
 * {@link #KEYS} keys, all expiring: either {@link #FEW} expired among them (and as many expired but disabled, which
 * the expired list never shows), or every other one expired. Counted in rows read on PostgreSQL's generic plan, and from
 * SQLite's {@code EXPLAIN QUERY PLAN}. Not timed.
 */
class FewExpiredKeysPlansTest {

    private static final int KEYS = 3_000;
    private static final int FEW = 10;
    private static final int PAGE = 10;
    /** The read's instant, in seconds: past the expiry of the expired keys, before that of the others. */
    private static final long READ_AT = 5_000;
    private static final String TYPES = "text, bigint, int, int";

    @TempDir
    Path dir;

    @Test
    void on_postgresql_few_expired_keys_are_counted_and_read_through_the_expiry_index_alone() throws SQLException {
        try (var storage = JdbcStorage.open(TestDatabases.freshPostgres().withPoolSize(2))) {
            var world = seeded(storage, false);
            StoredRecords.execute(storage, "ANALYZE");

            var count = GenericPlans.explain(storage, numbered(JdbcLicenseKeys.EXPIRED_COUNT, "business_id", "at_second",
                    "at_nano", "cap"), TYPES, arguments(world, JdbcLicenseKeys.FEW_EXPIRED));
            var few = GenericPlans.explain(storage, numbered(JdbcLicenseKeys.fewExpired(expired()), "business_id",
                    "at_second", "at_nano", "cap", "limit", "offset"), TYPES + ", int, bigint",
                    arguments(world, JdbcLicenseKeys.FEW_EXPIRED) + ", " + PAGE + ", 0");

            assertThat(count).as(count).contains("license_keys_by_expiry").doesNotContain("Seq Scan");
            assertThat(read(count, "license_keys")).as("rows read to count the expired keys:%n%s", count).isEqualTo(FEW);
            assertThat(few).as(few).contains("license_keys_by_expiry").doesNotContain("Seq Scan");
            assertThat(read(few, "license_keys")).as("rows read for a page of few expired keys:%n%s", few).isEqualTo(FEW);
            assertThat(listed(storage, world)).extracting(key -> key.value().value()).containsExactlyElementsOf(fewExpiredNewestFirst());
        }
    }

    @Test
    void on_postgresql_many_expired_keys_are_counted_up_to_the_cap_and_walked_newest_first() throws SQLException {
        try (var storage = JdbcStorage.open(TestDatabases.freshPostgres().withPoolSize(2))) {
            var world = seeded(storage, true);
            StoredRecords.execute(storage, "ANALYZE");

            var count = GenericPlans.explain(storage, numbered(JdbcLicenseKeys.EXPIRED_COUNT, "business_id", "at_second",
                    "at_nano", "cap"), TYPES, arguments(world, JdbcLicenseKeys.FEW_EXPIRED));
            var walk = GenericPlans.explain(storage, numbered(JdbcLicenseKeys.listing(expired()), "business_id", "at_second",
                    "at_nano", "limit", "offset"), "text, bigint, int, int, bigint",
                    "'" + world.businessId().value() + "', " + READ_AT + ", 0, " + PAGE + ", 0");

            assertThat(count).as(count).contains("license_keys_by_expiry").doesNotContain("Seq Scan");
            assertThat(read(count, "license_keys")).as("rows read to count up to the cap:%n%s", count)
                    .isEqualTo(JdbcLicenseKeys.FEW_EXPIRED);
            assertThat(walk).as(walk).contains("license_keys_expiring_newest").doesNotContain("Sort Key");
            assertThat(read(walk, "license_keys")).as("rows read for a page of many expired keys:%n%s", walk)
                    .isLessThanOrEqualTo(2 * PAGE);
            assertThat(listed(storage, world)).extracting(key -> key.value().value()).containsExactlyElementsOf(manyExpiredNewestFirst());
        }
    }

    @Test
    void on_sqlite_few_expired_keys_are_counted_and_read_through_the_expiry_index_alone() throws SQLException {
        try (var storage = JdbcStorage.open(TestDatabases.freshSqlite(dir))) {
            var world = seeded(storage, false);

            var count = SqlitePlans.explain(storage, JdbcLicenseKeys.EXPIRED_COUNT);
            var few = SqlitePlans.explain(storage, JdbcLicenseKeys.fewExpired(expired()));

            assertThat(count).as(count).contains("INDEX license_keys_by_expiry (business_id=? AND expires_at_second")
                    .doesNotContain("SCAN license_keys").doesNotContain("TEMP B-TREE");
            // the few keys are sorted by creation once read (the outer ORDER BY), never all of the business's keys
            assertThat(few).as(few).contains("INDEX license_keys_by_expiry (business_id=? AND expires_at_second")
                    .doesNotContain("SCAN license_keys");
            assertThat(listed(storage, world)).extracting(key -> key.value().value()).containsExactlyElementsOf(fewExpiredNewestFirst());
        }
    }

    @Test
    void on_sqlite_many_expired_keys_are_walked_newest_first_not_read_by_their_expiry() throws SQLException {
        try (var storage = JdbcStorage.open(TestDatabases.freshSqlite(dir))) {
            var world = seeded(storage, true);

            var walk = SqlitePlans.explain(storage, JdbcLicenseKeys.listing(expired()));

            assertThat(walk).as(walk).contains("USING INDEX license_keys_expiring_newest (business_id=?)")
                    .doesNotContain("license_keys_by_expiry").doesNotContain("TEMP B-TREE");
            assertThat(listed(storage, world)).extracting(key -> key.value().value()).containsExactlyElementsOf(manyExpiredNewestFirst());
        }
    }

    @Test
    void on_sqlite_the_expired_walk_with_another_filter_keeps_that_filters_index() throws SQLException {
        try (var storage = JdbcStorage.open(TestDatabases.freshSqlite(dir))) {
            var world = seeded(storage, true);
            var customer = Option.some(world.customer().id());
            var entitlement = Option.some(world.entitlement().id());
            var manual = Option.some(LicenseKeySource.MANUAL);

            var byCustomer = SqlitePlans.explain(storage, JdbcLicenseKeys.listing(expired(customer, Option.none(), Option.none())));
            var byEntitlement = SqlitePlans.explain(storage, JdbcLicenseKeys.listing(expired(Option.none(), entitlement, Option.none())));
            var bySource = SqlitePlans.explain(storage, JdbcLicenseKeys.listing(expired(Option.none(), Option.none(), manual)));

            // the plans these filters had before license_keys_by_expiry: each walks an index in the page's order
            assertThat(byCustomer).as(byCustomer).contains("USING INDEX license_keys_by_customer_newest (business_id=? AND customer_id=?)")
                    .doesNotContain("TEMP B-TREE");
            assertThat(byEntitlement).as(byEntitlement).contains("USING INDEX license_keys_expiring_newest (business_id=?)")
                    .doesNotContain("TEMP B-TREE");
            assertThat(bySource).as(bySource).contains("USING INDEX license_keys_not_auto_newest (business_id=? AND source=?)")
                    .doesNotContain("TEMP B-TREE");
        }
    }

    private static String arguments(Samples.World world, int cap) {
        return "'" + world.businessId().value() + "', " + READ_AT + ", 0, " + cap;
    }

    private static java.util.List<LicenseKey> listed(JdbcStorage storage, Samples.World world) {
        return storage.transactions().read(() -> storage.licenseKeys().list(world.businessId(), expired(),
                new Page(0, PAGE))).toJavaList();
    }

    private static LicenseKeys.Filter expired() {
        return expired(Option.none(), Option.none(), Option.none());
    }

    private static LicenseKeys.Filter expired(Option<CustomerId> customer, Option<EntitlementId> entitlement,
                                              Option<LicenseKeySource> source) {
        return new LicenseKeys.Filter(customer, entitlement, source, Option.some(LicenseKeyStatus.EXPIRED),
                Option.none(), Option.none(), Instant.ofEpochSecond(READ_AT));
    }

    /** The few expired keys' values, the newest first: keys {@code g} with {@code g % 300 = 7}. */
    private static java.util.List<String> fewExpiredNewestFirst() {
        var values = new java.util.ArrayList<String>();
        for (int g = KEYS; g >= 1 && values.size() < PAGE; g--) {
            if (g % 300 == 7) {
                values.add("KEY-" + g);
            }
        }
        return values;
    }

    /** The newest page of many expired keys' values: keys {@code g} with {@code g % 2 = 0}. */
    private static java.util.List<String> manyExpiredNewestFirst() {
        var values = new java.util.ArrayList<String>();
        for (int g = KEYS; g >= 1 && values.size() < PAGE; g--) {
            if (g % 2 == 0) {
                values.add("KEY-" + g);
            }
        }
        return values;
    }

    /**
     * {@link #KEYS} keys imported a second apart, key {@code g} at second {@code g}, each with an expiry: expired at
     * {@link #READ_AT} (1,000 seconds after their creation) every other key when {@code many}, else those with
     * {@code g % 300 = 7}, and those with {@code g % 300 = 8} too but disabled; the others expire in 2286.
     */
    private static Samples.World seeded(JdbcStorage storage, boolean many) {
        var world = Samples.world(storage);
        String expired = many ? "g % 2 = 0" : "g % 300 IN (7, 8)";
        String disabled = many ? "1 = 0" : "g % 300 = 8";
        StoredRecords.execute(storage, "INSERT INTO license_keys (id, business_id, grant_id, customer_id, entitlement_id, value,"
                + " source, expires_at_second, expires_at_nano, disabled_at, created_at, updated_at, version)"
                + " SELECT 'lic_x0000000000000' || CAST(1000000 + g AS TEXT), '" + world.businessId().value() + "', NULL, '"
                + world.customer().id().value() + "', '" + world.entitlement().id().value() + "', 'KEY-' || g, 'import',"
                + " CASE WHEN " + expired + " THEN g + 1000 ELSE 9999999999 END, 0,"
                + " CASE WHEN " + disabled + " THEN CAST(g AS BIGINT) * 1000000000 END,"
                + " CAST(g AS BIGINT) * 1000000000, CAST(g AS BIGINT) * 1000000000, 0 FROM " + series(KEYS));
        return world;
    }
}

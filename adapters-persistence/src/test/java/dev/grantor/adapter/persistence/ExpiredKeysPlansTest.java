package dev.grantor.adapter.persistence;

import static dev.grantor.adapter.persistence.ListPlansTest.numbered;
import static dev.grantor.adapter.persistence.ListPlansTest.read;
import static dev.grantor.adapter.persistence.ListPlansTest.series;
import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.port.out.LicenseKeys;
import dev.grantor.application.port.out.Page;
import dev.grantor.domain.grant.LicenseKey;
import dev.grantor.domain.grant.LicenseKeyStatus;
import io.vavr.control.Option;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /license_keys?status=expired} reads the keys that have an expiry, not every key of the business (V34 on
 * PostgreSQL, V31 on SQLite). No index can hold "expired at the instant of the read", so the page walks keys newest
 * first and passes over those not expired; before {@code license_keys_expiring_newest} it walked all of the business's
 * keys, and when none was expired it read every one for an empty page. Seeded with {@link #KEYS} keys of which the
 * {@link #EXPIRING} oldest have an expiry and the oldest half of those are expired at the read; counted in rows read
 * on PostgreSQL's generic plan, and from SQLite's {@code EXPLAIN QUERY PLAN}. Not timed.
 */
class ExpiredKeysPlansTest {

    private static final int KEYS = 3_000;
    private static final int EXPIRING = 20;
    private static final int PAGE = 10;
    /** The read's instant, in seconds: past the expiry of the oldest half of the expiring keys. */
    private static final long READ_AT = 5_000;

    @TempDir
    Path dir;

    @Test
    void on_postgresql_a_page_of_expired_keys_reads_the_keys_that_have_an_expiry() throws SQLException {
        try (var storage = JdbcStorage.open(TestDatabases.freshPostgres().withPoolSize(2))) {
            var world = seeded(storage);
            StoredRecords.execute(storage, "ANALYZE");

            var expired = GenericPlans.explain(storage, numbered(JdbcLicenseKeys.listing(expiredAt(Instant.ofEpochSecond(READ_AT))),
                    "business_id", "at_second", "at_nano", "limit", "offset"), "text, bigint, int, int, bigint",
                    "'" + world.businessId().value() + "', " + READ_AT + ", 0, " + PAGE + ", 0");

            assertThat(read(expired, "license_keys")).as("rows read for a page of expired keys:%n%s", expired).isEqualTo(EXPIRING);
            assertThat(expired).as(expired).doesNotContain("Sort Key");
            assertThat(listed(storage, world)).hasSize(PAGE).allMatch(key ->
                    key.statusAt(Instant.ofEpochSecond(READ_AT)) == LicenseKeyStatus.EXPIRED);
        }
    }

    @Test
    void on_sqlite_a_page_of_expired_keys_walks_the_expiring_keys_index_in_its_order() throws SQLException {
        try (var storage = JdbcStorage.open(TestDatabases.freshSqlite(dir))) {
            var world = seeded(storage);

            var plan = SqlitePlans.explain(storage, JdbcLicenseKeys.listing(expiredAt(Instant.ofEpochSecond(READ_AT))));

            assertThat(plan).as(plan).contains("USING INDEX license_keys_expiring_newest (business_id=?)")
                    .doesNotContain("TEMP B-TREE");
            assertThat(listed(storage, world)).hasSize(PAGE).allMatch(key ->
                    key.statusAt(Instant.ofEpochSecond(READ_AT)) == LicenseKeyStatus.EXPIRED);
        }
    }

    private static java.util.List<LicenseKey> listed(JdbcStorage storage, Samples.World world) {
        return storage.transactions().read(() -> storage.licenseKeys().list(world.businessId(),
                expiredAt(Instant.ofEpochSecond(READ_AT)), new Page(0, PAGE))).toJavaList();
    }

    private static LicenseKeys.Filter expiredAt(Instant at) {
        return new LicenseKeys.Filter(Option.none(), Option.none(), Option.none(), Option.some(LicenseKeyStatus.EXPIRED),
                Option.none(), Option.none(), at);
    }

    /**
     * {@link #KEYS} keys imported a second apart, key {@code g} at second {@code g}; the {@link #EXPIRING} oldest have an
     * expiry: the oldest half 1,000 seconds after their creation (expired at {@link #READ_AT}), the others in 2286.
     */
    private static Samples.World seeded(JdbcStorage storage) {
        var world = Samples.world(storage);
        StoredRecords.execute(storage, "INSERT INTO license_keys (id, business_id, grant_id, customer_id, entitlement_id, value,"
                + " source, expires_at_second, expires_at_nano, created_at, updated_at, version)"
                + " SELECT 'lic_x0000000000000' || CAST(1000000 + g AS TEXT), '" + world.businessId().value() + "', NULL, '" + world.customer().id().value() + "', '"
                + world.entitlement().id().value() + "', 'KEY-' || g, 'import',"
                + " CASE WHEN g <= " + EXPIRING / 2 + " THEN g + 1000 WHEN g <= " + EXPIRING + " THEN 9999999999 END,"
                + " CASE WHEN g <= " + EXPIRING + " THEN 0 END,"
                + " CAST(g AS BIGINT) * 1000000000, CAST(g AS BIGINT) * 1000000000, 0 FROM " + series(KEYS));
        return world;
    }
}

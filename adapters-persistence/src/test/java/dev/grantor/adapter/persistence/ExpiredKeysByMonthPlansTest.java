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
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /license_keys?status=expired} of a business whose every key has an expiry (V37 on PostgreSQL, V34 on
 * SQLite). Walking the expiring keys newest first passes over every key not yet expired that is newer than the page's
 * last; now, when those are at least the expiry months up to the read's times the page's reach, each of those months
 * gives its newest expired keys through {@code license_keys_by_expiry_month} and only they are sorted. Seeded with
 * {@link #KEYS} keys, all expiring, created {@link #APART} seconds apart over three 30-day months: either {@link #FEW}
 * expired among them (and as many expired but disabled, which the expired list never shows), or the older half expired
 * behind the newer half, the shape of a business whose keys all expire. Counted in rows read on PostgreSQL's generic
 * plan, and from SQLite's {@code EXPLAIN QUERY PLAN}. Not timed.
 */
class ExpiredKeysByMonthPlansTest {

    private static final int KEYS = 3_000;
    private static final int FEW = 10;
    private static final int PAGE = 10;
    private static final long APART = 2_000;
    /** The read's instant, in seconds, in the third month: past the expiry of the expired keys, before that of the others. */
    private static final long READ_AT = 6_100_000;
    private static final long MONTH = READ_AT / JdbcLicenseKeys.MONTH_SECONDS;

    @TempDir
    Path dir;

    @Test
    void on_postgresql_a_page_of_few_expired_keys_reads_them_alone_month_by_month() throws SQLException {
        try (var storage = JdbcStorage.open(TestDatabases.freshPostgres().withPoolSize(2))) {
            var world = seeded(storage, false);
            StoredRecords.execute(storage, "ANALYZE");

            var months = months(storage, world);
            var later = later(storage, world, 3L * PAGE);
            var page = byMonth(storage, world, 0);

            assertThat(months).as(months).contains("license_keys_by_expiry_month").doesNotContain("Seq Scan");
            assertThat(readInAllLoops(months)).as("rows read to find the 3 months:%n%s", months).isLessThanOrEqualTo(3);
            assertThat(later).as(later).contains("license_keys_by_expiry_month").doesNotContain("Seq Scan");
            assertThat(read(later, "license_keys")).as("rows read to count the later keys:%n%s", later).isEqualTo(3 * PAGE);
            assertThat(page).as(page).contains("license_keys_by_expiry_month").doesNotContain("Seq Scan");
            assertThat(readInAllLoops(page)).as("rows read for a page of few expired keys:%n%s", page).isBetween((long) FEW, FEW + 3L);
            assertThat(listed(storage, world, 0)).extracting(key -> key.value().value())
                    .containsExactlyElementsOf(expiredNewestFirst(false, 0));
        }
    }

    @Test
    void on_postgresql_a_page_of_many_expired_keys_behind_many_unexpired_reads_a_page_a_month() throws SQLException {
        try (var storage = JdbcStorage.open(TestDatabases.freshPostgres().withPoolSize(2))) {
            var world = seeded(storage, true);
            StoredRecords.execute(storage, "ANALYZE");

            var first = byMonth(storage, world, 0);
            var second = byMonth(storage, world, PAGE);

            // two months hold expired keys: at most a page's reach from each (the third, the read's, holds none)
            assertThat(first).as(first).contains("license_keys_by_expiry_month").doesNotContain("Seq Scan");
            assertThat(readInAllLoops(first)).as("rows read for the first page:%n%s", first).isLessThanOrEqualTo(2 * PAGE + 3);
            assertThat(readInAllLoops(second)).as("rows read for the second page:%n%s", second).isLessThanOrEqualTo(4 * PAGE + 3);
            assertThat(listed(storage, world, 0)).extracting(key -> key.value().value())
                    .containsExactlyElementsOf(expiredNewestFirst(true, 0));
            assertThat(listed(storage, world, 1)).extracting(key -> key.value().value())
                    .containsExactlyElementsOf(expiredNewestFirst(true, PAGE));
        }
    }

    @Test
    void on_sqlite_the_months_the_count_and_each_months_keys_are_read_through_the_month_index() throws SQLException {
        try (var storage = JdbcStorage.open(TestDatabases.freshSqlite(dir))) {
            var world = seeded(storage, true);

            var months = SqlitePlans.explain(storage, JdbcLicenseKeys.EXPIRY_MONTHS);
            var later = SqlitePlans.explain(storage, JdbcLicenseKeys.LATER_COUNT);
            var page = SqlitePlans.explain(storage, JdbcLicenseKeys.byMonth(Dialect.SQLITE, expired()));

            assertThat(months).as(months).contains("INDEX license_keys_by_expiry_month (business_id=? AND <expr>")
                    .doesNotContain("SCAN license_keys").doesNotContain("TEMP B-TREE");
            assertThat(later).as(later).contains("INDEX license_keys_by_expiry_month (business_id=? AND <expr>>?)")
                    .doesNotContain("SCAN license_keys").doesNotContain("TEMP B-TREE");
            // each month's keys come in the page's order, a page's reach at most; only those are sorted, once
            assertThat(page).as(page).contains("INDEX license_keys_by_expiry_month (business_id=? AND <expr>=?)")
                    .doesNotContain("SCAN license_keys");
            assertThat(Pattern.compile("TEMP B-TREE").matcher(page).results().count()).as(page).isEqualTo(1);
            assertThat(listed(storage, world, 0)).extracting(key -> key.value().value())
                    .containsExactlyElementsOf(expiredNewestFirst(true, 0));
            assertThat(listed(storage, world, 1)).extracting(key -> key.value().value())
                    .containsExactlyElementsOf(expiredNewestFirst(true, PAGE));
        }
    }

    @Test
    void on_sqlite_few_expired_keys_are_listed_newest_first() throws SQLException {
        try (var storage = JdbcStorage.open(TestDatabases.freshSqlite(dir))) {
            var world = seeded(storage, false);

            assertThat(listed(storage, world, 0)).extracting(key -> key.value().value())
                    .containsExactlyElementsOf(expiredNewestFirst(false, 0));
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
            var walk = SqlitePlans.explain(storage, JdbcLicenseKeys.listing(expired()));

            // the plans these filters had before any index by expiry: each walks an index in the page's order
            assertThat(byCustomer).as(byCustomer).contains("USING INDEX license_keys_by_customer_newest (business_id=? AND customer_id=?)")
                    .doesNotContain("TEMP B-TREE");
            assertThat(byEntitlement).as(byEntitlement).contains("USING INDEX license_keys_expiring_newest (business_id=?)")
                    .doesNotContain("TEMP B-TREE");
            assertThat(bySource).as(bySource).contains("USING INDEX license_keys_not_auto_newest (business_id=? AND source=?)")
                    .doesNotContain("TEMP B-TREE");
            assertThat(walk).as(walk).contains("USING INDEX license_keys_expiring_newest (business_id=?)")
                    .doesNotContain("license_keys_by_expiry_month").doesNotContain("TEMP B-TREE");
        }
    }

    @Test
    void on_both_databases_the_store_reads_by_month_while_the_walk_would_pass_over_more_keys() {
        for (var dialect : Dialect.values()) {
            // as the driver gets them, with positional parameters
            var byMonth = JdbcLicenseKeys.byMonth(dialect, expired()).replaceAll(":[a-z_]+", "?");
            var walk = JdbcLicenseKeys.listing(expired()).replaceAll(":[a-z_]+", "?");
            try (var storage = JdbcStorage.open(fresh(dialect))) {
                var many = seeded(storage, true);

                // 1,500 keys not yet expired against 2 months times 10 or 20 keys: by month
                assertThat(statementsOfList(storage, dialect, many, 0)).as(dialect.name()).contains(byMonth).doesNotContain(walk);
                assertThat(statementsOfList(storage, dialect, many, 1)).as(dialect.name()).contains(byMonth).doesNotContain(walk);
                // page 80 reaches 810 keys a month, 1,620 in all, past the 1,500 the walk passes over: walked
                assertThat(statementsOfList(storage, dialect, many, 80)).as(dialect.name()).contains(walk).doesNotContain(byMonth);
                // page 300 would read by month 3,010 keys a month, past JdbcLicenseKeys.MOST_BY_MONTH in all: walked uncounted
                assertThat(statementsOfList(storage, dialect, many, 300)).as(dialect.name()).contains(walk)
                        .doesNotContain(byMonth, JdbcLicenseKeys.LATER_COUNT.replaceAll(":[a-z_]+", "?"));
            }
            try (var storage = JdbcStorage.open(fresh(dialect))) {
                var few = seeded(storage, false);

                assertThat(statementsOfList(storage, dialect, few, 0)).as(dialect.name()).contains(byMonth).doesNotContain(walk);
            }
        }
    }

    private StorageSettings fresh(Dialect dialect) {
        return dialect == Dialect.SQLITE ? TestDatabases.freshSqlite(dir) : TestDatabases.freshPostgres().withPoolSize(2);
    }

    /** The statements the store runs for a page of {@code world}'s expired keys. */
    private static java.util.List<String> statementsOfList(JdbcStorage storage, Dialect dialect, Samples.World world, int page) {
        var counting = new CountingDataSource(storage.dataSource());
        var transactions = new JdbcTransactions(counting.dataSource(), dialect, HostTransactions.NONE);
        var keys = new JdbcLicenseKeys(transactions, dialect);
        transactions.read(() -> keys.list(world.businessId(), expired(), new Page(page, PAGE)));
        return counting.drain().stream().map(CountingDataSource.Execution::sql).toList();
    }

    /** The rows every scan of license_keys read, in every loop (a month's subquery runs once a month). */
    static long readInAllLoops(String plan) {
        var scan = Pattern.compile("Scan (?:.* )?on license_keys(?: \\w+)? +\\(actual time=[0-9.]+\\.\\.[0-9.]+"
                + " rows=(\\d+(?:\\.\\d+)?) loops=(\\d+)\\)").matcher(plan);
        double rows = 0;
        int scans = 0;
        while (scan.find()) {
            scans++;
            rows += Double.parseDouble(scan.group(1)) * Integer.parseInt(scan.group(2));
        }
        var removed = Pattern.compile("Rows Removed by Filter: (\\d+)").matcher(plan);
        while (removed.find()) {
            rows += Integer.parseInt(removed.group(1));
        }
        assertThat(scans).as("scans of license_keys in:%n%s", plan).isPositive();
        return Math.round(rows);
    }

    private static String months(JdbcStorage storage, Samples.World world) throws SQLException {
        return GenericPlans.explain(storage, numbered(JdbcLicenseKeys.EXPIRY_MONTHS, "business_id", "month"),
                "text, bigint", "'" + world.businessId().value() + "', " + MONTH);
    }

    private static String later(JdbcStorage storage, Samples.World world, long cap) throws SQLException {
        return GenericPlans.explain(storage, numbered(JdbcLicenseKeys.LATER_COUNT, "business_id", "month", "cap"),
                "text, bigint, bigint", "'" + world.businessId().value() + "', " + MONTH + ", " + cap);
    }

    private static String byMonth(JdbcStorage storage, Samples.World world, int offset) throws SQLException {
        return GenericPlans.explain(storage, numbered(JdbcLicenseKeys.byMonth(Dialect.POSTGRESQL, expired()),
                        "business_id", "month", "at_second", "at_nano", "reach", "limit", "offset"),
                "text, bigint, bigint, int, bigint, int, bigint", "'" + world.businessId().value() + "', " + MONTH + ", "
                        + READ_AT + ", 0, " + (offset + PAGE) + ", " + PAGE + ", " + offset);
    }

    private static java.util.List<LicenseKey> listed(JdbcStorage storage, Samples.World world, int page) {
        return storage.transactions().read(() -> storage.licenseKeys().list(world.businessId(), expired(),
                new Page(page, PAGE))).toJavaList();
    }

    private static LicenseKeys.Filter expired() {
        return expired(Option.none(), Option.none(), Option.none());
    }

    private static LicenseKeys.Filter expired(Option<CustomerId> customer, Option<EntitlementId> entitlement,
                                              Option<LicenseKeySource> source) {
        return new LicenseKeys.Filter(customer, entitlement, source, Option.some(LicenseKeyStatus.EXPIRED),
                Option.none(), Option.none(), Instant.ofEpochSecond(READ_AT));
    }

    /** A page of the expired keys' values from {@code offset}, the newest first. */
    private static java.util.List<String> expiredNewestFirst(boolean many, int offset) {
        var values = new java.util.ArrayList<String>();
        for (int g = KEYS; g >= 1; g--) {
            if (many ? g <= KEYS / 2 : g % 300 == 7) {
                values.add("KEY-" + g);
            }
        }
        return values.subList(Math.min(offset, values.size()), Math.min(offset + PAGE, values.size()));
    }

    /**
     * {@link #KEYS} keys imported {@link #APART} seconds apart, key {@code g} at second {@code g} times that, each with
     * an expiry: 1,000 seconds after its creation (expired at {@link #READ_AT}, in the first or second month) the older
     * half when {@code many}, else those with {@code g % 300 = 7} (across all three months), and those with
     * {@code g % 300 = 8} too but disabled; the others expire in 2286.
     */
    private static Samples.World seeded(JdbcStorage storage, boolean many) {
        var world = Samples.world(storage);
        String expired = many ? "g <= " + KEYS / 2 : "g % 300 IN (7, 8)";
        String disabled = many ? "1 = 0" : "g % 300 = 8";
        StoredRecords.execute(storage, "INSERT INTO license_keys (id, business_id, grant_id, customer_id, entitlement_id, value,"
                + " source, expires_at_second, expires_at_nano, disabled_at, created_at, updated_at, version)"
                + " SELECT 'lic_x0000000000000' || CAST(1000000 + g AS TEXT), '" + world.businessId().value() + "', NULL, '"
                + world.customer().id().value() + "', '" + world.entitlement().id().value() + "', 'KEY-' || g, 'import',"
                + " CASE WHEN " + expired + " THEN g * " + APART + " + 1000 ELSE 9999999999 END, 0,"
                + " CASE WHEN " + disabled + " THEN CAST(g AS BIGINT) * " + APART + " * 1000000000 END,"
                + " CAST(g AS BIGINT) * " + APART + " * 1000000000, CAST(g AS BIGINT) * " + APART + " * 1000000000, 0 FROM "
                + series(KEYS));
        return world;
    }
}

package dev.grantor.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.instancio.Select.all;

import dev.grantor.application.port.out.LicenseKeys;
import dev.grantor.application.port.out.Page;
import dev.grantor.domain.grant.LicenseKey;
import dev.grantor.domain.grant.LicenseKeyStatus;
import dev.grantor.domain.shared.CustomerId;
import io.vavr.control.Option;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.instancio.Instancio;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The read of expired keys by expiry month gives the walk newest first's keys in its order on every page, on both
 * databases: generated stores (Instancio) of keys created over 400 days, a few in one second so that the id orders
 * them, without an expiry, expiring a term after their issue (a minute to a year, so that the newest expired keys
 * crowd into a month or two and a month's share of a page is a whole page), expiring anywhere in the 800 days around
 * the read, in the read's own month on both sides of its instant and in its very second on both sides of its nanos,
 * some disabled, of two customers. For each
 * filter (none, a customer, a creation bound) and page size (7, 100, 1) the statements are run as they are and paged
 * through until empty, and each page is compared with the walk's and with the expectation worked out here; the page the
 * store chooses ({@link JdbcLicenseKeys#list}) with both.
 */
class ExpiredKeysByMonthTest {

    /** The read's instant: second 1,000,000 of its 30-day month, nano 400. */
    private static final Instant AT = Instant.ofEpochSecond(700 * JdbcLicenseKeys.MONTH_SECONDS + 1_000_000, 400);
    private static final int DAY = 86_400;
    private static final int KEYS = 700;
    /** The terms keys are issued for, in seconds: a minute, a day, 30, 90 and 365 days. */
    private static final long[] TERMS = {60, DAY, 30L * DAY, 90L * DAY, 365L * DAY};

    @TempDir
    Path dir;

    static Stream<Arguments> cases() {
        return Stream.of("sqlite", "postgresql").flatMap(database -> Stream.of(37_001, 37_002).map(seed -> Arguments.of(database, seed)));
    }

    /** A key as drawn: created {@code daysBefore} the read, its expiry of {@code kind}, its own draw within the kind. */
    record Drawn(int daysBefore, int secondInDay, int kind, int expiryOffset, int nano, boolean disabled, boolean otherCustomer) {}

    /** One seeded key. */
    private record Row(String id, long created, Long expirySecond, Integer expiryNano, boolean disabled, String customer) {

        boolean expired() {
            return !disabled && expirySecond != null && Instant.ofEpochSecond(expirySecond, expiryNano).compareTo(AT) <= 0;
        }
    }

    @ParameterizedTest(name = "{0}, seed {1}")
    @MethodSource("cases")
    void the_read_by_month_pages_as_the_walk_does(String database, int seed) {
        var settings = database.equals("sqlite") ? TestDatabases.freshSqlite(dir) : TestDatabases.freshPostgres().withPoolSize(2);
        try (var storage = JdbcStorage.open(settings)) {
            var world = Samples.world(storage);
            var other = new CustomerId(Samples.id("cus_"));
            var rows = rows(seed, world.customer().id().value(), other.value());
            insert(storage, world, rows);
            var dialect = database.equals("sqlite") ? Dialect.SQLITE : Dialect.POSTGRESQL;
            Instant from = Instant.ofEpochSecond(AT.getEpochSecond() - 200L * DAY);
            var jdbi = Jdbi.create(storage.dataSource());

            assertThat(rows.stream().filter(Row::expired).count()).as("expired keys drawn").isBetween(100L, 600L);
            assertThat(rows.stream().filter(row -> !row.expired() && row.expirySecond() != null && !row.disabled()).count())
                    .as("keys not yet expired drawn").isGreaterThan(100L);
            record Case(LicenseKeys.Filter filter, Predicate<Row> kept) {}
            var cases = List.of(
                    new Case(filter(Option.none(), Option.none()), row -> true),
                    new Case(filter(Option.some(other), Option.none()), row -> row.customer().equals(other.value())),
                    new Case(filter(Option.none(), Option.some(from)), row -> row.created() >= from.getEpochSecond() * 1_000_000_000L));
            for (var c : cases) {
                var expected = expected(rows, c.kept());
                for (int size : new int[] {7, 100, 1}) {
                    var byMonth = new ArrayList<String>();
                    var walk = new ArrayList<String>();
                    var listed = new ArrayList<String>();
                    for (int number = 0; number * size <= expected.size() && number < 60; number++) {
                        var page = new Page(number, size);
                        var one = run(jdbi, JdbcLicenseKeys.byMonth(dialect, c.filter()), world, c.filter(), page, true);
                        var theWalks = run(jdbi, JdbcLicenseKeys.listing(c.filter()), world, c.filter(), page, false);
                        assertThat(one).as("%s page %d of %d", c.filter(), number, size).isEqualTo(theWalks);
                        byMonth.addAll(one);
                        walk.addAll(theWalks);
                        int n = number;
                        listed.addAll(storage.transactions().read(() -> storage.licenseKeys().list(world.businessId(),
                                c.filter(), new Page(n, size))).map(key -> key.id().value()).toJavaList());
                    }
                    var shown = expected.subList(0, Math.min(expected.size(), 60 * size));
                    assertThat(byMonth).as("by month, %s, pages of %d", c.filter(), size).containsExactlyElementsOf(shown);
                    assertThat(walk).as("walk, %s, pages of %d", c.filter(), size).containsExactlyElementsOf(shown);
                    assertThat(listed).as("listed, %s, pages of %d", c.filter(), size).containsExactlyElementsOf(shown);
                }
            }
        }
    }

    /** The ids of a page of {@code sql} (the read by month when {@code byMonth}, else the walk), bound as the store binds. */
    private static List<String> run(Jdbi jdbi, String sql, Samples.World world, LicenseKeys.Filter filter, Page page,
                                    boolean byMonth) {
        return jdbi.withHandle(handle -> {
            var query = handle.createQuery(sql)
                    .bind("business_id", world.businessId().value())
                    .bind("at_second", AT.getEpochSecond())
                    .bind("at_nano", AT.getNano())
                    .bind("limit", page.size())
                    .bind("offset", page.offset());
            if (byMonth) {
                query.bind("month", AT.getEpochSecond() / JdbcLicenseKeys.MONTH_SECONDS).bind("reach", page.offset() + page.size());
            }
            filter.customer().forEach(c -> query.bind("customer_id", c.value()));
            filter.createdFrom().forEach(from -> query.bind("created_from", Columns.bound(from)));
            return query.map((rs, ctx) -> rs.getString("id")).list();
        });
    }

    private static List<Row> rows(int seed, String customer, String otherCustomer) {
        int month = (int) JdbcLicenseKeys.MONTH_SECONDS;
        long intoMonth = AT.getEpochSecond() % month;
        var drawn = Instancio.ofList(Drawn.class).size(KEYS)
                .supply(all(Drawn.class), r -> new Drawn(r.intRange(0, 400), r.oneOf(0, 0, 0, r.intRange(0, DAY - 1)),
                        r.intRange(0, 5), r.intRange(1, 200 * DAY), r.oneOf(0, 399, 400, 401, 999_999_999),
                        r.intRange(0, 9) == 0, r.intRange(0, 3) == 0))
                .withSeed(seed).create();
        var rows = new ArrayList<Row>();
        for (int i = 0; i < drawn.size(); i++) {
            var d = drawn.get(i);
            long created = (AT.getEpochSecond() - (long) d.daysBefore() * DAY + d.secondInDay() - DAY) * 1_000_000_000L;
            Long expiry = switch (d.kind()) {
                case 0 -> null;
                // a term from the issue, as most keys get: the newest expired keys then share a month or two
                case 1, 2 -> created / 1_000_000_000L + TERMS[d.expiryOffset() % TERMS.length];
                case 3 -> AT.getEpochSecond() + (d.expiryOffset() % 2 == 0 ? 2L : -2L) * d.expiryOffset();
                case 4 -> AT.getEpochSecond();
                default -> AT.getEpochSecond() - intoMonth + d.expiryOffset() % month;
            };
            Integer nano = expiry == null ? null : d.kind() == 4 ? d.nano() : 0;
            rows.add(new Row("lic_x%020d".formatted(i), created, expiry, nano, d.disabled(),
                    d.otherCustomer() ? otherCustomer : customer));
        }
        return rows;
    }

    private static void insert(JdbcStorage storage, Samples.World world, List<Row> rows) {
        for (int from = 0; from < rows.size(); from += 200) {
            var values = new StringBuilder();
            for (var row : rows.subList(from, Math.min(rows.size(), from + 200))) {
                values.append(values.isEmpty() ? "" : ", ").append("('").append(row.id()).append("', '")
                        .append(world.businessId().value()).append("', '").append(row.customer()).append("', '")
                        .append(world.entitlement().id().value()).append("', 'KEY-").append(row.id()).append("', 'import', ")
                        .append(row.expirySecond()).append(", ").append(row.expiryNano()).append(", ")
                        .append(row.disabled() ? String.valueOf(row.created() + 1) : "NULL")
                        .append(", ").append(row.created()).append(", ").append(row.created()).append(", 0)");
            }
            StoredRecords.execute(storage, "INSERT INTO license_keys (id, business_id, customer_id, entitlement_id, value,"
                    + " source, expires_at_second, expires_at_nano, disabled_at, created_at, updated_at, version) VALUES " + values);
        }
    }

    private static LicenseKeys.Filter filter(Option<CustomerId> customer, Option<Instant> createdFrom) {
        return new LicenseKeys.Filter(customer, Option.none(), Option.none(), Option.some(LicenseKeyStatus.EXPIRED),
                createdFrom, Option.none(), AT);
    }

    /** The ids of the expired rows that {@code kept} keeps, newest first, the greater id first within a nanosecond. */
    private static List<String> expected(List<Row> rows, Predicate<Row> kept) {
        return rows.stream().filter(Row::expired).filter(kept)
                .sorted(Comparator.comparingLong(Row::created).thenComparing(Row::id).reversed())
                .map(Row::id).toList();
    }
}

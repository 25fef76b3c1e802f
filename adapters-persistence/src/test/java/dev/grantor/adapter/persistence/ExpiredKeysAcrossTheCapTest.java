package dev.grantor.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.port.out.LicenseKeys;
import dev.grantor.application.port.out.Page;
import dev.grantor.domain.grant.LicenseKey;
import dev.grantor.domain.grant.LicenseKeySource;
import dev.grantor.domain.grant.LicenseKeyStatus;
import io.vavr.control.Option;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The expired keys listed and paged through on both databases with 999, 1,000 and 1,001 expired keys (session 34's cap
 * between reading them by expiry and walking them; since session 37 the pages deep enough that the walk reads less than
 * the read by expiry month walk, the others are read by month): the same keys in the same order either way, against an
 * expectation worked out here from the seeded rows. The seed mixes what
 * the expired filter must tell apart: keys expired seconds before the read, in the read's own second before and after its
 * nanos, expired but disabled, without an expiry, expiring later; pairs created in the same nanosecond,
 * which the id orders.
 */
class ExpiredKeysAcrossTheCapTest {

    /** The read's instant: second 100,000, nano 400. */
    private static final Instant AT = Instant.ofEpochSecond(100_000, 400);
    private static final int ROWS = 1_700;

    @TempDir
    Path dir;

    static Stream<Arguments> cases() {
        int cap = 1_000;
        return Stream.of("sqlite", "postgresql").flatMap(database ->
                Stream.of(cap - 1, cap, cap + 1).map(expired -> Arguments.of(database, expired)));
    }

    @ParameterizedTest(name = "{0}, {1} expired")
    @MethodSource("cases")
    void every_expired_key_is_listed_once_newest_first_on_every_page(String database, int expired) {
        var settings = database.equals("sqlite") ? TestDatabases.freshSqlite(dir) : TestDatabases.freshPostgres().withPoolSize(2);
        try (var storage = JdbcStorage.open(settings)) {
            var world = Samples.world(storage);
            var rows = rows(expired);
            insert(storage, world, rows);
            var all = filter(Option.none(), Option.none());
            var imported = filter(Option.some(LicenseKeySource.IMPORT), Option.none());
            var recent = filter(Option.none(), Option.some(Instant.ofEpochSecond(400)));

            assertThat(rows.stream().filter(Row::expired).count()).isEqualTo(expired);
            assertThat(pagedThrough(storage, world, all, 100)).containsExactlyElementsOf(expected(rows, row -> true));
            assertThat(pagedThrough(storage, world, all, 7)).containsExactlyElementsOf(expected(rows, row -> true));
            assertThat(pagedThrough(storage, world, imported, 100)).containsExactlyElementsOf(expected(rows, row -> true));
            assertThat(pagedThrough(storage, world, recent, 100))
                    .containsExactlyElementsOf(expected(rows, row -> row.createdSecond() >= 400));
        }
    }

    /**
     * One seeded key, imported (a key issued by hand or automatically needs a grant): created at {@code createdSecond}
     * (two keys a second, so the id orders each pair); {@code expiry} seconds and nanos, or none; disabled or not.
     */
    private record Row(String id, long createdSecond, Long expirySecond, Integer expiryNano, boolean disabled) {

        boolean expired() {
            return !disabled && expirySecond != null && Instant.ofEpochSecond(expirySecond, expiryNano).compareTo(AT) <= 0;
        }
    }

    /**
     * {@link #ROWS} keys cycling through eight kinds, the expired kinds turned into keys expiring next year once
     * {@code expired} keys are expired.
     */
    private static List<Row> rows(int expired) {
        var rows = new ArrayList<Row>();
        int expiredSoFar = 0;
        for (int i = 0; i < ROWS; i++) {
            long second = AT.getEpochSecond();
            int kind = i % 8;
            boolean expiring = kind <= 4;
            if (expiring && expiredSoFar == expired) {
                kind = 8;
            } else if (expiring) {
                expiredSoFar++;
            }
            Long expirySecond = switch (kind) {
                case 0, 1, 2, 3 -> second - 1 - i;
                case 4, 5 -> second;
                case 6 -> second - 10;
                case 7 -> i % 16 == 7 ? null : second + 1;
                default -> second + 365 * 86_400;
            };
            Integer expiryNano = expirySecond == null ? null : switch (kind) {
                case 4 -> 300;
                case 5 -> 500;
                default -> 0;
            };
            rows.add(new Row("lic_x%020d".formatted(i), i / 2, expirySecond, expiryNano, kind == 6));
        }
        return rows;
    }

    private static void insert(JdbcStorage storage, Samples.World world, List<Row> rows) {
        for (int from = 0; from < rows.size(); from += 200) {
            var values = new StringBuilder();
            for (var row : rows.subList(from, Math.min(rows.size(), from + 200))) {
                long created = row.createdSecond() * 1_000_000_000L;
                values.append(values.isEmpty() ? "" : ", ").append("('").append(row.id()).append("', '")
                        .append(world.businessId().value()).append("', '").append(world.customer().id().value()).append("', '")
                        .append(world.entitlement().id().value()).append("', 'KEY-").append(row.id()).append("', 'import', ")
                        .append(row.expirySecond()).append(", ")
                        .append(row.expiryNano()).append(", ").append(row.disabled() ? String.valueOf(created + 1) : "NULL")
                        .append(", ").append(created).append(", ").append(created).append(", 0)");
            }
            StoredRecords.execute(storage, "INSERT INTO license_keys (id, business_id, customer_id, entitlement_id, value,"
                    + " source, expires_at_second, expires_at_nano, disabled_at, created_at, updated_at, version) VALUES " + values);
        }
    }

    private static LicenseKeys.Filter filter(Option<LicenseKeySource> source, Option<Instant> createdFrom) {
        return new LicenseKeys.Filter(Option.none(), Option.none(), source, Option.some(LicenseKeyStatus.EXPIRED),
                createdFrom, Option.none(), AT);
    }

    /** The ids of the expired rows that {@code kept} keeps, newest first, the greater id first within a nanosecond. */
    private static List<String> expected(List<Row> rows, java.util.function.Predicate<Row> kept) {
        return rows.stream().filter(Row::expired).filter(kept)
                .sorted(Comparator.comparingLong(Row::createdSecond).thenComparing(Row::id).reversed())
                .map(Row::id).toList();
    }

    /** Every page of {@code size} until an empty one, their keys' ids in order; each key checked expired at the read. */
    private static List<String> pagedThrough(JdbcStorage storage, Samples.World world, LicenseKeys.Filter filter, int size) {
        var ids = new ArrayList<String>();
        for (int number = 0; ; number++) {
            int page = number;
            var keys = storage.transactions().read(() -> storage.licenseKeys().list(world.businessId(), filter,
                    new Page(page, size))).toJavaList();
            assertThat(keys).allMatch(key -> key.statusAt(AT) == LicenseKeyStatus.EXPIRED);
            if (keys.isEmpty()) {
                return ids;
            }
            keys.stream().map(LicenseKey::id).map(id -> id.value()).forEach(ids::add);
        }
    }
}

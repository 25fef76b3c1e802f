package dev.grantor.adapter.persistence;

import static dev.grantor.adapter.persistence.ListPlansTest.numbered;
import static dev.grantor.adapter.persistence.ListPlansTest.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.grantor.application.port.out.Before;
import dev.grantor.application.port.out.Grants.Sought;
import dev.grantor.domain.grant.GrantStatus;
import io.vavr.control.Option;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's grant search for a longer ending or a whole key behind a tail many keys share (V37 on PostgreSQL, V34 on
 * SQLite). Walking {@code grants_by_key_tail_newest}, one key ending "-2026" read every grant of that tail until the
 * page was full or the tail ran out: 1,500 here, 100,000 at a merchant's size. Now the grants in the ending's range of
 * {@code grants_by_key_ending} (the keys' last 32 characters reversed) are counted up to {@link JdbcGrants#FEW_ENDING}
 * and, below it, read there and sorted; a short ending many keys share still walks the tail (the unchanged
 * {@code SqliteGrantSearchPlansTest} and {@code PostgresGrantSearchPlansTest} hold that walk to a page). Counted in rows
 * read on PostgreSQL's plans, and from SQLite's {@code EXPLAIN QUERY PLAN}; not timed. The results, paged through, are
 * compared with the seed's keys filtered in memory by {@link Sought.KeyEnding#matches}.
 */
class KeyEndingPlansTest {

    private static final int GRANTS = 3_000;
    private static final int PAGE = 100;
    /** 32 characters, the last of two longer keys that differ before them. */
    private static final String SHARED_32 = "-EDITION-PROFESSIONAL-2026-00001";
    /** Keys written after the seed's, numbered on from it: where the range and the reversal meet their edges. */
    private static final Map<Integer, String> EDGES = edges();

    @TempDir
    Path dir;

    @Test
    void on_postgresql_a_whole_key_behind_a_shared_tail_counts_and_reads_its_one_grant() throws SQLException {
        try (var storage = JdbcStorage.open(TestDatabases.freshPostgres().withPoolSize(2))) {
            var world = seeded(storage);
            for (boolean analysed : new boolean[] {false, true}) {
                if (analysed) {
                    GenericPlans.analyze(storage, "grants");
                    GenericPlans.analyze(storage, "license_keys");
                }
                for (String key : java.util.List.of("SEED-KEY-1234-2026", "-1234-2026")) {
                    var range = JdbcGrants.EndingRange.of(new Sought.KeyEnding(key, 0)).get();
                    String arguments = "'" + world.businessId().value() + "', " + quoted(range.from()) + ", "
                            + quoted(range.to()) + ", " + JdbcGrants.FEW_ENDING;
                    String count = numbered(JdbcGrants.endingCount(Dialect.POSTGRESQL), "business_id", "ending_from",
                            "ending_to", "cap");
                    String few = numbered(JdbcGrants.fewEnding(Dialect.POSTGRESQL, false, Option.none()), "business_id",
                            "ending_from", "ending_to", "cap", "ending", "shortest", "limit");
                    for (var plan : java.util.List.of(GenericPlans.explain(storage, count, "text, text, text, int", arguments),
                            GenericPlans.explainForTheValues(storage, count, "text, text, text, int", arguments))) {
                        assertThat(plan).as(plan).contains("grants_by_key_ending").doesNotContain("Seq Scan");
                        assertThat(read(plan, "grants")).as("rows read to count %s's grants:%n%s", key, plan).isEqualTo(1);
                    }
                    String fewArguments = arguments + ", " + quoted(key) + ", 0, " + PAGE;
                    String types = "text, text, text, int, text, int, int";
                    for (var plan : java.util.List.of(GenericPlans.explain(storage, few, types, fewArguments),
                            GenericPlans.explainForTheValues(storage, few, types, fewArguments))) {
                        assertThat(plan).as(plan).contains("grants_by_key_ending").doesNotContain("Seq Scan");
                        assertThat(read(plan, "grants")).as("grants read for %s:%n%s", key, plan).isEqualTo(1);
                    }
                }
            }
            var shared = JdbcGrants.EndingRange.of(new Sought.KeyEnding("-2026", 0)).get();
            var capped = GenericPlans.explain(storage, numbered(JdbcGrants.endingCount(Dialect.POSTGRESQL), "business_id",
                    "ending_from", "ending_to", "cap"), "text, text, text, int", "'" + world.businessId().value() + "', "
                    + quoted(shared.from()) + ", " + quoted(shared.to()) + ", " + JdbcGrants.FEW_ENDING);
            assertThat(read(capped, "grants")).as("a tail of 1,500 keys counted up to the cap:%n%s", capped)
                    .isEqualTo(JdbcGrants.FEW_ENDING);
            searchesFindWhatTheSeedHolds(storage, world);
        }
    }

    @Test
    void on_sqlite_a_whole_key_behind_a_shared_tail_counts_and_reads_through_the_ending_index() throws SQLException {
        try (var storage = JdbcStorage.open(TestDatabases.freshSqlite(dir))) {
            var world = seeded(storage);
            var count = SqlitePlans.explain(storage, JdbcGrants.endingCount(Dialect.SQLITE));
            assertThat(count).as(count).containsPattern("SEARCH grants USING (COVERING )?INDEX grants_by_key_ending \\(business_id=\\? AND <expr>>\\? AND <expr><\\?\\)")
                    .doesNotContain("SCAN grants").doesNotContain("TEMP B-TREE");
            for (var before : java.util.List.of(Option.<Before>none(), Option.some(new Before(Instant.ofEpochSecond(2_000), "entg_z")))) {
                for (boolean byStatus : new boolean[] {false, true}) {
                    var few = SqlitePlans.explain(storage, JdbcGrants.fewEnding(Dialect.SQLITE, byStatus, before));
                    // the few grants read are sorted once read (the outer ORDER BY), never a tail's or the business's
                    assertThat(few).as(few).contains("SEARCH grants USING INDEX grants_by_key_ending (business_id=? AND <expr>>? AND <expr><?)")
                            .containsPattern("SEARCH k USING (INDEX sqlite_autoindex_license_keys_1|PRIMARY KEY)")
                            .doesNotContain("SCAN grants").doesNotContain("grants_by_key_tail_newest");
                }
            }
            searchesFindWhatTheSeedHolds(storage, world);

            // which read the search chose: a whole key never reads the tail's index, a tail of 1,500 keys walks it
            StoredRecords.execute(storage, "DROP INDEX grants_by_key_tail_newest");
            assertThat(GrantSearchSeed.pagedThrough(storage, world.businessId(), new Sought.KeyEnding("SEED-KEY-1234-2026", 0),
                    Option.none(), PAGE)).containsExactly(GrantSearchSeed.grantId(1_234));
            assertThatThrownBy(() -> GrantSearchSeed.pagedThrough(storage, world.businessId(), new Sought.KeyEnding("-2026", 0),
                    Option.none(), PAGE)).hasStackTraceContaining("no such index: grants_by_key_tail_newest");
        }
    }

    /** An ending with nothing but the last character there is has no range above it: the search walks the tail. */
    @Test
    void the_range_of_an_ending_begins_with_it_reversed_and_ends_at_the_next_prefix() {
        assertThat(JdbcGrants.EndingRange.of(new Sought.KeyEnding("AB-2026", 0)))
                .contains(new JdbcGrants.EndingRange("6202-BA", "6202-BB"));
        assertThat(JdbcGrants.EndingRange.of(new Sought.KeyEnding("\uD7FF" + "9999", 0)).map(JdbcGrants.EndingRange::to))
                .contains("9999\uE000");
        String max = new String(Character.toChars(Character.MAX_CODE_POINT));
        assertThat(JdbcGrants.EndingRange.of(new Sought.KeyEnding("z" + max + max + max, 0)).map(JdbcGrants.EndingRange::to))
                .contains(max + max + max + "{");
        assertThat(JdbcGrants.EndingRange.of(new Sought.KeyEnding(max + max + max + max, 0))).isEmpty();
        assertThat(JdbcGrants.EndingRange.of(new Sought.KeyEnding("Q" + SHARED_32, 0)).map(JdbcGrants.EndingRange::from))
                .contains(new StringBuilder(SHARED_32).reverse().toString());
    }

    /**
     * Paged through at 100 and at 7, with and without a status or a shortest key, each search finds exactly the seed's
     * grants whose key ends so, newest first: a few (through the ending's index) or many (walking the tail).
     */
    private static void searchesFindWhatTheSeedHolds(JdbcStorage storage, Samples.World world) {
        var endings = java.util.List.of("SEED-KEY-1234-2026", "-1234-2026", "4-2026", "-2026", "2026", "ZSEED-KEY-1234-2026",
                "A" + SHARED_32, SHARED_32, SHARED_32.substring(10), "\uD83D\uDE00-\u00C9T\u00C9-2026", "\u00C9-2026",
                "\uD83D\uDE00-\u00C9T\u00C9-20", "KEY-\uD83D\uDE00-\u00C9T\u00C9-20", "E-2026", "2020");
        for (String ending : endings) {
            for (int shortest : new int[] {0, "SEED-KEY-1000-2026".length()}) {
                var sought = new Sought.KeyEnding(ending, shortest);
                for (var status : java.util.List.of(Option.<GrantStatus>none(), Option.some(GrantStatus.DELIVERED),
                        Option.some(GrantStatus.PENDING))) {
                    var expected = expected(sought, status);
                    // a page of 7 where its pages are few, so that a page's bound falls among the few grants read
                    for (int limit : expected.size() > 3 * PAGE ? new int[] {PAGE} : new int[] {PAGE, 7}) {
                        assertThat(GrantSearchSeed.pagedThrough(storage, world.businessId(), sought, status, limit))
                                .as("%s (shortest %d, %s, %d a page)", ending, shortest, status, limit)
                                .containsExactlyElementsOf(expected);
                    }
                }
            }
        }
    }

    /** The seed's grants whose key {@code sought} finds, of the status, newest first: worked out from the values alone. */
    private static java.util.List<String> expected(Sought.KeyEnding sought, Option<GrantStatus> status) {
        if (status.contains(GrantStatus.PENDING)) {
            return java.util.List.of();
        }
        var values = new LinkedHashMap<Integer, String>();
        for (int i = 2; i <= GRANTS; i += 2) {
            values.put(i, "SEED-KEY-" + i + "-2026");
        }
        values.putAll(EDGES);
        var found = new ArrayList<Integer>();
        values.forEach((i, value) -> {
            if (sought.matches(value)) {
                found.add(i);
            }
        });
        found.sort(Comparator.reverseOrder());
        return found.stream().map(GrantSearchSeed::grantId).toList();
    }

    private static Map<Integer, String> edges() {
        var edges = new LinkedHashMap<Integer, String>();
        edges.put(GRANTS + 1, "AAAA" + SHARED_32);
        edges.put(GRANTS + 2, "BBBB" + SHARED_32);
        edges.put(GRANTS + 3, SHARED_32.substring(10));
        edges.put(GRANTS + 4, "KEY-\uD83D\uDE00-\u00C9T\u00C9-2026");
        edges.put(GRANTS + 5, "KEY-\uD83D\uDE00-\u00C9T\u00C9-20");
        edges.put(GRANTS + 6, "2026");
        edges.put(GRANTS + 7, "SEED-KEY-1234-2026-B");
        return edges;
    }

    /** The search seed's 3,000 grants (every other one's key ending "-2026"), then {@link #EDGES}, delivered with their keys. */
    private static Samples.World seeded(JdbcStorage storage) {
        var world = Samples.world(storage);
        GrantSearchSeed.grants(storage, world, GRANTS, "-2026");
        EDGES.forEach((i, value) -> {
            String grant = GrantSearchSeed.grantId(i);
            String key = "lic_SEEDKEY" + (10_000_000_000_000L + i);
            long at = i * 1_000_000_000L;
            StoredRecords.execute(storage, "INSERT INTO grants (id, business_id, brand_id, customer_id, entitlement_id,"
                    + " integration_type, payment_id, metadata, created_at, updated_at, status, ended_status, delivered_at,"
                    + " license_key_id, license_key, version) VALUES ('" + grant + "', '" + world.businessId().value() + "', '"
                    + world.business().defaultBrandId().value() + "', '" + world.customer().id().value() + "', '"
                    + world.entitlement().id().value() + "', 'license_key', 'pay_edge_" + i + "', '{}', " + at + ", " + at
                    + ", 'Delivered', 'Delivered', " + at + ", '" + key + "', " + quoted(value) + ", 0)");
            StoredRecords.execute(storage, "INSERT INTO license_keys (id, business_id, grant_id, customer_id, entitlement_id,"
                    + " value, source, created_at, updated_at, version) VALUES ('" + key + "', '" + world.businessId().value()
                    + "', '" + grant + "', '" + world.customer().id().value() + "', '" + world.entitlement().id().value()
                    + "', " + quoted(value) + ", 'manual', " + at + ", " + at + ", 0)");
        });
        return world;
    }

    private static String quoted(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}

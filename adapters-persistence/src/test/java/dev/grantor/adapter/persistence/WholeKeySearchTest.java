package dev.grantor.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.port.in.GrantQueries.KeyEndings;
import dev.grantor.application.port.in.GrantQueries.SearchGrants;
import io.vavr.control.Option;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's grant search for a whole key among 3,000 keys that all end "-2026": the key is looked up by its value and its grant is the answer, where the search walked every grant
 * whose key ends "2026" (by {@code grants_by_key_tail_newest}) to find the oldest of them. A shorter ending still walks,
 * and finds what ends with it; a viewer's search (the last four only) is as it was. On SQLite through the engine, each
 * statement as the driver ran it.
 */
class WholeKeySearchTest {

    @TempDir
    Path dir;

    private static final int GRANTS = 3_000;

    @Test
    void a_whole_key_behind_thousands_sharing_its_ending_is_found_by_its_value_without_the_walk() {
        try (var storage = JdbcStorage.open(TestDatabases.freshSqlite(dir))) {
            var world = seeded(storage);
            var counting = new CountingDataSource(storage.dataSource());
            var engine = Engines.over(JdbcStorage.on(counting.dataSource(), HostTransactions.NONE));
            counting.drain();

            // the oldest grant with a key: the last a walk newest first would reach
            var whole = engine.grants().search(world.businessId(), new SearchGrants("KEY-1-2026", null, KeyEndings.ANY,
                    Option.none(), 100)).get();
            var wholeReads = counting.drain().stream().map(CountingDataSource.Execution::sql).toList();
            assertThat(whole.grants().map(found -> found.grant().grant().id().value())).containsExactly(grant(1));
            assertThat(whole.older()).isEmpty();
            assertThat(wholeReads).as("the whole key's statements").noneMatch(sql -> sql.contains("grants_by_key_tail_newest"))
                    .anyMatch(sql -> sql.contains("FROM license_keys") && sql.contains("value = ?"));

            var delivered = engine.grants().search(world.businessId(), new SearchGrants("KEY-1-2026", "Delivered",
                    KeyEndings.ANY, Option.none(), 100)).get();
            assertThat(delivered.grants()).hasSize(1);
            var failed = engine.grants().search(world.businessId(), new SearchGrants("KEY-1-2026", "Failed",
                    KeyEndings.ANY, Option.none(), 100)).get();
            assertThat(failed.grants()).isEmpty();
            counting.drain();

            // an ending that is no whole key walks as before and finds each key ending with it
            var ending = engine.grants().search(world.businessId(), new SearchGrants("-1-2026", null, KeyEndings.ANY,
                    Option.none(), 100)).get();
            assertThat(ending.grants().map(found -> found.grant().grant().id().value())).containsExactly(grant(1));
            assertThat(counting.drain().stream().map(CountingDataSource.Execution::sql))
                    .anyMatch(sql -> sql.contains("grants_by_key_tail_newest"));
            // a viewer may search by the last four characters only: a whole key is no search of theirs
            var viewer = engine.grants().search(world.businessId(), new SearchGrants("KEY-1-2026", null, KeyEndings.SHOWN,
                    Option.none(), 100)).get();
            assertThat(viewer.grants()).isEmpty();
        }
    }

    /**
     * The world's business with {@link #GRANTS} delivered grants of its customer, created a second apart, each with a key
     * {@code KEY-<n>-2026}: every key ends as every other does.
     */
    private static Samples.World seeded(JdbcStorage storage) {
        var world = Samples.world(storage);
        String business = world.businessId().value();
        StoredRecords.execute(storage, "INSERT INTO grants (id, business_id, brand_id, customer_id, entitlement_id, integration_type,"
                + " payment_id, metadata, created_at, updated_at, status, ended_status, delivered_at, license_key_id, license_key,"
                + " version) SELECT " + id("entg_") + ", '" + business + "', '" + world.business().defaultBrandId().value() + "', '"
                + world.customer().id().value() + "', '" + world.entitlement().id().value() + "', 'license_key', 'pay_' || g, '{}',"
                + " CAST(g AS BIGINT) * 1000000000, CAST(g AS BIGINT) * 1000000000, 'Delivered', 'Delivered', g, " + id("lic_")
                + ", 'KEY-' || g || '-2026', 0 FROM " + ListPlansTest.series(GRANTS));
        StoredRecords.execute(storage, "INSERT INTO license_keys (id, business_id, grant_id, customer_id, entitlement_id, value,"
                + " source, created_at, updated_at, version) SELECT " + id("lic_") + ", '" + business + "', " + id("entg_") + ", '"
                + world.customer().id().value() + "', '" + world.entitlement().id().value() + "', 'KEY-' || g || '-2026', 'auto',"
                + " CAST(g AS BIGINT) * 1000000000, CAST(g AS BIGINT) * 1000000000, 0 FROM " + ListPlansTest.series(GRANTS));
        return world;
    }

    /** A well-formed id of {@code prefix} for the series' {@code g}: its number, zeros before it. */
    private static String id(String prefix) {
        return "'" + prefix + "' || substr('000000000000000000000' || g, -21)";
    }

    private static String grant(int g) {
        return "entg_" + "0".repeat(21 - Integer.toString(g).length()) + g;
    }
}

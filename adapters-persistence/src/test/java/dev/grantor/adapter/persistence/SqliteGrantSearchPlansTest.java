package dev.grantor.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.port.out.Before;
import dev.grantor.application.port.out.Customers;
import dev.grantor.domain.shared.EmailAddress;
import dev.grantor.application.port.out.Grants.Sought;
import dev.grantor.domain.grant.GrantStatus;
import io.vavr.control.Option;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SQLite's plans for the console's grant search: a payment or subscription id is found through {@code
 * grants_by_origin_newest} and a key's ending through {@code grants_by_key_tail_newest} (the grants by their key's last
 * four characters, newest first), each without a scan of the business's grants or keys; a customer's grants, and every
 * grant of a status, are walked newest first through an index that gives their order. Read from {@code EXPLAIN QUERY
 * PLAN} over 3,000 grants, not timed; the same statements without V27's and V32's indexes walk all of the business's
 * grants or keys, so the assertions can fail.
 */
class SqliteGrantSearchPlansTest {

    @TempDir
    Path dir;

    @Test
    void each_kind_of_match_reads_through_an_index_and_none_scans_the_business_s_grants() throws SQLException {
        try (var storage = JdbcStorage.open(TestDatabases.freshSqlite(dir))) {
            var world = Samples.world(storage);
            GrantSearchSeed.grants(storage, world, 3_000);
            var bounded = Option.some(new Before(Instant.parse("2026-01-01T00:00:00Z"), "entg_seed_9"));

            for (var before : java.util.List.of(Option.<Before>none(), bounded)) {
                for (boolean byStatus : new boolean[] {false, true}) {
                    var origin = SqlitePlans.explain(storage, JdbcGrants.search(Dialect.SQLITE, new Sought.Origin("pay_seed_7"), byStatus, before));
                    assertThat(origin).as(origin).contains("USING INDEX grants_by_origin_newest").doesNotContain("SCAN")
                            .doesNotContain("TEMP B-TREE");
                    var key = SqlitePlans.explain(storage, JdbcGrants.search(Dialect.SQLITE, new Sought.KeyEnding("1234", 0), byStatus, before));
                    // the grants of one tail in the page's order, each one's key by its id; nothing sorted
                    assertThat(key).as(key).contains("SEARCH g USING INDEX grants_by_key_tail_newest (business_id=? AND <expr>=?")
                            .containsPattern("SEARCH k USING (INDEX sqlite_autoindex_license_keys_1|PRIMARY KEY)")
                            .doesNotContain("SCAN").doesNotContain("TEMP B-TREE");
                    var customer = SqlitePlans.explain(storage, JdbcGrants.search(Dialect.SQLITE,
                            new Sought.OfCustomer(world.customer().id()), byStatus, before));
                    assertThat(customer).as(customer).contains("USING INDEX grants_by_customer_newest")
                            .doesNotContain("SCAN").doesNotContain("TEMP B-TREE");
                    var every = SqlitePlans.explain(storage, JdbcGrants.search(Dialect.SQLITE, new Sought.Every(), byStatus, before));
                    assertThat(every).as(every).containsPattern("USING INDEX grants_(newest|by_status_newest)")
                            .doesNotContain("SCAN").doesNotContain("TEMP B-TREE");
                }
            }
            assertThat(storage.transactions().read(() -> storage.grants().search(world.businessId(),
                    new Sought.KeyEnding("-1234", 0), Option.some(GrantStatus.DELIVERED), Option.none(), 10)))
                    .extracting(g -> g.id().value()).containsExactly(GrantSearchSeed.grantId(1234));

            StoredRecords.execute(storage, "DROP INDEX grants_by_origin_newest");
            StoredRecords.execute(storage, "DROP INDEX grants_by_key_tail_newest");
            var origin = SqlitePlans.explain(storage, JdbcGrants.search(Dialect.SQLITE, new Sought.Origin("pay_seed_7"), false, Option.none()));
            var key = SqlitePlans.explain(storage, JdbcGrants.search(Dialect.SQLITE, new Sought.KeyEnding("1234", 0), false, Option.none())
                    .replace(" INDEXED BY grants_by_key_tail_newest", ""));
            assertThat(origin + key).as("without V27's and V32's indexes:%n%s%s", origin, key)
                    .contains("SEARCH grants USING INDEX grants_newest (business_id=?)")
                    .containsPattern("SEARCH g USING INDEX grants_\\w+ \\(business_id=\\?\\)");
        }
    }

    /**
     * An ending whose last four characters every key shares ("-2026") walks the grants of that tail newest first and
     * stops at the page, with a status and from a position alike: before V32 the search read every key of the tail and
     * its grant and sorted them all ({@code USE TEMP B-TREE FOR ORDER BY}), 1,500 here and 100,000 at a merchant's size.
     * Paged through, the search finds exactly the grants whose key ends so, newest first, as it did before.
     */
    @Test
    void a_tail_every_key_shares_is_walked_newest_first_and_nothing_is_sorted() throws SQLException {
        try (var storage = JdbcStorage.open(TestDatabases.freshSqlite(dir))) {
            var world = Samples.world(storage);
            GrantSearchSeed.grants(storage, world, 3_000, "-2026");
            var bounded = Option.some(new Before(Instant.ofEpochSecond(2_000), GrantSearchSeed.grantId(2_000)));

            for (var before : java.util.List.of(Option.<Before>none(), bounded)) {
                for (boolean byStatus : new boolean[] {false, true}) {
                    var plan = SqlitePlans.explain(storage, JdbcGrants.search(Dialect.SQLITE, new Sought.KeyEnding("-2026", 0), byStatus, before));
                    assertThat(plan).as(plan).contains("SEARCH g USING INDEX grants_by_key_tail_newest (business_id=? AND <expr>=?")
                            .doesNotContain("TEMP B-TREE").doesNotContain("SCAN");
                }
            }
            var business = world.businessId();
            assertThat(GrantSearchSeed.pagedThrough(storage, business, new Sought.KeyEnding("-2026", 0), Option.none(), 100))
                    .containsExactlyElementsOf(GrantSearchSeed.newestFirst(3_000, i -> i % 2 == 0));
            assertThat(GrantSearchSeed.pagedThrough(storage, business, new Sought.KeyEnding("8-2026", 0),
                    Option.some(GrantStatus.DELIVERED), 7)).containsExactlyElementsOf(GrantSearchSeed.newestFirst(3_000, i -> i % 10 == 8));
            assertThat(GrantSearchSeed.pagedThrough(storage, business, new Sought.KeyEnding("-1234-2026", 0), Option.none(), 7))
                    .containsExactly(GrantSearchSeed.grantId(1_234));
            assertThat(GrantSearchSeed.pagedThrough(storage, business, new Sought.KeyEnding("-2026", "SEED-KEY-1000-2026".length()),
                    Option.none(), 100)).containsExactlyElementsOf(GrantSearchSeed.newestFirst(3_000, i -> i % 2 == 0 && i >= 1_000));
            assertThat(GrantSearchSeed.pagedThrough(storage, business, new Sought.KeyEnding("-2026", 0),
                    Option.some(GrantStatus.PENDING), 100)).isEmpty();
        }
    }

    /**
     * The console's customer search by email reads the one customer through the business's unique email index; a part
     * of a name, which no b-tree finds, walks the business's customers newest first and sorts none of them.
     */
    @Test
    void a_customer_is_found_by_email_through_the_unique_index_and_by_name_in_one_walk_of_the_business_s() throws SQLException {
        try (var storage = JdbcStorage.open(TestDatabases.freshSqlite(dir))) {
            var world = Samples.world(storage);
            GrantSearchSeed.customers(storage, world, 3_000);

            var email = SqlitePlans.explain(storage, JdbcCustomers.listing(Customers.Filter.byEmail(new EmailAddress("seed7@example.com")), Dialect.SQLITE));
            assertThat(email).as(email).contains("USING INDEX sqlite_autoindex_customers_").contains("email_key=?")
                    .doesNotContain("SCAN").doesNotContain("TEMP B-TREE");
            var name = SqlitePlans.explain(storage, JdbcCustomers.listing(new Customers.Filter(Option.none(), Option.some("seed 7"),
                    Option.none(), Option.none()), Dialect.SQLITE));
            assertThat(name).as(name).contains("USING INDEX customers_newest (business_id=?)").doesNotContain("SCAN")
                    .doesNotContain("TEMP B-TREE");
        }
    }
}

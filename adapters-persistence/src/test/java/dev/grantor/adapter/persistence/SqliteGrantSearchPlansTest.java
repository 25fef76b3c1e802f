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
 * grants_by_origin_newest} and a key's ending through {@code license_keys_by_tail} (its last four characters), each
 * without a scan of the business's grants or keys; a customer's grants, and every grant of a status, are walked newest
 * first through an index that gives their order. Read from {@code EXPLAIN QUERY PLAN} over 3,000 grants, not timed; the
 * same statements without V27's indexes walk all of the business's grants or keys, so the assertions can fail.
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
                    // the few keys of one ending are sorted, never the business's grants
                    assertThat(key).as(key).contains("SEARCH k USING INDEX license_keys_by_tail")
                            .containsPattern("SEARCH g USING (INDEX sqlite_autoindex_grants_1|PRIMARY KEY)").doesNotContain("SCAN");
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
            StoredRecords.execute(storage, "DROP INDEX license_keys_by_tail");
            var origin = SqlitePlans.explain(storage, JdbcGrants.search(Dialect.SQLITE, new Sought.Origin("pay_seed_7"), false, Option.none()));
            var key = SqlitePlans.explain(storage, JdbcGrants.search(Dialect.SQLITE, new Sought.KeyEnding("1234", 0), false, Option.none())
                    .replace(" INDEXED BY license_keys_by_tail", ""));
            assertThat(origin + key).as("without V27's indexes:%n%s%s", origin, key)
                    .contains("SEARCH grants USING INDEX grants_newest (business_id=?)")
                    .containsPattern("SEARCH k USING INDEX license_keys_\\w+ \\(business_id=\\?\\)");
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

package dev.grantor.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.port.in.EntitlementCatalog.CreateEntitlement;
import dev.grantor.application.port.in.GrantIssuing.CustomerContact;
import dev.grantor.application.port.in.GrantIssuing.IssueGrant;
import dev.grantor.application.port.in.GrantQueries.KeyEndings;
import dev.grantor.application.port.in.GrantQueries.QueueQuery;
import dev.grantor.application.port.in.GrantQueries.SearchGrants;
import dev.grantor.application.port.in.KeyPoolManagement.ImportKeys;
import dev.grantor.application.port.in.KeyPoolManagement.KeyLine;
import dev.grantor.application.port.in.KeyPoolManagement.ListPooledKeys;
import dev.grantor.application.port.in.KeyPoolManagement.OpenPool;
import dev.grantor.domain.entitlement.IntegrationConfig.LicenseKeyConfig;
import io.vavr.control.Option;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's pages of grants with their customers, counted in the statements the database runs: the grant search
 * and the pending queue read a page's customers (and keys) together, where each read every row's customer by itself
 * (and the queue every row's key): 100 customers made some 200 statements of a page of 100. On SQLite through the
 * engine, each statement as the driver ran it.
 */
class PageStatementsTest {

    private static final int PAGE = 100;

    /** The page's grants, their customers, keys, entitlements: none read row by row. */
    private static final int MOST_STATEMENTS = 6;

    @TempDir
    Path dir;

    @Test
    void a_page_of_grants_of_a_hundred_customers_reads_them_in_a_few_statements() throws java.sql.SQLException {
        try (var storage = JdbcStorage.open(TestDatabases.freshSqlite(dir))) {
            var world = Samples.world(storage);
            var engine = Engines.over(storage);
            for (int i = 0; i < PAGE; i++) {
                engine.issuing().issue(world.businessId(), world.entitlement().id().value(), new IssueGrant(
                                new CustomerContact(null, "buyer" + i + "@example.com", "Buyer " + i), Samples.id("pay_"), null, Map.of()))
                        .getOrElseThrow(error -> new IllegalStateException(error.message()));
            }
            var counting = new CountingDataSource(storage.dataSource());
            var counted = Engines.over(JdbcStorage.on(counting.dataSource(), HostTransactions.NONE));
            counting.drain();

            var found = counted.grants().search(world.businessId(), new SearchGrants("", null, KeyEndings.ANY, Option.none(), PAGE)).get();
            var searchReads = selects(counting);
            var queue = counted.grants().queue(world.businessId(), new QueueQuery(null, null, 0, 0, PAGE)).get();
            var queueReads = selects(counting);

            assertThat(found.grants()).hasSize(PAGE);
            assertThat(found.grants().map(f -> f.customer().email().value()).distinct()).hasSize(PAGE);
            assertThat(queue.entries()).hasSize(PAGE);
            assertThat(queue.entries().map(e -> e.customer().email().value()).distinct()).hasSize(PAGE);
            assertThat(searchReads).as("the search page's statements").hasSizeLessThanOrEqualTo(MOST_STATEMENTS)
                    .filteredOn(sql -> sql.contains("FROM customers")).hasSize(1);
            assertThat(queueReads).as("the queue page's statements").hasSizeLessThanOrEqualTo(MOST_STATEMENTS)
                    .filteredOn(sql -> sql.contains("FROM customers")).hasSize(1);
            // a page's customers through the primary key, not a walk of the business's customers (which SQLite, without
            // statistics, takes for a list of more than a few ids)
            var ids = String.join(", ", java.util.stream.IntStream.range(0, PAGE).mapToObj(i -> "'cus_" + i + "'").toList());
            var plan = SqlitePlans.explain(storage, JdbcCustomers.OF_ALL.replace("<ids>", ids));
            assertThat(plan).as(plan).contains("(id=?)").doesNotContain("customers_newest").doesNotContain("SCAN");
        }
    }

    /**
     * A queue of grants of a hundred entitlements, a customer's portal page of them and the queue's filter read the
     * entitlements together, where each read one an entitlement.
     */
    @Test
    void a_queue_of_grants_of_a_hundred_entitlements_reads_them_in_one_statement() throws java.sql.SQLException {
        try (var storage = JdbcStorage.open(TestDatabases.freshSqlite(dir))) {
            var world = Samples.world(storage);
            var engine = Engines.over(storage);
            for (int i = 0; i < PAGE; i++) {
                var entitlement = engine.entitlements().create(world.businessId(),
                        new CreateEntitlement("Item " + i, LicenseKeyConfig.manual(), null, Map.of())).get();
                engine.issuing().issue(world.businessId(), entitlement.id().value(), new IssueGrant(
                                new CustomerContact(null, "buyer@example.com", "Buyer"), Samples.id("pay_"), null, Map.of()))
                        .getOrElseThrow(error -> new IllegalStateException(error.message()));
            }
            var counting = new CountingDataSource(storage.dataSource());
            var counted = Engines.over(JdbcStorage.on(counting.dataSource(), HostTransactions.NONE));
            counting.drain();

            var queue = counted.grants().queue(world.businessId(), new QueueQuery(null, null, 0, 0, PAGE)).get();
            var queueReads = selects(counting);
            var waiting = counted.grants().waitingEntitlements(world.businessId());
            var filterReads = selects(counting);

            assertThat(queue.entries().map(e -> e.entitlement().id()).distinct()).hasSize(PAGE);
            assertThat(waiting.entitlements()).hasSize(PAGE);
            assertThat(queueReads).as("the queue page's statements").hasSizeLessThanOrEqualTo(MOST_STATEMENTS)
                    .filteredOn(sql -> sql.contains("FROM entitlements")).hasSize(1);
            assertThat(filterReads).as("the queue filter's statements").filteredOn(sql -> sql.contains("FROM entitlements"))
                    .hasSize(1);
        }
    }

    /**
     * The Pools page's figures (stock by status, waiting grants) of thirty pools in one statement, where each pool read
     * its stock and its waiting grants by itself: 1 + 2 x 30 statements; and their lists of newest available keys in one
     * more, where each pool read its own (its pool, then its keys: 2 x 30 statements).
     */
    @Test
    void thirty_pools_are_listed_with_their_stock_waiting_grants_and_newest_keys_in_two_statements() throws java.sql.SQLException {
        try (var storage = JdbcStorage.open(TestDatabases.freshSqlite(dir))) {
            var world = Samples.world(storage);
            var engine = Engines.over(storage);
            for (int i = 0; i < 30; i++) {
                var entitlement = engine.entitlements().create(world.businessId(),
                        new CreateEntitlement("Pool " + i, LicenseKeyConfig.manual(), null, Map.of())).get().id().value();
                engine.keyPools().open(world.businessId(), entitlement, new OpenPool(2L)).get();
                engine.issuing().issue(world.businessId(), entitlement, new IssueGrant(
                                new CustomerContact(null, "buyer@example.com", "Buyer"), Samples.id("pay_"), null, Map.of()))
                        .getOrElseThrow(error -> new IllegalStateException(error.message()));
                engine.keyPools().importKeys(world.businessId(), entitlement, new ImportKeys(io.vavr.collection.List.of(
                        KeyLine.of(1, "POOL-" + i + "-KEY-1", null, null), KeyLine.of(2, "POOL-" + i + "-KEY-2", null, null)))).get();
            }
            var counting = new CountingDataSource(storage.dataSource());
            var counted = Engines.over(JdbcStorage.on(counting.dataSource(), HostTransactions.NONE));
            counting.drain();

            var pools = counted.keyPools().list(world.businessId()).get();
            var reads = selects(counting);
            var keys = counted.keyPools().newestAvailable(world.businessId(), 50).get();
            var keyReads = selects(counting);

            assertThat(pools).hasSize(30).allSatisfy(pool -> {
                assertThat(pool.available()).isEqualTo(1);
                assertThat(pool.assigned()).isEqualTo(1);
                assertThat(pool.waitingGrants()).isZero();
            });
            assertThat(reads).as("the pools' statements").hasSize(1);
            assertThat(keys).hasSize(30);
            for (var pool : pools) {
                var listed = engine.keyPools().keys(world.businessId(), pool.pool().entitlementId().value(),
                        new ListPooledKeys(50, 0, "available")).get();
                assertThat(keys.get(pool.pool().entitlementId()).get()).as("a pool's newest keys, as its own list reads them")
                        .isEqualTo(listed).hasSize(1);
            }
            assertThat(keyReads).as("the pools' key lists' statements").hasSize(1);
        }
    }

    private static List<String> selects(CountingDataSource counting) {
        return counting.drain().stream().map(CountingDataSource.Execution::sql).filter(sql -> sql.startsWith("SELECT")).toList();
    }
}

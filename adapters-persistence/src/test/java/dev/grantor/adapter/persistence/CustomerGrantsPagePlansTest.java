package dev.grantor.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.port.out.Before;
import dev.grantor.domain.customer.Customer;
import dev.grantor.domain.grant.Grant;
import dev.grantor.domain.grant.GrantOrigin;
import dev.grantor.domain.shared.CustomerId;
import dev.grantor.domain.shared.EmailAddress;
import io.vavr.collection.List;
import io.vavr.control.Either;
import dev.grantor.application.port.out.Grants;
import io.vavr.control.Option;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The portal's "My purchases" for a reseller's account of {@link #MINE} grants: the last page, read by its position,
 * starts at its bound in {@code grants_by_customer_newest} instead of walking the customer's newer grants and passing
 * over them. Before the plain {@code <=} beside the keyset's {@code OR} ({@link Keyset}), PostgreSQL read and filtered
 * out 4,975 rows for a page of 25; SQLite made a range of the {@code OR} already, and is checked to keep doing so.
 * Counted in rows and read from the plans, not timed.
 */
class CustomerGrantsPagePlansTest {

    private static final int MINE = 5_000;
    private static final int PAGE = 25;

    @TempDir
    Path dir;

    @Test
    void postgres_reads_the_last_page_of_a_customer_s_thousands_of_grants_from_its_bound() throws SQLException {
        try (var storage = JdbcStorage.open(TestDatabases.freshPostgres().withPoolSize(2))) {
            var seeded = seeded(storage);
            GenericPlans.analyze(storage, "grants");
            var bound = seeded.bound();
            String sql = JdbcGrants.search(Dialect.POSTGRESQL, new Grants.Sought.OfCustomer(seeded.world().customer().id()), false, Option.some(bound)).replace(":business_id", "$1").replace(":customer_id", "$2")
                    .replace(":before_at", "$3").replace(":before_id", "$4").replace(":limit", "$5");
            String arguments = "'" + seeded.world().businessId().value() + "', '" + seeded.world().customer().id().value() + "', "
                    + Columns.nanos(bound.at()) + ", '" + bound.id() + "', " + (PAGE + 1);

            for (var plan : List.of(GenericPlans.explain(storage, sql, "text, text, bigint, text, int", arguments),
                    GenericPlans.explainForTheValues(storage, sql, "text, text, bigint, text, int", arguments))) {
                assertThat(GenericPlans.rowsRead(plan, "grants")).as(plan).isEqualTo(PAGE);
                // at most the bound's own instant's other grants (four to a millisecond here) are read and passed over
                assertThat(passedOver(plan)).as("rows read and passed over for a page of %d:%n%s", PAGE, plan).isLessThanOrEqualTo(3);
                assertThat(plan).doesNotContain("Sort Key");
            }
        }
    }

    @Test
    void sqlite_searches_the_customer_s_index_from_the_bound_in_its_order() throws SQLException {
        try (var storage = JdbcStorage.open(TestDatabases.freshSqlite(dir))) {
            var seeded = seeded(storage);

            var plan = SqlitePlans.explain(storage, JdbcGrants.search(Dialect.SQLITE, new Grants.Sought.OfCustomer(seeded.world().customer().id()), false,
                    Option.some(new Before(Samples.T0, "grt_x"))));

            assertThat(plan).as(plan).contains("USING INDEX grants_by_customer_newest (business_id=? AND customer_id=? AND created_at<?)")
                    .doesNotContain("TEMP B-TREE");
        }
    }

    @Test
    void the_pages_read_by_position_join_into_every_grant_of_the_customer_once() {
        try (var storage = JdbcStorage.open(TestDatabases.freshSqlite(dir))) {
            var seeded = seeded(storage);
            var read = List.<Grant>empty();
            var page = storage.grants().search(seeded.world().businessId(), new Grants.Sought.OfCustomer(seeded.world().customer().id()), Option.none(), Option.none(), PAGE);
            while (!page.isEmpty()) {
                read = read.appendAll(page);
                var last = page.last();
                page = storage.grants().search(seeded.world().businessId(), new Grants.Sought.OfCustomer(seeded.world().customer().id()), Option.none(),
                        Option.some(new Before(last.createdAt(), last.id().value())), PAGE);
            }
            assertThat(read.map(Grant::id)).containsExactlyElementsOf(seeded.newestFirst().map(Grant::id));
        }
    }

    /** The customer's grants newest first, and the bound past which their last page starts. */
    private record Seeded(Samples.World world, List<Grant> newestFirst) {
        Before bound() {
            var last = newestFirst.get(MINE - PAGE - 1);
            return new Before(last.createdAt(), last.id().value());
        }
    }

    /**
     * {@link #MINE} grants of one customer, four to a millisecond (ties ordered by id), beside as many of another customer
     * of the same business.
     */
    private static Seeded seeded(JdbcStorage storage) {
        var world = Samples.world(storage);
        var neighbour = Customer.register(new CustomerId("cus_neighbour000000000000"), world.businessId(),
                new EmailAddress("neighbour@example.com"), Option.none(), Samples.T0);
        var neighbours = new Samples.World(world.business(), neighbour, world.entitlement());
        var mine = List.range(0, MINE).map(i -> Samples.pendingGrant(world, Samples.T0.plusMillis(i / 4)));
        var theirs = List.range(0, MINE).map(i -> Samples.pendingGrant(neighbours, new GrantOrigin.Payment("pay_n" + i),
                Samples.T0.plusMillis(i / 4)));
        storage.transactions().write(() -> {
            storage.customers().insert(neighbour);
            mine.appendAll(theirs).forEach(storage.grants()::insert);
            return Either.right(true);
        });
        return new Seeded(world, mine.sorted(Comparator.comparing(Grant::createdAt).thenComparing(g -> g.id().value()).reversed()));
    }

    private static int passedOver(String plan) {
        var removed = Pattern.compile("Rows Removed by Filter: (\\d+)").matcher(plan);
        int most = 0;
        while (removed.find()) {
            most = Math.max(most, Integer.parseInt(removed.group(1)));
        }
        return most;
    }
}

package dev.grantor.adapter.persistence;

import static dev.grantor.adapter.persistence.ListPlansTest.numbered;
import static dev.grantor.adapter.persistence.ListPlansTest.read;
import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.port.out.Grants;
import dev.grantor.application.port.out.Grants.Sought;
import io.vavr.control.Option;
import java.nio.file.Path;
import java.sql.SQLException;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code grants_by_customer} (customer id alone, since V1) is gone (PostgreSQL V43, SQLite V40): every statement that
 * reads grants by customer names the business too, and {@code grants_by_customer_newest} (business, customer, newest
 * first) answers each of them, or a grant's origin does ({@code grants_once_per_payment}, {@code _subscription}). No
 * customer is ever deleted, so the reference to customers needs no index of its own. A grant took an entry in it at
 * its insert and at every update (the grant's update is not HOT: its status is indexed), one a fulfill. Counted in rows
 * read on PostgreSQL's generic plan and from SQLite's {@code EXPLAIN QUERY PLAN}, on {@link ListPlansTest}'s world
 * (3,000 grants of 300 customers, and 1,000 of another entitlement).
 */
class GrantsByCustomerPlansTest {

    private static final int PAGE = 10;

    @TempDir
    Path dir;

    @Test
    void on_postgresql_every_read_by_customer_walks_the_business_s_customer_index() throws SQLException {
        try (var storage = JdbcStorage.open(TestDatabases.freshPostgres().withPoolSize(2))) {
            var world = ListPlansTest.seeded(storage);
            StoredRecords.execute(storage, "ANALYZE");
            String business = "'" + world.businessId().value() + "'";
            String customer = "'cus_7'";
            int ofCustomer = (int) StoredRecords.count(storage, "SELECT COUNT(*) FROM grants WHERE customer_id = 'cus_7'");
            var softly = new SoftAssertions();
            softly.assertThat(StoredRecords.count(storage, "SELECT COUNT(*) FROM pg_indexes WHERE indexname = 'grants_by_customer'"))
                    .as("the index dropped").isZero();

            var list = GenericPlans.explain(storage, numbered(JdbcGrants.listing(byCustomer(world)), "business_id", "customer_id",
                    "limit", "offset"), "text, text, int, bigint", business + ", " + customer + ", " + PAGE + ", 0");
            softly.assertThat(list).as(list).contains("grants_by_customer_newest").doesNotContain("Sort Key");
            softly.assertThat(read(list, "grants")).as("a page of the customer's grants:%n%s", list).isEqualTo(PAGE);

            var search = GenericPlans.explain(storage, numbered(JdbcGrants.search(Dialect.POSTGRESQL,
                    new Sought.OfCustomer(world.customer().id()), false, Option.none()),
                    "business_id", "customer_id", "limit"), "text, text, int", business + ", " + customer + ", " + PAGE);
            softly.assertThat(search).as(search).contains("grants_by_customer_newest").doesNotContain("Sort Key");
            softly.assertThat(read(search, "grants")).as("the console's search by customer:%n%s", search).isEqualTo(PAGE);

            var count = GenericPlans.explain(storage, "SELECT COUNT(*) FROM grants WHERE business_id = $1 AND customer_id = $2",
                    "text, text", business + ", " + customer);
            softly.assertThat(count).as(count).contains("grants_by_customer_newest");
            softly.assertThat(read(count, "grants")).as("the count of the customer's grants:%n%s", count).isEqualTo(ofCustomer);

            var oldestFirst = GenericPlans.explain(storage, "SELECT id FROM grants WHERE business_id = $1 AND customer_id = $2"
                    + " ORDER BY created_at, id LIMIT $3 OFFSET 0", "text, text, int", business + ", " + customer + ", " + PAGE);
            softly.assertThat(oldestFirst).as(oldestFirst).contains("grants_by_customer_newest").doesNotContain("Sort Key");
            softly.assertThat(read(oldestFirst, "grants")).as("the customer's oldest grants:%n%s", oldestFirst).isEqualTo(PAGE);

            var origin = GenericPlans.explain(storage, "SELECT id FROM grants WHERE entitlement_id = $1 AND customer_id = $2"
                    + " AND payment_id = $3", "text, text, text", "'" + world.entitlement().id().value() + "', 'cus_8', 'pay_7'");
            softly.assertThat(origin).as(origin).contains("grants_once_per_payment");
            softly.assertThat(read(origin, "grants")).as("a payment's grant:%n%s", origin).isEqualTo(1);

            var joined = GenericPlans.explain(storage, "SELECT g.id FROM customers c JOIN grants g"
                    + " ON g.business_id = c.business_id AND g.customer_id = c.id WHERE c.id = $1", "text", customer);
            softly.assertThat(read(joined, "grants g")).as("a customer's grants from the customer:%n%s", joined).isEqualTo(ofCustomer);
            softly.assertAll();
        }
    }

    @Test
    void on_sqlite_every_read_by_customer_searches_the_business_s_customer_index() throws SQLException {
        try (var storage = JdbcStorage.open(TestDatabases.freshSqlite(dir))) {
            var world = ListPlansTest.seeded(storage);
            var softly = new SoftAssertions();
            for (var sql : java.util.List.of(JdbcGrants.listing(byCustomer(world)),
                    JdbcGrants.search(Dialect.SQLITE, new Sought.OfCustomer(world.customer().id()), false,
                            Option.none()),
                    "SELECT COUNT(*) FROM grants WHERE business_id = :business_id AND customer_id = :customer_id",
                    "SELECT id FROM grants WHERE business_id = :business_id AND customer_id = :customer_id"
                            + " ORDER BY created_at, id LIMIT :limit OFFSET 0",
                    "SELECT g.id FROM customers c JOIN grants g ON g.business_id = c.business_id AND g.customer_id = c.id"
                            + " WHERE c.id = :id")) {
                var plan = SqlitePlans.explain(storage, sql);
                softly.assertThat(plan).as("%s:%n%s", sql, plan).contains("INDEX grants_by_customer_newest")
                        .doesNotContain("SCAN grants").doesNotContain("TEMP B-TREE");
            }
            var origin = SqlitePlans.explain(storage, "SELECT id FROM grants WHERE entitlement_id = :e AND customer_id = :c"
                    + " AND payment_id = :p");
            softly.assertThat(origin).as(origin).contains("INDEX grants_once_per_payment");
            softly.assertAll();
        }
    }

    /** The statement names the customer as a parameter; which one is bound when it is explained. */
    private static Grants.Filter byCustomer(Samples.World world) {
        return new Grants.Filter(Option.none(), Option.some(world.customer().id()), Option.none(), Option.none());
    }
}

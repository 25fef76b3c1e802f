package dev.grantor.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.port.out.Before;
import dev.grantor.application.port.out.Customers;
import dev.grantor.domain.shared.EmailAddress;
import dev.grantor.application.port.out.Grants.Sought;
import dev.grantor.domain.grant.GrantStatus;
import io.vavr.Tuple;
import io.vavr.Tuple3;
import io.vavr.collection.List;
import io.vavr.control.Option;
import java.sql.SQLException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL's plans for the console's grant search, as the driver runs them (generic and for the values, with and
 * without statistics): a payment or subscription id reads its grant through {@code grants_by_origin_newest} and a key's
 * ending its grant through {@code grants_by_key_tail_newest} (V35), one row each of 3,000, where before V30 the console
 * read the ten newest pages and missed the rest; a customer's grants and a status's read one page, and so does an ending
 * every key shares. Counted in rows read, not timed; the same statements without V30's and V35's indexes read the
 * business's grants or keys, so the assertions can fail.
 */
class PostgresGrantSearchPlansTest {

    private static final int GRANTS = 3_000;
    private static final int PAGE = 100;

    @Test
    void each_kind_of_match_reads_its_rows_through_an_index_not_the_business_s_grants() throws SQLException {
        try (var storage = JdbcStorage.open(TestDatabases.freshPostgres().withPoolSize(2))) {
            var world = Samples.world(storage);
            GrantSearchSeed.grants(storage, world, GRANTS);
            String business = "'" + world.businessId().value() + "'";

            for (boolean analysed : new boolean[] {false, true}) {
                if (analysed) {
                    GenericPlans.analyze(storage, "grants");
                    GenericPlans.analyze(storage, "license_keys");
                }
                var origin = plans(storage, new Sought.Origin("pay_seed_7"), business, "'pay_seed_7'");
                origin.forEach(plan -> assertThat(examined(plan, "grants")).as(plan).isEqualTo(1));
                origin.forEach(plan -> assertThat(plan).as(plan).contains("grants_by_origin_newest"));
                var key = plans(storage, new Sought.KeyEnding("-1234", 0), business, "'-1234'", "0");
                key.forEach(plan -> assertThat(examined(plan, "grants g")).as(plan).isEqualTo(1));
                key.forEach(plan -> assertThat(plan).as(plan).contains("grants_by_key_tail_newest"));
                var customer = plans(storage, new Sought.OfCustomer(world.customer().id()), business,
                        "'" + world.customer().id().value() + "'");
                customer.forEach(plan -> assertThat(examined(plan, "grants")).as(plan).isLessThanOrEqualTo(PAGE));
            }

            StoredRecords.execute(storage, "DROP INDEX grants_by_origin_newest");
            StoredRecords.execute(storage, "DROP INDEX grants_by_key_tail_newest");
            var origin = plans(storage, new Sought.Origin("pay_seed_7"), business, "'pay_seed_7'").head();
            var key = plans(storage, new Sought.KeyEnding("-1234", 0), business, "'-1234'", "0").head();
            assertThat(examined(origin, "grants")).as("without V30's index:%n%s", origin).isGreaterThan(PAGE);
            assertThat(examined(key, "grants g")).as("without V35's index:%n%s", key).isGreaterThan(PAGE);
        }
    }

    /**
     * An ending whose last four characters every key shares ("-2026") reads a page of grants and a key each, generic or
     * for the values, with and without statistics, from the newest and from a position: before V35 the search read every
     * key of the tail (1,500 here, 100,000 at a merchant's size) or walked the business's grants. Paged through, it finds
     * exactly the grants whose key ends so, newest first, as it did before.
     */
    @Test
    void a_tail_every_key_shares_reads_one_page_of_grants() throws SQLException {
        try (var storage = JdbcStorage.open(TestDatabases.freshPostgres().withPoolSize(2))) {
            var world = Samples.world(storage);
            GrantSearchSeed.grants(storage, world, GRANTS, "-2026");
            String business = "'" + world.businessId().value() + "'";

            for (boolean analysed : new boolean[] {false, true}) {
                if (analysed) {
                    GenericPlans.analyze(storage, "grants");
                    GenericPlans.analyze(storage, "license_keys");
                }
                for (var plan : plans(storage, new Sought.KeyEnding("-2026", 0), business, "'-2026'", "0")) {
                    assertThat(plan).as(plan).contains("grants_by_key_tail_newest").doesNotContain("Sort Key");
                    assertThat(read(plan, "grants g") + read(plan, "license_keys k")).as(plan).isLessThanOrEqualTo(2 * PAGE);
                }
            }
            var id = world.businessId();
            assertThat(GrantSearchSeed.pagedThrough(storage, id, new Sought.KeyEnding("-2026", 0), Option.none(), PAGE))
                    .containsExactlyElementsOf(GrantSearchSeed.newestFirst(GRANTS, i -> i % 2 == 0));
            assertThat(GrantSearchSeed.pagedThrough(storage, id, new Sought.KeyEnding("8-2026", 0),
                    Option.some(GrantStatus.DELIVERED), 7)).containsExactlyElementsOf(GrantSearchSeed.newestFirst(GRANTS, i -> i % 10 == 8));
            assertThat(GrantSearchSeed.pagedThrough(storage, id, new Sought.KeyEnding("-1234-2026", 0), Option.none(), 7))
                    .containsExactly(GrantSearchSeed.grantId(1_234));
            assertThat(GrantSearchSeed.pagedThrough(storage, id, new Sought.KeyEnding("-2026", "SEED-KEY-1000-2026".length()),
                    Option.none(), PAGE)).containsExactlyElementsOf(GrantSearchSeed.newestFirst(GRANTS, i -> i % 2 == 0 && i >= 1_000));
        }
    }

    /** The console's customer search by email (and the search of grants by email, which finds the customer first). */
    @Test
    void a_customer_s_exact_email_reads_one_row_through_the_unique_index() throws SQLException {
        try (var storage = JdbcStorage.open(TestDatabases.freshPostgres().withPoolSize(2))) {
            var world = Samples.world(storage);
            GrantSearchSeed.customers(storage, world, GRANTS);
            String sql = JdbcCustomers.listing(Customers.Filter.byEmail(new EmailAddress("seed7@example.com")), Dialect.POSTGRESQL)
                    .replace(":business_id", "$1").replace(":email_key", "$2").replace(":limit", "$3").replace(":offset", "$4");
            String arguments = "'" + world.businessId().value() + "', 'seed7@example.com', 100, 0";
            for (boolean analysed : new boolean[] {false, true}) {
                if (analysed) {
                    GenericPlans.analyze(storage, "customers");
                }
                for (var plan : List.of(GenericPlans.explain(storage, sql, "text, text, int, bigint", arguments),
                        GenericPlans.explainForTheValues(storage, sql, "text, text, int, bigint", arguments))) {
                    assertThat(examined(plan, "customers")).as(plan).isEqualTo(1);
                    assertThat(plan).as(plan).contains("customers_email_unique");
                }
            }
        }
    }

    /** The rows the first scan of {@code scanned} read, of any kind: those it passed on and those its filter removed. */
    private static int examined(String plan, String scanned) {
        var scan = java.util.regex.Pattern.compile("Scan (?:.* )?on " + java.util.regex.Pattern.quote(scanned)
                + " +\\(actual time=[0-9.]+\\.\\.[0-9.]+ rows=(\\d+)(?:\\.\\d+)? loops=1\\)").matcher(plan);
        assertThat(scan.find()).as("a scan of %s in:%n%s", scanned, plan).isTrue();
        var rest = plan.substring(scan.end());
        int next = rest.indexOf("->");
        var removed = java.util.regex.Pattern.compile("Rows Removed by Filter: (\\d+)")
                .matcher(next < 0 ? rest : rest.substring(0, next));
        return Integer.parseInt(scan.group(1)) + (removed.find() ? Integer.parseInt(removed.group(1)) : 0);
    }

    /**
     * Every row the scans of {@code scanned} read in all their loops (an inner side runs once a row of the outer): those
     * they passed on and those their filters removed; 0 when the plan does not read it.
     */
    private static int read(String plan, String scanned) {
        var scan = java.util.regex.Pattern.compile("Scan (?:.* )?on " + java.util.regex.Pattern.quote(scanned)
                + " +\\(actual time=[0-9.]+\\.\\.[0-9.]+ rows=([0-9.]+) loops=(\\d+)\\)").matcher(plan);
        double total = 0;
        while (scan.find()) {
            int loops = Integer.parseInt(scan.group(2));
            var rest = plan.substring(scan.end());
            int next = rest.indexOf("->");
            var removed = java.util.regex.Pattern.compile("Rows Removed by Filter: ([0-9.]+)")
                    .matcher(next < 0 ? rest : rest.substring(0, next));
            total += (Double.parseDouble(scan.group(1)) + (removed.find() ? Double.parseDouble(removed.group(1)) : 0)) * loops;
        }
        return (int) Math.round(total);
    }

    /** The generic plan and the one for the values, from the newest and from a position. */
    private static List<String> plans(JdbcStorage storage, Sought sought, String business, String... soughtValues)
            throws SQLException {
        var plans = List.<String>empty();
        for (var before : List.of(Option.<Before>none(), Option.some(new Before(Instant.parse("2027-01-01T00:00:00Z"), "entg_z")))) {
            var parameters = List.<Tuple3<String, String, String>>of(Tuple.of("business_id", "text", business));
            parameters = switch (sought) {
                case Sought.Origin o -> parameters.append(Tuple.of("reference", "text", soughtValues[0]));
                case Sought.OfCustomer c -> parameters.append(Tuple.of("customer_id", "text", soughtValues[0]));
                case Sought.KeyEnding e -> parameters.append(Tuple.of("ending", "text", soughtValues[0]))
                        .append(Tuple.of("shortest", "int", soughtValues[1]));
                case Sought.Every every -> parameters;
            };
            if (before.isDefined()) {
                parameters = parameters.append(Tuple.of("before_at", "bigint", String.valueOf(Long.MAX_VALUE)))
                        .append(Tuple.of("before_id", "text", "'entg_z'"));
            }
            parameters = parameters.append(Tuple.of("limit", "int", String.valueOf(PAGE)));
            String sql = JdbcGrants.search(Dialect.POSTGRESQL, sought, false, before);
            for (int i = 0; i < parameters.size(); i++) {
                sql = sql.replaceAll(":" + parameters.get(i)._1 + "\\b", "\\$" + (i + 1));
            }
            String types = parameters.map(p -> p._2).mkString(", ");
            String arguments = parameters.map(p -> p._3).mkString(", ");
            plans = plans.append(GenericPlans.explain(storage, sql, types, arguments))
                    .append(GenericPlans.explainForTheValues(storage, sql, types, arguments));
        }
        return plans;
    }
}

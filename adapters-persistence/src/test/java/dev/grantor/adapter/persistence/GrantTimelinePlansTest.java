package dev.grantor.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.contract.WebhookFixtures;
import dev.grantor.application.port.out.Before;
import io.vavr.collection.List;
import io.vavr.control.Option;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A grant's emails and webhook deliveries, as its timeline reads them a page at a time, come from their partial indexes
 * by business and grant (V38 on PostgreSQL, V35 on SQLite) in the page's order: a page of {@link #PAGE} reads its rows
 * and one more, from the newest or from its bound deep in the grant's {@link #MINE} emails (and as many events and
 * deliveries), never the other grants' rows, the rows about no grant, or a sort. Before the indexes a page read the
 * whole table. Counted in rows read, not timed; on PostgreSQL for the generic plan and for the plan of the values.
 */
class GrantTimelinePlansTest {

    private static final int MINE = 3_000;
    private static final int OTHERS = 30_000;
    private static final int PAGE = 25;
    private static final String GRANT = "entg_mine00000000000000000";

    @TempDir
    Path dir;

    @Test
    void postgres_reads_a_page_of_a_grant_s_emails_and_deliveries_from_its_bound_in_their_indexes() throws SQLException {
        try (var storage = JdbcStorage.open(TestDatabases.freshPostgres().withPoolSize(2))) {
            String business = seeded(storage);
            GenericPlans.analyze(storage, "outbox");
            GenericPlans.analyze(storage, "webhook_deliveries");
            for (var read : List.of(Option.<Before>none(), Option.some(new Before(Instant.EPOCH.plusNanos(2L * PAGE + 1), "~")))) {
                String types = read.isEmpty() ? "text, text, int" : "text, text, bigint, text, int";
                String arguments = "'" + business + "', '" + GRANT + "', " + read.map(b -> (2L * PAGE + 1) + ", '~', ").getOrElse("")
                        + (PAGE + 1);
                for (var table : List.of("outbox", "webhook_deliveries")) {
                    String sql = numbered(table.equals("outbox") ? JdbcOutbox.emailsAbout(read) : JdbcWebhookDeliveries.aboutGrant(read));
                    for (var plan : List.of(GenericPlans.explain(storage, sql, types, arguments),
                            GenericPlans.explainForTheValues(storage, sql, types, arguments))) {
                        assertThat(plan).as(plan).contains(table.equals("outbox") ? "outbox_emails_by_grant" : "webhook_deliveries_by_grant")
                                .doesNotContain("Sort Key").doesNotContain("Seq Scan");
                        assertThat(GenericPlans.rowsRead(plan, table)).as(plan).isLessThanOrEqualTo(PAGE + 1);
                    }
                }
            }
        }
    }

    @Test
    void sqlite_searches_the_grant_s_indexes_from_the_bound_in_their_order() throws SQLException {
        try (var storage = JdbcStorage.open(TestDatabases.freshSqlite(dir))) {
            var bound = Option.some(new Before(Samples.T0, "msg_x"));
            assertThat(SqlitePlans.explain(storage, JdbcOutbox.emailsAbout(bound))).as("emails")
                    .contains("USING INDEX outbox_emails_by_grant (business_id=? AND grant_id=? AND created_at<?)")
                    .doesNotContain("TEMP B-TREE");
            assertThat(SqlitePlans.explain(storage, JdbcWebhookDeliveries.aboutGrant(bound))).as("deliveries")
                    .contains("USING INDEX webhook_deliveries_by_grant (business_id=? AND grant_id=? AND created_at<?)")
                    .doesNotContain("TEMP B-TREE");
        }
    }

    /**
     * The grant's {@link #MINE} emails at even nanoseconds 2, 4, ... with an event at each odd one, beside {@link #OTHERS}
     * rows of other grants and of no grant; a delivery of each row to one endpoint. Answers the business.
     */
    private static String seeded(JdbcStorage storage) {
        var world = Samples.world(storage);
        String business = world.businessId().value();
        var endpoint = WebhookFixtures.endpoint(world.businessId(), Samples.T0);
        storage.transactions().write(() -> io.vavr.control.Either.right(storage.webhookEndpoints().insert(endpoint, 100)));
        String grant = "CASE WHEN g <= " + 2 * MINE + " THEN '" + GRANT + "' WHEN g % 2 = 0 THEN 'entg_o' || g ELSE NULL END";
        StoredRecords.execute(storage, "INSERT INTO outbox (id, business_id, kind, topic, payload, created_at, attempts,"
                + " next_attempt_at, status, grant_id) SELECT 'msg_' || lpad(g::text, 10, '0'), '" + business + "',"
                + " CASE WHEN g % 2 = 0 THEN 'EMAIL' ELSE 'EVENT' END, 't', '{}', g, 0, g, 'SENT', " + grant
                + " FROM generate_series(1, " + (2 * MINE + OTHERS) + ") g");
        StoredRecords.execute(storage, "INSERT INTO webhook_deliveries (id, business_id, endpoint_id, event_id, event_type,"
                + " payload, created_at, status, attempts, next_attempt_at, grant_id) SELECT 'msg_' || lpad(g::text, 10, '0'), '"
                + business + "', '" + endpoint.id() + "', 'msg_' || g, 't', '{}', g, 'DELIVERED', 1, g, " + grant
                + " FROM generate_series(1, " + (2 * MINE + OTHERS) + ") g");
        return business;
    }

    private static String numbered(String sql) {
        return sql.replace(":business_id", "$1").replace(":grant_id", "$2").replace(":before_at", "$3")
                .replace(":before_id", "$4").replace(":limit", sql.contains(":before_at") ? "$5" : "$3");
    }
}

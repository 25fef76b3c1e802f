package dev.grantor.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.contract.WebhookFixtures;
import dev.grantor.application.port.out.WebhookDeliveries.Shares;
import dev.grantor.application.port.out.WebhookDeliveries.WebhookDelivery;
import dev.grantor.application.port.out.WebhookEndpoints.WebhookEndpoint;
import io.vavr.collection.List;
import io.vavr.control.Either;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The dispatcher's claim in fair turns reads each business's first due deliveries and no more, however many are due:
 * a backlog of one business (receivers slower than its events) used to be numbered and sorted whole for every claim.
 * Counted in rows read by the generic plans, not timed.
 */
class PostgresWebhookClaimTest {

    /** A scan of the table (sequential, by index, bitmap heap), not of an index named after it. */
    private static final Pattern READ = Pattern.compile("Scan .*?on webhook_deliveries(?: \\w+)? \\(actual time=[0-9.]+\\.\\.[0-9.]+ rows=(\\d+)(?:\\.\\d+)? loops=(\\d+)\\)");

    @Test
    void a_fair_claim_reads_each_business_s_room_past_thousands_due_of_another() throws SQLException {
        try (var storage = JdbcStorage.open(TestDatabases.freshPostgres().withPoolSize(2))) {
            var start = Instant.parse("2026-12-01T00:00:00Z");
            var seeded = Backlog.of(storage, start);
            var flooded = seeded.flooded();
            var quiet = seeded.quiet();
            var backlog = seeded.backlog();
            var few = seeded.few();
            var now = start.plusSeconds(60);
            GenericPlans.analyze(storage, "webhook_deliveries");

            var firstDue = GenericPlans.explain(storage, JdbcWebhookDeliveries.firstDueOfBusiness(Dialect.POSTGRESQL)
                    .replace(":business_id", "$1").replace(":now", "$2").replace(":room", "$3"), "text, bigint, int",
                    "'" + flooded.businessId().value() + "', " + Columns.nanos(now) + ", 8");
            assertThat(rowsRead(firstDue)).as("rows read for a room of 8:%n%s", firstDue).isEqualTo(8);
            assertThat(firstDue).as("no sort").doesNotContain("Sort Key").doesNotContain("Seq Scan");
            var businesses = GenericPlans.explain(storage, JdbcWebhookDeliveries.BUSINESSES_WITH_PENDING, "", "");
            assertThat(rowsRead(businesses)).as("one probe a business, and one finding none:%n%s", businesses)
                    .isLessThanOrEqualTo(3);
            assertThat(businesses).doesNotContain("Seq Scan");
            var every = GenericPlans.explain(storage, JdbcWebhookDeliveries.FIRST_DUE_OF_EVERY_BUSINESS.replace(":now", "$1")
                    .replace(":per_business", "$2"), "bigint, int", Columns.nanos(now) + ", 4");
            assertThat(rowsRead(every)).as("4 of the flooded business, 3 of the quiet one, a probe each:%n%s", every)
                    .isLessThanOrEqualTo(4 + 3 + 3);
            assertThat(every).as("no sort of the backlog").doesNotContain("Seq Scan");
            var before = GenericPlans.explain(storage, WINDOWED_BEFORE_V16, "bigint, int, int", Columns.nanos(now) + ", 8, 50");
            assertThat(rowsRead(before)).as("what the count catches: the numbered claim before V16 read the backlog:%n%s",
                    before).isGreaterThanOrEqualTo(3_000);

            var claimed = storage.transactions().write(() -> Either.right(storage.webhookDeliveries()
                    .claimDue(now, 10, Duration.ofMinutes(1), new Shares(4, Map.of(quiet.businessId(), 2))))).get();
            assertThat(claimed.map(WebhookDelivery::id)).containsExactly(backlog.get(0).id(), few.get(0).id(),
                    backlog.get(1).id(), few.get(1).id(), backlog.get(2).id(), backlog.get(3).id());
        }
    }

    /**
     * V39's mark is one more column the claim writes: both claims' plans (the plain one and the fair one's write of the
     * ids it chose), generic and for the values, are the very plans of the statements before it, and the retry's
     * statement finds its one row by key.
     */
    @Test
    void the_claim_s_mark_leaves_both_claims_plans_as_they_were_and_the_retry_reads_one_row_by_key() throws SQLException {
        try (var storage = JdbcStorage.open(TestDatabases.freshPostgres().withPoolSize(2))) {
            var start = Instant.parse("2026-12-01T00:00:00Z");
            var seeded = Backlog.of(storage, start);
            var quiet = seeded.quiet();
            var backlog = seeded.backlog();
            var few = seeded.few();
            GenericPlans.analyze(storage, "webhook_deliveries");
            var now = start.plusSeconds(60);
            String times = Columns.nanos(now.plusSeconds(120)) + ", " + Columns.nanos(now);
            String plain = JdbcWebhookDeliveries.claimDue(Dialect.POSTGRESQL).replace(":leaseEnd", "$1").replace(":now", "$2")
                    .replace(":limit", "$3");
            String chosen = JdbcWebhookDeliveries.claimChosen(Dialect.POSTGRESQL).replace(":leaseEnd", "$1").replace(":now", "$2")
                    .replace("<ids>", "$3, $4");
            String chosenIds = "'" + backlog.get(0).id() + "', '" + few.get(0).id() + "'";
            for (var mode : List.of("force_generic_plan", "force_custom_plan")) {
                var withMark = GenericPlans.explain(storage, plain, "bigint, bigint, int", times + ", 50", mode, "COSTS OFF");
                var before = GenericPlans.explain(storage, plain.replace(JdbcWebhookDeliveries.HOLDS, "next_attempt_at = $1"),
                        "bigint, bigint, int", times + ", 50", mode, "COSTS OFF");
                assertThat(withMark).as("the plain claim, %s", mode).isEqualTo(before).contains("webhook_deliveries_due")
                        .doesNotContain("Seq Scan");
                var fairWithMark = GenericPlans.explain(storage, chosen, "bigint, bigint, text, text", times + ", " + chosenIds,
                        mode, "COSTS OFF");
                var fairBefore = GenericPlans.explain(storage, chosen.replace(JdbcWebhookDeliveries.HOLDS, "next_attempt_at = $1"),
                        "bigint, bigint, text, text", times + ", " + chosenIds, mode, "COSTS OFF");
                assertThat(fairWithMark).as("the fair claim's write, %s", mode).isEqualTo(fairBefore).doesNotContain("Seq Scan");
            }
            var retry = GenericPlans.explain(storage, JdbcWebhookDeliveries.BRING_FORWARD.replace(":now", "$1")
                    .replace(":id", "$2").replace(":business_id", "$3"), "bigint, text, text",
                    Columns.nanos(now) + ", '" + few.get(1).id() + "', '" + quiet.businessId().value() + "'");
            assertThat(rowsRead(retry)).as("the retry's rows read:%n%s", retry).isLessThanOrEqualTo(1);
            assertThat(retry).contains("webhook_deliveries_pkey").doesNotContain("Seq Scan");
        }
    }

    @Test
    void a_purge_reads_only_the_finished_deliveries_it_deletes_past_thousands_finished_later_and_thousands_pending()
            throws SQLException {
        try (var storage = JdbcStorage.open(TestDatabases.freshPostgres().withPoolSize(2))) {
            var start = Instant.parse("2026-12-01T00:00:00Z");
            var endpoint = endpoint(storage, start.minus(Duration.ofDays(60)));
            var old = List.range(0, 300).map(i -> WebhookFixtures.delivery(endpoint, start.minus(Duration.ofDays(40)).plusMillis(i)));
            var recent = List.range(0, 3_000).map(i -> WebhookFixtures.delivery(endpoint, start.minus(Duration.ofDays(1)).plusMillis(i)));
            var waiting = List.range(0, 3_000).map(i -> WebhookFixtures.delivery(endpoint, start.minus(Duration.ofDays(50)).plusMillis(i)));
            storage.transactions().write(() -> {
                storage.webhookDeliveries().record(old.appendAll(recent).appendAll(waiting));
                return Either.right(true);
            });
            old.appendAll(recent).forEach(d -> storage.webhookDeliveries().markDelivered(d.claim(), 1, 200, start));
            GenericPlans.analyze(storage, "webhook_deliveries");

            var cutoff = start.minus(Duration.ofDays(30));
            var plan = GenericPlans.explain(storage, JdbcWebhookDeliveries.purge(Dialect.POSTGRESQL).replace(":cutoff", "$1")
                    .replace(":limit", "$2"), "bigint, int", Columns.nanos(cutoff) + ", 1000");
            var walk = FINISHED_WALK.matcher(plan);
            assertThat(walk.find()).as("the purge walks the finished deliveries' index:%n%s", plan).isTrue();
            assertThat(Integer.parseInt(walk.group(1))).as("deliveries read to delete the 300 old ones:%n%s", plan).isEqualTo(300);
            assertThat(plan).as("no sort, nothing passed over, the deleted rows found by key").doesNotContain("Sort Key")
                    .doesNotContain("Rows Removed by Filter").doesNotContain("Seq Scan");
            assertThat(storage.webhookDeliveries().purgeFinished(cutoff, 1_000)).isEqualTo(300);
            assertThat(storage.webhookDeliveries().purgeFinished(cutoff, 1_000)).isZero();
            assertThat(storage.webhookDeliveries().claimDue(start, 5_000, Duration.ofMinutes(1))).as("pending ones, however old, stay")
                    .hasSize(3_000);
        }
    }

    /** The fair claim's candidates as they were read before V16: every due delivery numbered per business, then sorted. */
    private static final String WINDOWED_BEFORE_V16 = "SELECT id, business_id FROM (SELECT id, business_id, next_attempt_at,"
            + " ROW_NUMBER() OVER (PARTITION BY business_id ORDER BY next_attempt_at, id) AS turn FROM webhook_deliveries"
            + " WHERE status = 'PENDING' AND next_attempt_at <= $1) due WHERE turn <= $2 ORDER BY turn, next_attempt_at, id"
            + " LIMIT $3";

    /** 3,000 deliveries due for one business's endpoint, then 3 for another's, all from {@code start} on. */
    private record Backlog(WebhookEndpoint flooded, WebhookEndpoint quiet, List<WebhookDelivery> backlog,
                           List<WebhookDelivery> few) {

        static Backlog of(JdbcStorage storage, Instant start) {
            var flooded = endpoint(storage, start);
            var quiet = endpoint(storage, start);
            var backlog = List.range(0, 3_000).map(i -> WebhookFixtures.delivery(flooded, start.plusMillis(i)));
            var few = List.range(0, 3).map(i -> WebhookFixtures.delivery(quiet, start.plusMillis(5_000 + i)));
            storage.transactions().write(() -> {
                storage.webhookDeliveries().record(backlog.appendAll(few));
                return Either.right(true);
            });
            return new Backlog(flooded, quiet, backlog, few);
        }
    }

    private static WebhookEndpoint endpoint(JdbcStorage storage, Instant at) {
        var endpoint = WebhookFixtures.endpoint(WebhookFixtures.business(), at);
        storage.transactions().write(() -> {
            storage.webhookEndpoints().insert(endpoint);
            return Either.right(true);
        });
        return endpoint;
    }

    private static final Pattern FINISHED_WALK = Pattern.compile("Scan using " + JdbcWebhookDeliveries.FINISHED_INDEX
            + " on webhook_deliveries \\w+ \\(actual time=[0-9.]+\\.\\.[0-9.]+ rows=(\\d+)(?:\\.\\d+)? loops=1\\)");

    private static int rowsRead(String plan) {
        var matcher = READ.matcher(plan);
        int rows = 0;
        while (matcher.find()) {
            rows += Integer.parseInt(matcher.group(1)) * Integer.parseInt(matcher.group(2));
        }
        return rows;
    }
}

package dev.grantor.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.port.out.OutboxMessage;
import dev.grantor.domain.shared.BusinessId;
import io.vavr.collection.List;
import io.vavr.control.Either;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The relay's claim reads about as many messages as it claims, however many wait: under load the backlog grows while
 * the planner's statistics still describe the small outbox of the last analysis, and a claim that read the whole due
 * backlog to sort it made a relay that fell behind fall further behind. Counted in rows read, not timed.
 *
 * <p>With the index on {@code next_attempt_at} that V14 dropped, PostgreSQL 15 and 18 both read the 3,000 waiting rows
 * through it and sorted them to claim 50.
 */
class PostgresOutboxClaimTest {

    private static final int WAITING = 3_000;
    private static final int BATCH = 50;
    private static final Pattern SCANNED = Pattern.compile("Scan .* on outbox outbox_1 .*\\(actual time=[0-9.]+\\.\\.[0-9.]+ rows=(\\d+)(?:\\.\\d+)? loops=1\\)");

    @Test
    void a_claim_reads_the_oldest_due_messages_in_order_instead_of_every_due_message_when_thousands_wait() throws SQLException {
        try (var storage = JdbcStorage.open(TestDatabases.freshPostgres().withPoolSize(2))) {
            var start = Instant.parse("2026-12-01T00:00:00Z");
            var business = new BusinessId("bus_claim0000000000000000");
            var delivered = List.range(0, 2_000).map(i -> message(business, start.minusSeconds(3_600).plusMillis(i)));
            append(storage, delivered);
            storage.outbox().markSent(delivered.map(OutboxMessage::id), start);
            analyzeOutbox(storage);
            append(storage, List.range(0, WAITING).map(i -> message(business, start.plusMillis(i))));

            var plan = explainClaim(storage, start.plus(Duration.ofHours(1)));

            var scanned = SCANNED.matcher(plan);
            assertThat(scanned.find()).as("the claim's scan of the outbox in:%n%s", plan).isTrue();
            assertThat(Integer.parseInt(scanned.group(1))).as("messages read to claim %d of %d waiting:%n%s", BATCH, WAITING, plan)
                    .isEqualTo(BATCH);
            assertThat(plan).as("no sort of the backlog").doesNotContain("Sort Key");
            var claimed = storage.transactions().write(() -> Either.right(storage.outbox()
                    .claimDue(start.plus(Duration.ofHours(1)), BATCH, Duration.ofMinutes(1))));
            assertThat(claimed.get().map(OutboxMessage::createdAt))
                    .as("still the oldest first").containsExactlyElementsOf(List.range(0, BATCH).map(start::plusMillis));
        }
    }

    private static OutboxMessage message(BusinessId business, Instant at) {
        return OutboxMessage.fresh("obx_" + at.toEpochMilli() + "_" + at.getNano(), business, OutboxMessage.Kind.EVENT, "grant.delivered",
                "{\"n\":" + at.toEpochMilli() + "}", at);
    }

    private static void append(JdbcStorage storage, List<OutboxMessage> messages) {
        storage.transactions().write(() -> {
            storage.outbox().append(messages);
            return Either.right(true);
        });
    }

    /** Statistics taken while nothing waited, as autovacuum leaves them when a burst arrives. */
    private static void analyzeOutbox(JdbcStorage storage) throws SQLException {
        try (var connection = storage.dataSource().getConnection(); var statement = connection.createStatement()) {
            statement.execute("ANALYZE outbox");
        }
    }

    /**
     * As the driver runs it once a connection has used it a few times: a prepared statement on a generic plan, which
     * cannot see where the bound instant falls among the stored ones.
     */
    private static String explainClaim(JdbcStorage storage, Instant now) throws SQLException {
        String claim = Dialect.POSTGRESQL.claimDue("outbox", "created_at, id", "id")
                .replace(":leaseEnd", "$1").replace(":now", "$2").replace(":limit", "$3");
        try (var connection = storage.dataSource().getConnection(); var statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            var plan = new StringBuilder();
            try {
                statement.execute("SET LOCAL plan_cache_mode = force_generic_plan");
                statement.execute("PREPARE claim (bigint, bigint, int) AS " + claim);
                try (var rows = statement.executeQuery("EXPLAIN (ANALYZE, COSTS OFF) EXECUTE claim("
                        + Columns.nanos(now.plus(Duration.ofMinutes(1))) + ", " + Columns.nanos(now) + ", " + BATCH + ")")) {
                    while (rows.next()) {
                        plan.append(rows.getString(1)).append('\n');
                    }
                }
            } finally {
                connection.rollback();
                statement.execute("DEALLOCATE ALL");
                connection.setAutoCommit(true);
            }
            return plan.toString();
        }
    }
}

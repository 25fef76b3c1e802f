package dev.grantor.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.port.out.OutboxMessage;
import dev.grantor.domain.shared.BusinessId;
import io.vavr.collection.List;
import io.vavr.control.Either;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The relay's claim on PostgreSQL writes no index entry (V43): it marks {@code claimed_until}, which no index names,
 * instead of moving {@code next_attempt_at}, the key of the claim's own index, and the table leaves each page room for the
 * new versions, so every claimed row is updated in place (HOT). Before V43 each claimed message took an entry in all four
 * of the outbox's indexes. Counted by the server in the claim's own transaction, not timed.
 *
 * <p>The price: a held message stays in the claim's index range until it is settled, and the claim's walk passes over it
 * (it read none before). What a claim passes over is bounded by what the relays hold at once (a batch each, 250 by
 * default); 5,000 held ahead of the due ones is far past that, and still one walk of the claim's index.
 */
class PostgresOutboxHotClaimTest {

    private static final Instant START = Instant.parse("2026-12-01T00:00:00Z");
    private static final BusinessId BUSINESS = new BusinessId("bus_hotclaim0000000000000");
    /** The outbox as the claim's subquery names it. */
    private static final String CLAIMED = "outbox outbox_1";

    @Test
    void a_claim_updates_every_message_it_takes_in_place_without_an_index_entry() throws SQLException {
        try (var storage = JdbcStorage.open(TestDatabases.freshPostgres().withPoolSize(2))) {
            // fulfillments' messages as the engine writes them: an email and two events a unit, sized as compare.sh's
            List.range(0, 40).forEach(unit -> append(storage, List.of(
                    message("eml", unit, START.plusMillis(unit), 1_500),
                    message("evt1", unit, START.plusMillis(unit), 1_000),
                    message("evt2", unit, START.plusMillis(unit), 1_000))));

            try (var connection = storage.dataSource().getConnection(); var statement = connection.createStatement()) {
                connection.setAutoCommit(false);
                try {
                    statement.execute("PREPARE claim (bigint, bigint, int) AS " + JdbcOutbox.claim(Dialect.POSTGRESQL)
                            .replace(":leaseEnd", "$1").replace(":now", "$2").replace(":limit", "$3"));
                    int claimed = 0;
                    try (var rows = statement.executeQuery("EXECUTE claim(" + Columns.nanos(START.plusSeconds(120)) + ", "
                            + Columns.nanos(START.plusSeconds(1)) + ", 250)")) {
                        while (rows.next()) {
                            claimed++;
                        }
                    }
                    try (var counts = statement.executeQuery("SELECT pg_stat_get_xact_tuples_updated('outbox'::regclass),"
                            + " pg_stat_get_xact_tuples_hot_updated('outbox'::regclass)")) {
                        counts.next();
                        assertThat(claimed).isEqualTo(120);
                        assertThat(counts.getLong(1)).as("rows the claim updated").isEqualTo(120);
                        assertThat(counts.getLong(2)).as("of them in place, with no index entry (HOT)").isEqualTo(120);
                    }
                } finally {
                    connection.rollback();
                    statement.execute("DEALLOCATE ALL");
                    connection.setAutoCommit(true);
                }
            }
        }
    }

    @Test
    void a_claim_walks_its_index_past_thousands_of_held_messages_and_takes_the_free_ones() throws SQLException {
        try (var storage = JdbcStorage.open(TestDatabases.freshPostgres().withPoolSize(2))) {
            int held = 5_000;
            // what an outbox mostly holds: the sent messages of the last 30 days
            var sent = List.range(0, 20_000).map(i -> message("sent", i, START.minusSeconds(3_600).plusMillis(i), 300));
            append(storage, sent);
            storage.outbox().markSent(sent.map(OutboxMessage::claim), START);
            append(storage, List.range(0, held).map(i -> message("held", i, START.plusMillis(i), 300)));
            var now = START.plusSeconds(60);
            assertThat(storage.outbox().claimDue(now, held, Duration.ofMinutes(2))).hasSize(held);
            append(storage, List.range(0, 50).map(i -> message("free", i, START.plusSeconds(30).plusMillis(i), 300)));
            GenericPlans.analyze(storage, "outbox");

            var arguments = Columns.nanos(now.plusSeconds(60)) + ", " + Columns.nanos(now) + ", 50";
            var plan = GenericPlans.explain(storage, CLAIM, "bigint, bigint, int", arguments, "force_generic_plan",
                    "ANALYZE, BUFFERS, COSTS OFF");

            assertThat(plan).as("one walk of the claim's index:%n%s", plan).contains("Index Scan using outbox_pending_due on outbox outbox_1")
                    .doesNotContain("Seq Scan").doesNotContain("Sort Key");
            assertThat(GenericPlans.rowsRead(plan, CLAIMED)).as("free messages taken:%n%s", plan).isEqualTo(50);
            assertThat(plan).as("the held ones passed over on the way:%n%s", plan).contains("Rows Removed by Filter: " + held);
            var forTheValues = GenericPlans.explainForTheValues(storage, CLAIM, "bigint, bigint, int", arguments);
            assertThat(forTheValues).as(forTheValues).contains("Index Scan using outbox_pending_due").doesNotContain("Sort Key");
            assertThat(storage.transactions().write(() -> Either.right(storage.outbox().claimDue(now, 100, Duration.ofMinutes(2))))
                    .get().map(OutboxMessage::id)).as("the free ones, none held").hasSize(50).allMatch(id -> id.startsWith("obx_free"));
            assertThat(storage.outbox().claimDue(now.plusSeconds(121), held + 50, Duration.ofMinutes(2)))
                    .as("the held ones again once their lease ran out, and the free ones").hasSize(held + 50);
        }
    }

    private static final String CLAIM = JdbcOutbox.claim(Dialect.POSTGRESQL)
            .replace(":leaseEnd", "$1").replace(":now", "$2").replace(":limit", "$3");

    private static OutboxMessage message(String name, int n, Instant at, int size) {
        return OutboxMessage.fresh("obx_" + name + "_" + n, BUSINESS, OutboxMessage.Kind.EVENT, "grant.delivered",
                "{\"n\":\"" + "x".repeat(size) + "\"}", at);
    }

    private static void append(JdbcStorage storage, List<OutboxMessage> messages) {
        storage.transactions().write(() -> {
            storage.outbox().append(messages);
            return Either.right(true);
        });
    }
}

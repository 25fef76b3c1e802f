package dev.grantor.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.port.out.OutboxMessage;
import dev.grantor.domain.shared.BusinessId;
import io.vavr.collection.List;
import io.vavr.control.Either;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SQLite's plans for the relay's claim, batch settlement and purge, the dispatcher's claims (plain, and in fair turns) and purge, and a key pool's
 * take: each walks the index
 * in its own order and stops, with no temporary B-tree to sort what it read and no rows it must pass over. Without statistics SQLite prefers an index that starts with an
 * equality ({@code outbox_by_status_newest}, status first) and sorts every pending row for each claim; the claim after
 * V15 did that until it was pinned to its index (SQLite fulfills at 16 clients: 2,324 a second before V15, 1,770 with
 * it, pinned again as before). A pool's take walked every key of the pool, passing over all it had handed out. Read
 * from {@code EXPLAIN QUERY PLAN} on a filled outbox, not timed.
 */
class SqliteClaimPlansTest {

    @TempDir
    Path dir;

    @Test
    void each_claim_walks_the_index_of_what_it_claims_and_the_purge_the_status_index_and_none_sorts() throws SQLException {
        try (var storage = JdbcStorage.open(TestDatabases.freshSqlite(dir))) {
            var start = Instant.parse("2026-12-01T00:00:00Z");
            var business = new BusinessId("bus_claim0000000000000000");
            var sent = List.range(0, 2_000).map(i -> message(business, start.minus(Duration.ofDays(40)).plusMillis(i)));
            append(storage, sent);
            storage.outbox().markSent(sent.map(OutboxMessage::claim), start);
            append(storage, List.range(0, 3_000).map(i -> message(business, start.plusMillis(i))));

            var claim = SqlitePlans.explain(storage, JdbcOutbox.claim(Dialect.SQLITE));
            assertThat(claim).as(claim).contains("INDEX outbox_pending_due").doesNotContain("TEMP B-TREE");
            // the batch settlement (a pass's mark as sent, alone or before the next claim in one transaction): a
            // lookup of the batch by id, whatever else its condition reads
            var settle = JdbcOutbox.markSent().replace("<secret_topics>", "?").replace("<ids>", "?, ?, ?");
            var settlePlan = SqlitePlans.explain(storage, settle);
            assertThat(settlePlan).as(settlePlan).containsPattern("SEARCH outbox USING (COVERING )?INDEX sqlite_autoindex_outbox_1 \\(id=\\?\\)")
                    .doesNotContain("SCAN outbox");
            var purge = SqlitePlans.explain(storage, JdbcOutbox.purge(Dialect.SQLITE));
            assertThat(purge).as(purge).contains("INDEX outbox_by_status_newest").doesNotContain("TEMP B-TREE");
            var dispatch = SqlitePlans.explain(storage, JdbcWebhookDeliveries.claimDue(Dialect.SQLITE));
            assertThat(dispatch).as(dispatch).contains("INDEX webhook_deliveries_due").doesNotContain("TEMP B-TREE");
            // V36's mark is one more column the claim writes: the plans are those of the statements before it
            assertThat(dispatch).isEqualTo(SqlitePlans.explain(storage, JdbcWebhookDeliveries.claimDue(Dialect.SQLITE)
                    .replace(JdbcWebhookDeliveries.HOLDS, "next_attempt_at = :leaseEnd")));
            var chosen = JdbcWebhookDeliveries.claimChosen(Dialect.SQLITE).replace("<ids>", "?, ?");
            assertThat(SqlitePlans.explain(storage, chosen)).as(chosen).isEqualTo(SqlitePlans.explain(storage,
                    chosen.replace(JdbcWebhookDeliveries.HOLDS, "next_attempt_at = :leaseEnd"))).doesNotContain("SCAN webhook_deliveries");
            var retry = SqlitePlans.explain(storage, JdbcWebhookDeliveries.BRING_FORWARD);
            assertThat(retry).as(retry).contains("INDEX sqlite_autoindex_webhook_deliveries_1").doesNotContain("SCAN");

            var purgeDeliveries = SqlitePlans.explain(storage, JdbcWebhookDeliveries.purge(Dialect.SQLITE));
            assertThat(purgeDeliveries).as(purgeDeliveries).contains("INDEX " + JdbcWebhookDeliveries.FINISHED_INDEX)
                    .doesNotContain("TEMP B-TREE");

            var take = SqlitePlans.explain(storage, JdbcKeyPools.oldestAvailable(Dialect.SQLITE, "id"));
            assertThat(take).as(take).contains("INDEX pooled_keys_claim").doesNotContain("TEMP B-TREE");
            var unpinnedTake = SqlitePlans.explain(storage, JdbcKeyPools.oldestAvailable(Dialect.SQLITE, "id")
                    .replace(" INDEXED BY pooled_keys_claim", ""));
            assertThat(unpinnedTake).as("what the pin prevents:%n%s", unpinnedTake).doesNotContain("pooled_keys_claim");

            var upTo = SqlitePlans.explain(storage, JdbcKeyPools.AVAILABLE_UP_TO);
            assertThat(upTo).as(upTo).containsPattern("SEARCH pooled_keys USING (COVERING )?INDEX pooled_keys_");

            var businesses = SqlitePlans.explain(storage, JdbcWebhookDeliveries.EARLIEST_DUE_BY_BUSINESS);
            assertThat(businesses).as(businesses).contains("INDEX webhook_deliveries_pending_by_business")
                    .doesNotContain("TEMP B-TREE").doesNotContain("SCAN webhook_deliveries");
            var firstDue = SqlitePlans.explain(storage, JdbcWebhookDeliveries.firstDueOfBusiness(Dialect.SQLITE));
            assertThat(firstDue).as(firstDue).contains("INDEX webhook_deliveries_pending_by_business")
                    .doesNotContain("TEMP B-TREE");

            var unpinned = SqlitePlans.explain(storage, JdbcOutbox.claim(Dialect.SQLITE)
                    .replace(" INDEXED BY " + JdbcOutbox.CLAIM_INDEX, ""));
            assertThat(unpinned).as("what the pin prevents, so the assertions above can fail:%n%s", unpinned)
                    .contains("TEMP B-TREE");
            assertThat(storage.transactions().write(() -> Either.right(storage.outbox().claimDue(start.plusSeconds(60), 50,
                    Duration.ofMinutes(1)))).get().map(OutboxMessage::createdAt))
                    .containsExactlyElementsOf(List.range(0, 50).map(start::plusMillis));
        }
    }

    private static OutboxMessage message(BusinessId business, Instant at) {
        return OutboxMessage.fresh("obx_" + at.toEpochMilli(), business, OutboxMessage.Kind.EVENT, "grant.delivered",
                "{\"n\":" + at.toEpochMilli() + "}", at);
    }

    private static void append(JdbcStorage storage, List<OutboxMessage> messages) {
        storage.transactions().write(() -> {
            storage.outbox().append(messages);
            return Either.right(true);
        });
    }
}

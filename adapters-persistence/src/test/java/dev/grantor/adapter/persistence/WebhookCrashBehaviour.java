package dev.grantor.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.memory.MutableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process killed with SIGKILL while it fans events out to an endpoint and dispatches their webhooks: after a restart,
 * once the killed node's leases have run out, every event has exactly one delivery, every delivery is delivered, every
 * webhook was sent (none lost), a delivery the store had marked delivered is never sent again, and the ones sent again
 * (sent before the kill, not yet marked) carry the same {@code webhook-id}, so the receiver can drop them.
 */
abstract class WebhookCrashBehaviour {

    @TempDir
    Path dir;

    protected abstract StorageSettings store(Path dir);

    @Test
    void a_kill_9_while_dispatching_loses_no_webhook_and_resends_only_the_unsettled_ones_with_their_ids() throws Exception {
        var store = store(dir);
        Path sends = dir.resolve("sends.log");
        var child = EngineProcess.start(dir, "child", CrashingDispatcher.class, store, sends.toString());
        // aimed at a relay (the fan-out) or a dispatch (sends and their settlement) of the second to fourth round, since
        // issuing the round's grants takes most of its time; 60 ms spans a send (40 ms) and its settlement
        var random = ThreadLocalRandom.current();
        String phase = random.nextBoolean() ? "RELAY " : "DISPATCH ";
        child.awaitLines(phase, 2 + random.nextInt(3), Duration.ofSeconds(120));
        Thread.sleep(random.nextInt(60));
        child.kill();
        assertThat(child.lines()).as("the child started; " + child.stderr()).anyMatch(line -> line.startsWith("WORLD "));
        var sentBeforeTheKill = sentIds(sends);

        try (var reopened = JdbcStorage.open(store.withPoolSize(2))) {
            var settledAtTheKill = new HashSet<>(StoredRecords.strings(reopened,
                    "SELECT id FROM webhook_deliveries WHERE status = 'DELIVERED'"));
            long rowsAtTheKill = count(reopened, "SELECT COUNT(*) FROM webhook_deliveries");
            // past every lease the killed node held: its claims are anyone's again
            var later = new MutableClock(Instant.now().plus(Duration.ofMinutes(10)));
            var engine = CrashingDispatcher.engine(reopened, sends, later);
            while (engine.relay().runOnce() > 0) {
                // publishes what the killed relay had not; the fan-out records each delivery once
            }
            var dispatcher = engine.dispatcher().get();
            for (int pass = 0; pass < 1000 && count(reopened, "SELECT COUNT(*) FROM webhook_deliveries WHERE status <> 'DELIVERED'") > 0; pass++) {
                dispatcher.runOnce();
            }

            var sent = sentIds(sends);
            var rows = new HashSet<>(StoredRecords.strings(reopened, "SELECT id FROM webhook_deliveries"));
            System.out.printf("webhook crash test (%s, killed in a %s): %d deliveries at the kill (%d marked delivered),"
                            + " %d sends before it; after restart %d deliveries, %d sends, %d of them again%n", store.dialect(),
                    phase.strip().toLowerCase(java.util.Locale.ROOT), rowsAtTheKill, settledAtTheKill.size(),
                    sentBeforeTheKill.values().stream().mapToLong(Long::longValue).sum(), rows.size(),
                    sent.values().stream().mapToLong(Long::longValue).sum(), sent.values().stream().filter(n -> n > 1).count());

            assertThat(count(reopened, "SELECT COUNT(*) FROM webhook_deliveries WHERE status <> 'DELIVERED'")).as("undelivered").isZero();
            assertThat(count(reopened, "SELECT COUNT(*) FROM outbox WHERE kind = 'EVENT' AND business_id IN"
                    + " (SELECT business_id FROM webhook_endpoints)")).as("one delivery per event").isEqualTo(rows.size());
            assertThat(count(reopened, "SELECT COUNT(*) FROM (SELECT event_id FROM webhook_deliveries GROUP BY event_id"
                    + " HAVING COUNT(*) > 1) twice")).as("events with two deliveries").isZero();
            assertThat(sent.keySet()).as("every delivery sent, and nothing else").isEqualTo(rows);
            assertThat(sent.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey))
                    .as("sent again: only deliveries the store had not marked delivered")
                    .doesNotContainAnyElementsOf(settledAtTheKill)
                    .allMatch(sentBeforeTheKill::containsKey);
            assertThat(sent.values()).as("sent at most twice").allMatch(n -> n <= 2);
        }
    }

    private static Map<String, Long> sentIds(Path sends) throws java.io.IOException {
        if (!Files.exists(sends)) {
            return Map.of();
        }
        return Arrays.stream(Files.readString(sends, StandardCharsets.UTF_8).split("\n"))
                .filter(line -> line.startsWith("SENT ") && line.length() > 5)
                .map(line -> line.substring(5))
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    private static long count(JdbcStorage storage, String sql) {
        return StoredRecords.count(storage, sql);
    }
}

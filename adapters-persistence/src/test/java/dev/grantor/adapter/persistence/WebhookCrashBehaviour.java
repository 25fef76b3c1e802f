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
 * A process killed with SIGKILL while its receiver holds webhooks it has not answered yet: after a restart, once the
 * killed node's leases have run out, every event has exactly one delivery, every delivery is delivered and was received
 * (none lost), every delivery the store had marked delivered at the kill had been received before it (a delivery is
 * marked only once its receiver answered), and the only webhooks received twice are ones received before the kill and
 * not yet marked, each at most twice and with its own {@code webhook-id}, so the receiver can drop the second.
 */
abstract class WebhookCrashBehaviour {

    @TempDir
    Path dir;

    protected abstract StorageSettings store(Path dir);

    @Test
    void a_kill_9_while_webhooks_are_in_flight_loses_none_and_resends_only_the_unsettled_ones_with_their_ids() throws Exception {
        var store = store(dir);
        Path log = dir.resolve("receiver.log");
        var child = EngineProcess.start(dir, "child", CrashingDispatcher.class, store, log.toString());
        // inside the hold of the 9th to 32nd request (a business has 8 in flight at most), with half the hold to spare,
        // so the kill finds requests in flight whatever the machine's load does to the test's own sleep; the relay runs
        // beside the dispatcher, so the kill lands in a fan-out too when one is going on
        var random = ThreadLocalRandom.current();
        child.awaitLines("HOLDING ", 9 + random.nextInt(24), Duration.ofSeconds(120));
        Thread.sleep(random.nextLong(CrashingDispatcher.HOLD.toMillis() / 2));
        child.kill();
        var lines = child.lines();
        assertThat(lines).as("the child started; " + child.stderr()).anyMatch(line -> line.startsWith("WORLD "));
        boolean inARelay = lines.reversed().stream().filter(line -> line.startsWith("RELAY")).findFirst()
                .filter(line -> line.startsWith("RELAY ")).isPresent();
        var sentBeforeTheKill = logged(log, "SENT ");
        var receivedBeforeTheKill = logged(log, "RECEIVED ");

        try (var reopened = JdbcStorage.open(store.withPoolSize(2))) {
            var settledAtTheKill = new HashSet<>(StoredRecords.strings(reopened,
                    "SELECT id FROM webhook_deliveries WHERE status = 'DELIVERED'"));
            long rowsAtTheKill = count(reopened, "SELECT COUNT(*) FROM webhook_deliveries");
            // past every lease the killed node held: its claims are anyone's again
            var later = new MutableClock(Instant.now().plus(Duration.ofMinutes(10)));
            var engine = CrashingDispatcher.engine(reopened, log, Duration.ZERO, later);
            while (engine.relay().runOnce() > 0) {
                // publishes what the killed relay had not; the fan-out records each delivery once
            }
            var dispatcher = engine.dispatcher().get();
            for (int pass = 0; pass < 1000 && count(reopened, "SELECT COUNT(*) FROM webhook_deliveries WHERE status <> 'DELIVERED'") > 0; pass++) {
                dispatcher.runOnce();
            }

            var received = logged(log, "RECEIVED ");
            var rows = new HashSet<>(StoredRecords.strings(reopened, "SELECT id FROM webhook_deliveries"));
            System.out.printf("webhook crash test (%s, killed %s): %d deliveries at the kill, %d marked delivered, %d in"
                            + " flight (sent, not received); after restart %d deliveries, %d received, %d of them twice%n",
                    store.dialect(), inARelay ? "in a relay" : "between relays", rowsAtTheKill, settledAtTheKill.size(),
                    sentBeforeTheKill.keySet().stream().filter(id -> !receivedBeforeTheKill.containsKey(id)).count(),
                    rows.size(), received.size(), received.values().stream().filter(n -> n > 1).count());

            assertThat(sentBeforeTheKill.keySet()).as("requests the receiver held at the kill (else this run tested no send"
                    + " in flight)").isNotEqualTo(receivedBeforeTheKill.keySet());
            assertThat(settledAtTheKill).as("marked delivered at the kill, yet never answered by the receiver")
                    .isSubsetOf(receivedBeforeTheKill.keySet());
            assertThat(count(reopened, "SELECT COUNT(*) FROM webhook_deliveries WHERE status <> 'DELIVERED'")).as("undelivered").isZero();
            assertThat(count(reopened, "SELECT COUNT(*) FROM outbox WHERE kind = 'EVENT' AND business_id IN"
                    + " (SELECT business_id FROM webhook_endpoints)")).as("one delivery per event").isEqualTo(rows.size());
            assertThat(count(reopened, "SELECT COUNT(*) FROM (SELECT event_id FROM webhook_deliveries GROUP BY event_id"
                    + " HAVING COUNT(*) > 1) twice")).as("events with two deliveries").isZero();
            assertThat(received.keySet()).as("every delivery received, and nothing else").isEqualTo(rows);
            assertThat(received.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey))
                    .as("received twice: only deliveries received before the kill and not marked delivered by then")
                    .doesNotContainAnyElementsOf(settledAtTheKill)
                    .allMatch(receivedBeforeTheKill::containsKey);
            assertThat(received.values()).as("received at most twice").allMatch(n -> n <= 2);
        }
    }

    /** How often each webhook id appears in the receiver's log after {@code prefix}. */
    private static Map<String, Long> logged(Path log, String prefix) throws java.io.IOException {
        if (!Files.exists(log)) {
            return Map.of();
        }
        return Arrays.stream(Files.readString(log, StandardCharsets.UTF_8).split("\n"))
                .filter(line -> line.startsWith(prefix) && line.length() > prefix.length())
                .map(line -> line.substring(prefix.length()))
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    private static long count(JdbcStorage storage, String sql) {
        return StoredRecords.count(storage, sql);
    }
}

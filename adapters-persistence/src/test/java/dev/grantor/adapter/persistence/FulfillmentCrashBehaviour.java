package dev.grantor.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.domain.grant.GrantStatus;
import dev.grantor.domain.grant.LicenseKeyValue;
import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.GrantId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Durability: every fulfillment the engine in a killed process had answered delivered is there after a restart, with
 * its key, its delivery email and its two events in the outbox. One kill by default; {@code -Dgrantor.crash.kills=5}
 * kills more children, one after another, on the same database.
 */
abstract class FulfillmentCrashBehaviour {

    private static final String[] EVENTS = {"license_key.created", "entitlement_grant.delivered"};
    private static final int ACKNOWLEDGED_AT_LEAST = 11;

    @TempDir
    Path dir;

    /** The database the children write and the test reads back, the same one for every kill of a test. */
    protected abstract StorageSettings store(Path dir);

    @Test
    void every_fulfillment_acknowledged_before_a_kill_9_is_delivered_with_its_key_email_and_events_after_restart() throws Exception {
        var store = store(dir);
        int kills = Integer.getInteger("grantor.crash.kills", 1);
        int acknowledgedInAll = 0;
        var lost = new ArrayList<String>();
        for (int kill = 1; kill <= kills; kill++) {
            var run = killedRun(store, kill);
            try (var reopened = JdbcStorage.open(store.withPoolSize(2))) {
                var businessId = new BusinessId(run.business());
                for (String[] ack : run.acknowledged()) {
                    if (!delivered(reopened, businessId, ack[1], ack[2])) {
                        lost.add(ack[1]);
                    }
                }
            }
            acknowledgedInAll += run.acknowledged().size();
            System.out.printf("crash test (%s) kill %d: %d fulfillments acknowledged by the engine before SIGKILL%n",
                    store.dialect(), kill, run.acknowledged().size());
        }
        System.out.printf("crash test: %d kills, %d acknowledged fulfillments, %d lost%n", kills, acknowledgedInAll, lost.size());
        assertThat(lost).as("acknowledged fulfillments missing after restart").isEmpty();
    }

    private record KilledRun(String business, List<String[]> acknowledged) {}

    private KilledRun killedRun(StorageSettings store, int kill) throws Exception {
        var child = EngineProcess.start(dir, "child-" + kill, CrashingFulfiller.class, store);
        // counted, not timed, so a slow machine still has its acknowledgements to check; then a different moment each
        // time, so the kill lands in different phases of a unit of work
        child.awaitLines("DELIVERED ", ACKNOWLEDGED_AT_LEAST, Duration.ofSeconds(60));
        Thread.sleep(ThreadLocalRandom.current().nextInt(1500));
        child.kill();

        String business = null;
        var acknowledged = new ArrayList<String[]>();
        for (String line : child.lines()) {
            if (line.startsWith("BUSINESS ")) {
                business = line.substring("BUSINESS ".length());
            }
            var parts = line.split(" ");
            if (parts.length == 4 && parts[0].equals("DELIVERED") && parts[3].equals("END")) {
                acknowledged.add(parts);
            }
        }
        assertThat(business).as("the child started; " + child.stderr()).isNotNull();
        assertThat(acknowledged).as("fulfillments acknowledged before the kill").hasSizeGreaterThanOrEqualTo(ACKNOWLEDGED_AT_LEAST);
        return new KilledRun(business, acknowledged);
    }

    private static boolean delivered(JdbcStorage storage, BusinessId business, String grant, String key) {
        var grantId = new GrantId(grant);
        var stored = storage.grants().find(business, grantId);
        if (stored.isEmpty()) {
            return false;
        }
        assertThat(stored.get().status()).as(grant).isEqualTo(GrantStatus.DELIVERED);
        assertThat(stored.get().licenseKeyId()).as(grant).isNotEmpty();
        assertThat(storage.licenseKeys().findByValue(new LicenseKeyValue(key)).flatMap(k -> k.grantId())).as(grant).contains(grantId);
        assertThat(outboxRows(storage, "EMAIL", "email.license_key_delivery", grant)).as("delivery email of " + grant).isEqualTo(1);
        for (String topic : EVENTS) {
            assertThat(outboxRows(storage, "EVENT", topic, grant)).as(topic + " of " + grant).isEqualTo(1);
        }
        return true;
    }

    private static long outboxRows(JdbcStorage storage, String kind, String topic, String grant) {
        return StoredRecords.count(storage, "SELECT count(*) FROM outbox WHERE kind = '" + kind + "' AND topic = '" + topic
                + "' AND payload LIKE '%" + grant + "%'");
    }
}

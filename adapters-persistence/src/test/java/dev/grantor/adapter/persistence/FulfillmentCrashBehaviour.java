package dev.grantor.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.domain.grant.GrantStatus;
import dev.grantor.domain.grant.LicenseKeyValue;
import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.GrantId;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Durability and atomicity: every fulfillment the engine in a killed process had answered delivered is there after a
 * restart, with the key it answered, its delivery email and its two events in the outbox; and no grant is ever half
 * fulfilled, neither after the kill nor as a reader sees the store while the child writes: a grant is delivered with
 * exactly one key of its own, one delivery email and each event once, or has none of them. The child fulfills each
 * grant with two requests at once, so a fulfillment that lost its race must leave nothing either. One kill by default;
 * {@code -Dgrantor.crash.kills=5} kills more children, one after another, on the same database.
 */
abstract class FulfillmentCrashBehaviour {

    private static final String[] EVENTS = {"license_key.created", "entitlement_grant.delivered"};
    private static final String[][] MESSAGES = {{"EMAIL", "email.license_key_delivery"}, {"EVENT", EVENTS[0]}, {"EVENT", EVENTS[1]}};
    private static final int ACKNOWLEDGED_AT_LEAST = 11;

    @TempDir
    Path dir;

    /** The database the children write and the test reads back, the same one for every kill of a test. */
    protected abstract StorageSettings store(Path dir);

    @Test
    void every_fulfillment_acknowledged_before_a_kill_9_is_delivered_with_its_key_email_and_events_and_none_is_half_written() throws Exception {
        var store = store(dir);
        int kills = Integer.getInteger("grantor.crash.kills", 1);
        int acknowledgedInAll = 0;
        var lost = new ArrayList<String>();
        var seenWhileRunning = new LinkedHashSet<String>();
        for (int kill = 1; kill <= kills; kill++) {
            var run = killedRun(store, kill, seenWhileRunning);
            try (var reader = connect(store)) {
                assertThat(halfWritten(reader, run.business())).as("half-written grants after kill " + kill).isEmpty();
            }
            try (var reopened = JdbcStorage.open(store.withPoolSize(2))) {
                var businessId = new BusinessId(run.business());
                for (String[] ack : run.acknowledged()) {
                    if (!delivered(reopened, businessId, ack[1], ack[2])) {
                        lost.add(ack[1]);
                    }
                }
            }
            acknowledgedInAll += run.acknowledged().size();
            System.out.printf("crash test (%s) kill %d: %d fulfillments acknowledged by the engine before SIGKILL, %d reads"
                    + " of the store while it ran%n", store.dialect(), kill, run.acknowledged().size(), run.reads());
        }
        System.out.printf("crash test: %d kills, %d acknowledged fulfillments, %d lost%n", kills, acknowledgedInAll, lost.size());
        assertThat(lost).as("acknowledged fulfillments missing after restart").isEmpty();
        assertThat(seenWhileRunning).as("half-written grants a reader saw while the engine ran").isEmpty();
    }

    private record KilledRun(String business, List<String[]> acknowledged, int reads) {}

    private KilledRun killedRun(StorageSettings store, int kill, Set<String> seenWhileRunning) throws Exception {
        var child = EngineProcess.start(dir, "child-" + kill, CrashingFulfiller.class, store);
        child.awaitLines("BUSINESS ", 1, Duration.ofSeconds(60));
        String business = child.lines().stream().filter(line -> line.startsWith("BUSINESS ")).findFirst()
                .map(line -> line.substring("BUSINESS ".length())).orElse(null);
        assertThat(business).as("the child started; " + child.stderr()).isNotNull();
        // the kill: counted, not timed, so a slow machine still has its acknowledgements to check; then a different
        // moment each time, so it lands in different phases of a unit of work. All along, a reader looks for half a
        // fulfillment, which a kill would leave behind only if it landed in that half's moment.
        long giveUpAt = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        long killAt = Long.MAX_VALUE;
        int reads = 0;
        try (var reader = connect(store)) {
            while (System.nanoTime() < Math.min(killAt, giveUpAt)) {
                seenWhileRunning.addAll(halfWritten(reader, business));
                reads++;
                if (killAt == Long.MAX_VALUE && child.lines().stream().filter(line -> line.startsWith("DELIVERED ")).count()
                        >= ACKNOWLEDGED_AT_LEAST) {
                    killAt = System.nanoTime() + Duration.ofMillis(ThreadLocalRandom.current().nextInt(1500)).toNanos();
                }
                Thread.sleep(2);
            }
        }
        child.kill();

        var acknowledged = new ArrayList<String[]>();
        for (String line : child.lines()) {
            var parts = line.split(" ");
            if (parts.length == 4 && parts[0].equals("DELIVERED") && parts[3].equals("END")) {
                acknowledged.add(parts);
            }
        }
        assertThat(acknowledged).as("fulfillments acknowledged before the kill").hasSizeGreaterThanOrEqualTo(ACKNOWLEDGED_AT_LEAST);
        return new KilledRun(business, acknowledged, reads);
    }

    private static boolean delivered(JdbcStorage storage, BusinessId business, String grant, String key) {
        var grantId = new GrantId(grant);
        var stored = storage.grants().find(business, grantId);
        if (stored.isEmpty()) {
            return false;
        }
        assertThat(stored.get().status()).as(grant).isEqualTo(GrantStatus.DELIVERED);
        var found = storage.licenseKeys().findByValue(new LicenseKeyValue(key));
        assertThat(found.flatMap(k -> k.grantId())).as("the key acknowledged for " + grant).contains(grantId);
        assertThat(stored.get().licenseKeyId()).as("the key of " + grant + " is the one acknowledged").isEqualTo(found.map(k -> k.id()));
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

    /** The store as any client of it would read it, beside the engine's own pool. */
    private static Connection connect(StorageSettings store) throws SQLException {
        return DriverManager.getConnection(store.jdbcUrl(), store.user(), store.password());
    }

    /**
     * The business's grants that are half fulfilled, each named with what is wrong; every query is one statement, so
     * it reads one committed state even while the engine writes.
     */
    private static List<String> halfWritten(Connection reader, String business) throws SQLException {
        var found = new ArrayList<String>();
        found.addAll(grants(reader, business, "delivered without a key of its own",
                "SELECT g.id FROM grants g WHERE g.business_id = ? AND g.status = 'Delivered'"
                        + " AND NOT EXISTS (SELECT 1 FROM license_keys k WHERE k.id = g.license_key_id AND k.grant_id = g.id)"));
        found.addAll(grants(reader, business, "holds a key that is not its delivered key",
                "SELECT k.grant_id FROM license_keys k JOIN grants g ON g.id = k.grant_id WHERE k.business_id = ?"
                        + " AND (g.status <> 'Delivered' OR g.license_key_id IS NULL OR g.license_key_id <> k.id)"));
        for (String[] message : MESSAGES) {
            found.addAll(grants(reader, business, "has not one " + message[1] + " if delivered, or none if not",
                    "SELECT g.id FROM grants g WHERE g.business_id = ? AND (SELECT COUNT(*) FROM outbox o WHERE o.kind = '"
                            + message[0] + "' AND o.topic = '" + message[1] + "' AND o.payload LIKE '%' || g.id || '%')"
                            + " <> CASE WHEN g.status = 'Delivered' THEN 1 ELSE 0 END"));
        }
        return found;
    }

    private static List<String> grants(Connection reader, String business, String problem, String sql) throws SQLException {
        var found = new ArrayList<String>();
        try (var statement = reader.prepareStatement(sql)) {
            statement.setString(1, business);
            try (var rows = statement.executeQuery()) {
                while (rows.next()) {
                    found.add("grant " + rows.getString(1) + " " + problem);
                }
            }
        }
        return found;
    }
}

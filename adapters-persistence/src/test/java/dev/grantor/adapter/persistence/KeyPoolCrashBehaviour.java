package dev.grantor.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.domain.shared.BusinessId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process killed with SIGKILL while a restock drains the waiting grants of a pool: after a restart every assigned
 * key belongs to exactly one Delivered grant, with that key and its delivery email in the outbox; every key of an
 * acknowledged import is there; no key is lost (available + assigned = every row); and the next drain picks up
 * where the killed one stopped.
 */
abstract class KeyPoolCrashBehaviour {

    @TempDir
    Path dir;

    protected abstract StorageSettings store(Path dir);

    @Test
    void a_kill_9_during_a_restock_drain_leaves_every_assigned_key_with_one_delivered_grant_and_no_key_lost() throws Exception {
        var store = store(dir);
        var child = EngineProcess.start(dir, "child", CrashingPoolRestocker.class, store);
        // somewhere inside the third restock (its import, or its drain of up to 50 grants, a unit of work each): a random
        // part of the time the second one took, as a drain's pace is the disk's
        child.awaitLines("RESTOCKED ", 1, Duration.ofSeconds(60));
        long first = System.nanoTime();
        child.awaitLines("RESTOCKED ", 2, Duration.ofSeconds(60));
        long second = Math.max(1, (System.nanoTime() - first) / 1_000_000);
        Thread.sleep(ThreadLocalRandom.current().nextLong(second));
        child.kill();

        String business = null;
        String entitlement = null;
        int acknowledged = 0;
        int fulfilledByAcknowledged = 0;
        for (String line : child.lines()) {
            var parts = line.split(" ");
            if (parts.length == 3 && parts[0].equals("WORLD")) {
                business = parts[1];
                entitlement = parts[2];
            }
            if (parts.length == 4 && parts[0].equals("RESTOCKED") && parts[3].equals("END")) {
                acknowledged++;
                fulfilledByAcknowledged += Integer.parseInt(parts[2]);
            }
        }
        assertThat(business).as("the child started; " + child.stderr()).isNotNull();
        assertThat(acknowledged).isPositive();

        try (var reopened = JdbcStorage.open(store.withPoolSize(2))) {
            String pool = reopened.keyPools().find(new BusinessId(business), new dev.grantor.domain.shared.EntitlementId(entitlement))
                    .get().id().value();
            long rows = count(reopened, "SELECT COUNT(*) FROM pooled_keys WHERE pool_id = '" + pool + "'");
            long available = count(reopened, "SELECT COUNT(*) FROM pooled_keys WHERE pool_id = '" + pool + "' AND status = 'available'");
            long assigned = count(reopened, "SELECT COUNT(*) FROM pooled_keys WHERE pool_id = '" + pool + "' AND status = 'assigned'");
            long delivered = count(reopened, "SELECT COUNT(*) FROM grants WHERE entitlement_id = '" + entitlement
                    + "' AND status = 'Delivered'");
            long pending = count(reopened, "SELECT COUNT(*) FROM grants WHERE entitlement_id = '" + entitlement
                    + "' AND status = 'Pending'");
            System.out.printf("pool crash test (%s): %d restocks acknowledged before SIGKILL, %d grants fulfilled by them; after"
                    + " restart %d keys (%d available, %d assigned), %d grants delivered (%d by the killed restock), %d pending%n",
                    store.dialect(), acknowledged, fulfilledByAcknowledged, rows, available, assigned, delivered,
                    delivered - fulfilledByAcknowledged, pending);

            assertThat(delivered).as("grants fulfilled by the acknowledged restocks").isGreaterThanOrEqualTo(fulfilledByAcknowledged);

            for (int batch = 0; batch < acknowledged; batch++) {
                assertThat(count(reopened, "SELECT COUNT(*) FROM pooled_keys WHERE pool_id = '" + pool + "' AND value LIKE 'CRASH-"
                        + batch + "-%'")).as("keys of acknowledged restock " + batch).isEqualTo(CrashingPoolRestocker.BATCH);
            }
            assertThat(rows % CrashingPoolRestocker.BATCH).as("an import commits whole").isZero();
            assertThat(available + assigned).as("no key lost, none voided").isEqualTo(rows);
            assertThat(delivered + pending).isEqualTo(CrashingPoolRestocker.WAITING);
            assertThat(assigned).as("one assigned key per delivered grant").isEqualTo(delivered);
            assertThat(count(reopened, "SELECT COUNT(DISTINCT grant_id) FROM pooled_keys WHERE pool_id = '" + pool
                    + "' AND status = 'assigned'")).isEqualTo(assigned);
            assertThat(count(reopened, "SELECT COUNT(*) FROM pooled_keys p JOIN grants g ON g.id = p.grant_id"
                    + " JOIN license_keys k ON k.id = g.license_key_id WHERE p.pool_id = '" + pool + "' AND p.status = 'assigned'"
                    + " AND g.status = 'Delivered' AND k.value = p.value")).as("each assigned key is its grant's key").isEqualTo(assigned);
            assertThat(count(reopened, "SELECT COUNT(*) FROM grants g WHERE g.entitlement_id = '" + entitlement
                    + "' AND g.status = 'Delivered' AND (SELECT COUNT(*) FROM outbox o WHERE o.kind = 'EMAIL'"
                    + " AND o.payload LIKE '%' || g.id || '%') <> 1")).as("delivered grants without exactly one email").isZero();
            assertThat(count(reopened, "SELECT COUNT(*) FROM grants g WHERE g.entitlement_id = '" + entitlement
                    + "' AND g.status = 'Delivered' AND (SELECT COUNT(*) FROM outbox o WHERE o.topic = 'entitlement_grant.delivered'"
                    + " AND o.payload LIKE '%' || g.id || '%') <> 1")).as("delivered grants without exactly one event").isZero();

            var engine = Engines.over(reopened);
            var resumed = engine.keyPools().fulfillWaiting(new BusinessId(business), entitlement, Integer.MAX_VALUE).get();
            var after = engine.keyPools().get(new BusinessId(business), entitlement).get();
            assertThat(resumed.count()).isEqualTo((int) Math.min(available, pending));
            assertThat(after.available() == 0 || after.waitingGrants() == 0).isTrue();
        }
    }

    private static long count(JdbcStorage storage, String sql) {
        return StoredRecords.count(storage, sql);
    }
}

package dev.grantor.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.grantor.domain.shared.BusinessId;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process killed with SIGKILL while a restock drains the waiting grants of a pool: after a restart every assigned
 * key belongs to exactly one Delivered grant, with that key and its delivery email in the outbox; every key of an
 * acknowledged import is there; no key is lost (available + assigned = every row); and the next drain picks up
 * where the killed one stopped.
 */
class SqliteKeyPoolCrashTest {

    @TempDir
    Path dir;

    @Test
    void a_kill_9_during_a_restock_drain_leaves_every_assigned_key_with_one_delivered_grant_and_no_key_lost() throws Exception {
        Path out = dir.resolve("child.out");
        Path errors = dir.resolve("child.err");
        var child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                CrashingPoolRestocker.class.getName(), dir.toString())
                .redirectOutput(out.toFile())
                .redirectError(errors.toFile())
                .start();
        await("the child's first restock").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(20))
                .until(() -> !child.isAlive() || Files.readString(out).contains("RESTOCKED "));
        // somewhere inside a later drain: each batch drains 50 grants, one transaction each
        Thread.sleep(200 + ThreadLocalRandom.current().nextInt(1200));
        child.destroyForcibly();
        assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as("killed by SIGKILL; its stderr is in " + errors).isEqualTo(137);

        String business = null;
        String entitlement = null;
        int acknowledged = 0;
        for (String line : Files.readString(out, StandardCharsets.UTF_8).split("\n")) {
            var parts = line.split(" ");
            if (parts.length == 3 && parts[0].equals("WORLD")) {
                business = parts[1];
                entitlement = parts[2];
            }
            if (parts.length == 4 && parts[0].equals("RESTOCKED") && parts[3].equals("END")) {
                acknowledged++;
            }
        }
        assertThat(business).as("the child started; its stderr is in " + errors).isNotNull();
        assertThat(acknowledged).isPositive();

        try (var reopened = JdbcStorage.open(StorageSettings.sqlite(dir))) {
            String pool = reopened.keyPools().find(new BusinessId(business), new dev.grantor.domain.shared.EntitlementId(entitlement))
                    .get().id().value();
            long rows = count(reopened, "SELECT COUNT(*) FROM pooled_keys WHERE pool_id = '" + pool + "'");
            long available = count(reopened, "SELECT COUNT(*) FROM pooled_keys WHERE pool_id = '" + pool + "' AND status = 'available'");
            long assigned = count(reopened, "SELECT COUNT(*) FROM pooled_keys WHERE pool_id = '" + pool + "' AND status = 'assigned'");
            long delivered = count(reopened, "SELECT COUNT(*) FROM grants WHERE entitlement_id = '" + entitlement
                    + "' AND status = 'Delivered'");
            long pending = count(reopened, "SELECT COUNT(*) FROM grants WHERE entitlement_id = '" + entitlement
                    + "' AND status = 'Pending'");
            System.out.printf("pool crash test: %d restocks acknowledged before SIGKILL; after restart %d keys (%d available, %d"
                    + " assigned), %d grants delivered, %d pending%n", acknowledged, rows, available, assigned, delivered, pending);

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

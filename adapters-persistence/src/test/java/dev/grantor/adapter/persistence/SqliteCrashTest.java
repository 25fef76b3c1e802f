package dev.grantor.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.domain.grant.GrantStatus;
import dev.grantor.domain.license.LicenseKeyValue;
import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.GrantId;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Durability on the embedded database: every fulfillment a killed process had seen committed is there
 * after a restart, delivered, with its key and its email in the outbox.
 */
class SqliteCrashTest {

    @TempDir
    Path dir;

    @Test
    void every_fulfillment_acknowledged_before_a_kill_9_is_delivered_with_its_key_and_email_after_restart() throws Exception {
        // a file, not a pipe: what the child wrote before the kill is in it, and nothing closes it on us
        Path acks = dir.resolve("child.out");
        var child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                CrashingFulfiller.class.getName(), dir.toString())
                .redirectOutput(acks.toFile())
                .redirectError(dir.resolve("child.err").toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline && child.isAlive() && !Files.readString(acks).contains("BUSINESS ")) {
            Thread.sleep(20);
        }
        Thread.sleep(2000);
        child.destroyForcibly();
        assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();

        String business = null;
        var acknowledged = new ArrayList<String[]>();
        for (String line : Files.readString(acks, StandardCharsets.UTF_8).split("\n")) {
            if (line.startsWith("BUSINESS ")) {
                business = line.substring("BUSINESS ".length());
            }
            var parts = line.split(" ");
            // a line cut short by the kill lacks its END and was never acknowledged
            if (parts.length == 4 && parts[0].equals("DELIVERED") && parts[3].equals("END")) {
                acknowledged.add(parts);
            }
        }
        assertThat(child.exitValue()).as("killed by SIGKILL").isEqualTo(137);
        assertThat(business).as("the child started; its stderr is in " + dir.resolve("child.err")).isNotNull();
        assertThat(acknowledged).as("fulfillments acknowledged before the kill").hasSizeGreaterThan(10);

        try (var reopened = JdbcStorage.open(StorageSettings.sqlite(dir))) {
            var businessId = new BusinessId(business);
            for (String[] ack : acknowledged) {
                var grantId = new GrantId(ack[1]);
                var grant = reopened.grants().find(businessId, grantId);
                assertThat(grant).as(ack[1]).isNotEmpty();
                assertThat(grant.get().status()).isEqualTo(GrantStatus.DELIVERED);
                assertThat(reopened.licenseKeys().findByValue(new LicenseKeyValue(ack[2])).map(k -> k.grantId()))
                        .contains(grantId);
                assertThat(StoredRecords.count(reopened, "SELECT count(*) FROM outbox WHERE kind = 'EMAIL' AND payload LIKE '%"
                        + ack[1] + "%'")).isEqualTo(1);
            }
            System.out.printf("crash test: %d acknowledged fulfillments, all delivered after SIGKILL%n", acknowledged.size());
        }
        assertThat(new File(dir.toFile(), StorageSettings.SQLITE_FILE)).exists();
    }
}

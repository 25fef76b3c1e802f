package dev.grantor.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.port.in.EntitlementCatalog.CreateEntitlement;
import dev.grantor.application.port.in.GrantIssuing.CustomerContact;
import dev.grantor.application.port.in.GrantIssuing.IssueGrant;
import dev.grantor.application.port.in.KeyPoolManagement.OpenPool;
import dev.grantor.domain.entitlement.IntegrationConfig.LicenseKeyConfig;
import dev.grantor.domain.grant.GrantStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code grantor pool import|status} on the embedded database. */
class PoolCommandsTest {

    @TempDir
    Path dataDir;

    String[] with(String... args) {
        return ManualFulfillmentEndToEndTest.concat(args, new String[] {"--data-dir", dataDir.toString()});
    }

    /** A business with a pooled manual entitlement and one waiting grant: answers the entitlement id. */
    String pooledEntitlementWithAWaitingGrant() {
        assertThat(Cli.run(with("migrate")).exitCode()).isZero();
        try (var deployment = Deployment.open(DatabaseSettings.embedded(dataDir))) {
            var grantor = deployment.grantor();
            var business = grantor.access().createBusiness("Pool shop").get().id();
            var entitlement = grantor.entitlements().create(business, new CreateEntitlement("Game key",
                    LicenseKeyConfig.manual(), null, null)).get().id().value();
            grantor.keyPools().open(business, entitlement, new OpenPool(2L)).get();
            var grant = grantor.issuing().issue(business, entitlement,
                    new IssueGrant(new CustomerContact(null, "waiting@example.com", null), null, null, null)).get();
            assertThat(grant.grant().grant().status()).isEqualTo(GrantStatus.PENDING);
            return entitlement;
        }
    }

    @Test
    void import_reads_a_csv_file_prints_the_summary_and_every_line_left_out_then_status_shows_the_stock() throws Exception {
        String entitlement = pooledEntitlementWithAWaitingGrant();
        Path file = dataDir.resolve("steam-keys.csv");
        Files.writeString(file, "key,activations_limit\r\nSTEAM-AAAA-0001,1\r\nSTEAM-AAAA-0002,\r\nSTEAM-AAAA-0002,\r\nSTEAM-BAD,x\r\n",
                StandardCharsets.UTF_8);

        var imported = Cli.run(with("pool", "import", "--entitlement", entitlement, file.toString()));
        var status = Cli.run(with("pool", "status", "--entitlement", entitlement));

        assertThat(imported.exitCode()).as(imported.err()).isZero();
        assertThat(imported.out()).startsWith("imported 2, duplicates 1, invalid 1, fulfilled grants 1");
        assertThat(imported.out()).contains("line 4\tduplicate\t").contains("line 5\tinvalid\tactivations_limit");
        assertThat(status.exitCode()).as(status.err()).isZero();
        assertThat(status.out()).contains("available\t1").contains("assigned\t1").contains("waiting_grants\t0")
                .contains("low_stock_threshold\t2");
    }

    @Test
    void a_text_file_is_one_key_per_line_and_an_entitlement_without_a_pool_is_a_one_line_failure() throws Exception {
        String entitlement = pooledEntitlementWithAWaitingGrant();
        Path file = dataDir.resolve("codes.txt");
        Files.writeString(file, "\uFEFFCODE-0001\n\nCODE-0002\n", StandardCharsets.UTF_8);

        var imported = Cli.run(with("pool", "import", "--entitlement", entitlement, file.toString()));
        var unknown = Cli.run(with("pool", "status", "--entitlement", "ent_000000000000000000000"));

        assertThat(imported.out()).startsWith("imported 2, duplicates 0, invalid 0, fulfilled grants 1");
        CliErrorsTest.assertOneLineFailure(unknown, GrantorCli.FAILURE, "has no key pool");
    }
}

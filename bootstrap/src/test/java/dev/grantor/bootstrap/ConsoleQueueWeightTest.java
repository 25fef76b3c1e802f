package dev.grantor.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.port.in.EntitlementCatalog.CreateEntitlement;
import dev.grantor.application.port.in.GrantIssuing.CustomerContact;
import dev.grantor.application.port.in.GrantIssuing.IssueGrant;
import dev.grantor.application.port.in.SignIn.Principal;
import dev.grantor.application.port.in.SignIn.Realm;
import dev.grantor.domain.entitlement.IntegrationConfig.LicenseKeyConfig;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The queue with 1,000 pending grants on the embedded database, over real HTTP: the page shows the oldest 100 and
 * counts all 1,000, and stays light. Prints its weight and the median of 5 loads (loopback, so server time).
 */
class ConsoleQueueWeightTest {

    static final int PENDING = 1_000;
    static final int PAGE_BUDGET_BYTES = 400_000;

    @TempDir
    Path dataDir;

    @Test
    void the_queue_of_1000_pending_grants_shows_the_oldest_100_counts_all_and_weighs_under_the_budget() throws Exception {
        var settings = ServiceSettings.local(DatabaseSettings.embedded(dataDir), MailSettings.pickupDirectory()).withoutRelay();
        try (var service = Service.start(settings)) {
            var grantor = service.deployment().grantor();
            var business = grantor.access().createBusiness("Acme Software").get().id();
            var config = LicenseKeyConfig.manual().withActivationsLimit(2);
            String entitlement = grantor.entitlements().create(business,
                    new CreateEntitlement("Acme Pro", config, null, null)).get().id().value();
            for (int i = 0; i < PENDING; i++) {
                grantor.issuing().issue(business, entitlement, new IssueGrant(new CustomerContact(null,
                        "customer" + i + "@example.com", "Customer " + i), "pay_" + i, null, null)).get();
            }
            String link = service.url() + "console/login/"
                    + grantor.signIn().mintLink(new Principal(Realm.CONSOLE, business, "owner")).get().token();
            String session = ConsoleOnTheServiceTest.signIn(link);

            long[] nanos = new long[5];
            String body = "";
            for (int i = 0; i < nanos.length; i++) {
                long start = System.nanoTime();
                var page = ConsoleOnTheServiceTest.get(URI.create(service.url() + "console/"), session);
                nanos[i] = System.nanoTime() - start;
                assertThat(page.statusCode()).isEqualTo(200);
                body = page.body();
            }
            Arrays.sort(nanos);
            int bytes = body.getBytes(StandardCharsets.UTF_8).length;
            var gzipped = new java.io.ByteArrayOutputStream();
            try (var gzip = new java.util.zip.GZIPOutputStream(gzipped)) {
                gzip.write(body.getBytes(StandardCharsets.UTF_8));
            }
            System.out.printf("console queue, %d pending: %d bytes of HTML (%d gzipped), median %.1f ms (min %.1f, max %.1f)"
                    + " over 5 loads%n", PENDING, bytes, gzipped.size(), nanos[2] / 1e6, nanos[0] / 1e6, nanos[4] / 1e6);

            assertThat(body).contains("<title>Queue (" + PENDING + ")");
            assertThat(body.split("class=\"grant-row\"", -1)).hasSize(101);
            assertThat(body).contains("customer0@example.com").doesNotContain("customer100@example.com");
            assertThat(bytes).isLessThan(PAGE_BUDGET_BYTES);
        }
    }
}

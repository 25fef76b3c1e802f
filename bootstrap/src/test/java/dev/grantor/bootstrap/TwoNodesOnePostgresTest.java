package dev.grantor.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import dev.grantor.adapter.mail.Sender;
import dev.grantor.adapter.mail.SmtpSettings;
import io.vavr.control.Option;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Stateless nodes on one PostgreSQL, each running its relay: the outbox hands every email to exactly one of them. */
class TwoNodesOnePostgresTest {

    static final int GRANTS = 40;

    @RegisterExtension
    static final GreenMailExtension smtp =
            new GreenMailExtension(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());

    @TempDir
    Path dataDir;

    @Test
    void grants_fulfilled_through_both_nodes_are_each_emailed_exactly_once() throws Exception {
        var database = TestPostgres.newDatabase(dataDir);
        String token = ManualFulfillmentEndToEndTest.apiKeyFromTheCli(database);
        var mail = new MailSettings(Option.some(SmtpSettings.of("127.0.0.1", smtp.getSmtp().getPort(), SmtpSettings.Security.NONE)),
                Sender.EMBEDDED_DEFAULT);
        // small batches, so that both relays get a share of the work
        var settings = ServiceSettings.local(database, mail).withRelayPolicy(ManualFulfillmentEndToEndTest.QUICK_RELAY.withBatchSize(3));
        try (var first = Service.start(settings); var second = Service.start(settings)) {
            var nodes = List.of(new Http(first.url(), token), new Http(second.url(), token));
            var entitlement = nodes.get(0).post("/entitlements", Map.of("name", "Shared", "integration_type", "license_key",
                    "integration_config", Map.of("fulfillment_mode", "manual")));
            assertThat(entitlement.status()).as(entitlement.raw()).isEqualTo(200);

            List<String> grantIds = new ArrayList<>();
            for (int i = 0; i < GRANTS; i++) {
                var issued = nodes.get(i % 2).post("/entitlements/" + entitlement.text("id") + "/grants",
                        Map.of("customer", Map.of("email", "customer" + i + "@example.com"), "payment_id", "pay_" + i));
                assertThat(issued.status()).as(issued.raw()).isEqualTo(201);
                grantIds.add(issued.text("id"));
            }

            try (var clients = Executors.newFixedThreadPool(8)) {
                List<Future<Http.Answer>> fulfilled = new ArrayList<>();
                for (int i = 0; i < GRANTS; i++) {
                    int index = i;
                    fulfilled.add(clients.submit(() -> nodes.get(index % 2).post("/grants/" + grantIds.get(index) + "/license-key",
                            Map.of("key", "SHARED-KEY-" + index))));
                }
                for (var answer : fulfilled) {
                    assertThat(answer.get().status()).as(answer.get().raw()).isEqualTo(200);
                }
            }

            assertThat(smtp.waitForIncomingEmail(20_000, GRANTS)).as("every delivery email arrives").isTrue();
            // both relays keep polling: give a duplicate the time it would need to show up
            Thread.sleep(1_000);
            MimeMessage[] received = smtp.getReceivedMessages();
            assertThat(Arrays.stream(received).map(TwoNodesOnePostgresTest::grantIdOf).toList())
                    .hasSize(GRANTS)
                    .containsExactlyInAnyOrderElementsOf(grantIds);
            double sentByFirst = emailsSent(first);
            double sentBySecond = emailsSent(second);
            assertThat(sentByFirst + sentBySecond).isEqualTo(GRANTS);
        }
    }

    static double emailsSent(Service node) {
        return node.registry().get("grantor.outbox.deliveries").tags("kind", "email", "outcome", "sent").counter().count();
    }

    static String grantIdOf(MimeMessage message) {
        try {
            return message.getHeader("X-Grantor-Grant-Id")[0];
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}

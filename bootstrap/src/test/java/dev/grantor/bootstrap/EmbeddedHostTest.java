package dev.grantor.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.grantor.adapter.mail.MailMetrics;
import dev.grantor.adapter.mail.PickupDirectoryMailer;
import dev.grantor.adapter.mail.Sender;
import dev.grantor.adapter.persistence.JdbcStorage;
import dev.grantor.adapter.persistence.StorageSettings;
import dev.grantor.adapter.webhooks.HttpWebhookSender;
import dev.grantor.adapter.webhooks.WebhookSenderSettings;
import dev.grantor.application.Grantor;
import dev.grantor.application.port.in.EntitlementCatalog.CreateEntitlement;
import dev.grantor.application.port.in.GrantFulfillment.FulfillLicenseKey;
import dev.grantor.application.port.in.GrantIssuing.CustomerContact;
import dev.grantor.application.port.in.GrantIssuing.IssueGrant;
import dev.grantor.application.port.in.Webhooks.CreateWebhook;
import dev.grantor.application.webhook.DispatchPolicy;
import dev.grantor.application.webhook.StandardWebhooksVerifier;
import dev.grantor.domain.entitlement.IntegrationConfig.LicenseKeyConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A host program that embeds Grantor with nothing but {@link Grantor#builder()} and the real adapters (SQLite, the
 * pickup directory, the HTTP webhook sender): fulfilling a grant gets the customer a delivery email and the merchant's
 * endpoint a webhook whose Standard Webhooks signature checks out. No bootstrap class is involved.
 */
class EmbeddedHostTest {

    private record Hook(String id, String timestamp, String signature, String body, Instant at) {}

    @Test
    void a_host_built_only_from_the_builder_sends_the_delivery_email_and_a_signed_webhook(@TempDir Path dir) throws Exception {
        var hooks = new ConcurrentLinkedQueue<Hook>();
        var receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        receiver.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        receiver.createContext("/hooks", exchange -> {
            try (exchange) {
                var headers = exchange.getRequestHeaders();
                hooks.add(new Hook(headers.getFirst("webhook-id"), headers.getFirst("webhook-timestamp"),
                        headers.getFirst("webhook-signature"),
                        new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8), Instant.now()));
                exchange.sendResponseHeaders(204, -1);
            }
        });
        receiver.start();
        var outbox = dir.resolve("mail");
        try (var storage = JdbcStorage.open(StorageSettings.sqlite(dir.resolve("db")));
             var sender = new HttpWebhookSender(WebhookSenderSettings.defaults())) {
            var grantor = Grantor.builder()
                    .storage(storage)
                    .mailer(new PickupDirectoryMailer(outbox, Sender.EMBEDDED_DEFAULT, InstantSource.system(), MailMetrics.NONE))
                    .webhookSender(sender)
                    // the receiver is on loopback; an embedder on the internet leaves this off
                    .dispatchPolicy(DispatchPolicy.defaults().withPrivateTargetsAllowed(true))
                    .build();
            grantor.start();
            try {
                var business = grantor.access().createBusiness("Host shop").get().id();
                var endpoint = grantor.webhooks().create(business, new CreateWebhook(
                        "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks", null, null,
                        java.util.List.of("license_key.created"), null, null, null)).get();
                var verifier = new StandardWebhooksVerifier(grantor.webhooks().secret(business, endpoint.id()).get());
                var entitlement = grantor.entitlements().create(business, new CreateEntitlement("Pro",
                        LicenseKeyConfig.manual(), null, null)).get();
                var grant = grantor.issuing().issue(business, entitlement.id().value(), new IssueGrant(
                        new CustomerContact(null, "ada@example.com", "Ada"), null, null, null)).get().grant();

                grantor.fulfillment().fulfillLicenseKey(business, grant.grant().id().value(),
                        new FulfillLicenseKey("HOST-KEY-0001", null, null)).get();

                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while ((hooks.isEmpty() || emails(outbox).isEmpty()) && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                var emails = emails(outbox);
                assertThat(emails).hasSize(1);
                var email = Files.readString(emails.get(0));
                assertThat(email).contains("ada@example.com").contains("HOST-KEY-0001").contains(grant.grant().id().value());
                assertThat(hooks).hasSize(1);
                var hook = hooks.peek();
                assertThat(hook.body()).contains("\"type\":\"license_key.created\"").contains(grant.grant().id().value());
                assertThat(verifier.verify(hook.id(), hook.timestamp(), hook.signature(), hook.body(), hook.at()))
                        .as("the Standard Webhooks signature").isTrue();
                assertThat(verifier.verify(hook.id(), hook.timestamp(), hook.signature(), hook.body() + " ", hook.at()))
                        .as("a body changed on the way fails the check").isFalse();
            } finally {
                grantor.close();
            }
        } finally {
            receiver.stop(0);
        }
    }

    private static List<Path> emails(Path outbox) throws java.io.IOException {
        if (!Files.isDirectory(outbox)) {
            return List.of();
        }
        try (var files = Files.list(outbox)) {
            return files.filter(p -> p.toString().endsWith(PickupDirectoryMailer.EXTENSION)).toList();
        }
    }
}

package dev.grantor.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import dev.grantor.adapter.mail.Sender;
import dev.grantor.adapter.mail.SmtpSettings;
import dev.grantor.application.outbox.RelayPolicy;
import io.vavr.control.Option;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole product as a newcomer uses it: a business and an API key made with the CLI, the service started,
 * then a manual fulfillment over real HTTP all the way to the customer's email and the key's life after it.
 */
class ManualFulfillmentEndToEndTest {

    static final RelayPolicy QUICK_RELAY = RelayPolicy.defaults().withPollInterval(Duration.ofMillis(50));

    @RegisterExtension
    static final GreenMailExtension smtp =
            new GreenMailExtension(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());

    @RegisterExtension
    final CapturedLogs logs = new CapturedLogs();

    @TempDir
    Path dataDir;

    static final String KEY = "ACME-PRO-7K2Q-M9XD";
    static final String EMAIL = "ada@example.com";

    /** Logs show ids and masked keys; never a token, a key or an email address. */
    void assertNoSecretWasLogged(String token) {
        assertThat(logs.lines()).as("the flow logs something").isPositive();
        assertThat(logs.text()).doesNotContain(token).doesNotContain(KEY).doesNotContain(EMAIL);
    }

    /** Creates a business and a read-write key through the CLI, as an operator would. */
    static String apiKeyFromTheCli(DatabaseSettings database) {
        var business = Cli.run(concat(new String[] {"businesses", "create", "--name", "Acme Software"}, TestPostgres.options(database)));
        assertThat(business.exitCode()).as(business.err()).isZero();
        assertThat(business.printed()).matches("bus_[0-9A-Za-z]{21}");
        var key = Cli.run(concat(new String[] {"api-keys", "create", "--business", business.printed()}, TestPostgres.options(database)));
        assertThat(key.exitCode()).as(key.err()).isZero();
        assertThat(key.printed()).isNotBlank().doesNotContain("\n").doesNotContain(" ");
        return key.printed();
    }

    static String[] concat(String[] a, String[] b) {
        return java.util.stream.Stream.concat(java.util.Arrays.stream(a), java.util.Arrays.stream(b)).toArray(String[]::new);
    }

    /** The flow of the issue, step by step; {@code delivered} waits for the grant's email and answers its text. */
    static void manualFulfillment(Http api, Function<String, String> delivered) {
        var entitlement = api.post("/entitlements", Map.of(
                "name", "Acme Pro",
                "integration_type", "license_key",
                "integration_config", Map.of("fulfillment_mode", "manual", "activations_limit", 2)));
        assertThat(entitlement.status()).as(entitlement.raw()).isEqualTo(200);
        String entitlementId = entitlement.text("id");

        var issued = api.post("/entitlements/" + entitlementId + "/grants", Map.of(
                "customer", Map.of("email", EMAIL, "name", "Ada Lovelace"),
                "payment_id", "pay_0001"));
        assertThat(issued.status()).as(issued.raw()).isEqualTo(201);
        assertThat(issued.text("status")).isEqualTo("Pending");
        assertThat(issued.body().path("license_key").isNull()).isTrue();
        String grantId = issued.text("id");

        var pending = api.get("/grants?status=Pending");
        assertThat(pending.status()).as(pending.raw()).isEqualTo(200);
        assertThat(pending.body().path("items").findValuesAsText("id")).contains(grantId);

        String key = KEY;
        var fulfilled = api.post("/grants/" + grantId + "/license-key", Map.of("key", key));
        assertThat(fulfilled.status()).as(fulfilled.raw()).isEqualTo(200);
        assertThat(fulfilled.text("status")).isEqualTo("Delivered");
        assertThat(fulfilled.body().path("license_key").path("key").asText()).isEqualTo(key);
        assertThat(fulfilled.body().path("license_key").path("status").asText()).isEqualTo("active");
        assertThat(api.get("/grants?status=Pending").body().path("items").findValuesAsText("id")).doesNotContain(grantId);

        String email = delivered.apply(grantId);
        assertThat(email).contains(key).contains("Acme Pro").contains(grantId);

        var licenses = api.anonymous();
        var activation = licenses.post("/licenses/activate", Map.of("license_key", key, "name", "Ada's laptop"));
        assertThat(activation.status()).as(activation.raw()).isEqualTo(201);
        String instanceId = activation.text("id");
        assertThat(instanceId).startsWith("lki_");

        var valid = licenses.post("/licenses/validate", Map.of("license_key", key, "license_key_instance_id", instanceId));
        assertThat(valid.status()).as(valid.raw()).isEqualTo(200);
        assertThat(valid.body().path("valid").asBoolean()).isTrue();

        var deactivated = licenses.post("/licenses/deactivate", Map.of("license_key", key, "license_key_instance_id", instanceId));
        assertThat(deactivated.status()).as(deactivated.raw()).isEqualTo(200);

        var revoked = api.delete("/entitlements/" + entitlementId + "/grants/" + grantId);
        assertThat(revoked.status()).as(revoked.raw()).isEqualTo(200);
        assertThat(revoked.text("status")).isEqualTo("Revoked");
        assertThat(revoked.text("revocation_reason")).isEqualTo("manual");

        var invalid = licenses.post("/licenses/validate", Map.of("license_key", key));
        assertThat(invalid.status()).as(invalid.raw()).isEqualTo(200);
        assertThat(invalid.body().path("valid").asBoolean()).isFalse();
    }

    @Nested
    class On_postgresql_with_an_smtp_server {

        @Test
        void a_manual_fulfillment_reaches_the_customer_and_the_key_lives_until_revocation() throws Exception {
            var database = TestPostgres.newDatabase(dataDir);
            String token = apiKeyFromTheCli(database);
            var mail = new MailSettings(Option.some(SmtpSettings.of("127.0.0.1", smtp.getSmtp().getPort(), SmtpSettings.Security.NONE)),
                    Sender.parse("Acme <keys@acme.example>").get());
            try (var service = Service.start(ServiceSettings.local(database, mail).withRelayPolicy(QUICK_RELAY))) {
                manualFulfillment(new Http(service.url(), token), grantId -> {
                    assertThat(smtp.waitForIncomingEmail(10_000, 1)).as("the delivery email arrives").isTrue();
                    MimeMessage[] received = smtp.getReceivedMessages();
                    assertThat(received).hasSize(1);
                    try {
                        assertThat(received[0].getAllRecipients()).extracting(a -> ((InternetAddress) a).getAddress())
                                .containsExactly("ada@example.com");
                        assertThat(received[0].getSubject()).isEqualTo("Your license key for Acme Pro");
                        assertThat(received[0].getHeader("X-Grantor-Grant-Id")).containsExactly(grantId);
                    } catch (jakarta.mail.MessagingException e) {
                        throw new IllegalStateException(e);
                    }
                    return GreenMailUtil.getWholeMessage(received[0]);
                });
            }
            assertNoSecretWasLogged(token);
        }
    }

    @Nested
    class On_the_embedded_defaults {

        @Test
        void a_manual_fulfillment_writes_the_email_to_the_pickup_directory() {
            var database = DatabaseSettings.embedded(dataDir);
            String token = apiKeyFromTheCli(database);
            try (var service = Service.start(ServiceSettings.local(database, MailSettings.pickupDirectory())
                    .withRelayPolicy(QUICK_RELAY))) {
                manualFulfillment(new Http(service.url(), token), grantId -> {
                    Path eml = dataDir.resolve("mail").resolve(grantId + ".eml");
                    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> Files.exists(eml));
                    try {
                        assertThat(listEml(dataDir.resolve("mail"))).containsExactly(eml.getFileName().toString());
                        return Files.readString(eml);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
                var operations = new Http(service.url(), null);
                // the relay counts an email once the mailer has answered, a moment after the file appears
                await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).until(() -> operations.get("/metrics").raw()
                        .contains("grantor_outbox_deliveries_total{kind=\"email\",outcome=\"sent\"} 1.0"));
                assertThat(operations.get("/metrics").raw())
                        .contains("grantor_db_pool_connections{database=\"sqlite\",state=\"active\"}");
            }
            assertNoSecretWasLogged(token);
        }

        static List<String> listEml(Path directory) throws IOException {
            try (var files = Files.list(directory)) {
                return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".eml")).toList();
            }
        }
    }
}

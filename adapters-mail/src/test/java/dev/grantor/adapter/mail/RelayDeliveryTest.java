package dev.grantor.adapter.mail;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.grantor.adapter.mail.SmtpSettings.Security;
import dev.grantor.application.EngineFixture;
import dev.grantor.application.Grantor;
import dev.grantor.application.memory.InMemoryStore;
import dev.grantor.application.memory.MutableClock;
import dev.grantor.application.memory.RecordingEventSink;
import dev.grantor.application.outbox.DeliveryEmailPayload;
import dev.grantor.application.outbox.RelayPolicy;
import dev.grantor.application.port.in.EntitlementCatalog.CreateEntitlement;
import dev.grantor.application.port.in.GrantFulfillment.FulfillLicenseKey;
import dev.grantor.application.port.in.GrantIssuing.CustomerContact;
import dev.grantor.application.port.in.GrantIssuing.IssueGrant;
import dev.grantor.application.port.in.GrantView;
import dev.grantor.application.port.out.DeliveryEmail;
import dev.grantor.application.port.out.OutboxMessage.Kind;
import dev.grantor.application.port.out.OutboxMessage.Status;
import dev.grantor.application.port.out.OutboxMessage;
import dev.grantor.application.port.out.SendOutcome;
import dev.grantor.domain.entitlement.Entitlement;
import dev.grantor.domain.shared.BusinessId;
import io.vavr.collection.List;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The engine, its outbox relay and the SMTP mailer together, against real SMTP servers on loopback ports. */
class RelayDeliveryTest {

    private static final RelayPolicy POLICY = RelayPolicy.defaults().withJitter(0);

    private final MutableClock clock = new MutableClock();
    private final InMemoryStore store = new InMemoryStore();
    private final CountingMailMetrics metrics = new CountingMailMetrics();
    private final java.util.List<AutoCloseable> servers = new java.util.ArrayList<>();

    private Grantor engine;
    private BusinessId business;

    @AfterEach
    void stopServers() throws Exception {
        for (AutoCloseable server : servers) {
            server.close();
        }
    }

    private void engineSendingTo(int smtpPort) {
        SmtpMailer mailer = new SmtpMailer(SmtpSettings.of("127.0.0.1", smtpPort, Security.NONE)
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(2)),
                Sender.EMBEDDED_DEFAULT, clock, metrics);
        engine = Grantor.builder().storage(EngineFixture.storage(store)).mailer(mailer).eventSink(new RecordingEventSink())
                .clock(clock).relayPolicy(POLICY).build();
        business = engine.access().createBusiness("Acme").get().id();
    }

    private GreenMail greenMailOn(int port) {
        GreenMail greenMail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        greenMail.start();
        servers.add(greenMail::stop);
        return greenMail;
    }

    private static int freePort() throws Exception {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    private GrantView fulfilledGrant(String entitlementName, String customerName, String activationMessage, String key) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("fulfillment_mode", "manual");
        config.put("activations_limit", 5);
        config.put("duration_count", 1);
        config.put("duration_interval", "Year");
        config.put("activation_message", activationMessage);
        Entitlement entitlement = engine.entitlements()
                .create(business, new CreateEntitlement(entitlementName, EngineFixture.wireConfig("license_key", config), null, null)).get();
        GrantView pending = engine.issuing().issue(business, entitlement.id().value(),
                new IssueGrant(new CustomerContact(null, "ada@example.com", customerName), null, null, null)).get().grant();
        return engine.fulfillment().fulfillLicenseKey(business, pending.grant().id().value(),
                new FulfillLicenseKey(key, null, null)).get();
    }

    private OutboxMessage emailInOutbox() {
        List<OutboxMessage> emails = store.outboxMessages().filter(m -> m.kind() == Kind.EMAIL);
        assertThat(emails).hasSize(1);
        return store.outbox().find(emails.head().id()).get();
    }

    private static java.util.List<String> messageIds(GreenMail greenMail) {
        return Arrays.stream(greenMail.getReceivedMessages()).map(m -> {
            try {
                return m.getMessageID();
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    @Nested
    class A_fulfilled_grant {

        @Test
        void reaches_the_customer_as_exactly_one_complete_message() throws Exception {
            int port = freePort();
            GreenMail greenMail = greenMailOn(port);
            engineSendingTo(port);
            GrantView grant = fulfilledGrant("Analytical Engine Pro", "Ada Lovelace", "Open Settings > License.", "AE-7Q2M-K9XD");

            engine.relay().runOnce();

            assertThat(greenMail.waitForIncomingEmail(5_000, 1)).isTrue();
            MimeMessage[] received = greenMail.getReceivedMessages();
            assertThat(received).hasSize(1);
            ReceivedMail mail = ReceivedMail.of(received[0]);
            String grantId = grant.grant().id().value();
            assertThat(((InternetAddress) mail.message().getAllRecipients()[0]).getAddress()).isEqualTo("ada@example.com");
            assertThat(mail.recipientCount()).isEqualTo(1);
            assertThat(mail.message().getSubject()).isEqualTo("Your license key for Analytical Engine Pro");
            assertThat(mail.contentType()).startsWith("multipart/alternative");
            assertThat(mail.message().getMessageID()).isEqualTo("<" + grantId + ".license-key@localhost>");
            assertThat(mail.header(DeliveryMessage.GRANT_ID_HEADER)).isEqualTo(grantId);
            // delivered at the fixture's clock, valid one year
            for (String part : new String[] {mail.text(), mail.html()}) {
                assertThat(part).contains("Hello Ada Lovelace,").contains("AE-7Q2M-K9XD").contains("up to 5 devices")
                        .contains("27 November 2027, 10:15 UTC").contains(grantId);
            }
            assertThat(mail.text()).contains("Open Settings > License.");
            assertThat(mail.html()).contains("Open Settings &gt; License.");
            assertThat(emailInOutbox().status()).isEqualTo(Status.SENT);

            clock.advance(Duration.ofHours(1));
            engine.relay().runOnce();
            assertThat(greenMail.getReceivedMessages()).hasSize(1);
        }

        @Test
        void with_html_and_header_injection_in_its_names_arrives_escaped_and_inert() throws Exception {
            int port = freePort();
            GreenMail greenMail = greenMailOn(port);
            engineSendingTo(port);
            fulfilledGrant("<b>Pro</b> Bcc: evil@x.example", "Eve <script>alert(1)</script>",
                    "<img src=x onerror=alert(1)>\r\nBcc: evil@x.example\r\n\r\nthanks", "KEY-<i>1</i>");

            engine.relay().runOnce();

            assertThat(greenMail.waitForIncomingEmail(5_000, 1)).isTrue();
            assertThat(greenMail.getReceivedMessages()).hasSize(1);
            ReceivedMail mail = ReceivedMail.of(greenMail.getReceivedMessages()[0]);
            assertThat(mail.recipientCount()).isEqualTo(1);
            assertThat(mail.message().getHeader("Bcc")).isNull();
            assertThat(greenMail.getUserManager().listUser()).extracting(u -> u.getEmail()).containsExactly("ada@example.com");
            assertThat(mail.html()).doesNotContain("<script").doesNotContain("<img").doesNotContain("<b>").doesNotContain("<i>")
                    .contains("Eve &lt;script&gt;alert(1)&lt;/script&gt;")
                    .contains("&lt;b&gt;Pro&lt;/b&gt;")
                    .contains("KEY-&lt;i&gt;1&lt;/i&gt;")
                    .contains("&lt;img src=x onerror=alert(1)&gt;");
        }
    }

    @Nested
    class When_smtp_fails {

        @Test
        void a_server_down_then_up_gets_the_message_after_the_backoff_exactly_once() throws Exception {
            int port = freePort();
            engineSendingTo(port);
            fulfilledGrant("Pro", "Ada", "Welcome", "KEY-DOWN-THEN-UP");

            engine.relay().runOnce();

            OutboxMessage deferred = emailInOutbox();
            assertThat(deferred.status()).isEqualTo(Status.PENDING);
            assertThat(deferred.attempts()).isEqualTo(1);
            assertThat(deferred.lastError().get()).contains("cannot connect to 127.0.0.1:" + port);
            assertThat(deferred.nextAttemptAt()).isEqualTo(clock.instant().plus(POLICY.nominalDelay(1)));

            GreenMail greenMail = greenMailOn(port);
            engine.relay().runOnce();
            assertThat(greenMail.getReceivedMessages()).as("still backing off").isEmpty();

            clock.advance(POLICY.nominalDelay(1));
            engine.relay().runOnce();

            assertThat(greenMail.waitForIncomingEmail(5_000, 1)).isTrue();
            assertThat(emailInOutbox().status()).isEqualTo(Status.SENT);
            clock.advance(Duration.ofHours(1));
            engine.relay().runOnce();
            assertThat(greenMail.getReceivedMessages()).hasSize(1);
        }

        @Test
        void a_permanent_rejection_parks_the_message_with_its_error() throws Exception {
            ScriptedSmtpServer server = ScriptedSmtpServer.replying(to -> "550 5.1.1 <" + to + ">: mailbox unknown");
            servers.add(server);
            engineSendingTo(server.port());
            fulfilledGrant("Pro", "Ada", "Welcome", "KEY-REJECTED-0001");

            engine.relay().runOnce();

            OutboxMessage parked = emailInOutbox();
            assertThat(parked.status()).isEqualTo(Status.PARKED);
            assertThat(parked.attempts()).isEqualTo(1);
            assertThat(parked.lastError().get()).contains("550 5.1.1").contains("mailbox unknown")
                    .doesNotContain("KEY-REJECTED-0001");
            assertThat(server.accepted).isEmpty();
        }

        @Test
        void a_crash_between_send_and_mark_sent_resends_at_most_once_with_the_same_message_id() throws Exception {
            int port = freePort();
            GreenMail greenMail = greenMailOn(port);
            engineSendingTo(port);
            fulfilledGrant("Pro", "Ada", "Welcome", "KEY-CRASH-0001");
            SmtpMailer crashingRelaysMailer = new SmtpMailer(SmtpSettings.of("127.0.0.1", port, Security.NONE), Sender.EMBEDDED_DEFAULT,
                    clock, MailMetrics.NONE);

            // a relay claims the email, sends it, and dies before it can mark it sent
            List<OutboxMessage> claimed = store.outbox().claimDue(clock.instant(), POLICY.batchSize(), POLICY.lease())
                    .filter(m -> m.kind() == Kind.EMAIL);
            DeliveryEmail email = DeliveryEmailPayload.decode(claimed.head().id(), claimed.head().payload());
            assertThat(crashingRelaysMailer.send(List.of(email))).containsExactly(SendOutcome.SENT);
            assertThat(greenMail.waitForIncomingEmail(5_000, 1)).isTrue();

            engine.relay().runOnce();
            assertThat(greenMail.getReceivedMessages()).as("the lease hides it from other relays").hasSize(1);

            clock.advance(POLICY.lease().plusSeconds(1));
            engine.relay().runOnce();
            clock.advance(Duration.ofHours(1));
            engine.relay().runOnce();

            assertThat(greenMail.waitForIncomingEmail(5_000, 2)).isTrue();
            assertThat(messageIds(greenMail)).hasSize(2).containsOnly(email.messageId("localhost"));
            assertThat(emailInOutbox().status()).isEqualTo(Status.SENT);
        }
    }
}

package dev.grantor.adapter.mail;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import dev.grantor.adapter.mail.SmtpSettings.Security;
import dev.grantor.application.port.out.DeliveryEmail;
import dev.grantor.application.port.out.SendOutcome;
import dev.grantor.application.port.out.SendOutcome.PermanentFailure;
import dev.grantor.application.port.out.SendOutcome.TemporaryFailure;
import io.vavr.collection.List;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SmtpMailerTest {

    @RegisterExtension
    static final GreenMailExtension greenMail =
            new GreenMailExtension(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());

    private final CountingMailMetrics metrics = new CountingMailMetrics();

    private SmtpMailer mailer(int port) {
        SmtpSettings settings = SmtpSettings.of("127.0.0.1", port, Security.NONE)
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(2));
        return new SmtpMailer(settings, Sender.EMBEDDED_DEFAULT, Clock.systemUTC(), metrics);
    }

    private SmtpMailer mailerToGreenMail() {
        return mailer(greenMail.getSmtp().getPort());
    }

    @Nested
    class A_delivered_grant {

        @Test
        void produces_exactly_one_message_with_every_fact_of_the_delivery() throws Exception {
            DeliveryEmail email = DeliveryEmails.complete();

            List<SendOutcome> outcomes = mailerToGreenMail().send(List.of(email));

            assertThat(outcomes).containsExactly(SendOutcome.SENT);
            assertThat(greenMail.waitForIncomingEmail(5_000, 1)).isTrue();
            MimeMessage[] received = greenMail.getReceivedMessages();
            assertThat(received).hasSize(1);
            ReceivedMail mail = ReceivedMail.of(received[0]);

            assertThat(mail.recipientCount()).isEqualTo(1);
            assertThat(((InternetAddress) mail.message().getRecipients(jakarta.mail.Message.RecipientType.TO)[0]).getAddress())
                    .isEqualTo("ada@example.com");
            assertThat(((InternetAddress) mail.message().getRecipients(jakarta.mail.Message.RecipientType.TO)[0]).getPersonal())
                    .isEqualTo("Ada Lovelace");
            assertThat(mail.message().getFrom()[0].toString()).isEqualTo("Grantor <no-reply@localhost>");
            assertThat(mail.message().getSubject()).isEqualTo("Your license key for Analytical Engine Pro");
            assertThat(mail.contentType()).startsWith("multipart/alternative");
            assertThat(mail.message().getMessageID()).isEqualTo("<" + email.grantId().value() + ".license-key@localhost>");
            assertThat(mail.header(DeliveryMessage.GRANT_ID_HEADER)).isEqualTo(email.grantId().value());

            for (String part : new String[] {mail.text(), mail.html()}) {
                assertThat(part)
                        .contains("Hello Ada Lovelace,")
                        .contains("AE-PRO-7Q2M-K9XD-4HTW")
                        .contains("up to 3 devices")
                        .contains("27 November 2027, 10:15 UTC")
                        .contains(email.grantId().value());
            }
            assertThat(mail.text()).contains("Open Settings > License and paste the key.");
            assertThat(mail.html()).contains("Open Settings &gt; License and paste the key.")
                    .contains("font-family: monospace")
                    .contains(">AE-PRO-7Q2M-K9XD-4HTW</pre>");
            assertThat(metrics.accepted).hasValue(1);
        }

        @Test
        void without_limit_expiry_name_or_message_says_so_plainly() throws Exception {
            mailerToGreenMail().send(List.of(DeliveryEmails.minimal()));

            ReceivedMail mail = ReceivedMail.of(greenMail.getReceivedMessages()[0]);
            for (String part : new String[] {mail.text(), mail.html()}) {
                assertThat(part).contains("Hello,").contains("unlimited").contains("does not expire");
            }
        }

        @Test
        void a_name_and_message_full_of_html_and_header_injection_arrive_escaped_and_inert() throws Exception {
            DeliveryEmail email = DeliveryEmails.hostile(DeliveryEmails.complete(),
                    "Eve <script>alert(1)</script>\r\nBcc: evil@x.example\r\n",
                    "Pro\r\nBcc: evil2@x.example",
                    "<img src=x onerror=alert(1)>\r\nBcc: evil3@x.example\r\n\r\n<b>bold</b> & \"quotes\"");

            assertThat(mailerToGreenMail().send(List.of(email))).containsExactly(SendOutcome.SENT);

            assertThat(greenMail.waitForIncomingEmail(5_000, 1)).isTrue();
            MimeMessage[] received = greenMail.getReceivedMessages();
            assertThat(received).hasSize(1);
            ReceivedMail mail = ReceivedMail.of(received[0]);
            assertThat(mail.recipientCount()).isEqualTo(1);
            assertThat(mail.message().getHeader("Bcc")).isNull();
            assertThat(mail.message().getHeader("Cc")).isNull();
            assertThat(((InternetAddress) mail.message().getAllRecipients()[0]).getAddress()).isEqualTo("ada@example.com");
            // GreenMail opens a mailbox for every envelope recipient it accepts
            assertThat(greenMail.getUserManager().listUser()).extracting(u -> u.getEmail())
                    .containsExactly("ada@example.com");
            assertThat(mail.message().getSubject()).isEqualTo("Your license key for Pro Bcc: evil2@x.example");

            String head = new String(mail.raw(), java.nio.charset.StandardCharsets.ISO_8859_1).split("\r\n\r\n", 2)[0];
            assertThat(head.lines()).noneMatch(line -> line.regionMatches(true, 0, "Bcc:", 0, 4));

            assertThat(mail.html())
                    .doesNotContain("<script>").doesNotContain("<img").doesNotContain("<b>")
                    .contains("Eve &lt;script&gt;alert(1)&lt;/script&gt;")
                    .contains("&lt;img src=x onerror=alert(1)&gt;")
                    .contains("&lt;b&gt;bold&lt;/b&gt; &amp; &quot;quotes&quot;");
            assertThat(mail.text()).contains("<img src=x onerror=alert(1)>");
        }

        @Test
        void a_batch_travels_on_one_connection() throws Exception {
            List<DeliveryEmail> batch = List.range(0, 20).map(i -> DeliveryEmails.fresh(DeliveryEmails.complete()));

            List<SendOutcome> outcomes = mailerToGreenMail().send(batch);

            assertThat(outcomes).hasSize(20).containsOnly(SendOutcome.SENT);
            assertThat(greenMail.waitForIncomingEmail(5_000, 20)).isTrue();
            assertThat(metrics.connections).hasValue(1);
            assertThat(List.of(greenMail.getReceivedMessages()).map(m -> {
                try {
                    return m.getMessageID();
                } catch (jakarta.mail.MessagingException e) {
                    throw new IllegalStateException(e);
                }
            }).distinct()).hasSize(20);
        }

        @Test
        void an_empty_batch_opens_no_connection() {
            assertThat(mailerToGreenMail().send(List.empty())).isEmpty();
            assertThat(metrics.connections).hasValue(0);
        }
    }

    @Nested
    class When_the_server_is_unreachable {

        @Test
        void every_message_of_the_batch_is_deferred_with_the_reason() throws Exception {
            int closedPort;
            try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                closedPort = probe.getLocalPort();
            }
            List<DeliveryEmail> batch = List.of(DeliveryEmails.complete(), DeliveryEmails.fresh(DeliveryEmails.complete()));

            List<SendOutcome> outcomes = mailer(closedPort).send(batch);

            assertThat(outcomes).hasSize(2).allSatisfy(o -> assertThat(o).isInstanceOfSatisfying(TemporaryFailure.class,
                    f -> assertThat(f.reason()).contains("cannot connect to 127.0.0.1:" + closedPort)));
            assertThat(metrics.deferred).hasValue(2);
        }

        @Test
        void a_server_that_never_answers_costs_a_timeout_not_a_hang() throws Exception {
            try (ScriptedSmtpServer silent = ScriptedSmtpServer.silent()) {
                SmtpMailer mailer = new SmtpMailer(SmtpSettings.of("127.0.0.1", silent.port(), Security.NONE)
                        .withTimeouts(Duration.ofMillis(500), Duration.ofMillis(500), Duration.ofMillis(500)),
                        Sender.EMBEDDED_DEFAULT, Clock.systemUTC(), metrics);
                Instant start = Instant.now();

                List<SendOutcome> outcomes = mailer.send(List.of(DeliveryEmails.complete()));

                assertThat(outcomes.head()).isInstanceOf(TemporaryFailure.class);
                assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(5));
            }
        }
    }

    @Nested
    class When_the_server_refuses_a_recipient {

        @Test
        void a_5xx_reply_is_permanent_and_the_connection_carries_on_with_the_rest() throws Exception {
            try (ScriptedSmtpServer server = ScriptedSmtpServer.replying(
                    to -> to.startsWith("unknown") ? "550 5.1.1 <" + to + ">: mailbox unknown" : "250 OK")) {
                DeliveryEmail unknown = DeliveryEmails.to(DeliveryEmails.complete(), "unknown@example.com");
                DeliveryEmail known = DeliveryEmails.fresh(DeliveryEmails.complete());

                List<SendOutcome> outcomes = mailer(server.port()).send(List.of(unknown, known));

                assertThat(outcomes.get(0)).isInstanceOfSatisfying(PermanentFailure.class,
                        f -> assertThat(f.reason()).contains("550").contains("mailbox unknown"));
                assertThat(outcomes.get(1)).isEqualTo(SendOutcome.SENT);
                assertThat(server.connections()).isEqualTo(1);
                assertThat(server.accepted).hasSize(1);
                assertThat(metrics.rejected).hasValue(1);
            }
        }

        @Test
        void a_4xx_reply_is_temporary() throws Exception {
            try (ScriptedSmtpServer server = ScriptedSmtpServer.replying(to -> "451 4.3.0 mailbox busy, try later")) {
                List<SendOutcome> outcomes = mailer(server.port()).send(List.of(DeliveryEmails.complete()));

                assertThat(outcomes.head()).isInstanceOfSatisfying(TemporaryFailure.class,
                        f -> assertThat(f.reason()).contains("451"));
            }
        }

        @Test
        void a_5xx_refusal_of_the_sender_is_the_configurations_fault_and_temporary() throws Exception {
            // the relay refuses GRANTOR_MAIL_FROM (not a domain it may send for, or not the login's address): every
            // message would be refused alike until the operator fixes the sender, so none is parked for it
            try (ScriptedSmtpServer server = ScriptedSmtpServer.replyingToSender(
                    from -> "553 5.7.1 <" + from + ">: Sender address rejected: not owned by user")) {
                List<SendOutcome> outcomes = mailer(server.port()).send(List.of(DeliveryEmails.complete(), DeliveryEmails.minimal()));

                assertThat(outcomes).hasSize(2).allSatisfy(outcome -> assertThat(outcome).isInstanceOfSatisfying(
                        TemporaryFailure.class, f -> assertThat(f.reason()).contains("553").contains("Sender address rejected")));
                assertThat(server.accepted).isEmpty();
            }
        }

        @Test
        void the_reason_never_carries_the_key() throws Exception {
            try (ScriptedSmtpServer server = ScriptedSmtpServer.replying(to -> "550 no")) {
                DeliveryEmail email = DeliveryEmails.complete();

                SendOutcome outcome = mailer(server.port()).send(List.of(email)).head();

                assertThat(((PermanentFailure) outcome).reason()).doesNotContain(email.key().value());
            }
        }
    }
}

package dev.grantor.adapter.mail;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.grantor.adapter.mail.SmtpSettings.Security;
import dev.grantor.application.LoopbackTls;
import dev.grantor.application.port.out.SendOutcome;
import dev.grantor.application.port.out.SendOutcome.TemporaryFailure;
import io.vavr.collection.List;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Both TLS modes against real servers holding a certificate made for this run (SAN 127.0.0.1). */
class SmtpTlsTest {

    @TempDir
    static Path keys;

    static SSLContext serverTls;
    static SSLContext clientTrustingServer;
    static GreenMail smtps;

    @BeforeAll
    static void makeCertificateAndStartServers() throws Exception {
        var tls = LoopbackTls.makeIn(keys);
        serverTls = tls.server();
        clientTrustingServer = tls.client();

        // GreenMail reads its server identity from these when its TLS server starts
        System.setProperty("greenmail.tls.keystore.file", tls.keystore().toString());
        System.setProperty("greenmail.tls.keystore.password", tls.password());
        System.setProperty("greenmail.tls.key.password", tls.password());
        smtps = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTPS).dynamicPort());
        smtps.start();
    }

    @AfterAll
    static void stopServers() {
        if (smtps != null) {
            smtps.stop();
        }
        System.clearProperty("greenmail.tls.keystore.file");
        System.clearProperty("greenmail.tls.keystore.password");
        System.clearProperty("greenmail.tls.key.password");
    }

    private static SmtpSettings settings(int port, Security security) {
        return SmtpSettings.of("127.0.0.1", port, security)
                .withTimeouts(Duration.ofSeconds(3), Duration.ofSeconds(3), Duration.ofSeconds(3));
    }

    private static SmtpMailer mailer(SmtpSettings settings) {
        return new SmtpMailer(settings, Sender.EMBEDDED_DEFAULT, Clock.systemUTC(), MailMetrics.NONE);
    }

    @Nested
    class Implicit_tls {

        @Test
        void delivers_to_a_server_whose_certificate_is_trusted() throws Exception {
            SmtpMailer mailer = mailer(settings(smtps.getSmtps().getPort(), Security.TLS).withTls(clientTrustingServer.getSocketFactory()));

            assertThat(mailer.send(List.of(DeliveryEmails.complete()))).containsExactly(SendOutcome.SENT);
            assertThat(smtps.waitForIncomingEmail(5_000, 1)).isTrue();
        }

        @Test
        void refuses_a_server_whose_certificate_is_not_trusted() {
            int before = smtps.getReceivedMessages().length;
            SmtpMailer mailer = mailer(settings(smtps.getSmtps().getPort(), Security.TLS));

            assertThat(mailer.send(List.of(DeliveryEmails.complete())).head()).isInstanceOfSatisfying(TemporaryFailure.class,
                    f -> assertThat(f.reason()).contains("PKIX"));
            assertThat(smtps.getReceivedMessages()).hasSize(before);
        }
    }

    @Nested
    class Starttls {

        @Test
        void upgrades_the_connection_before_sending() throws Exception {
            try (ScriptedSmtpServer server = ScriptedSmtpServer.offeringStartTls(serverTls)) {
                SmtpMailer mailer = mailer(settings(server.port(), Security.STARTTLS).withTls(clientTrustingServer.getSocketFactory()));

                assertThat(mailer.send(List.of(DeliveryEmails.complete()))).containsExactly(SendOutcome.SENT);
                assertThat(server.upgrades()).isEqualTo(1);
                assertThat(server.accepted).hasSize(1);
            }
        }

        @Test
        void never_falls_back_to_plain_text_when_the_server_does_not_offer_it() throws Exception {
            try (ScriptedSmtpServer server = ScriptedSmtpServer.replying(to -> "250 OK")) {
                SmtpMailer mailer = mailer(settings(server.port(), Security.STARTTLS).withTls(clientTrustingServer.getSocketFactory()));

                assertThat(mailer.send(List.of(DeliveryEmails.complete())).head()).isInstanceOfSatisfying(TemporaryFailure.class,
                        f -> assertThat(f.reason()).contains("STARTTLS"));
                assertThat(server.accepted).isEmpty();
            }
        }
    }
}

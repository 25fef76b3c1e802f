package dev.grantor.adapter.mail;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.adapter.mail.SmtpSettings.Security;
import dev.grantor.application.port.out.DeliveryEmail;
import dev.grantor.application.port.out.SendOutcome.PermanentFailure;
import dev.grantor.application.port.out.SendOutcome.TemporaryFailure;
import io.vavr.collection.List;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Mail servers quote the recipient in their refusals ("550 5.1.1 <ada@example.com>: Recipient address rejected"), and
 * the operations manual promises logs without an email address: what the mailer logs of a refusal names no customer.
 */
class RefusalLogTest {

    private final Logger jul = Logger.getLogger(SmtpMailer.class.getName());
    private final ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();
    private final Handler capture = new Handler() {
        private final SimpleFormatter format = new SimpleFormatter();

        @Override
        public void publish(LogRecord record) {
            lines.add(format.formatMessage(record));
        }

        @Override
        public void flush() { }

        @Override
        public void close() { }
    };

    @BeforeEach
    void listen() {
        jul.addHandler(capture);
    }

    @AfterEach
    void stopListening() {
        jul.removeHandler(capture);
    }

    private static SmtpMailer mailer(int port) {
        return new SmtpMailer(SmtpSettings.of("127.0.0.1", port, Security.NONE)
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(2)),
                Sender.EMBEDDED_DEFAULT, Clock.systemUTC(), new CountingMailMetrics());
    }

    @Test
    void a_permanent_refusal_quoting_the_recipient_is_logged_without_the_address() throws Exception {
        try (var server = ScriptedSmtpServer.replying(to -> "550 5.1.1 <" + to + ">: Recipient address rejected: User unknown")) {
            DeliveryEmail email = DeliveryEmails.to(DeliveryEmails.complete(), "ada.lovelace@example.com");

            var outcome = mailer(server.port()).send(List.of(email)).head();

            assertThat(outcome).isInstanceOf(PermanentFailure.class);
            assertThat(lines).isNotEmpty().allSatisfy(line -> assertThat(line)
                    .doesNotContainIgnoringCase("ada.lovelace@example.com").doesNotContain(email.key().value()));
            assertThat(lines).anySatisfy(line -> assertThat(line).contains("550").contains("Recipient address rejected"));
        }
    }

    @Test
    void a_temporary_refusal_quoting_the_recipient_is_logged_without_the_address() throws Exception {
        try (var server = ScriptedSmtpServer.replying(to -> "450 4.2.0 <" + to + ">: Recipient address rejected: Greylisted")) {
            DeliveryEmail email = DeliveryEmails.to(DeliveryEmails.complete(), "Ada.Lovelace@Example.com");

            var outcome = mailer(server.port()).send(List.of(email)).head();

            assertThat(outcome).isInstanceOf(TemporaryFailure.class);
            assertThat(lines).isNotEmpty().allSatisfy(line -> assertThat(line)
                    .doesNotContainIgnoringCase("ada.lovelace@example.com"));
        }
    }
}

package dev.grantor.adapter.mail;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.port.out.PortalEmail;
import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.EmailAddress;
import io.vavr.control.Option;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Every kind of email goes through the one assembly: the same shared headers, then its own body. */
class MessageAssemblyTest {

    private static final Session SESSION = Session.getInstance(new Properties());
    private static final Instant SENT = Instant.parse("2026-12-02T10:00:00Z");
    private static final Sender SENDER = Sender.parse("Shop <keys@shop.example>").get();

    @Test
    void every_kind_carries_the_sender_the_one_recipient_the_subject_and_the_date() throws Exception {
        var delivery = new DeliveryMessage(DeliveryEmails.complete(), SENDER);
        var portal = new PortalMessage(new PortalEmail("msg_code1", new BusinessId("bus_" + "1".repeat(21)), "Acme",
                new EmailAddress("ada@example.com"), Option.some("Ada"), PortalEmail.Kind.PORTAL_CODE, "K7P2QX", SENT), SENDER);
        var signIn = new PortalMessage(consoleLink("https://grantor.example/console/sign-in/abc"), SENDER);

        for (var mail : new ReceivedMail[] {
                parsed(delivery.toMimeMessage(SESSION, SENT)), parsed(portal.toMimeMessage(SESSION, SENT)),
                parsed(signIn.toMimeMessage(SESSION, SENT))}) {
            assertThat(mail.message().getFrom()).extracting(Object::toString).containsExactly("Shop <keys@shop.example>");
            assertThat(mail.message().getAllRecipients()).hasSize(1);
            assertThat(mail.message().getSentDate().toInstant()).isEqualTo(SENT);
            assertThat(mail.message().getHeader("Date")).containsExactly("Wed, 2 Dec 2026 10:00:00 +0000");
            assertThat(mail.message().getSubject()).isNotBlank();
            assertThat(mail.message().getMessageID()).startsWith("<").endsWith(">");
            assertThat(mail.text()).isNotBlank();
        }
    }

    @Test
    void customer_emails_are_text_and_html_alternatives_with_a_stable_id_and_no_autoreplies() throws Exception {
        var email = DeliveryEmails.complete();
        var delivery = parsed(new DeliveryMessage(email, SENDER).toMimeMessage(SESSION, SENT));

        assertThat(delivery.contentType()).startsWith("multipart/alternative");
        assertThat(delivery.message().getMessageID()).isEqualTo(email.messageId(SENDER.domain()));
        assertThat(delivery.message().getHeader("Auto-Submitted")).containsExactly("auto-generated");
        assertThat(delivery.message().getHeader(DeliveryMessage.GRANT_ID_HEADER)).containsExactly(email.grantId().value());
        assertThat(delivery.html()).contains(DeliveryMessage.escape(email.key().value()));
    }

    @Test
    void the_console_sign_in_link_goes_to_the_operator_alone_with_its_deadline() throws Exception {
        var link = "https://grantor.example/console/sign-in/abc";
        var mail = parsed(new PortalMessage(consoleLink(link), SENDER).toMimeMessage(SESSION, SENT));

        assertThat(mail.text()).contains(link).contains("2 December 2026, 10:15 UTC").contains("console of Acme");
        assertThat(mail.html()).contains("<a href=\"" + link + "\">");
        assertThat(mail.message().getAllRecipients()).extracting(Object::toString).containsExactly("op@shop.example");
        assertThat(mail.message().getSubject()).isEqualTo("Your sign-in link for the Acme console");
    }

    static PortalEmail consoleLink(String link) {
        return new PortalEmail("msg_console1", new BusinessId("bus_" + "1".repeat(21)), "Acme", new EmailAddress("op@shop.example"),
                Option.none(), PortalEmail.Kind.CONSOLE_LINK, link, SENT.plusSeconds(900));
    }

    private static ReceivedMail parsed(MimeMessage message) throws Exception {
        var out = new ByteArrayOutputStream();
        message.writeTo(out);
        return ReceivedMail.parse(out.toByteArray());
    }
}

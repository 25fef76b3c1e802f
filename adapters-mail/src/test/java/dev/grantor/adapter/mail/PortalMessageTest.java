package dev.grantor.adapter.mail;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import dev.grantor.adapter.mail.SmtpSettings.Security;
import dev.grantor.application.port.out.SendOutcome;
import dev.grantor.application.port.out.PortalEmail;
import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.EmailAddress;
import io.vavr.collection.List;
import io.vavr.control.Option;
import jakarta.mail.internet.InternetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The portal's code and link emails, through a real SMTP server (GreenMail) and the pickup directory. */
class PortalMessageTest {

    @RegisterExtension
    static final GreenMailExtension greenMail =
            new GreenMailExtension(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());

    @TempDir
    Path directory;

    private static final Instant EXPIRY = Instant.parse("2026-12-02T10:30:00Z");

    private static PortalEmail code(String shop, Option<String> name) {
        return new PortalEmail("msg_code1", new BusinessId("bus_" + "1".repeat(21)), shop, new EmailAddress("ada@example.com"),
                name, PortalEmail.Kind.PORTAL_CODE, "K7P2QX", EXPIRY);
    }

    private static PortalEmail link() {
        return new PortalEmail("msg_link1", new BusinessId("bus_" + "1".repeat(21)), "Acme", new EmailAddress("ada@example.com"),
                Option.some("Ada"), PortalEmail.Kind.PORTAL_LINK, "https://shop.example/portal/link/abc_DEF-123?x=1&y=2", EXPIRY);
    }

    private SmtpMailer mailer() {
        return new SmtpMailer(SmtpSettings.of("127.0.0.1", greenMail.getSmtp().getPort(), Security.NONE)
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(2)),
                Sender.EMBEDDED_DEFAULT, Clock.systemUTC(), new CountingMailMetrics());
    }

    @Test
    void a_code_arrives_with_its_stable_message_id_the_code_and_its_expiry() throws Exception {
        assertThat(mailer().send(List.of(code("Acme", Option.some("Ada"))))).containsExactly(SendOutcome.SENT);

        assertThat(greenMail.waitForIncomingEmail(5_000, 1)).isTrue();
        var mail = ReceivedMail.of(greenMail.getReceivedMessages()[0]);
        assertThat(mail.message().getMessageID()).isEqualTo("<msg_code1.portal-code@localhost>");
        assertThat(mail.message().getSubject()).isEqualTo("Your sign-in code for Acme: K7P2QX");
        assertThat(mail.text()).contains("Hello Ada,").contains("    K7P2QX").contains("2 December 2026, 10:30 UTC");
        assertThat(mail.html()).contains("K7P2QX");
    }

    @Test
    void a_hostile_shop_or_customer_name_arrives_escaped_and_without_extra_recipients() throws Exception {
        var hostile = code("Eve's <script>alert(1)</script>\r\nBcc: evil@x.example", Option.some("<b>Mallory</b>\r\nCc: x@x.example"));

        assertThat(mailer().send(List.of(hostile))).containsExactly(SendOutcome.SENT);

        assertThat(greenMail.waitForIncomingEmail(5_000, 1)).isTrue();
        var mail = ReceivedMail.of(greenMail.getReceivedMessages()[0]);
        assertThat(mail.recipientCount()).isEqualTo(1);
        assertThat(((InternetAddress) mail.message().getAllRecipients()[0]).getAddress()).isEqualTo("ada@example.com");
        String head = new String(mail.raw(), java.nio.charset.StandardCharsets.ISO_8859_1).split("\r\n\r\n", 2)[0];
        assertThat(head.lines()).noneMatch(line -> line.regionMatches(true, 0, "Bcc:", 0, 4) || line.regionMatches(true, 0, "Cc:", 0, 3));
        assertThat(mail.html()).doesNotContain("<script>").doesNotContain("<b>")
                .contains("&lt;script&gt;").contains("&lt;b&gt;Mallory&lt;/b&gt;").contains("Eve&#39;s");
    }

    @Test
    void a_shop_name_stored_with_a_direction_override_turns_nothing_around_in_the_subject_or_the_text() throws Exception {
        assertThat(mailer().send(List.of(code("Acme\u202E Tools\u2067", Option.none())))).containsExactly(SendOutcome.SENT);

        assertThat(greenMail.waitForIncomingEmail(5_000, 1)).isTrue();
        var mail = ReceivedMail.of(greenMail.getReceivedMessages()[0]);
        assertThat(mail.message().getSubject()).isEqualTo("Your sign-in code for Acme Tools: K7P2QX");
        assertThat(mail.text()).contains("your purchases at Acme Tools. It works once");
    }

    @Test
    void a_link_is_a_clickable_escaped_link_and_lands_in_the_pickup_directory_under_its_outbox_id() throws Exception {
        var pickup = new PickupDirectoryMailer(directory, Sender.EMBEDDED_DEFAULT, Clock.systemUTC(), new CountingMailMetrics());

        assertThat(pickup.send(List.of(link(), code("Acme", Option.none())))).containsOnly(SendOutcome.SENT);

        assertThat(pickup.fileOf(link()).getFileName().toString()).isEqualTo("msg_link1.eml");
        var mail = ReceivedMail.parse(Files.readAllBytes(pickup.fileOf(link())));
        assertThat(mail.message().getSubject()).isEqualTo("Your purchases at Acme");
        assertThat(mail.html()).contains("<a href=\"https://shop.example/portal/link/abc_DEF-123?x=1&amp;y=2\">");
        assertThat(mail.text()).contains("https://shop.example/portal/link/abc_DEF-123?x=1&y=2");
        var codeMail = ReceivedMail.parse(Files.readAllBytes(directory.resolve("msg_code1.eml")));
        assertThat(codeMail.text()).startsWith("Hello,").contains("K7P2QX");
    }

    @Test
    void an_error_text_that_quotes_the_secret_is_masked() {
        assertThat(link().masked("550 rejected https://shop.example/portal/link/abc_DEF-123?x=1&y=2 as spam"))
                .isEqualTo("550 rejected [portal-link] as spam");
        assertThat(code("Acme", Option.none()).masked("code K7P2QX refused")).isEqualTo("code [portal-code] refused");
    }
}

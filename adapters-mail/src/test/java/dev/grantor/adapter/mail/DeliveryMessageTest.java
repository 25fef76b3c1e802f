package dev.grantor.adapter.mail;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.port.out.DeliveryEmail;
import dev.grantor.domain.grant.LicenseKeyValue;
import io.vavr.control.Option;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Properties;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DeliveryMessageTest {

    private static final Session SESSION = Session.getInstance(new Properties());

    private static byte[] bytes(MimeMessage message) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        message.writeTo(out);
        return out.toByteArray();
    }

    @Nested
    class A_replacement_key {

        private final DeliveryEmail first = DeliveryEmails.complete();
        private final DeliveryEmail replacement = new DeliveryEmail("msg_replacement", first.grantId(), first.to(),
                first.customerName(), first.entitlementName(), new LicenseKeyValue("AE-PRO-NEW1-NEW2-NEW3"),
                first.activationsLimit(), first.expiresAt(), first.activationMessage(), Option.some("4HTW"));

        @Test
        void says_in_its_subject_and_body_that_it_replaces_the_previous_key() throws Exception {
            var message = new DeliveryMessage(replacement, Sender.EMBEDDED_DEFAULT);

            assertThat(message.subject()).isEqualTo("Your new license key for Analytical Engine Pro (replaces your previous key)");
            assertThat(message.text()).contains("(ending in 4HTW) no longer works", "AE-PRO-NEW1-NEW2-NEW3")
                    .doesNotContain("AE-PRO-7Q2M-K9XD-4HTW");
            assertThat(message.html()).contains("(ending in 4HTW) no longer works", "AE-PRO-NEW1-NEW2-NEW3");
            assertThat(new DeliveryMessage(first, Sender.EMBEDDED_DEFAULT).subject()).isEqualTo("Your license key for Analytical Engine Pro");
        }

        /** A short key's suffix is empty (LicenseKeyValue#suffix): the email names the dead key by none of its characters. */
        @Test
        void names_a_short_previous_key_by_nothing_of_its_value() {
            String old = new LicenseKeyValue("Q7Z4").suffix();
            var message = new DeliveryMessage(new DeliveryEmail("msg_short", first.grantId(), first.to(), first.customerName(),
                    first.entitlementName(), new LicenseKeyValue("AE-PRO-NEW1-NEW2-NEW3"), first.activationsLimit(),
                    first.expiresAt(), first.activationMessage(), Option.some(old)), Sender.EMBEDDED_DEFAULT);

            assertThat(message.text()).contains("The previous key no longer works.").doesNotContain("ending in").doesNotContain("Q7Z4");
            assertThat(message.html()).contains("The previous key no longer works.").doesNotContain("ending in");
        }

        @Test
        void is_a_message_of_its_own_beside_the_first_delivery() throws Exception {
            MimeMessage message = new DeliveryMessage(replacement, Sender.EMBEDDED_DEFAULT).toMimeMessage(SESSION, Instant.now());
            message.saveChanges();

            assertThat(message.getMessageID())
                    .isEqualTo("<" + first.grantId().value() + ".msg_replacement.replacement-key@localhost>")
                    .isNotEqualTo(first.messageId("localhost"));
        }
    }

    @Nested
    class A_resent_email {

        private final DeliveryEmail first = DeliveryEmails.complete();
        private final DeliveryEmail resent = new DeliveryEmail("msg_resend1", first.grantId(), first.to(), first.customerName(),
                first.entitlementName(), first.key(), first.activationsLimit(), first.expiresAt(), first.activationMessage(),
                Option.none(), true);

        @Test
        void says_it_was_asked_for_and_carries_the_same_key() {
            var message = new DeliveryMessage(resent, Sender.EMBEDDED_DEFAULT);

            assertThat(message.subject()).isEqualTo("Your license key for Analytical Engine Pro (sent again)");
            assertThat(message.text()).contains("As requested, here is your license key for Analytical Engine Pro again",
                    first.key().value());
            assertThat(message.html()).contains("As requested, here is your license key for Analytical Engine Pro again");
        }

        @Test
        void is_a_message_of_its_own_named_by_its_outbox_id() throws Exception {
            MimeMessage message = new DeliveryMessage(resent, Sender.EMBEDDED_DEFAULT).toMimeMessage(SESSION, Instant.now());
            message.saveChanges();

            assertThat(message.getMessageID())
                    .isEqualTo("<" + first.grantId().value() + ".license-key.resend.msg_resend1@localhost>")
                    .isNotEqualTo(first.messageId("localhost"));
            assertThat(message.getHeader("X-Grantor-Grant-Id")).containsExactly(first.grantId().value());
        }
    }

    @Nested
    class Its_headers {

        @Test
        void keep_the_message_id_derived_from_the_grant_through_every_save() throws Exception {
            DeliveryEmail email = DeliveryEmails.complete();
            MimeMessage message = new DeliveryMessage(email, Sender.EMBEDDED_DEFAULT).toMimeMessage(SESSION, Instant.now());
            message.saveChanges();

            assertThat(message.getMessageID()).isEqualTo("<" + email.grantId().value() + ".license-key@localhost>");
            assertThat(ReceivedMail.parse(bytes(message)).message().getMessageID()).isEqualTo(message.getMessageID());
        }

        @Test
        void name_the_message_id_after_the_configured_sender_domain() throws Exception {
            DeliveryEmail email = DeliveryEmails.complete();
            Sender sender = Sender.parse("Acme Licensing <keys@acme.example>").get();

            ReceivedMail mail = ReceivedMail.parse(bytes(new DeliveryMessage(email, sender).toMimeMessage(SESSION, Instant.now())));

            assertThat(mail.message().getMessageID()).endsWith("@acme.example>");
            assertThat(mail.message().getFrom()[0].toString()).isEqualTo("Acme Licensing <keys@acme.example>");
        }

        @ParameterizedTest
        @ValueSource(strings = {"Eve\r\nBcc: evil@x.example", "Eve\nBcc: evil@x.example", "Eve\rBcc: evil@x.example",
                "Eve\u2028Bcc: evil@x.example", "Eve\u0085Bcc: evil@x.example", "\"Eve\" <evil@x.example>, mallory@x.example",
                "Zoë Ünïcødé 李雷\r\nBcc: evil@x.example"})
        void never_let_a_name_start_a_header_or_add_a_recipient(String name) throws Exception {
            DeliveryEmail email = DeliveryEmails.hostile(DeliveryEmails.complete(), name, name, name);

            byte[] raw = bytes(new DeliveryMessage(email, Sender.EMBEDDED_DEFAULT).toMimeMessage(SESSION, Instant.now()));

            String head = new String(raw, StandardCharsets.ISO_8859_1).split("\r\n\r\n", 2)[0];
            assertThat(head.lines()).noneMatch(line -> line.regionMatches(true, 0, "Bcc:", 0, 4));
            assertThat(head).doesNotContain("\u2028").doesNotContain("\u0085");
            ReceivedMail mail = ReceivedMail.parse(raw);
            assertThat(mail.recipientCount()).isEqualTo(1);
            assertThat(mail.message().getAllRecipients()[0].toString()).contains("<ada@example.com>");
        }

        /**
         * An RFC 2047 encoded word is plain ASCII, so it passes every line-break check, and a mail reader decodes it
         * into whatever it encodes: here CR LF and a Bcc line. Every header of the produced message is read back with
         * the library's strict parsers, and no decoded header value may hold a line break.
         */
        @ParameterizedTest
        @ValueSource(strings = {"=?UTF-8?B?RXZlDQpCY2M6IGV2aWxAeC5leGFtcGxl?=", "=?UTF-8?Q?Eve=0D=0ABcc:_evil@x.example?=",
                "Ada =?ISO-8859-1?B?DQpCY2M6IGV2aWxAeC5leGFtcGxl?= Lovelace", "=?utf-8?b?DQo=?=\"<evil@x.example>"})
        void never_let_an_encoded_word_decode_into_a_line_break(String name) throws Exception {
            DeliveryEmail email = DeliveryEmails.hostile(DeliveryEmails.complete(), name, name, "fine");

            byte[] raw = bytes(new DeliveryMessage(email, Sender.EMBEDDED_DEFAULT).toMimeMessage(SESSION, Instant.now()));

            MimeMessage parsed = ReceivedMail.parse(raw).message();
            var headers = java.util.Collections.list(parsed.getAllHeaders());
            assertThat(headers).extracting(jakarta.mail.Header::getName)
                    .doesNotContain("Bcc", "Cc")
                    .containsOnly("Message-ID", "From", "To", "Subject", "Date", DeliveryMessage.GRANT_ID_HEADER,
                            "Auto-Submitted", "MIME-Version", "Content-Type");
            for (var header : headers) {
                String unfolded = jakarta.mail.internet.MimeUtility.unfold(header.getValue());
                String decoded = jakarta.mail.internet.MimeUtility.decodeText(unfolded);
                assertThat(decoded).as(header.getName()).doesNotContain("\r", "\n");
                if (header.getName().equals("From") || header.getName().equals("To")) {
                    var addresses = jakarta.mail.internet.InternetAddress.parseHeader(unfolded, true);
                    assertThat(addresses).hasSize(1);
                    assertThat(addresses[0].getPersonal()).doesNotContain("\r", "\n");
                    if (header.getName().equals("To")) {
                        assertThat(addresses[0].getPersonal()).as("the name reads back as typed").isEqualTo(name);
                    }
                }
            }
            assertThat(parsed.getRecipients(jakarta.mail.Message.RecipientType.TO)).hasSize(1);
            assertThat(((jakarta.mail.internet.InternetAddress) parsed.getRecipients(jakarta.mail.Message.RecipientType.TO)[0])
                    .getAddress()).isEqualTo("ada@example.com");
            assertThat(parsed.getRecipients(jakarta.mail.Message.RecipientType.BCC)).isNull();
        }

        @Test
        void carry_non_ascii_names_and_subjects_encoded_and_readable() throws Exception {
            DeliveryEmail email = DeliveryEmails.hostile(DeliveryEmails.complete(), "Zoë 李雷", "Pro ✓", "Grüße");

            ReceivedMail mail = ReceivedMail.parse(bytes(new DeliveryMessage(email, Sender.EMBEDDED_DEFAULT)
                    .toMimeMessage(SESSION, Instant.now())));

            assertThat(mail.message().getSubject()).isEqualTo("Your license key for Pro ✓");
            assertThat(mail.to()).contains("Zoë 李雷");
            assertThat(mail.text()).contains("Hello Zoë 李雷,").contains("Grüße");
            assertThat(mail.html()).contains("Hello Zoë 李雷,").contains("Grüße");
        }
    }

    @Nested
    class Its_html {

        @ParameterizedTest
        @ValueSource(strings = {"<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "' onmouseover='x",
                "&lt;already escaped&gt;", "</pre><a href=\"https://evil.example\">click</a>"})
        void escapes_every_value_that_came_from_a_request(String hostile) {
            DeliveryEmail email = DeliveryEmails.hostile(DeliveryEmails.complete(), hostile, hostile, hostile);

            String html = new DeliveryMessage(DeliveryEmails.withKey(email, "K" + hostile.replace(" ", "")),
                    Sender.EMBEDDED_DEFAULT).html();

            assertThat(html).doesNotContain(hostile).doesNotContain("<script").doesNotContain("<img")
                    .doesNotContain("<a ").contains(DeliveryMessage.escape(hostile));
        }

        @Test
        void shows_the_key_alone_in_a_monospace_block_so_it_copies_cleanly() {
            String html = new DeliveryMessage(DeliveryEmails.complete(), Sender.EMBEDDED_DEFAULT).html();

            assertThat(html).containsPattern("<pre style=\"font-family: monospace;[^\"]*\">AE-PRO-7Q2M-K9XD-4HTW</pre>");
        }
    }

    @Nested
    class Its_content {

        @Test
        void says_unlimited_and_does_not_expire_and_greets_without_a_name_when_facts_are_absent() {
            DeliveryMessage message = new DeliveryMessage(DeliveryEmails.minimal(), Sender.EMBEDDED_DEFAULT);

            assertThat(message.text()).startsWith("Hello,\n").contains("Activations: unlimited")
                    .contains("Expires: does not expire").doesNotContain("null");
            assertThat(message.html()).contains("Hello,").contains("unlimited").contains("does not expire")
                    .doesNotContain("null");
        }

        @Test
        void counts_a_single_activation_in_the_singular() {
            DeliveryEmail e = DeliveryEmails.complete();
            DeliveryEmail one = new DeliveryEmail(e.outboxId(), e.grantId(), e.to(), e.customerName(), e.entitlementName(),
                    e.key(), Option.some(1), e.expiresAt(), e.activationMessage());

            assertThat(new DeliveryMessage(one, Sender.EMBEDDED_DEFAULT).text()).contains("Activations: 1 device\n");
        }

        @Test
        void keeps_the_lines_of_a_multi_line_activation_message() {
            DeliveryEmail email = DeliveryEmails.hostile(DeliveryEmails.complete(), "Ada", "Pro", "Step 1\r\nStep 2\nStep 3");

            DeliveryMessage message = new DeliveryMessage(email, Sender.EMBEDDED_DEFAULT);

            assertThat(message.text()).contains("Step 1\nStep 2\nStep 3");
            assertThat(message.html()).contains("<div style=\"white-space: pre-wrap;\">Step 1\nStep 2\nStep 3</div>");
        }
    }

    @Nested
    class The_sender {

        @Test
        void is_parsed_from_its_configured_form() {
            assertThat(Sender.parse("Grantor <no-reply@localhost>").get()).isEqualTo(Sender.EMBEDDED_DEFAULT);
            assertThat(Sender.parse("keys@acme.example").get().personal()).isEmpty();
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "   ", "not an address", "Grantor <no-reply@localhost>\r\nBcc: evil@x.example",
                "a@b.example, c@d.example"})
        void refuses_anything_but_one_address(String configured) {
            assertThat(Sender.parse(configured).isLeft()).isTrue();
        }
    }
}

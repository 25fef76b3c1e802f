package dev.grantor.adapter.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.instancio.Select.all;

import dev.grantor.application.port.out.DeliveryEmail;
import dev.grantor.application.port.out.PortalEmail;
import dev.grantor.domain.grant.LicenseKeyValue;
import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.EmailAddress;
import dev.grantor.domain.shared.GrantId;
import dev.grantor.hostile.HostileText;
import io.vavr.control.Option;
import jakarta.mail.internet.InternetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Set;
import org.assertj.core.api.SoftAssertions;
import org.instancio.Instancio;
import org.instancio.Random;
import org.junit.jupiter.api.Test;

/**
 * The adapter writes its messages' bytes itself; read back by Jakarta Mail, each has the headers and the decoded text
 * and HTML that Jakarta Mail's own {@code MimeMessage} gave the same email ({@link JakartaMailAssembly}), and is a valid
 * RFC 5322 message: every line ends in CR LF and holds at most 998 octets.
 */
class WrittenMessageTest {

    private static final Instant SENT = Instant.parse("2026-12-02T18:30:00Z");

    /** Text that takes each path of the encodings: line ends, long lines, '=' and dots, other scripts, emoji. */
    static String awkward(Random r) {
        var s = new StringBuilder();
        int pieces = r.intRange(0, 12);
        for (int i = 0; i < pieces; i++) {
            switch (r.intRange(0, 13)) {
                case 0 -> s.append(r.oneOf("\r", "\n", "\r\n", "\n\r", "\r\r\n"));
                case 1 -> s.append("\nFrom here on ").append(r.alphanumeric(3));
                case 2 -> s.append(r.oneOf("\n.", "\n..\n", "\n.\n", ".\r\n"));
                case 3 -> s.append(r.oneOf("=", "==", "=3D", "=?UTF-8?B?QQ==?=", "a=b", "=\n", "= \n"));
                case 4 -> s.append(r.oneOf("😀", "💩", "👩‍💻", "\uD83D", "\uDE00"));
                case 5 -> s.append(r.oneOf("Zoë", "Müller-Łukasiewicz", "日本語", "ключ", "مفتاح", "e\u0301"));
                // long lines: past the 76 of an encoded line, and past RFC 5322's 998
                case 6 -> s.append("x".repeat(r.intRange(70, 80)));
                case 7 -> s.append(r.alphanumeric(r.intRange(990, 1100)));
                case 8 -> s.append("日本語のテキスト".repeat(r.intRange(20, 150)));
                case 9 -> s.append(r.oneOf(" ", "  ", "\t", " \t ", "trailing   \n", "tab\t\n"));
                case 10 -> s.append(HostileText.of(r));
                case 11 -> s.append("--=_Part_").append(r.alphanumeric(5));
                default -> s.append(r.alphanumeric(r.intRange(1, 30))).append(' ');
            }
        }
        return s.toString();
    }

    /**
     * A name as the domain admits it: at most 200 characters (customer, entitlement and business names alike). A header
     * folds only at white space, so a name is what keeps a header line within 998 octets.
     */
    static String name(String text) {
        return text.codePointCount(0, text.length()) <= 200 ? text : text.substring(0, text.offsetByCodePoints(0, 200));
    }

    static DeliveryEmail email(Random r) {
        return new DeliveryEmail(
                "obx_" + r.alphanumeric(21),
                new GrantId(GrantId.PREFIX + r.alphanumeric(21)),
                new EmailAddress(r.alphanumeric(r.intRange(1, 20)) + "@" + r.lowerCaseAlphabetic(5) + ".example"),
                r.trueOrFalse() ? Option.some(r.oneOf("Ada Lovelace", "Zoë \"Z\" O'Neil", "山田 太郎", "<b>x</b>", "=?UTF-8?Q?x?=",
                        "Dr. " + r.alphanumeric(120), HostileText.of(r), name(awkward(r)))) : Option.none(),
                r.oneOf("Analytical Engine Pro", "Schlüsseldienst ✓", "=?utf-8?q?Free?=", "キー", r.alphanumeric(200),
                        HostileText.of(r) + "x", name(awkward(r) + "x")),
                new LicenseKeyValue(r.oneOf("ABCDE-FGHJK-MNPQR-STVWX-YZ012", "key with spaces", "ключ-🔑", "a=b=c",
                        r.alphanumeric(r.intRange(1, 1024)))),
                r.trueOrFalse() ? Option.some(r.intRange(1, Integer.MAX_VALUE)) : Option.none(),
                r.trueOrFalse() ? Option.some(Instant.ofEpochSecond(r.longRange(0, 253_402_300_799L))) : Option.none(),
                r.intRange(0, 3) > 0 ? Option.some(awkward(r)) : Option.none(),
                r.trueOrFalse() ? Option.some(r.alphanumeric(4)) : Option.none(),
                r.trueOrFalse());
    }

    @Test
    void every_generated_delivery_email_reads_back_as_jakarta_mail_built_it_in_valid_lines() throws Exception {
        var emails = Instancio.ofList(DeliveryEmail.class).size(600).supply(all(DeliveryEmail.class), WrittenMessageTest::email)
                .withSeed(19L).create();
        var sender = Sender.parse("Acme Software <keys@acme.example>").get();
        Set<TransferEncoding> seen = EnumSet.noneOf(TransferEncoding.class);

        var softly = new SoftAssertions();
        for (var email : emails) {
            var message = new DeliveryMessage(email, sender);
            byte[] written = message.toBytes(SENT);
            var mail = ReceivedMail.parse(written);
            var reference = ReceivedMail.parse(JakartaMailAssembly.of(message, SENT));
            String about = "grant " + email.grantId().value();

            assertValidLines(softly, written, about);
            assertSameHeaders(softly, mail, reference, about);
            softly.assertThat(mail.header(DeliveryMessage.GRANT_ID_HEADER)).as(about).isEqualTo(email.grantId().value());
            softly.assertThat(mail.contentType()).as(about).startsWith("multipart/alternative");
            softly.assertThat(encodings(mail)).as(about + " transfer encodings").isEqualTo(encodings(reference));
            softly.assertThat(lines(mail.text())).as(about).isEqualTo(lines(reference.text())).isEqualTo(lines(utf8(message.text())));
            softly.assertThat(lines(mail.html())).as(about).isEqualTo(lines(reference.html())).isEqualTo(lines(utf8(message.html())));
            seen.add(TransferEncoding.of(message.text().getBytes(StandardCharsets.UTF_8)));
            seen.add(TransferEncoding.of(message.html().getBytes(StandardCharsets.UTF_8)));
        }
        softly.assertAll();
        // the generator reaches every encoding, or the comparison above proves less than it claims
        assertThat(seen).containsExactlyInAnyOrder(TransferEncoding.values());
    }

    @Test
    void every_generated_portal_email_reads_back_as_jakarta_mail_built_it_in_valid_lines() throws Exception {
        var emails = Instancio.ofList(PortalEmail.class).size(200).supply(all(PortalEmail.class), r -> new PortalEmail(
                        "obx_" + r.alphanumeric(21), new BusinessId("bus_" + r.alphanumeric(21)), r.oneOf("Acme", name(awkward(r) + "x")),
                        new EmailAddress(r.alphanumeric(8) + "@example.com"), r.trueOrFalse() ? Option.some(name(awkward(r))) : Option.none(),
                        r.oneOf(PortalEmail.Kind.values()), r.oneOf("K7P2QX", "https://shop.example/portal/" + r.alphanumeric(40)),
                        SENT.plusSeconds(r.intRange(60, 86_400))))
                .withSeed(20L).create();

        var softly = new SoftAssertions();
        for (var email : emails) {
            var message = new PortalMessage(email, Sender.EMBEDDED_DEFAULT);
            byte[] written = message.toBytes(SENT);
            var mail = ReceivedMail.parse(written);
            var reference = ReceivedMail.parse(JakartaMailAssembly.of(message, SENT));

            assertValidLines(softly, written, email.outboxId());
            assertSameHeaders(softly, mail, reference, email.outboxId());
            softly.assertThat(encodings(mail)).as(email.outboxId() + " transfer encodings").isEqualTo(encodings(reference));
            softly.assertThat(lines(mail.text())).as(email.outboxId()).isEqualTo(lines(reference.text())).isEqualTo(lines(utf8(message.text())));
            softly.assertThat(lines(mail.html())).as(email.outboxId()).isEqualTo(lines(reference.html())).isEqualTo(lines(utf8(message.html())));
        }
        softly.assertAll();
    }

    @Test
    void the_console_sign_in_link_is_written_in_valid_lines_with_an_id_under_the_senders_domain() throws Exception {
        var signIn = new PortalMessage(MessageAssemblyTest.consoleLink("https://grantor.example/console/sign-in/abc"),
                Sender.parse("Shop <keys@shop.example>").get());
        byte[] written = signIn.toBytes(SENT);
        var mail = ReceivedMail.parse(written);

        var softly = new SoftAssertions();
        assertValidLines(softly, written, "sign-in");
        softly.assertAll();
        assertThat(mail.message().getMessageID()).isEqualTo("<msg_console1.console-link@shop.example>");
        assertThat(lines(mail.text())).isEqualTo(lines(utf8(signIn.text())));
    }

    /** RFC 5322 section 2.1.1 and 2.3: CR and LF only together, as a line's end; at most 998 octets before it. */
    static void assertValidLines(SoftAssertions softly, byte[] message, String about) {
        var problems = new ArrayList<String>();
        int lineStart = 0;
        for (int i = 0; i < message.length; i++) {
            if (message[i] == '\r' && (i + 1 == message.length || message[i + 1] != '\n')) {
                problems.add("a CR without LF at byte " + i);
            } else if (message[i] == '\n') {
                if (i == 0 || message[i - 1] != '\r') {
                    problems.add("an LF without CR at byte " + i);
                }
                int octets = i - lineStart - (i > 0 && message[i - 1] == '\r' ? 1 : 0);
                if (octets > TransferEncoding.MAX_LINE_OCTETS) {
                    problems.add("a line of " + octets + " octets at byte " + lineStart);
                }
                lineStart = i + 1;
            }
        }
        if (lineStart != message.length) {
            problems.add("a last line without CR LF");
        }
        // RFC 2045 sections 6.7 and 6.8: an encoded body's lines hold at most 76 characters
        boolean encoded = false;
        int number = 0;
        for (String line : new String(message, StandardCharsets.ISO_8859_1).split("\r\n")) {
            number++;
            if (line.startsWith("--=_Part_") || line.isEmpty() && !encoded) {
                encoded = false;
            } else if (line.equals("Content-Transfer-Encoding: quoted-printable") || line.equals("Content-Transfer-Encoding: base64")) {
                encoded = true;
            } else if (encoded && line.length() > 76) {
                problems.add("an encoded line of " + line.length() + " characters, line " + number);
            }
        }
        softly.assertThat(problems).as(about).isEmpty();
    }

    private static void assertSameHeaders(SoftAssertions softly, ReceivedMail mail, ReceivedMail reference, String about)
            throws Exception {
        var written = mail.message();
        var expected = reference.message();
        softly.assertThat(addresses(written.getFrom())).as(about + " From").isEqualTo(addresses(expected.getFrom()));
        softly.assertThat(addresses(written.getAllRecipients())).as(about + " To").isEqualTo(addresses(expected.getAllRecipients()));
        softly.assertThat(written.getSubject()).as(about + " Subject").isEqualTo(expected.getSubject());
        softly.assertThat(written.getHeader("Subject", null)).as(about + " raw Subject").isEqualTo(expected.getHeader("Subject", null));
        for (String name : new String[] {"Date", "Message-ID", "MIME-Version", "Auto-Submitted", DeliveryMessage.GRANT_ID_HEADER}) {
            softly.assertThat(written.getHeader(name, ",")).as(about + " " + name).isEqualTo(expected.getHeader(name, ","));
        }
        softly.assertThat(written.getSentDate()).as(about + " sent date").isEqualTo(expected.getSentDate());
    }

    /** The Content-Transfer-Encoding of each part, as the reader sees it. */
    private static java.util.List<String> encodings(ReceivedMail mail) throws Exception {
        var multipart = (jakarta.mail.internet.MimeMultipart) mail.message().getContent();
        var out = new ArrayList<String>();
        for (int i = 0; i < multipart.getCount(); i++) {
            out.add(((jakarta.mail.internet.MimeBodyPart) multipart.getBodyPart(i)).getEncoding());
        }
        return out;
    }

    /** Each address with its decoded display name. */
    private static java.util.List<String> addresses(jakarta.mail.Address[] addresses) {
        var out = new ArrayList<String>();
        for (var address : addresses) {
            var internet = (InternetAddress) address;
            out.add(internet.getPersonal() + " <" + internet.getAddress() + ">");
        }
        return out;
    }

    /**
     * The text's lines: a text part is CR LF text on the wire (RFC 2046 section 4.1.1), which Jakarta Mail's own writer
     * left as the string had it in a 7bit or base64 part and made CR LF in a quoted-printable one.
     */
    static String lines(String text) {
        return text == null ? null : text.replace("\r\n", "\n").replace('\r', '\n');
    }

    /** What a text reads as once written as UTF-8: an unpaired surrogate becomes '?', in any UTF-8 encoder of the JDK. */
    static String utf8(String text) {
        return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    }
}

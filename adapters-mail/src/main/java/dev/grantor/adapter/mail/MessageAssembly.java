package dev.grantor.adapter.mail;

import dev.grantor.domain.shared.EmailAddress;
import io.vavr.Tuple2;
import io.vavr.collection.List;
import io.vavr.control.Option;
import jakarta.mail.Address;
import jakarta.mail.Message.RecipientType;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * How every email of this adapter becomes a MIME message: the headers all kinds share (sender, the one recipient,
 * subject as header text, date, the stable {@code Message-ID} when the kind has one, its own extra headers), then
 * either plain text alone or a {@code multipart/alternative} of plain text and HTML with the same content.
 *
 * @param messageId the message's stable id; none lets Jakarta Mail make one up (an email never sent twice)
 * @param extra     further headers in the order given; values are single-line already
 */
record MessageAssembly(Option<String> messageId, InternetAddress from, InternetAddress to, String subject, Instant sentAt,
                       List<Tuple2<String, String>> extra) {

    private static final String UTF_8 = StandardCharsets.UTF_8.name();
    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss xx", Locale.US).withZone(ZoneOffset.UTC);

    /** RFC 3834: tells autoresponders not to answer a machine. */
    static final Tuple2<String, String> AUTO_SUBMITTED = new Tuple2<>("Auto-Submitted", "auto-generated");

    /** The customer as the one recipient: the address, with the single-line display name when there is one. */
    static InternetAddress customer(EmailAddress address, Option<String> displayName) {
        try {
            return new InternetAddress(address.value(), displayName.map(HeaderText::word).getOrNull(), UTF_8);
        } catch (UnsupportedEncodingException e) {
            throw new IllegalStateException("UTF-8 is always supported", e);
        }
    }

    /** Plain text and HTML; the richest alternative goes last, since clients show the last one they understand. */
    MimeMessage alternative(Session session, String text, String html) throws MessagingException {
        MimeMessage message = headed(session);
        MimeBodyPart plain = new MimeBodyPart();
        plain.setText(text, UTF_8, "plain");
        MimeBodyPart rich = new MimeBodyPart();
        rich.setText(html, UTF_8, "html");
        message.setContent(new MimeMultipart("alternative", plain, rich));
        message.saveChanges();
        return message;
    }

    /** Plain text alone. */
    MimeMessage plain(Session session, String text) throws MessagingException {
        MimeMessage message = headed(session);
        message.setText(text, UTF_8, "plain");
        message.saveChanges();
        return message;
    }

    private MimeMessage headed(Session session) throws MessagingException {
        MimeMessage message = messageId.isDefined() ? new FixedIdMimeMessage(session, messageId.get()) : new MimeMessage(session);
        message.setFrom(from);
        message.setRecipients(RecipientType.TO, new Address[] {to});
        message.setSubject(HeaderText.word(subject), UTF_8);
        // RFC 5322 date-time in UTC; Jakarta Mail's own formatter (a synchronized SimpleDateFormat in the JVM's zone) was
        // a tenth of the whole build
        message.setHeader("Date", DATE.format(sentAt));
        for (var header : extra) {
            message.setHeader(header._1, header._2);
        }
        return message;
    }

    /** Jakarta Mail replaces the Message-ID on every save; this one keeps the id the email was given. */
    private static final class FixedIdMimeMessage extends MimeMessage {

        private final String messageId;

        FixedIdMimeMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }
}

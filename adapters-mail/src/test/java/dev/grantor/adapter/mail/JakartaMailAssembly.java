package dev.grantor.adapter.mail;

import io.vavr.Tuple2;
import io.vavr.collection.List;
import jakarta.mail.Address;
import jakarta.mail.Message.RecipientType;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * How {@link MessageAssembly} built a {@code multipart/alternative} message before it wrote the bytes itself: with
 * Jakarta Mail's {@code MimeMessage}, {@code MimeBodyPart} and {@code saveChanges}. Kept here only, as the reference the
 * written messages are compared with.
 */
final class JakartaMailAssembly {

    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss xx", Locale.US).withZone(ZoneOffset.UTC);

    private JakartaMailAssembly() {}

    static byte[] alternative(Session session, String messageId, InternetAddress from, InternetAddress to, String subject,
                              Instant sentAt, List<Tuple2<String, String>> extra, String text, String html)
            throws MessagingException, IOException {
        MimeMessage message = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", messageId);
            }
        };
        message.setFrom(from);
        message.setRecipients(RecipientType.TO, new Address[] {to});
        message.setSubject(HeaderText.word(subject), "UTF-8");
        message.setHeader("Date", DATE.format(sentAt));
        for (var header : extra) {
            message.setHeader(header._1, header._2);
        }
        MimeBodyPart plain = new MimeBodyPart();
        plain.setText(text, "UTF-8", "plain");
        MimeBodyPart rich = new MimeBodyPart();
        rich.setText(html, "UTF-8", "html");
        message.setContent(new MimeMultipart("alternative", plain, rich));
        message.saveChanges();
        var out = new ByteArrayOutputStream();
        message.writeTo(out);
        return out.toByteArray();
    }

    static byte[] of(DeliveryMessage message, Instant sentAt) throws MessagingException, IOException {
        return alternative(Session.getInstance(new java.util.Properties()), message.messageId(),
                message.sender().toInternetAddress(), message.recipient(), message.subject(), sentAt,
                List.of(new Tuple2<>(DeliveryMessage.GRANT_ID_HEADER, message.email().grantId().value()),
                        MessageAssembly.AUTO_SUBMITTED), message.text(), message.html());
    }

    static byte[] of(PortalMessage message, Instant sentAt) throws MessagingException, IOException {
        return alternative(Session.getInstance(new java.util.Properties()), message.messageId(),
                message.sender().toInternetAddress(), message.recipient(), message.subject(), sentAt,
                List.of(MessageAssembly.AUTO_SUBMITTED), message.text(), message.html());
    }
}

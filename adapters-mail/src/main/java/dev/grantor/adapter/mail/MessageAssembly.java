package dev.grantor.adapter.mail;

import dev.grantor.domain.shared.EmailAddress;
import io.vavr.Tuple2;
import io.vavr.collection.List;
import io.vavr.control.Option;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayInputStream;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How every email of this adapter becomes an RFC 5322 message: the headers all kinds share (date, sender, the one
 * recipient, the stable {@code Message-ID} when the kind has one, subject, its own extra headers), then either plain
 * text alone or a {@code multipart/alternative} of plain text and HTML with the same content.
 *
 * <p>The bytes are written here rather than by a Jakarta Mail {@code MimeMessage}: for these two fixed shapes its
 * general machinery (a data handler per part, the content written once to choose an encoding and once more for real,
 * headers parsed back into tokens) was a fifth of the CPU a fulfillment costs. The header values still come from
 * Jakarta Mail ({@link InternetAddress#toString(Address[], int)} for addresses, {@link MimeUtility#encodeText} and
 * {@link MimeUtility#fold} for the subject: RFC 2047 encoded words, folded at white space), as a {@code MimeMessage}
 * would set them; {@link TransferEncoding} chooses and applies each body's encoding.
 *
 * @param messageId the message's stable id; none gets a random one under the sender's domain (an email never sent twice)
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

    /** A message written here, as Jakarta Mail reads it back, for whoever sends a {@code MimeMessage} (SMTP, a host). */
    static MimeMessage parsed(Session session, byte[] message) throws MessagingException {
        return new KeptIdMimeMessage(session, message);
    }

    /** Plain text and HTML; the richest alternative goes last, since clients show the last one they understand. */
    byte[] alternative(String text, String html) throws MessagingException {
        byte[] plain = text.getBytes(StandardCharsets.UTF_8);
        byte[] rich = html.getBytes(StandardCharsets.UTF_8);
        TransferEncoding plainEncoding = TransferEncoding.of(plain);
        TransferEncoding richEncoding = TransferEncoding.of(rich);
        String boundary = boundary(plainEncoding == TransferEncoding.SEVEN_BIT ? text : "",
                richEncoding == TransferEncoding.SEVEN_BIT ? html : "");
        MessageBytes out = new MessageBytes(plain.length + rich.length + 2048);
        headers(out);
        header(out, "Content-Type", "multipart/alternative; boundary=\"" + boundary + "\"");
        extraHeaders(out);
        out.crlf();
        part(out, boundary, "text/plain; charset=UTF-8", plainEncoding, plain);
        part(out, boundary, "text/html; charset=UTF-8", richEncoding, rich);
        out.text("--" + boundary + "--");
        out.crlf();
        return out.toByteArray();
    }

    /** In the order a {@code MimeMessage} writes them; the content headers follow. */
    private void headers(MessageBytes out) throws MessagingException {
        header(out, "Date", DATE.format(sentAt));
        header(out, "From", InternetAddress.toString(new Address[] {from}, "From".length() + 2));
        header(out, "To", InternetAddress.toString(new Address[] {to}, "To".length() + 2));
        header(out, "Message-ID", messageId.getOrElse(this::randomMessageId));
        try {
            header(out, "Subject", MimeUtility.fold("Subject".length() + 2, MimeUtility.encodeText(HeaderText.word(subject), UTF_8, null)));
        } catch (UnsupportedEncodingException e) {
            throw new MessagingException("the subject cannot be encoded", e);
        }
        header(out, "MIME-Version", "1.0");
    }

    private void extraHeaders(MessageBytes out) {
        for (var header : extra) {
            header(out, header._1, header._2);
        }
    }

    private static void header(MessageBytes out, String name, String value) {
        out.text(name);
        out.write(':');
        out.write(' ');
        out.text(value);
        out.crlf();
    }

    private static void part(MessageBytes out, String boundary, String contentType, TransferEncoding encoding, byte[] body) {
        out.text("--" + boundary);
        out.crlf();
        header(out, "Content-Type", contentType);
        header(out, "Content-Transfer-Encoding", encoding.token());
        out.crlf();
        encoding.write(body, out);
        // the line break before the next delimiter belongs to the delimiter, not to the content
        out.crlf();
    }

    /**
     * {@code =_} cannot occur in quoted-printable or base64 content, so only a part left as 7bit text could hold the
     * boundary; a random one that such text happens to contain is drawn again.
     */
    private static String boundary(String sevenBitText, String sevenBitHtml) {
        while (true) {
            String boundary = "=_Part_" + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
            if (!sevenBitText.contains(boundary) && !sevenBitHtml.contains(boundary)) {
                return boundary;
            }
        }
    }

    private String randomMessageId() {
        String address = from.getAddress();
        return "<" + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36) + "."
                + Long.toString(sentAt.toEpochMilli(), 36) + address.substring(address.lastIndexOf('@')) + ">";
    }

    /**
     * Jakarta Mail replaces the Message-ID whenever a message is saved (a host may save before sending); this one keeps
     * the id it was written with.
     */
    private static final class KeptIdMimeMessage extends MimeMessage {

        KeptIdMimeMessage(Session session, byte[] message) throws MessagingException {
            super(session, new ByteArrayInputStream(message));
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            if (getHeader("Message-ID") == null) {
                super.updateMessageID();
            }
        }
    }
}

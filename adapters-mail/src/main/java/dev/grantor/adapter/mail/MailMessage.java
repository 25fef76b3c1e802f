package dev.grantor.adapter.mail;

import dev.grantor.application.port.out.DeliveryEmail;
import dev.grantor.application.port.out.Email;
import dev.grantor.application.port.out.PortalEmail;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Instant;

/** One of the engine's emails as a message: what every mailer (SMTP, pickup directory, a host's sender) sends. */
public sealed interface MailMessage permits DeliveryMessage, PortalMessage {

    static MailMessage of(Email email, Sender sender) {
        return switch (email) {
            case DeliveryEmail delivery -> new DeliveryMessage(delivery, sender);
            case PortalEmail signIn -> new PortalMessage(signIn, sender);
        };
    }

    String subject();

    String messageId();

    /** The envelope recipient: the customer, and no one else whatever the headers say. */
    InternetAddress recipient();

    /** The complete message as RFC 5322 bytes (CR LF line ends), with the stable {@code Message-ID}. */
    byte[] toBytes(Instant sentAt) throws MessagingException;

    /**
     * The same message for a sender of {@code MimeMessage}s (SMTP, a host's sender): the bytes read back, so it keeps
     * its {@code Message-ID} even when saved again.
     */
    default MimeMessage toMimeMessage(Session session, Instant sentAt) throws MessagingException {
        return MessageAssembly.parsed(session, toBytes(sentAt));
    }

    /** How logs name the message: never with its secret (a key shows only its masked form). */
    String description();
}

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

    /** The complete message, with the stable {@code Message-ID}, not one Jakarta Mail invents. */
    MimeMessage toMimeMessage(Session session, Instant sentAt) throws MessagingException;

    /** How logs name the message: never with its secret (a key shows only its masked form). */
    String description();
}

package dev.grantor.adapter.mail;

import dev.grantor.application.port.out.SignInMail.SignInEmail;
import io.vavr.collection.List;
import io.vavr.control.Option;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** The console's one-time sign-in link as a plain-text email: the link, how long it works, and what to do if unasked. */
final class SignInMessage {

    private static final DateTimeFormatter UNTIL = DateTimeFormatter.ofPattern("HH:mm 'UTC' 'on' yyyy-MM-dd", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private final SignInEmail email;
    private final Sender sender;

    SignInMessage(SignInEmail email, Sender sender) {
        this.email = email;
        this.sender = sender;
    }

    InternetAddress recipient() throws MessagingException {
        return new InternetAddress(email.to().value());
    }

    String subject() {
        return "Your sign-in link for the " + HeaderText.singleLine(email.businessName()) + " console";
    }

    String text() {
        return "Open this link to sign in to the Grantor console of " + HeaderText.singleLine(email.businessName()) + ":\n\n"
                + email.link() + "\n\n"
                + "It works once, until " + UNTIL.format(email.expiresAt()) + ".\n"
                + "If you did not ask to sign in, ignore this email: nobody can use the link without your inbox.\n";
    }

    byte[] toBytes(Instant sentAt) throws MessagingException {
        return new MessageAssembly(Option.none(), sender.toInternetAddress(), recipient(), subject(), sentAt, List.empty())
                .plain(text());
    }

    MimeMessage toMimeMessage(Session session, Instant sentAt) throws MessagingException {
        return MessageAssembly.parsed(session, toBytes(sentAt));
    }
}

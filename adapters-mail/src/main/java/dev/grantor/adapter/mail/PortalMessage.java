package dev.grantor.adapter.mail;

import dev.grantor.application.port.out.PortalEmail;
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
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.Locale;

/**
 * A way into the customer portal: the one-time code the customer asked for, or the one-time link the merchant
 * minted. Plain text and HTML with the same content; every value from a request (the shop's and the customer's
 * names) is escaped in the HTML and made single-line in headers.
 */
public record PortalMessage(PortalEmail email, Sender sender) implements MailMessage {

    private static final String UTF_8 = StandardCharsets.UTF_8.name();
    private static final DateTimeFormatter UNTIL =
            DateTimeFormatter.ofPattern("d MMMM uuuu, HH:mm 'UTC'", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    public PortalMessage {
        if (email == null || sender == null) {
            throw new IllegalArgumentException("a sign-in message needs its email and its sender");
        }
    }

    @Override
    public String subject() {
        String shop = HeaderText.singleLine(email.businessName());
        return switch (email.kind()) {
            case PORTAL_CODE -> "Your sign-in code for " + shop + ": " + email.secret();
            case PORTAL_LINK -> "Your purchases at " + shop;
        };
    }

    @Override
    public String messageId() {
        return email.messageId(sender.domain());
    }

    @Override
    public InternetAddress recipient() {
        try {
            return new InternetAddress(email.to().value(), displayName().map(HeaderText::word).getOrNull(), UTF_8);
        } catch (UnsupportedEncodingException e) {
            throw new IllegalStateException("UTF-8 is always supported", e);
        }
    }

    @Override
    public String description() {
        return "portal " + (email.kind() == PortalEmail.Kind.PORTAL_CODE ? "code" : "link") + " email " + email.outboxId();
    }

    private String introduction() {
        String shop = HeaderText.singleLine(email.businessName());
        return switch (email.kind()) {
            case PORTAL_CODE -> "Here is your code to sign in to your purchases at " + shop
                    + ". It works once, until " + UNTIL.format(email.expiresAt());
            case PORTAL_LINK -> "This link opens your purchases at " + shop + ": your license keys and your devices."
                    + " It works once, until " + UNTIL.format(email.expiresAt());
        };
    }

    private static final String NOT_YOU = "If you did not ask for this, you can ignore this email: nothing happens without it.";

    public String text() {
        return greeting() + "\n\n" + introduction() + ":\n\n    " + email.secret() + "\n\n" + NOT_YOU + "\n";
    }

    public String html() {
        String secret = DeliveryMessage.escape(email.secret());
        String shown = email.kind() == PortalEmail.Kind.PORTAL_LINK
                ? "<p><a href=\"" + secret + "\">" + secret + "</a></p>\n"
                : "<pre style=\"font-family: monospace; font-size: 1.6em; letter-spacing: 0.2em; padding: 0.5em; "
                        + "background: #f4f4f4; user-select: all;\">" + secret + "</pre>\n";
        return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + DeliveryMessage.escape(subject())
                + "</title></head>\n<body style=\"font-family: sans-serif; line-height: 1.5;\">\n"
                + "<p>" + DeliveryMessage.escape(greeting()) + "</p>\n"
                + "<p>" + DeliveryMessage.escape(introduction()) + ":</p>\n" + shown
                + "<p style=\"color: #666;\">" + DeliveryMessage.escape(NOT_YOU) + "</p>\n</body></html>\n";
    }

    @Override
    public MimeMessage toMimeMessage(Session session, java.time.Instant sentAt) throws MessagingException {
        MimeMessage message = new DeliveryMessage.FixedIdMimeMessage(session, messageId());
        message.setFrom(sender.toInternetAddress());
        message.setRecipients(RecipientType.TO, new Address[] {recipient()});
        message.setSubject(HeaderText.word(subject()), UTF_8);
        message.setSentDate(Date.from(sentAt));
        // RFC 3834: tells autoresponders not to answer a machine
        message.setHeader("Auto-Submitted", "auto-generated");
        MimeBodyPart plain = new MimeBodyPart();
        plain.setText(text(), UTF_8, "plain");
        MimeBodyPart rich = new MimeBodyPart();
        rich.setText(html(), UTF_8, "html");
        message.setContent(new MimeMultipart("alternative", plain, rich));
        message.saveChanges();
        return message;
    }

    private io.vavr.control.Option<String> displayName() {
        return email.customerName().map(HeaderText::singleLine).filter(n -> !n.isEmpty());
    }

    private String greeting() {
        return displayName().map(n -> "Hello " + n + ",").getOrElse("Hello,");
    }
}

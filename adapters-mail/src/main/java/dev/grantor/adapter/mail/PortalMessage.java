package dev.grantor.adapter.mail;

import dev.grantor.application.port.out.PortalEmail;
import dev.grantor.application.view.CustomerDates;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;

/**
 * A way into the customer portal: the one-time code the customer asked for, or the one-time link the merchant
 * minted. Plain text and HTML with the same content; every value from a request (the shop's and the customer's
 * names) is escaped in the HTML and made single-line in headers.
 */
public record PortalMessage(PortalEmail email, Sender sender) implements MailMessage {

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
            case CONSOLE_LINK -> "Your sign-in link for the " + shop + " console";
        };
    }

    @Override
    public String messageId() {
        return email.messageId(sender.domain());
    }

    @Override
    public InternetAddress recipient() {
        return MessageAssembly.customer(email.to(), displayName());
    }

    @Override
    public String description() {
        return switch (email.kind()) {
            case PORTAL_CODE -> "portal code email ";
            case PORTAL_LINK -> "portal link email ";
            case CONSOLE_LINK -> "console sign-in email ";
        } + email.outboxId();
    }

    private String introduction() {
        String shop = HeaderText.singleLine(email.businessName());
        return switch (email.kind()) {
            case PORTAL_CODE -> "Here is your code to sign in to your purchases at " + shop
                    + ". It works once, until " + CustomerDates.moment(email.expiresAt());
            case PORTAL_LINK -> "This link opens your purchases at " + shop + ": your license keys and your devices."
                    + " It works once, until " + CustomerDates.moment(email.expiresAt());
            case CONSOLE_LINK -> "Open this link to sign in to the Grantor console of " + shop
                    + ". It works once, until " + CustomerDates.moment(email.expiresAt());
        };
    }

    private static final String NOT_YOU = "If you did not ask for this, you can ignore this email: nothing happens without it.";

    public String text() {
        return greeting() + "\n\n" + introduction() + ":\n\n    " + email.secret() + "\n\n" + NOT_YOU + "\n";
    }

    public String html() {
        String secret = DeliveryMessage.escape(email.secret());
        String shown = email.kind() != PortalEmail.Kind.PORTAL_CODE
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
    public byte[] toBytes(java.time.Instant sentAt) throws MessagingException {
        return new MessageAssembly(io.vavr.control.Option.some(messageId()), sender.toInternetAddress(), recipient(), subject(),
                sentAt, io.vavr.collection.List.of(MessageAssembly.AUTO_SUBMITTED))
                .alternative(text(), html());
    }

    private io.vavr.control.Option<String> displayName() {
        return email.customerName().map(HeaderText::singleLine).filter(n -> !n.isEmpty());
    }

    private String greeting() {
        return displayName().map(n -> "Hello " + n + ",").getOrElse("Hello,");
    }
}

package dev.grantor.adapter.mail;

import dev.grantor.application.port.out.DeliveryEmail;
import dev.grantor.application.view.CustomerDates;
import io.vavr.Tuple2;
import io.vavr.collection.List;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import java.time.Instant;

/**
 * The delivery email of shared/spec/email.md: subject, a {@code multipart/alternative} of plain text and HTML
 * with the same content, and the headers that make a resend recognisably the same message. Every value that
 * came from a request is escaped in the HTML and made single-line in headers.
 */
public record DeliveryMessage(DeliveryEmail email, Sender sender) implements MailMessage {

    public static final String GRANT_ID_HEADER = "X-Grantor-Grant-Id";

    public DeliveryMessage {
        if (email == null || sender == null) {
            throw new IllegalArgumentException("a delivery message needs its email and its sender");
        }
    }

    @Override
    public String subject() {
        if (email.resent()) {
            return "Your license key for " + HeaderText.singleLine(email.entitlementName()) + " (sent again)";
        }
        return email.replacesAKey()
                ? "Your new license key for " + HeaderText.singleLine(email.entitlementName()) + " (replaces your previous key)"
                : "Your license key for " + HeaderText.singleLine(email.entitlementName());
    }

    /**
     * The sentence before the key: a first delivery thanks; a replacement names the dead key by its suffix; a resend
     * says it was asked for, so a customer who did not ask knows to tell support.
     */
    private String introduction() {
        if (email.resent()) {
            return "As requested, here is your license key for " + email.entitlementName() + " again";
        }
        // a short key's suffix is empty (LicenseKeyValue#suffix): the email then names it by nothing of its value
        return email.replacedKeySuffix()
                .map(suffix -> "Your license key for " + email.entitlementName() + " has been replaced. The previous key"
                        + (suffix.isEmpty() ? "" : " (ending in " + suffix + ")") + " no longer works. Here is your new key")
                .getOrElse("Thank you for your purchase. Here is your license key for " + email.entitlementName());
    }

    @Override
    public String messageId() {
        return email.messageId(sender.domain());
    }

    @Override
    public InternetAddress recipient() {
        return MessageAssembly.customer(email.to(), displayName());
    }

    public String text() {
        StringBuilder text = new StringBuilder(512);
        text.append(greeting()).append("\n\n");
        text.append(introduction()).append(":\n\n");
        text.append("    ").append(email.key().value()).append("\n\n");
        text.append("Activations: ").append(activations()).append('\n');
        text.append("Expires: ").append(expiry()).append('\n');
        email.activationMessage().filter(m -> !m.isBlank())
                .forEach(m -> text.append('\n').append(normalisedLines(m)).append('\n'));
        text.append("\nIf you contact support about this key, quote this reference: ").append(email.grantId().value())
                .append('\n');
        return text.toString();
    }

    public String html() {
        StringBuilder html = new StringBuilder(1536);
        html.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>")
                .append(escape(subject())).append("</title></head>\n");
        html.append("<body style=\"font-family: sans-serif; line-height: 1.5;\">\n");
        html.append("<p>").append(escape(greeting())).append("</p>\n");
        html.append("<p>").append(escape(introduction())).append(":</p>\n");
        // no white space inside the block, so a triple-click copies exactly the key
        html.append("<pre style=\"font-family: monospace; font-size: 1.2em; padding: 0.75em; background: #f4f4f4; ")
                .append("user-select: all; white-space: pre-wrap; word-break: break-all;\">")
                .append(escape(email.key().value())).append("</pre>\n");
        html.append("<p>Activations: ").append(escape(activations())).append("<br>\n");
        html.append("Expires: ").append(escape(expiry())).append("</p>\n");
        email.activationMessage().filter(m -> !m.isBlank()).forEach(m -> html
                .append("<div style=\"white-space: pre-wrap;\">").append(escape(normalisedLines(m))).append("</div>\n"));
        html.append("<p style=\"color: #666;\">If you contact support about this key, quote this reference: ")
                .append(escape(email.grantId().value())).append("</p>\n");
        html.append("</body></html>\n");
        return html.toString();
    }

    @Override
    public String description() {
        return "delivery email for grant " + email.grantId().value() + " (key " + email.key().masked() + ")";
    }

    /** The complete message: its {@code Message-ID} is the grant's. */
    @Override
    public byte[] toBytes(Instant sentAt) throws MessagingException {
        return new MessageAssembly(io.vavr.control.Option.some(messageId()), sender.toInternetAddress(), recipient(), subject(),
                sentAt, List.of(new Tuple2<>(GRANT_ID_HEADER, email.grantId().value()), MessageAssembly.AUTO_SUBMITTED))
                .alternative(text(), html());
    }

    private io.vavr.control.Option<String> displayName() {
        return email.customerName().map(HeaderText::singleLine).filter(n -> !n.isEmpty());
    }

    private String greeting() {
        return displayName().map(n -> "Hello " + n + ",").getOrElse("Hello,");
    }

    private String activations() {
        return email.activationsLimit()
                .map(n -> n == 1 ? "1 device" : "up to " + n + " devices")
                .getOrElse("unlimited");
    }

    private String expiry() {
        return email.expiresAt().map(CustomerDates::moment).getOrElse("does not expire");
    }

    private static String normalisedLines(String text) {
        return List.of(text.strip().split("\\R", -1)).map(String::stripTrailing).mkString("\n");
    }

    static String escape(String value) {
        StringBuilder out = new StringBuilder(value.length() + 16);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}

package dev.grantor.application.port.out;

import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.EmailAddress;
import io.vavr.control.Option;
import java.time.Instant;
import java.util.Locale;

/**
 * A way into a web face, by email: a one-time portal code the customer asked for, a one-time portal link the merchant
 * minted, or a one-time console link an operator asked for. {@code secret} is the code or the whole link. Every such
 * email is a message of its own, stable through its outbox id, so a resend after a crash is recognisably the same
 * message. They share one outbox topic, so a console link's secret is erased once settled like a portal code's.
 */
public record PortalEmail(String outboxId, BusinessId businessId, String businessName, EmailAddress to,
                          Option<String> customerName, Kind kind, String secret, Instant expiresAt) implements Email {

    /** The outbox topic of these emails; one of {@link Outbox#SECRET_TOPICS}. */
    public static final String TOPIC = "email.portal_sign_in";

    public enum Kind {
        /** Six characters to type on the portal's sign-in page. */
        PORTAL_CODE,
        /** A link that opens the portal once. */
        PORTAL_LINK,
        /** A link that opens the operator console once; {@code customerName} is none. */
        CONSOLE_LINK;

        String token() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public PortalEmail {
        if (outboxId == null || businessId == null || businessName == null || to == null || customerName == null
                || kind == null || secret == null || secret.isEmpty() || expiresAt == null) {
            throw new IllegalArgumentException("a sign-in email needs every fact, absent ones as Option.none()");
        }
    }

    /** An RFC 5322 message id: the outbox id is unique and stable, the domain part names the sender. */
    public String messageId(String domain) {
        return "<" + outboxId + "." + kind.token() + "@" + domain + ">";
    }

    @Override
    public String masked(String text) {
        return text.replace(secret, "[" + kind.token() + "]");
    }
}

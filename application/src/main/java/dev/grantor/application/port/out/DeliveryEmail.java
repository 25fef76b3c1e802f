package dev.grantor.application.port.out;

import dev.grantor.domain.grant.LicenseKeyValue;
import dev.grantor.domain.shared.EmailAddress;
import dev.grantor.domain.shared.GrantId;
import io.vavr.control.Option;
import java.time.Instant;

/**
 * The facts of one delivery email (shared/spec/email.md); the mail adapter turns them into a message.
 * {@code messageId} is derived from the grant id, so a resend after a crash is the same message.
 * {@code replacedKeySuffix} is present when the key replaces a rotated one: the last four characters of
 * the value it replaces, so the customer recognises which key is dead. {@code resent} marks an email sent
 * again on request (the customer lost the first): a message of its own, as the first one may have been dropped.
 */
public record DeliveryEmail(String outboxId, GrantId grantId, EmailAddress to, Option<String> customerName,
                            String entitlementName, LicenseKeyValue key, Option<Integer> activationsLimit,
                            Option<Instant> expiresAt, Option<String> activationMessage, Option<String> replacedKeySuffix,
                            boolean resent)
        implements Email {

    public DeliveryEmail {
        if (outboxId == null || grantId == null || to == null || customerName == null || entitlementName == null
                || key == null || activationsLimit == null || expiresAt == null || activationMessage == null
                || replacedKeySuffix == null) {
            throw new IllegalArgumentException("a delivery email needs every fact, absent ones as Option.none()");
        }
    }

    /** A delivery sent because the key was delivered or replaced, not because someone asked again. */
    public DeliveryEmail(String outboxId, GrantId grantId, EmailAddress to, Option<String> customerName,
                         String entitlementName, LicenseKeyValue key, Option<Integer> activationsLimit,
                         Option<Instant> expiresAt, Option<String> activationMessage, Option<String> replacedKeySuffix) {
        this(outboxId, grantId, to, customerName, entitlementName, key, activationsLimit, expiresAt, activationMessage,
                replacedKeySuffix, false);
    }

    /** The first delivery of a grant's key. */
    public DeliveryEmail(String outboxId, GrantId grantId, EmailAddress to, Option<String> customerName,
                         String entitlementName, LicenseKeyValue key, Option<Integer> activationsLimit,
                         Option<Instant> expiresAt, Option<String> activationMessage) {
        this(outboxId, grantId, to, customerName, entitlementName, key, activationsLimit, expiresAt, activationMessage,
                Option.none());
    }

    @Override
    public String masked(String text) {
        return text.replace(key.value(), key.masked());
    }

    public boolean replacesAKey() {
        return replacedKeySuffix.isDefined();
    }

    /**
     * An RFC 5322 message id: the grant id is unique and stable, the domain part names the sender. A
     * replacement key's email and a resent one are messages of their own, each stable through its outbox id (so the
     * relay's retries of one resend share an id, and two resends do not).
     */
    public String messageId(String domain) {
        if (resent) {
            return "<" + grantId.value() + ".license-key.resend." + outboxId + "@" + domain + ">";
        }
        return replacesAKey() ? "<" + grantId.value() + "." + outboxId + ".replacement-key@" + domain + ">"
                : "<" + grantId.value() + ".license-key@" + domain + ">";
    }
}

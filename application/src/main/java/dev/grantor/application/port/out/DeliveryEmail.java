package dev.grantor.application.port.out;

import dev.grantor.domain.license.LicenseKeyValue;
import dev.grantor.domain.shared.EmailAddress;
import dev.grantor.domain.shared.GrantId;
import io.vavr.control.Option;
import java.time.Instant;

/**
 * The facts of one delivery email (shared/spec/email.md); the mail adapter turns them into a message.
 * {@code messageId} is derived from the grant id, so a resend after a crash is the same message.
 * {@code replacedKeySuffix} is present when the key replaces a rotated one: the last four characters of
 * the value it replaces, so the customer recognises which key is dead.
 */
public record DeliveryEmail(String outboxId, GrantId grantId, EmailAddress to, Option<String> customerName,
                            String entitlementName, LicenseKeyValue key, Option<Integer> activationsLimit,
                            Option<Instant> expiresAt, Option<String> activationMessage, Option<String> replacedKeySuffix)
        implements Email {

    public DeliveryEmail {
        if (outboxId == null || grantId == null || to == null || customerName == null || entitlementName == null
                || key == null || activationsLimit == null || expiresAt == null || activationMessage == null
                || replacedKeySuffix == null) {
            throw new IllegalArgumentException("a delivery email needs every fact, absent ones as Option.none()");
        }
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
     * replacement key's email is a message of its own, stable through its outbox id.
     */
    public String messageId(String domain) {
        return replacesAKey() ? "<" + grantId.value() + "." + outboxId + ".replacement-key@" + domain + ">"
                : "<" + grantId.value() + ".license-key@" + domain + ">";
    }
}

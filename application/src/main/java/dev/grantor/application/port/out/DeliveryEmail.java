package dev.grantor.application.port.out;

import dev.grantor.domain.license.LicenseKeyValue;
import dev.grantor.domain.shared.EmailAddress;
import dev.grantor.domain.shared.GrantId;
import io.vavr.control.Option;
import java.time.Instant;

/**
 * The facts of one delivery email (shared/spec/email.md); the mail adapter turns them into a message.
 * {@code messageId} is derived from the grant id, so a resend after a crash is the same message.
 */
public record DeliveryEmail(String outboxId, GrantId grantId, EmailAddress to, Option<String> customerName,
                            String entitlementName, LicenseKeyValue key, Option<Integer> activationsLimit,
                            Option<Instant> expiresAt, Option<String> activationMessage) {

    public DeliveryEmail {
        if (outboxId == null || grantId == null || to == null || customerName == null || entitlementName == null
                || key == null || activationsLimit == null || expiresAt == null || activationMessage == null) {
            throw new IllegalArgumentException("a delivery email needs every fact, absent ones as Option.none()");
        }
    }

    /** An RFC 5322 message id: the grant id is unique and stable, the domain part names the sender. */
    public String messageId(String domain) {
        return "<" + grantId.value() + ".license-key@" + domain + ">";
    }
}

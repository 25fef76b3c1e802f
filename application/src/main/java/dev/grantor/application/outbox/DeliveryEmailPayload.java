package dev.grantor.application.outbox;

import dev.grantor.application.json.GrantorJson;
import dev.grantor.application.port.out.DeliveryEmail;
import dev.grantor.domain.grant.LicenseKeyValue;
import dev.grantor.domain.shared.EmailAddress;
import dev.grantor.domain.shared.GrantId;
import io.vavr.control.Option;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The outbox form of a {@link DeliveryEmail}: the facts as JSON, recorded at commit and turned back into
 * an email by the relay, possibly by a later version of the engine, so the fields are named and versioned.
 * The outbox message id is not part of the payload: it is the message's own id. {@code expires_at} is
 * exact, not the millisecond wire form: the email must say what the key says. {@code replaced_key_suffix} is set
 * only on the email that replaces a rotated key; {@code resent} is {@code true} only on an email sent again on
 * request (absent or null reads as false, so payloads written before it existed read as they were written).
 */
public record DeliveryEmailPayload(int version, String grantId, String to, String customerName, String entitlementName,
                                   String licenseKey, Integer activationsLimit, String expiresAt, String activationMessage,
                                   String replacedKeySuffix, Boolean resent) {

    /** The outbox topic of delivery emails. */
    public static final String TOPIC = "email.license_key_delivery";

    static final int VERSION = 1;

    public static String encode(DeliveryEmail email) {
        return GrantorJson.writeWithoutNulls(new DeliveryEmailPayload(VERSION, email.grantId().value(), email.to().value(),
                email.customerName().getOrNull(), email.entitlementName(), email.key().value(),
                email.activationsLimit().getOrNull(), email.expiresAt().map(Instant::toString).getOrNull(),
                email.activationMessage().getOrNull(), email.replacedKeySuffix().getOrNull(),
                email.resent() ? Boolean.TRUE : null));
    }

    /** Throws {@link IllegalArgumentException} for a payload this version cannot read (the relay parks it). */
    public static DeliveryEmail decode(String outboxId, String payload) {
        var fields = GrantorJson.read(payload, DeliveryEmailPayload.class);
        if (fields.version != VERSION) {
            throw new IllegalArgumentException("unknown delivery email payload version");
        }
        try {
            return new DeliveryEmail(
                    outboxId,
                    new GrantId(required(fields.grantId, "grant_id")),
                    new EmailAddress(required(fields.to, "to")),
                    Option.of(fields.customerName),
                    required(fields.entitlementName, "entitlement_name"),
                    new LicenseKeyValue(required(fields.licenseKey, "license_key")),
                    Option.of(fields.activationsLimit),
                    Option.of(fields.expiresAt).map(Instant::parse),
                    Option.of(fields.activationMessage),
                    Option.of(fields.replacedKeySuffix),
                    Boolean.TRUE.equals(fields.resent));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("delivery email payload has a malformed expires_at", e);
        }
    }

    private static String required(String value, String name) {
        if (value == null) {
            throw new IllegalArgumentException("delivery email payload lacks " + name);
        }
        return value;
    }
}

package dev.grantor.application.outbox;

import dev.grantor.application.json.Json;
import dev.grantor.application.port.out.DeliveryEmail;
import dev.grantor.domain.license.LicenseKeyValue;
import dev.grantor.domain.shared.EmailAddress;
import dev.grantor.domain.shared.GrantId;
import io.vavr.control.Option;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The outbox form of a {@link DeliveryEmail}: the facts as JSON, recorded at commit and turned back into
 * an email by the relay, possibly by a later version of the engine, so the fields are named and versioned.
 * The outbox message id is not part of the payload: it is the message's own id.
 */
public final class DeliveryEmailPayload {

    /** The outbox topic of delivery emails. */
    public static final String TOPIC = "email.license_key_delivery";

    static final int VERSION = 1;

    private DeliveryEmailPayload() {}

    public static String encode(DeliveryEmail email) {
        var fields = new LinkedHashMap<String, Object>();
        fields.put("version", VERSION);
        fields.put("grant_id", email.grantId().value());
        fields.put("to", email.to().value());
        fields.put("customer_name", email.customerName().getOrNull());
        fields.put("entitlement_name", email.entitlementName());
        fields.put("license_key", email.key().value());
        fields.put("activations_limit", email.activationsLimit().getOrNull());
        // exact, not the millisecond wire form: the email must say what the key says
        fields.put("expires_at", email.expiresAt().map(Instant::toString).getOrNull());
        fields.put("activation_message", email.activationMessage().getOrNull());
        email.replacedKeySuffix().forEach(suffix -> fields.put("replaced_key_suffix", suffix));
        return Json.write(fields);
    }

    /** Throws {@link IllegalArgumentException} for a payload this version cannot read (the relay parks it). */
    public static DeliveryEmail decode(String outboxId, String payload) {
        if (!(Json.read(payload) instanceof Map<?, ?> fields)) {
            throw new IllegalArgumentException("a delivery email payload is a JSON object");
        }
        if (!(fields.get("version") instanceof Long version) || version != VERSION) {
            throw new IllegalArgumentException("unknown delivery email payload version");
        }
        try {
            return new DeliveryEmail(
                    outboxId,
                    new GrantId(required(fields, "grant_id")),
                    new EmailAddress(required(fields, "to")),
                    optionalText(fields, "customer_name"),
                    required(fields, "entitlement_name"),
                    new LicenseKeyValue(required(fields, "license_key")),
                    optionalInt(fields, "activations_limit"),
                    optionalText(fields, "expires_at").map(Instant::parse),
                    optionalText(fields, "activation_message"),
                    optionalText(fields, "replaced_key_suffix"));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("delivery email payload has a malformed expires_at", e);
        }
    }

    private static String required(Map<?, ?> fields, String name) {
        if (fields.get(name) instanceof String s) {
            return s;
        }
        throw new IllegalArgumentException("delivery email payload lacks " + name);
    }

    private static Option<String> optionalText(Map<?, ?> fields, String name) {
        Object value = fields.get(name);
        if (value == null) {
            return Option.none();
        }
        if (value instanceof String s) {
            return Option.some(s);
        }
        throw new IllegalArgumentException("delivery email payload has a non-text " + name);
    }

    private static Option<Integer> optionalInt(Map<?, ?> fields, String name) {
        Object value = fields.get(name);
        if (value == null) {
            return Option.none();
        }
        if (value instanceof Long n && n >= Integer.MIN_VALUE && n <= Integer.MAX_VALUE) {
            return Option.some(n.intValue());
        }
        throw new IllegalArgumentException("delivery email payload has a malformed " + name);
    }
}

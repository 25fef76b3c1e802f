package dev.grantor.application.outbox;

import dev.grantor.application.json.GrantorJson;
import dev.grantor.application.port.out.PortalEmail;
import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.EmailAddress;
import io.vavr.control.Option;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The outbox form of a {@link PortalEmail}, named and versioned like the delivery email's: the relay of a later
 * engine version must still read it. The outbox message id is the message's own id, not part of the payload.
 */
public record PortalEmailPayload(int version, String businessId, String businessName, String to, String customerName,
                                 String kind, String secret, String expiresAt) {

    /** The outbox topic of portal sign-in emails. */
    public static final String TOPIC = PortalEmail.TOPIC;

    static final int VERSION = 1;

    public static String encode(PortalEmail email) {
        return GrantorJson.write(new PortalEmailPayload(VERSION, email.businessId().value(), email.businessName(),
                email.to().value(), email.customerName().getOrNull(), email.kind().name(), email.secret(),
                email.expiresAt().toString()));
    }

    /** Throws {@link IllegalArgumentException} for a payload this version cannot read (the relay parks it). */
    public static PortalEmail decode(String outboxId, String payload) {
        var fields = GrantorJson.read(payload, PortalEmailPayload.class);
        if (fields.version != VERSION) {
            throw new IllegalArgumentException("unknown sign-in email payload version");
        }
        try {
            return new PortalEmail(outboxId, new BusinessId(required(fields.businessId, "business_id")),
                    required(fields.businessName, "business_name"), new EmailAddress(required(fields.to, "to")),
                    Option.of(fields.customerName), PortalEmail.Kind.valueOf(required(fields.kind, "kind")),
                    required(fields.secret, "secret"), Instant.parse(required(fields.expiresAt, "expires_at")));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("sign-in email payload has a malformed expires_at", e);
        }
    }

    private static String required(String value, String name) {
        if (value == null) {
            throw new IllegalArgumentException("sign-in email payload lacks " + name);
        }
        return value;
    }
}

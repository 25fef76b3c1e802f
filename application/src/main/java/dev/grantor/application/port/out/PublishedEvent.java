package dev.grantor.application.port.out;

import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.GrantId;
import io.vavr.control.Option;
import java.time.Instant;

/**
 * An event leaving the outbox: its stable id, and the envelope JSON exactly as recorded at commit; {@code grantId} the
 * grant it is about, as its outbox message names it ({@link OutboxMessage#grantId()}), for the deliveries made of it.
 */
public record PublishedEvent(String id, BusinessId businessId, String type, Instant occurredAt, String body,
                             Option<GrantId> grantId) {

    public PublishedEvent {
        if (grantId == null) {
            throw new IllegalArgumentException("an event names its grant or none");
        }
    }

    /** An event about no grant. */
    public PublishedEvent(String id, BusinessId businessId, String type, Instant occurredAt, String body) {
        this(id, businessId, type, occurredAt, body, Option.none());
    }
}

package dev.grantor.application.view;

import dev.grantor.application.outbox.EventTopics;
import dev.grantor.domain.grant.GrantorEvent;
import java.time.Instant;

/** The envelope {@code {business_id, type, timestamp, data}} of every event: the outbox row, and the webhook body. */
public record EventEnvelope(String businessId, String type, Instant timestamp, EventPayload data) {

    public static EventEnvelope of(GrantorEvent event, EventPayload data) {
        return new EventEnvelope(event.businessId().value(), EventTopics.of(event), event.occurredAt(), data);
    }
}

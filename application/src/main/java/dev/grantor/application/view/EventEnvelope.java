package dev.grantor.application.view;

import dev.grantor.domain.shared.GrantorEvent;
import java.time.Instant;

/** The envelope {@code {business_id, type, timestamp, data}} of every event: the outbox row, and the webhook body. */
public record EventEnvelope(String businessId, String type, Instant timestamp, EventData data) {

    public static EventEnvelope of(GrantorEvent event, EventData data) {
        return new EventEnvelope(event.businessId().value(), event.type(), event.occurredAt(), data);
    }
}

package dev.grantor.application.port.out;

import dev.grantor.domain.shared.BusinessId;
import io.vavr.control.Option;
import java.time.Instant;

/**
 * A message recorded in the same transaction as the state change that caused it, and sent afterwards by
 * the relay. The payload is JSON written by the engine: for an {@code EVENT} the event envelope
 * {@code {business_id, type, timestamp, data}}, for an {@code EMAIL} the delivery email's fields.
 * The id is stable for the message's whole life, so receivers can drop duplicates. Operators list it through
 * {@code OutboxAdministration.Message}, which leaves the payload here.
 */
public record OutboxMessage(String id, BusinessId businessId, Kind kind, String topic, String payload, Instant createdAt,
                            int attempts, Instant nextAttemptAt, Status status, Option<String> lastError) {

    public enum Kind { EMAIL, EVENT }

    public enum Status { PENDING, SENT, PARKED }

    public OutboxMessage {
        if (id == null || businessId == null || kind == null || topic == null || payload == null || createdAt == null
                || attempts < 0 || nextAttemptAt == null || status == null || lastError == null) {
            throw new IllegalArgumentException("outbox message breaks its structural rules");
        }
    }

    public static OutboxMessage fresh(String id, BusinessId businessId, Kind kind, String topic, String payload, Instant at) {
        return new OutboxMessage(id, businessId, kind, topic, payload, at, 0, at, Status.PENDING, Option.none());
    }
}

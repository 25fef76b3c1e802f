package dev.grantor.application.port.out;

import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.GrantId;
import io.vavr.control.Option;
import java.time.Instant;

/**
 * A message recorded in the same transaction as the state change that caused it, and sent afterwards by
 * the relay. The payload is JSON written by the engine: for an {@code EVENT} the event envelope
 * {@code {business_id, type, timestamp, data}}, for an {@code EMAIL} the delivery email's fields.
 * The id is stable for the message's whole life, so receivers can drop duplicates. Operators list it through
 * {@code OutboxAdministration.Message}, which leaves the payload here. {@code grantId} names the grant the message is
 * about (its delivery email, or an event of its own or of its key), written with the message so a grant's timeline
 * finds its emails and webhook deliveries; none for a message about no grant (a portal sign-in, a pool's stock).
 */
public record OutboxMessage(String id, BusinessId businessId, Kind kind, String topic, String payload, Instant createdAt,
                            int attempts, Instant nextAttemptAt, Status status, Option<String> lastError,
                            Option<GrantId> grantId) {

    public enum Kind { EMAIL, EVENT }

    public enum Status { PENDING, SENT, PARKED }

    public OutboxMessage {
        if (id == null || businessId == null || kind == null || topic == null || payload == null || createdAt == null
                || attempts < 0 || nextAttemptAt == null || status == null || lastError == null || grantId == null) {
            throw new IllegalArgumentException("outbox message breaks its structural rules");
        }
    }

    /** A message about no grant. */
    public OutboxMessage(String id, BusinessId businessId, Kind kind, String topic, String payload, Instant createdAt,
                         int attempts, Instant nextAttemptAt, Status status, Option<String> lastError) {
        this(id, businessId, kind, topic, payload, createdAt, attempts, nextAttemptAt, status, lastError, Option.none());
    }

    public static OutboxMessage fresh(String id, BusinessId businessId, Kind kind, String topic, String payload, Instant at) {
        return new OutboxMessage(id, businessId, kind, topic, payload, at, 0, at, Status.PENDING, Option.none());
    }

    /** This message, about {@code grant} (none: about no grant). */
    public OutboxMessage about(Option<GrantId> grant) {
        return new OutboxMessage(id, businessId, kind, topic, payload, createdAt, attempts, nextAttemptAt, status, lastError, grant);
    }

    /**
     * What a settlement of this message names ({@link Claim}): on a message a claim answered, that claim, its next attempt
     * being the lease's end; on one read otherwise, its schedule as read, which a claim since would have moved.
     */
    public Claim claim() {
        return new Claim(id, nextAttemptAt);
    }

    /** This message with another state, about the same grant: what a store writes when the relay settles it. */
    public OutboxMessage with(Instant nextAttemptAt, int attempts, Status status, Option<String> lastError) {
        return new OutboxMessage(id, businessId, kind, topic, payload, createdAt, attempts, nextAttemptAt, status, lastError, grantId);
    }
}

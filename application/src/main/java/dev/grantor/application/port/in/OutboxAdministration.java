package dev.grantor.application.port.in;

import dev.grantor.application.port.out.OutboxMessage;
import io.vavr.collection.List;

/**
 * For operators: what is waiting (messages, and the webhook deliveries their events became), what was parked, and a
 * way to send a parked message again.
 */
public interface OutboxAdministration {

    List<OutboxMessage> pending(int pageNumber, int pageSize);

    List<OutboxMessage> parked(int pageNumber, int pageSize);

    /**
     * Parked back to pending, due now. False when the id is not a parked message, or is a parked sign-in email, whose
     * secret was erased when it was parked (the customer asks for a new code or link).
     */
    boolean retry(String messageId);

    OutboxDepth depth();

    /** The webhook deliveries the outbox's events fanned out to and the dispatchers have not settled yet. */
    WebhookBacklog webhookBacklog();

    /**
     * A parked message of one business, as its operators see it: what it is, why it stopped, and whether
     * {@link #retry(dev.grantor.domain.shared.BusinessId, String)} can send it again (not a sign-in email, whose secret
     * was erased when it was parked).
     */
    record ParkedMessage(String id, String kind, String topic, java.time.Instant createdAt, int attempts,
                         io.vavr.control.Option<String> lastError, boolean retryable) {}

    /** The business's parked messages, oldest first, at most {@code limit} (among the first 1,000 parked). */
    List<ParkedMessage> parked(dev.grantor.domain.shared.BusinessId business, int limit);

    /** {@link #retry(String)} for a message of this business only; false for another business's message. */
    boolean retry(dev.grantor.domain.shared.BusinessId business, String messageId);
}

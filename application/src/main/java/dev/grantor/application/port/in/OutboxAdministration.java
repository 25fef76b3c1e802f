package dev.grantor.application.port.in;

import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.GrantId;
import io.vavr.collection.List;
import io.vavr.control.Option;
import java.time.Instant;

/**
 * For operators: what is waiting (messages, and the webhook deliveries their events became), what was parked, and a
 * way to send a parked message again.
 */
public interface OutboxAdministration {

    /**
     * A message waiting in the outbox or parked there, as an operator sees it: what it is, where it stands, why it last
     * failed. Never its payload, which the store keeps: an email's holds a license key, a sign-in email's a code or link.
     */
    record Message(String id, BusinessId businessId, Kind kind, String topic, Instant createdAt, int attempts,
                   Instant nextAttemptAt, Status status, Option<String> lastError) {

        public enum Kind { EMAIL, EVENT }

        public enum Status { PENDING, SENT, PARKED }
    }

    /** Newest first, zero-based pages of at most 100 (out-of-range paging is clamped). */
    List<Message> pending(int pageNumber, int pageSize);

    /** {@link #pending}'s order and paging, for the parked messages. */
    List<Message> parked(int pageNumber, int pageSize);

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

    /** What {@link #sendNow} did, or why it did nothing. */
    enum SendNow {
        /** It waited for its retry and is due now: the relay sends it on its next pass. */
        DUE_NOW,
        /** Due already: the relay's next pass takes it. */
        ALREADY_DUE,
        /** A relay is sending it right now (or writing down how its attempt went): left alone. */
        BEING_SENT,
        SENT,
        /** Given up on: {@link #retry} puts it back in line. */
        PARKED,
        /** No such message, or another business's. */
        NOT_FOUND
    }

    /**
     * A pending message of this business waiting for its retry after a failed attempt, due now, its attempts and last
     * error kept; the local relay is woken when the change commits. One a relay is sending is never touched: its attempt
     * is under way, and making it due would let a second relay send it too. Its own unit of work, or the caller's, so
     * that an operator's record of it commits with it.
     */
    SendNow sendNow(BusinessId business, String messageId);

    /** {@link #sendNow(BusinessId, String)} for a message of any business: the command line's. */
    SendNow sendNow(String messageId);

    /**
     * What a message is and the grant it is about, as the store wrote them with it: an operator's record of an action on
     * the message ({@link #sendNow}, {@link #retry}) is filed under that grant, so the grant's timeline lists it. None
     * for a grant: a sign-in email, a portal code, a key pool's event.
     */
    record About(Message.Kind kind, Option<GrantId> grant) {}

    /** {@link About} a message of this business; none for an unknown id or another business's message. */
    Option<About> about(BusinessId business, String messageId);
}

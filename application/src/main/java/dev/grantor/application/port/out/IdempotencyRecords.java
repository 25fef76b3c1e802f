package dev.grantor.application.port.out;

import dev.grantor.domain.shared.BusinessId;
import java.time.Duration;
import java.time.Instant;

/**
 * Stored responses keyed by (business, idempotency key), so a retried request gets the first answer and
 * not a second side effect. Claiming is atomic: of two concurrent requests with one key, one claims it. A key is text
 * of up to 333 characters, not only ASCII: the REST adapter names a public license call's records with a scope that
 * begins outside ASCII, the license key's digest and the caller's key of up to 255, and the records of an answer that
 * carries a sign-in secret with another such scope and a digest of the caller's key. A response's body is text the
 * caller chose, JSON or not (such an answer's is sealed): a store keeps it as it is given.
 */
public interface IdempotencyRecords {

    record StoredResponse(int status, String body) {}

    sealed interface Claim {
        /** The caller owns the key now and must {@link #complete} or {@link #release} it. */
        record Claimed() implements Claim {}

        /** The same request completed before: answer with its stored response. */
        record Replay(StoredResponse response) implements Claim {}

        /** The same key is being worked on by another request right now. */
        record InProgress() implements Claim {}

        /**
         * The key was used for a different request (method, path, query or body differ), whether that request completed or is
         * still in progress: http-api.md answers 409 {@code IDEMPOTENCY_KEY_REUSED} to both.
         */
        record Mismatch() implements Claim {}
    }

    /**
     * Claims the key for a request identified by {@code fingerprint}. Records older than {@code ttl} are
     * forgotten, and so is a claim never completed within {@code ttl} of being made; a record exactly {@code ttl} old
     * still answers, as {@link #forgetClaimedBefore}{@code (now - ttl)} keeps it. A claim of the same request
     * neither completed nor released within {@code abandonedAfter} was abandoned (its node stopped after the work and
     * before the answer was stored): from exactly {@code abandonedAfter} after it, the same request takes it over, and of
     * several doing so at once exactly one does.
     */
    Claim claim(BusinessId business, String key, String fingerprint, Instant now, Duration ttl, Duration abandonedAfter);

    void complete(BusinessId business, String key, StoredResponse response, Instant at);

    /** Forgets a claim whose request ended in a server error, so a retry runs again. */
    void release(BusinessId business, String key);

    /**
     * Deletes up to {@code limit} records claimed before {@code cutoff} (completed or not), the oldest first; answers how
     * many. A claim would have forgotten them anyway ({@link #claim}); this keeps the keys nobody sends again from
     * staying for good, each with its stored response. Runs as a unit of its own.
     */
    int forgetClaimedBefore(Instant cutoff, int limit);
}

package dev.grantor.application.port.in;

import dev.grantor.domain.shared.BusinessId;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Requests that take effect at most once per idempotency key of a business: the first request with a key
 * claims it and, once answered, stores its response; the same request again gets that response back; a
 * different request with the key is told so. Of two concurrent requests with one key, one claims it.
 *
 * <p>What a request is and what its response holds is the caller's business (an HTTP host fingerprints
 * method, path, query and body, and stores status and body, sealed under the caller's key where the body holds a
 * sign-in secret); the engine keeps the records and decides nothing else.
 */
public interface IdempotentRequests {

    record StoredResponse(int status, String body) {
        public StoredResponse {
            if (body == null) {
                throw new IllegalArgumentException("a stored response has a body, empty if need be");
            }
        }
    }

    sealed interface Claim {
        /**
         * The caller owns the key now and must settle it: {@link #runClaimed} runs the request and settles the claim
         * with it (what the REST API does); {@link #complete} and {@link #release} settle it apart from the work.
         */
        record Claimed() implements Claim {}

        /** The same request completed before: answer with its stored response. */
        record Replay(StoredResponse response) implements Claim {}

        /** The same key is being worked on by another request right now. */
        record InProgress() implements Claim {}

        /** The key was used for a different request. */
        record Mismatch() implements Claim {}
    }

    /**
     * Claims {@code key} for the request identified by {@code fingerprint}. Records older than {@code ttl} are
     * forgotten, and so is a claim never completed within {@code ttl} of being made.
     */
    Claim claim(BusinessId business, String key, String fingerprint, Duration ttl);

    /**
     * Runs a claimed request's {@code work} and settles the claim. A {@code Right} result took effect: its response
     * (what {@code response} gives for it) is stored in the same unit of work as the work, so a node that stops
     * between the two leaves neither, and the request runs again when retried. A {@code Left} result's unit is taken
     * back; its response, if {@code response} gives one (a refusal the same request would meet again), is stored
     * after it, and without one (a failure a retry is meant to get past) the claim is released. A {@code work} that
     * throws is taken back and releases the claim. The records are kept in the store whose units the work runs in.
     */
    <A> A runClaimed(BusinessId business, String key, Supplier<Either<A, A>> work,
                     Function<A, Option<StoredResponse>> response);

    /** Stores the response of a claimed request, for every retry of it within the time to live. */
    void complete(BusinessId business, String key, StoredResponse response);

    /** Forgets a claim whose request should run again when retried (it failed on the server's side). */
    void release(BusinessId business, String key);
}

package dev.grantor.adapter.rest;

import dev.grantor.application.port.in.IdempotentRequests;
import dev.grantor.application.port.in.IdempotentRequests.Claim;
import dev.grantor.application.port.in.IdempotentRequests.StoredResponse;
import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.ErrorCode;
import dev.grantor.domain.shared.GrantorError.FieldProblem;
import io.vavr.collection.List;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a write at most once per {@code Idempotency-Key}: the first request with a key runs and its answer
 * is stored (a success in the same unit of work as what it did, so a stop in between leaves neither; not an error a
 * retry is meant to get past, a server error or a 429, whose retry after the wait must run the work rather than read
 * the refusal back); the same request again gets the stored answer; a different request with that key gets
 * {@code IDEMPOTENCY_KEY_REUSED}.
 *
 * <p>What makes two requests the same (method, path, query and body), what is stored (status and body, sealed for a
 * route whose answer carries a sign-in secret) and under which name are decided here, as HTTP concerns; the engine's
 * {@link IdempotentRequests} keeps the records on its own clock and stores text.
 */
final class IdempotentExecution {

    private static final Logger log = LoggerFactory.getLogger(IdempotentExecution.class);

    static final String HEADER = "Idempotency-Key";
    static final int MAX_KEY_LENGTH = 255;
    /**
     * Begins the stored key of a public call's record: outside the printable ASCII a caller's key is made of, so no
     * merchant's key of the same business can name a license key's record.
     */
    static final String LICENSE_KEY_SCOPE = "\u00a7license_key:";

    /** How long a request waits for a concurrent one with the same key before answering 409. */
    private static final Duration WAIT_FOR_CONCURRENT = Duration.ofSeconds(2);
    private static final long POLL_MILLIS = 20;

    private final IdempotentRequests requests;
    private final Duration ttl;

    IdempotentExecution(IdempotentRequests requests, Duration ttl) {
        this.requests = requests;
        this.ttl = ttl;
    }

    static boolean isWellFormed(String key) {
        if (key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
            return false;
        }
        return key.chars().allMatch(c -> c >= 0x20 && c <= 0x7e);
    }

    /** {@code source}: the header, or the body field the key came in. */
    static Reply malformedKey(String source) {
        return ErrorReplies.of(ErrorCode.INVALID_REQUEST, source + " must be 1 to " + MAX_KEY_LENGTH + " printable characters",
                List.of(new FieldProblem(source, "must be 1 to " + MAX_KEY_LENGTH + " printable ASCII characters")));
    }

    /**
     * The text of a JSON object body's {@code field}, or null when there is none (absent, null, not a string, or a body
     * that is no JSON object: the operation reports those as it reads the body).
     */
    static String keyInBody(byte[] body, String field) {
        var node = WireJson.read(body);
        var value = node == null ? null : node.get(field);
        return value != null && value.isTextual() ? value.textValue() : null;
    }

    /**
     * {@code query}: the request's query string (null: none), part of what makes it the same request, as a query
     * parameter may change the answer (the portal session's {@code return_url}). {@code inSteps}: the work commits units
     * of its own ({@link Route#inSteps}); its answer is stored after them. {@code sealed}: the answer is stored sealed
     * under the caller's key, in a record named by the key's digest ({@link Route#sealsAnswer}).
     */
    Reply run(BusinessId business, String key, String method, String path, String query, byte[] body, boolean inSteps,
              boolean sealed, Supplier<Reply> work) {
        var keeping = sealed ? new Keeping.Sealed(AnswerSeal.of(business, key)) : Keeping.AS_SENT;
        return run(business, keeping.record(key), fingerprint(method, path, query, body), inSteps, keeping, work, replayed -> { });
    }

    /**
     * A public call's request, which has no API key: its records are its license key's, kept under the business that
     * holds that key and named by the key's digest ({@code licenseKeyDigest}) with the caller's {@code key}. Only a
     * caller who sends that license key again reaches them, and another license key's caller with the same
     * idempotency key has records of its own. {@code replayed} hears of an answer given from the store.
     */
    Reply runForLicenseKey(BusinessId business, String licenseKeyDigest, String key, String method, String path, byte[] body,
                           Supplier<Reply> work, Consumer<Reply> replayed) {
        return run(business, LICENSE_KEY_SCOPE + licenseKeyDigest + ":" + key, fingerprint(method, path, null, body), false,
                Keeping.AS_SENT, work, replayed);
    }

    /**
     * What makes two requests the same. A digest of the body and of the query string, so the stored fingerprint shows
     * neither; without a query it is what it was before the query counted, so a record stored then still answers.
     */
    static String fingerprint(String method, String path, String query, byte[] body) {
        String request = method + " " + path + " " + sha256(body);
        return query == null || query.isEmpty() ? request : request + " " + sha256(query);
    }

    private Reply run(BusinessId business, String key, String fingerprint, boolean inSteps, Keeping keeping,
                      Supplier<Reply> work, Consumer<Reply> replayed) {
        long deadline = System.nanoTime() + WAIT_FOR_CONCURRENT.toNanos();
        while (true) {
            Claim claim = requests.claim(business, key, fingerprint, ttl);
            switch (claim) {
                case Claim.Claimed claimed -> {
                    return inSteps ? runClaimedInSteps(business, key, keeping, work) : runClaimed(business, key, keeping, work);
                }
                case Claim.Replay replay -> {
                    var reply = keeping.replay(replay.response());
                    if (reply.isEmpty()) {
                        log.error("the stored answer of an idempotent request does not open under its key");
                        return ErrorReplies.internal();
                    }
                    replayed.accept(reply.get());
                    return reply.get();
                }
                case Claim.Mismatch mismatch -> {
                    return ErrorReplies.of(TransportError.IDEMPOTENCY_KEY_REUSED,
                            "this Idempotency-Key was used for a different request (method, path, query or body differ)");
                }
                case Claim.InProgress inProgress -> {
                    if (System.nanoTime() > deadline) {
                        return ErrorReplies.of(TransportError.IDEMPOTENCY_KEY_REUSED,
                                "a request with this Idempotency-Key is still in progress");
                    }
                    pause();
                }
            }
        }
    }

    private Reply runClaimed(BusinessId business, String key, Keeping keeping, Supplier<Reply> work) {
        return requests.runClaimed(business, key, () -> {
            Reply reply = work.get();
            // only a success changed anything: a refusal's unit is taken back whatever it did on the way to it
            return reply.status() / 100 == 2 ? Either.right(reply) : Either.left(reply);
        }, reply -> reply.invitesRetry() ? Option.none() : Option.some(keeping.stored(reply)));
    }

    /**
     * The work's own units commit as it goes, and its answer is stored once it is known, in a unit of its own; the key
     * stays claimed meanwhile, so the same request waits and then gets 409 as it would. A node that stops in between
     * leaves the key claimed until it counts as abandoned: the same request then runs again over what was committed.
     */
    private Reply runClaimedInSteps(BusinessId business, String key, Keeping keeping, Supplier<Reply> work) {
        Reply reply;
        try {
            reply = work.get();
        } catch (RuntimeException | Error e) {
            requests.release(business, key);
            throw e;
        }
        if (reply.invitesRetry()) {
            requests.release(business, key);
        } else {
            requests.complete(business, key, keeping.stored(reply));
        }
        return reply;
    }

    /** How a request's record is named and its answer kept. */
    private sealed interface Keeping {

        Keeping AS_SENT = new AsSent();

        String record(String callerKey);

        StoredResponse stored(Reply reply);

        /** The stored answer as the first caller received it; none when it does not open. */
        Option<Reply> replay(StoredResponse stored);

        /** Under the caller's key, the answer as it was. */
        record AsSent() implements Keeping {
            @Override
            public String record(String callerKey) {
                return callerKey;
            }

            @Override
            public StoredResponse stored(Reply reply) {
                return new StoredResponse(reply.status(), reply.body());
            }

            @Override
            public Option<Reply> replay(StoredResponse stored) {
                return Option.some(new Reply(stored.status(), Reply.JSON, stored.body()));
            }
        }

        /** Under the digest of the caller's key, the answer sealed under the key. */
        record Sealed(AnswerSeal seal) implements Keeping {
            @Override
            public String record(String callerKey) {
                return seal.record();
            }

            @Override
            public StoredResponse stored(Reply reply) {
                return new StoredResponse(reply.status(), seal.seal(reply.status(), reply.body()));
            }

            @Override
            public Option<Reply> replay(StoredResponse stored) {
                return seal.open(stored.status(), stored.body()).map(body -> new Reply(stored.status(), Reply.JSON, body));
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a concurrent request with the same key", e);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    static String sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }
}

package dev.grantor.adapter.rest;

import dev.grantor.adapter.rest.Route.Guard;
import dev.grantor.adapter.rest.TokenBuckets.Decision;
import dev.grantor.application.port.in.Access;
import dev.grantor.application.port.in.Access.Caller;
import dev.grantor.application.port.in.ClientNetwork;
import dev.grantor.application.port.in.KeyPoolManagement;
import dev.grantor.domain.shared.ErrorCode;
import dev.grantor.domain.shared.GrantorError;
import dev.grantor.domain.shared.GrantorError.ValidationFailed;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.vavr.control.Either;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every request goes through before its operation runs, in the contract's order: the API key (401),
 * the rate limit (429), write permission (403), the body's size (413) and media type (415), then the
 * idempotency key; and how every reply is written, {@code x-should-retry} included.
 */
final class RequestPipeline {

    static final String ROUTE_ATTRIBUTE = "grantor.route";
    /** Set once the pipeline reads a request's body: an answer without it may leave the body unread. */
    private static final String BODY_READ = "grantor.body-read";

    private static final Logger log = LoggerFactory.getLogger(RequestPipeline.class);
    private static final byte[] NO_BODY = new byte[0];
    /** How many times the body limit a refused sender may still write before its connection is cut unread. */
    private static final int DRAIN_FACTOR = 16;
    /** Javalin's default minimum size for compressing an answer ({@code CompressionStrategy}'s 1500 bytes). */
    static final int NEVER_COMPRESSED_BELOW = 1500;

    private final Access access;
    private final TokenBuckets merchantBuckets;
    private final TokenBuckets licenseBuckets;
    private final TokenBuckets keyGuessBuckets;
    private final IdempotentExecution idempotency;
    private final int maxBodyBytes;
    private final RecentTokens recentTokens = new RecentTokens();

    /**
     * {@code keyGuessBuckets} limit failed authentications per client address, so that API keys cannot be
     * guessed faster than license keys can.
     */
    RequestPipeline(Access access, TokenBuckets merchantBuckets, TokenBuckets licenseBuckets, TokenBuckets keyGuessBuckets,
                    IdempotentExecution idempotency, int maxBodyBytes) {
        this.access = access;
        this.merchantBuckets = merchantBuckets;
        this.licenseBuckets = licenseBuckets;
        this.keyGuessBuckets = keyGuessBuckets;
        this.idempotency = idempotency;
        this.maxBodyBytes = maxBodyBytes;
    }

    void handle(Route route, Context ctx) {
        ctx.attribute(ROUTE_ATTRIBUTE, route.path());
        Reply reply;
        try {
            reply = process(route, ctx);
        } catch (RuntimeException e) {
            log.error("unexpected failure in {} {}", route.method(), route.path(), e);
            reply = ErrorReplies.internal();
        }
        if (ctx.attribute(BODY_READ) == null && declaresBody(ctx)) {
            // refused before its body was read (401, 403, 429, ...)
            ctx.header("Connection", "close");
        }
        write(ctx, reply);
    }

    /**
     * Whether a request that is answered without its body being read came with one. Jetty closes such a connection once
     * the answer is sent unless the body had already arrived, and without saying so, so a client that reuses it (every
     * SDK keeps connections alive) found it closed under its next request; the answer says so instead. Reading the body
     * first is no way out: a sender that declares more than it sends would hold the request open.
     */
    static boolean declaresBody(Context ctx) {
        return ctx.req().getContentLengthLong() > 0 || ctx.req().getHeader("Transfer-Encoding") != null;
    }

    private Reply process(Route route, Context ctx) {
        Caller caller = null;
        switch (route.guard()) {
            case MERCHANT_READ, MERCHANT_WRITE -> {
                Either<Reply, Caller> authorized = authorize(route.guard(), ctx);
                if (authorized.isLeft()) {
                    return authorized.getLeft();
                }
                caller = authorized.get();
            }
            case PUBLIC_LICENSE -> {
                Reply limited = limit(licenseBuckets, ClientNetwork.of(ctx.ip()));
                if (limited != null) {
                    return limited;
                }
            }
            case OPERATIONS -> {
                // open to probes and scrapers
            }
        }
        Either<Reply, byte[]> body = readBody(route, ctx);
        if (body.isLeft()) {
            return body.getLeft();
        }
        Call call = Call.of(caller, ctx, body.get());
        // merchant endpoints are where query parameters filter and page; the others read none
        String repeated = caller == null ? null : call.repeatedQueryParameter();
        if (repeated != null) {
            return ErrorReplies.of(ValidationFailed.of(repeated, "is given more than once; give it once"));
        }
        String key = ctx.header(IdempotentExecution.HEADER);
        String keySource = IdempotentExecution.HEADER;
        if (key == null && route.keyField() != null) {
            key = IdempotentExecution.keyInBody(call.body(), route.keyField());
            keySource = route.keyField();
        }
        // a read that needs a read-write key (the webhook secret) changes nothing, and its answer must not be stored
        if (key == null || route.guard() != Guard.MERCHANT_WRITE || route.method() == HandlerType.GET) {
            return route.operation().handle(call);
        }
        if (!IdempotentExecution.isWellFormed(key)) {
            return IdempotentExecution.malformedKey(keySource);
        }
        return idempotency.run(caller.business(), key, route.method().name(), ctx.path(), ctx.queryString(), call.body(),
                route.inSteps(), route.sealsAnswer(), () -> route.operation().handle(call));
    }

    /**
     * The caller of a merchant endpoint: one Authorization header (400), a known key (401), within its rate (429), allowed
     * to write if need be (403).
     * An address over its failed-login limit gets its 429 before any lookup, unless it presents a key that
     * authenticated lately: guessing then costs the guesser a refusal and the server one digest, while a merchant
     * whose key works goes on working from the same address.
     */
    private Either<Reply, Caller> authorize(Guard guard, Context ctx) {
        if (java.util.Collections.list(ctx.req().getHeaders("Authorization")).size() > 1) {
            // which one would count depends on who reads the headers: refuse rather than guess
            return Either.left(ErrorReplies.of(ErrorCode.INVALID_REQUEST, "the request has more than one Authorization header"));
        }
        String token = bearerToken(ctx);
        String address = ClientNetwork.of(ctx.ip());
        // keyed by a hash, so no token outlives its request in memory
        String digest = token == null ? null : IdempotentExecution.sha256(token);
        if (keyGuessBuckets.peek(address) instanceof Decision.Refused refused
                && (digest == null || !recentTokens.contains(digest))) {
            return Either.left(rateLimited(refused));
        }
        var authenticated = token == null
                ? Either.<GrantorError, Caller>left(new GrantorError.Unauthorized())
                : access.authenticate(token);
        if (authenticated.isLeft()) {
            Reply limited = limit(keyGuessBuckets, address);
            return Either.left(limited != null ? limited : ErrorReplies.of(authenticated.getLeft()));
        }
        recentTokens.remember(digest);
        Reply limited = limit(merchantBuckets, digest);
        if (limited != null) {
            return Either.left(limited);
        }
        Caller caller = authenticated.get();
        return guard == Guard.MERCHANT_WRITE ? caller.mayWrite().mapLeft(ErrorReplies::of) : Either.right(caller);
    }

    /** The token of {@code Authorization: Bearer <token>}, or null when there is none. */
    private static String bearerToken(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || header.length() < 7 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = header.substring(7).strip();
        return token.isEmpty() ? null : token;
    }

    private static Reply limit(TokenBuckets buckets, String caller) {
        return buckets.take(caller) instanceof Decision.Refused refused ? rateLimited(refused) : null;
    }

    static Reply rateLimited(Decision.Refused refused) {
        long seconds = Math.max(1, (refused.retryAfter().toMillis() + 999) / 1000);
        return ErrorReplies.of(ErrorCode.RATE_LIMITED, "too many requests; retry after " + seconds + " s").retryAfter(seconds);
    }

    private Either<Reply, byte[]> readBody(Route route, Context ctx) {
        ctx.attribute(BODY_READ, Boolean.TRUE);
        if (route.method() == HandlerType.GET) {
            return Either.right(NO_BODY);
        }
        boolean keyFile = route.body() == Route.Body.KEY_FILE;
        int limit = keyFile ? Math.max(maxBodyBytes, KeyPoolManagement.MAX_IMPORT_BYTES) : maxBodyBytes;
        long declared = ctx.req().getContentLengthLong();
        byte[] bytes;
        try (InputStream in = ctx.req().getInputStream()) {
            if (declared > limit) {
                return Either.left(tooLarge(in, limit));
            }
            // a declared length is the whole body (Jetty holds the sender to it), so exactly that is allocated; reading up to
            // the limit instead cost every request a 16 KB buffer and a copy
            bytes = declared >= 0 ? in.readNBytes((int) declared) : in.readNBytes(limit + 1);
            if (bytes.length > limit) {
                return Either.left(tooLarge(in, limit));
            }
        } catch (IOException e) {
            return Either.left(ErrorReplies.of(ErrorCode.INVALID_REQUEST, "the request body could not be read"));
        }
        String mediaType = Call.mediaType(ctx.header("Content-Type"));
        if (bytes.length > 0 && !mediaType.equals("application/json")
                && !(keyFile && (mediaType.equals("text/plain") || mediaType.equals("text/csv")))) {
            return Either.left(ErrorReplies.of(TransportError.UNSUPPORTED_MEDIA_TYPE, keyFile
                    ? "the request body must be application/json, text/plain or text/csv"
                    : "the request body must be application/json"));
        }
        return Either.right(bytes);
    }

    /**
     * Reads and discards a bounded remainder of the refused body first: a server that closes a connection with
     * unread bytes in its receive buffer makes the kernel send a reset, and the client, still writing, loses the 413
     * it was about to read. Past the bound the connection is closed unread, as for any abusive sender.
     */
    private static Reply tooLarge(InputStream in, int limit) {
        long budget = DRAIN_FACTOR * (long) limit;
        try {
            while (budget > 0) {
                long skipped = in.skip(budget);
                if (skipped <= 0) {
                    if (in.read() < 0) {
                        break;
                    }
                    skipped = 1;
                }
                budget -= skipped;
            }
        } catch (IOException e) {
            // The sender hung up mid-body; the reply below is still the truthful answer for anyone listening.
        }
        return ErrorReplies.of(TransportError.PAYLOAD_TOO_LARGE, "the request body is over " + limit + " bytes");
    }

    static void write(Context ctx, Reply reply) {
        ctx.status(reply.status());
        if (!ErrorReplies.retryable(reply.status())) {
            ctx.header("x-should-retry", "false");
        }
        if (reply.status() == 401) {
            ctx.header("WWW-Authenticate", "Bearer");
        }
        if (reply.retryAfterSeconds() > 0) {
            ctx.header("retry-after", Long.toString(reply.retryAfterSeconds()));
        }
        ctx.contentType(reply.contentType());
        byte[] body = reply.body().isEmpty() ? NO_BODY : reply.body().getBytes(StandardCharsets.UTF_8);
        if (body.length >= NEVER_COMPRESSED_BELOW || ctx.method() == HandlerType.HEAD) {
            ctx.result(body);
            return;
        }
        // Javalin would copy a result through a fresh 32 KB buffer and weigh compression (a header scan), which it never
        // applies below this size: most answers (a validation, an error) are a few hundred bytes, so they go out as they are
        ctx.res().setContentLength(body.length);
        try {
            ctx.res().getOutputStream().write(body);
        } catch (IOException hungUp) {
            log.debug("the client left before its answer was written", hungUp);
        }
    }
}

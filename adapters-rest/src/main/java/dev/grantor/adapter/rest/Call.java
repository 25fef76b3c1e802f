package dev.grantor.adapter.rest;

import dev.grantor.application.port.in.Access.Caller;
import dev.grantor.application.port.in.Actor;
import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.GrantorError;
import dev.grantor.domain.shared.GrantorError.ValidationFailed;
import io.javalin.http.Context;
import io.vavr.control.Either;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * One request as an operation sees it: who calls, the path and query parameters, the body bytes and their media type,
 * the loopback origin of the port the request came in on (what a link names without a public URL: never the request's
 * {@code Host} header, which anyone sets), and its {@code Idempotency-Key} header (null: none),
 * which the pipeline honours for merchant writes and the public routes read once they know whose license key it is.
 */
record Call(Caller caller, Map<String, String> pathParams, Map<String, java.util.List<String>> queryParams, byte[] body,
            String mediaType, String loopbackOrigin, String idempotencyKey) {

    static Call of(Caller caller, Context ctx, byte[] body) {
        return new Call(caller, ctx.pathParamMap(), ctx.queryParamMap(), body, mediaType(ctx.header("Content-Type")),
                "http://127.0.0.1:" + ctx.req().getLocalPort(), ctx.header(IdempotentExecution.HEADER));
    }

    /** The media type of a {@code Content-Type} header, lower case, without parameters; empty when there is none. */
    static String mediaType(String contentType) {
        if (contentType == null) {
            return "";
        }
        int parameters = contentType.indexOf(';');
        return (parameters < 0 ? contentType : contentType.substring(0, parameters)).strip().toLowerCase(java.util.Locale.ROOT);
    }

    BusinessId business() {
        if (caller == null) {
            throw new IllegalStateException("an endpoint without an API key has no business");
        }
        return caller.business();
    }

    /** Who the audit trail says made a change this call asks for: the API key it came with. */
    Actor actor() {
        if (caller == null) {
            throw new IllegalStateException("an endpoint without an API key has no actor");
        }
        return new Actor.ApiKey(caller.apiKeyId());
    }

    String path(String name) {
        return pathParams.get(name);
    }

    /**
     * The first value of a query parameter, or null. An empty value ({@code ?license_key_id=}) is absent too: it is
     * what the official SDKs send for a parameter set to {@code null}, which their types allow for some filters and
     * which means "no filter", not "match the empty id".
     */
    String query(String name) {
        var values = queryParams.get(name);
        return values == null || values.isEmpty() || values.getFirst().isEmpty() ? null : values.getFirst();
    }

    /**
     * The first query parameter given more than once, or null. {@link #query} reads one value, so
     * {@code ?status=pending&status=delivered} answered the pending grants alone to a caller who meant either, and
     * {@code ?page_size=1&page_size=500} passed the bound it broke; the official SDKs send each parameter once.
     */
    String repeatedQueryParameter() {
        return queryParams.entrySet().stream().filter(parameter -> parameter.getValue().size() > 1).map(Map.Entry::getKey)
                .sorted().findFirst().orElse(null);
    }

    /** Absent: null. Present: a base-10 integer, or {@code VALIDATION_FAILED}. Ranges are the use case's. */
    Either<GrantorError, Integer> queryInteger(String name) {
        String raw = query(name);
        if (raw == null) {
            return Either.right(null);
        }
        try {
            return Either.right(Integer.parseInt(raw.strip()));
        } catch (NumberFormatException e) {
            return Either.left(ValidationFailed.of(name, "must be an integer"));
        }
    }

    /** Absent: null. Present: ISO-8601 with an offset, or {@code VALIDATION_FAILED} naming the parameter. */
    Either<GrantorError, OffsetDateTime> queryTimestamp(String name) {
        String raw = query(name);
        if (raw == null) {
            return Either.right(null);
        }
        try {
            return Either.right(OffsetDateTime.parse(raw.strip(), DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        } catch (DateTimeParseException e) {
            return Either.left(ValidationFailed.of(name, "must be an ISO-8601 timestamp with an offset, such as 2027-01-01T00:00:00Z"));
        }
    }

    Either<GrantorError, BodyFields> fields() {
        return BodyFields.of(body);
    }
}

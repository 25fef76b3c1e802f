package dev.grantor.adapter.rest;

import dev.grantor.domain.shared.ErrorCode;
import dev.grantor.domain.shared.GrantorError;
import dev.grantor.domain.shared.GrantorError.FieldProblem;
import io.vavr.collection.List;
import java.util.LinkedHashMap;
import java.util.Map;

/** Errors on the wire: {@code {code, message, details?}} with the status the contract gives each code. */
final class ErrorReplies {

    private ErrorReplies() {}

    /** The one place a code meets its HTTP status. */
    static int status(ErrorCode code) {
        return switch (code) {
            case INVALID_REQUEST, NOT_A_LICENSE_KEY_GRANT -> 400;
            case UNAUTHORIZED -> 401;
            case FORBIDDEN, INACTIVE_LICENSE_KEY -> 403;
            case NOT_FOUND, LICENSE_KEY_NOT_FOUND -> 404;
            case GRANT_NOT_PENDING, LICENSE_KEY_ALREADY_EXISTS, IDEMPOTENCY_KEY_REUSED, SIGNING_KEY_IN_USE -> 409;
            case PAYLOAD_TOO_LARGE -> 413;
            case UNSUPPORTED_MEDIA_TYPE -> 415;
            case VALIDATION_FAILED, NOT_MANUAL_FULFILLMENT, NO_EXPIRY_ON_SUBSCRIPTION_LICENSE_KEYS,
                 LICENSE_KEY_LIMIT_REACHED -> 422;
            case RATE_LIMITED -> 429;
            case INTERNAL_ERROR -> 500;
        };
    }

    /** Whether the official SDKs may retry: everything but 4xx, except 408 and 429. */
    static boolean retryable(int status) {
        return status < 400 || status >= 500 || status == 408 || status == 429;
    }

    static Reply of(GrantorError error) {
        List<FieldProblem> details = switch (error) {
            case GrantorError.InvalidRequest invalid -> invalid.details();
            case GrantorError.ValidationFailed failed -> failed.details();
            default -> List.empty();
        };
        return of(error.code(), error.message(), details);
    }

    static Reply of(ErrorCode code, String message) {
        return of(code, message, List.empty());
    }

    static Reply of(ErrorCode code, String message, List<FieldProblem> details) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", code.name());
        body.put("message", message);
        if (!details.isEmpty()) {
            body.put("details", details.map(d -> {
                Map<String, Object> detail = new LinkedHashMap<>();
                detail.put("field", d.field());
                detail.put("message", d.message());
                return detail;
            }).toJavaList());
        }
        return Reply.json(status(code), body);
    }

    static Reply internal() {
        return of(ErrorCode.INTERNAL_ERROR, "an unexpected error occurred; the request id identifies it in the service's log");
    }
}

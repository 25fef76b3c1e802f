package dev.grantor.adapter.rest;

import dev.grantor.application.view.ErrorStatus;
import dev.grantor.domain.shared.ErrorCode;
import dev.grantor.domain.shared.GrantorError;
import dev.grantor.domain.shared.GrantorError.FieldProblem;
import io.vavr.collection.List;
import com.fasterxml.jackson.annotation.JsonInclude;

/** Errors on the wire: {@code {code, message, details?}} with the status the contract gives each code. */
final class ErrorReplies {

    private static final WireFields FIELDS = WireFields.of(RestApi.UseCases.class);

    private ErrorReplies() {}

    /** Whether the official SDKs may retry: everything but 4xx, except 408 and 429. */
    static boolean retryable(int status) {
        return status < 400 || status >= 500 || status == 408 || status == 429;
    }

    static Reply of(GrantorError error) {
        List<FieldProblem> details = switch (error) {
            case GrantorError.InvalidRequest invalid -> invalid.details();
            case GrantorError.ValidationFailed failed -> failed.details();
            case GrantorError.WebhookTargetNotAllowed refused -> List.of(refused.problem());
            default -> List.empty();
        };
        var onTheWire = details.map(d -> new FieldProblem(FIELDS.field(d.field()), FIELDS.message(d.message())));
        // a message made of its details names the same fields, so it is made again from the renamed ones
        String message = message(error).equals(FieldProblem.summary(details)) ? FieldProblem.summary(onTheWire) : message(error);
        var reply = reply(ErrorStatus.of(error.code()), error.code().name(), message, onTheWire);
        return error instanceof GrantorError.ResendRateLimited limited ? reply.retryAfter(limited.retryAfterSeconds()) : reply;
    }

    /** The contract's wording where it names the API's own fields and paths, which the domain does not know. */
    static String message(GrantorError error) {
        return switch (error) {
            case GrantorError.NotALicenseKeyGrant e -> "grant " + e.grantId() + " is a " + e.integrationType()
                    + " grant, not a license_key grant";
            case GrantorError.LicenseKeyGrantNeedsAKey e -> "grant " + e.grantId()
                    + " is a license_key grant: deliver it through /grants/{grant_id}/license-key";
            case GrantorError.NoExpiryOnSubscriptionLicenseKeys e -> "grant " + e.grantId()
                    + " was issued from a subscription: its key lives as long as the subscription, so expires_at is not accepted";
            case GrantorError.ActivationLimitLessThanCurrentAmount e -> "activations_limit " + e.limit()
                    + " is below the key's " + e.current() + " current instances";
            default -> error.message();
        };
    }

    /** A business code with the edge's own wording, for what the edge refuses before any use case runs. */
    static Reply of(ErrorCode code, String message) {
        return of(code, message, List.empty());
    }

    static Reply of(ErrorCode code, String message, List<FieldProblem> details) {
        return reply(ErrorStatus.of(code), code.name(), message, details);
    }

    static Reply of(TransportError code, String message) {
        return reply(code.status, code.name(), message, List.empty());
    }

    private static Reply reply(int status, String code, String message, List<FieldProblem> details) {
        return Reply.json(status, new ErrorBody(code, message,
                details.isEmpty() ? null : details.map(d -> new ErrorBody.Detail(d.field(), d.message())).toJavaList()));
    }

    /** {@code {code, message, details?}}: {@code details} only when a problem has fields to name. */
    record ErrorBody(String code, String message, @JsonInclude(JsonInclude.Include.NON_NULL) java.util.List<Detail> details) {

        record Detail(String field, String message) {}
    }

    static Reply internal() {
        return of(TransportError.INTERNAL_ERROR, "an unexpected error occurred; the request id identifies it in the service's log");
    }
}

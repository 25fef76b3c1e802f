package dev.grantor.application.view;

import dev.grantor.domain.shared.ErrorCode;

/**
 * The HTTP status the contract gives each business error code (docs/http-api.md), in one place for every edge that
 * answers over HTTP: the REST API, and the console and portal pages, which answer a refusal with the same status the
 * API gives it. Exhaustive and without a default, so a new code does not compile until it has its status.
 */
public final class ErrorStatus {

    private ErrorStatus() {}

    public static int of(ErrorCode code) {
        return switch (code) {
            case INVALID_REQUEST, NOT_A_LICENSE_KEY_GRANT -> 400;
            case UNAUTHORIZED -> 401;
            case FORBIDDEN, INACTIVE_LICENSE_KEY -> 403;
            case NOT_FOUND, LICENSE_KEY_NOT_FOUND -> 404;
            case GRANT_NOT_PENDING, LICENSE_KEY_ALREADY_EXISTS, GRANT_REVOKED, LICENSE_KEY_NOT_ROTATABLE,
                 SIGNING_KEY_IN_USE, KEY_POOL_EXISTS, POOL_KEY_NOT_AVAILABLE, KEY_POOL_EMPTY,
                 GRANT_NOT_DELIVERED, WEBHOOK_LIMIT_REACHED, API_KEY_NAME_TAKEN -> 409;
            case VALIDATION_FAILED, NOT_MANUAL_FULFILLMENT, NOT_POOLABLE, NO_EXPIRY_ON_SUBSCRIPTION_LICENSE_KEYS,
                 LICENSE_KEY_LIMIT_REACHED, WEBHOOK_TARGET_NOT_ALLOWED,
                 LICENSE_KEY_TOO_SHORT, ACTIVATION_LIMIT_LESS_THAN_CURRENT_AMOUNT, NO_DELIVERY_EMAIL -> 422;
            case RATE_LIMITED -> 429;
        };
    }
}

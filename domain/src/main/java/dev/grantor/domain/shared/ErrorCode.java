package dev.grantor.domain.shared;

/**
 * The machine-readable codes of the HTTP contract. Every {@link GrantorError} names exactly one, so a
 * business failure keeps its identity from the model to the wire.
 */
public enum ErrorCode {
    INVALID_REQUEST,
    NOT_A_LICENSE_KEY_GRANT,
    UNAUTHORIZED,
    FORBIDDEN,
    NOT_FOUND,
    LICENSE_KEY_NOT_FOUND,
    GRANT_NOT_PENDING,
    LICENSE_KEY_ALREADY_EXISTS,
    IDEMPOTENCY_KEY_REUSED,
    PAYLOAD_TOO_LARGE,
    UNSUPPORTED_MEDIA_TYPE,
    VALIDATION_FAILED,
    NOT_MANUAL_FULFILLMENT,
    NO_EXPIRY_ON_SUBSCRIPTION_LICENSE_KEYS,
    INACTIVE_LICENSE_KEY,
    LICENSE_KEY_LIMIT_REACHED,
    RATE_LIMITED,
    SIGNING_KEY_IN_USE,
    INTERNAL_ERROR
}

package dev.grantor.domain.shared;

/**
 * The machine-readable codes of business failures. Every {@link GrantorError} names exactly one, so a
 * failure keeps its identity from the model to whichever adapter reports it. Codes that only a transport
 * produces (a body too large, a server fault) belong to that transport's adapter; a rate limit is both, since the
 * contract gives one code to an edge's request budget and to a business rule such as the resend limit.
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
    VALIDATION_FAILED,
    NOT_MANUAL_FULFILLMENT,
    NO_EXPIRY_ON_SUBSCRIPTION_LICENSE_KEYS,
    INACTIVE_LICENSE_KEY,
    LICENSE_KEY_LIMIT_REACHED,
    SIGNING_KEY_IN_USE,
    LICENSE_KEY_TOO_SHORT,
    WEBHOOK_LIMIT_REACHED,
    WEBHOOK_TARGET_NOT_ALLOWED,
    GRANT_REVOKED,
    LICENSE_KEY_NOT_ROTATABLE,
    ACTIVATION_LIMIT_LESS_THAN_CURRENT_AMOUNT,
    KEY_POOL_EXISTS,
    NOT_POOLABLE,
    POOL_KEY_NOT_AVAILABLE,
    KEY_POOL_EMPTY,
    GRANT_NOT_DELIVERED,
    NO_DELIVERY_EMAIL,
    RATE_LIMITED,
    /**
     * Another unrevoked API key of the business has this name. Answered by the command line and the host's calls
     * only: no HTTP route creates or names API keys, so the REST contract's codes leave it out.
     */
    API_KEY_NAME_TAKEN
}

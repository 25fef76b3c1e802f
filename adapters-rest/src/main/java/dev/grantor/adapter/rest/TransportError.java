package dev.grantor.adapter.rest;

/**
 * The codes only the HTTP edge answers with: no use case returns them, so the domain's {@code ErrorCode}
 * does not hold them. Each has its one status here.
 */
enum TransportError {
    IDEMPOTENCY_KEY_REUSED(409),
    PAYLOAD_TOO_LARGE(413),
    UNSUPPORTED_MEDIA_TYPE(415),
    INTERNAL_ERROR(500);

    final int status;

    TransportError(int status) {
        this.status = status;
    }
}

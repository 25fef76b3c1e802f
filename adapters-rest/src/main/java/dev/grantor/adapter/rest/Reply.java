package dev.grantor.adapter.rest;

/**
 * A finished response: status, media type and body text. Bodies are rendered to text before they leave
 * an operation, so the idempotency store keeps exactly the bytes the first caller received.
 */
record Reply(int status, String contentType, String body, long retryAfterSeconds) {

    static final String JSON = "application/json";

    Reply {
        if (contentType == null || body == null) {
            throw new IllegalArgumentException("a reply has a media type and a body, empty or not");
        }
    }

    Reply(int status, String contentType, String body) {
        this(status, contentType, body, 0);
    }

    Reply retryAfter(long seconds) {
        return new Reply(status, contentType, body, seconds);
    }

    static Reply json(int status, Object body) {
        return new Reply(status, JSON, WireJson.write(body));
    }

    /** A 200 with {@code content-length: 0}, as the contract requires for deletes and deactivation. */
    static Reply empty() {
        return new Reply(200, JSON, "");
    }

    /** An error a retry is meant to get past (a server error, a 408, a 429): what it says is no outcome of the work. */
    boolean invitesRetry() {
        return status >= 400 && ErrorReplies.retryable(status);
    }
}

package dev.grantor.application.port.in;

/** What one node's webhook dispatcher made of its sends since it started, for metrics. */
public interface WebhookSendCounts {

    /** Sends answered with a 2xx. */
    long deliveredCount();

    /** Sends that did not end in a 2xx: another answer, or none. */
    long failedAttemptCount();

    /** Deliveries marked failed for good: retries spent, or a target the dispatcher may not call. */
    long givenUpCount();

    /**
     * Settlements refused because another dispatcher had claimed the delivery again after this one's lease ended (a
     * send slower than the lease); that claim settles it, and a delivery already sent is sent again.
     */
    long supersededCount();
}

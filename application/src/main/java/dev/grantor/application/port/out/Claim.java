package dev.grantor.application.port.out;

import java.time.Instant;

/**
 * The claim a settlement settles: the row's id and the lease's end its claim wrote as the row's next attempt (what a
 * claimed {@link OutboxMessage} or {@link WebhookDeliveries.WebhookDelivery} answers as its {@code nextAttemptAt}). A
 * settlement changes the row only while it still carries that lease's end and is pending: a relay or dispatcher whose
 * attempt outlasted its lease (a slow server, a pause) may find the row claimed again by another, whose claim wrote a
 * later end (it claims only at or after the first one's end, and a lease is never empty), or already settled by it.
 * Such a settlement is superseded and changes nothing; the newer claim's own settlement decides.
 */
public record Claim(String id, Instant leaseEnd) {

    public Claim {
        if (id == null || leaseEnd == null) {
            throw new IllegalArgumentException("a claim names its row and its lease's end");
        }
    }
}

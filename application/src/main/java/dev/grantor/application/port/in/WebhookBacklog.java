package dev.grantor.application.port.in;

import io.vavr.control.Option;
import java.time.Instant;

/**
 * How far the webhook dispatchers are behind, for operators and metrics.
 *
 * @param pending            deliveries still to be sent, due or not (being sent, waiting for a slot, or waiting to retry)
 * @param oldestDueCreatedAt when the oldest delivery that is due now was recorded; none when nothing is due
 */
public record WebhookBacklog(long pending, Option<Instant> oldestDueCreatedAt) {

    public WebhookBacklog {
        if (pending < 0 || oldestDueCreatedAt == null) {
            throw new IllegalArgumentException("a webhook backlog counts from zero and may lack only the oldest due delivery");
        }
    }
}

package dev.grantor.application.port.in;

import io.vavr.control.Option;
import java.time.Instant;

/**
 * How far the outbox is behind, for operators and metrics.
 *
 * @param pending            messages waiting to be sent, due or not
 * @param parked             messages given up on after their retries, until an operator retries them
 * @param oldestDueCreatedAt when the oldest message that is due now was recorded; none when nothing is due
 */
public record OutboxDepth(long pending, long parked, Option<Instant> oldestDueCreatedAt) {

    public OutboxDepth {
        if (pending < 0 || parked < 0 || oldestDueCreatedAt == null) {
            throw new IllegalArgumentException("an outbox depth counts from zero and may lack only the oldest due message");
        }
    }
}

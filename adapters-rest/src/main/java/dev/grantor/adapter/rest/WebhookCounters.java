package dev.grantor.adapter.rest;

import dev.grantor.application.port.in.WebhookSendCounts;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * What this node's webhook dispatcher made of its sends: {@code grantor_webhook_attempts_total} by outcome (a 2xx
 * delivered it; anything else, or no answer, failed) and {@code grantor_webhook_deliveries_failed_total}, the
 * deliveries given up on, and {@code grantor_webhook_settlements_superseded_total}, settlements refused because another
 * dispatcher claimed the delivery again after this node's lease ended. Without them a dead receiver showed only as a growing pending gauge.
 */
final class WebhookCounters {

    private WebhookCounters() {}

    static void register(MeterRegistry registry, WebhookSendCounts dispatcher) {
        FunctionCounter.builder("grantor.webhook.attempts", dispatcher, d -> d.deliveredCount())
                .description("webhook sends by this node, by outcome: delivered (a 2xx) or failed (anything else)")
                .tag("outcome", "delivered").register(registry);
        FunctionCounter.builder("grantor.webhook.attempts", dispatcher, d -> d.failedAttemptCount())
                .description("webhook sends by this node, by outcome: delivered (a 2xx) or failed (anything else)")
                .tag("outcome", "failed").register(registry);
        FunctionCounter.builder("grantor.webhook.deliveries.failed", dispatcher, d -> d.givenUpCount())
                .description("webhook deliveries this node gave up on: retries spent, or a target it may not call")
                .register(registry);
        FunctionCounter.builder("grantor.webhook.settlements.superseded", dispatcher, d -> d.supersededCount())
                .description("settlements of this node refused: its send outlasted its lease and another node claimed it again")
                .register(registry);
    }
}

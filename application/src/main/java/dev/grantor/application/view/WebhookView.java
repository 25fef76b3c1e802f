package dev.grantor.application.view;

import dev.grantor.application.port.in.Webhooks.Webhook;
import dev.grantor.domain.shared.Metadata;
import java.time.Instant;
import java.util.List;

/**
 * A webhook endpoint as the HTTP API shows it, compatible with Dodo's; the secret is never part of it. Dodo's
 * {@code WebhookDetails} types {@code description} as a string, never null, so an endpoint without one shows {@code ""}.
 */
public record WebhookView(String id, String url, String description, Metadata metadata, boolean disabled,
                          List<String> filterTypes, Integer rateLimit, Instant createdAt, Instant updatedAt) {

    public static WebhookView of(Webhook webhook) {
        return new WebhookView(webhook.id(), webhook.url(), webhook.description().getOrElse(""), webhook.metadata(),
                webhook.disabled(), webhook.filterTypes().toJavaList(), webhook.rateLimit().getOrNull(), webhook.createdAt(),
                webhook.updatedAt());
    }

    /** {@code {data, iterator, done}}: {@code iterator} is null on the last page. */
    public record Page(List<WebhookView> data, String iterator, boolean done) {

        public static Page of(dev.grantor.application.port.in.Webhooks.WebhookPage page) {
            return new Page(page.data().map(WebhookView::of).toJavaList(), page.iterator().getOrNull(), page.done());
        }
    }

    /** {@code {secret}}. */
    public record Secret(String secret) {}

    /**
     * {@code {headers, sensitive}}, Dodo's {@code HeaderRetrieveResponse}: the values shown by name, and the names of the
     * headers whose values are withheld.
     */
    public record Headers(java.util.Map<String, String> headers, List<String> sensitive) {

        public static Headers of(dev.grantor.application.port.in.Webhooks.WebhookHeaders shown) {
            return new Headers(shown.headers().toJavaMap(java.util.LinkedHashMap::new, entry -> entry),
                    shown.sensitive().toJavaList());
        }
    }

    /** {@code {data}}: the endpoint's recent deliveries, newest first. */
    public record Deliveries(List<Delivery> data) {}

    /** One event's delivery to the endpoint: {@code status} is {@code pending}, {@code delivered} or {@code failed}. */
    public record Delivery(String id, String webhookId, String eventId, String eventType, String status, int attempts,
                           Integer lastResponseCode, String lastError, Instant createdAt, Instant lastAttemptAt,
                           Instant nextAttemptAt) {

        public static Delivery of(dev.grantor.application.port.in.Webhooks.Delivery delivery) {
            return new Delivery(delivery.id(), delivery.webhookId(), delivery.eventId(), delivery.eventType(), delivery.status(),
                    delivery.attempts(), delivery.lastResponseCode().getOrNull(), delivery.lastError().getOrNull(),
                    delivery.createdAt(), delivery.lastAttemptAt().getOrNull(), delivery.nextAttemptAt().getOrNull());
        }
    }
}

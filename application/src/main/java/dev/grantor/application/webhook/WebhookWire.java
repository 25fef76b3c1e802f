package dev.grantor.application.webhook;

import dev.grantor.application.port.in.Webhooks.Delivery;
import dev.grantor.application.port.in.Webhooks.Webhook;
import dev.grantor.application.port.in.Webhooks.WebhookPage;
import dev.grantor.application.wire.Wire;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The webhook objects as the HTTP API shows them, compatible with the Dodo Payments webhook API: every
 * field present, {@code null} when it does not apply. The secret is never part of an object.
 */
public final class WebhookWire {

    private WebhookWire() {}

    /** {@code {id, url, description, metadata, disabled, filter_types, rate_limit, created_at, updated_at}}. */
    public static Map<String, Object> webhook(Webhook webhook) {
        var out = new LinkedHashMap<String, Object>();
        out.put("id", webhook.id());
        out.put("url", webhook.url());
        out.put("description", webhook.description().getOrNull());
        out.put("metadata", Wire.metadata(webhook.metadata()));
        out.put("disabled", webhook.disabled());
        out.put("filter_types", webhook.filterTypes().toJavaList());
        out.put("rate_limit", webhook.rateLimit().getOrNull());
        out.put("created_at", Wire.timestamp(webhook.createdAt()));
        out.put("updated_at", Wire.timestamp(webhook.updatedAt()));
        return Collections.unmodifiableMap(out);
    }

    /** {@code {data, iterator, done}}: {@code iterator} is null on the last page. */
    public static Map<String, Object> page(WebhookPage page) {
        var out = new LinkedHashMap<String, Object>();
        out.put("data", new ArrayList<>(page.data().map(WebhookWire::webhook).toJavaList()));
        out.put("iterator", page.iterator().getOrNull());
        out.put("done", page.done());
        return Collections.unmodifiableMap(out);
    }

    /** {@code {secret}}. */
    public static Map<String, Object> secret(String secret) {
        return Map.of("secret", secret);
    }

    /** One delivery: {@code status} is {@code pending}, {@code delivered} or {@code failed}. */
    public static Map<String, Object> delivery(Delivery delivery) {
        var out = new LinkedHashMap<String, Object>();
        out.put("id", delivery.id());
        out.put("webhook_id", delivery.webhookId());
        out.put("event_id", delivery.eventId());
        out.put("event_type", delivery.eventType());
        out.put("status", delivery.status());
        out.put("attempts", delivery.attempts());
        out.put("last_response_code", delivery.lastResponseCode().getOrNull());
        out.put("last_error", delivery.lastError().getOrNull());
        out.put("created_at", Wire.timestamp(delivery.createdAt()));
        out.put("last_attempt_at", delivery.lastAttemptAt().map(Wire::timestamp).getOrNull());
        out.put("next_attempt_at", delivery.nextAttemptAt().map(Wire::timestamp).getOrNull());
        return Collections.unmodifiableMap(out);
    }
}

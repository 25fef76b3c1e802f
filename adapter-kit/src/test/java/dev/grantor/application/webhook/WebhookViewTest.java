package dev.grantor.application.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.json.GrantorJson;
import dev.grantor.application.memory.MutableClock;
import dev.grantor.application.port.in.Webhooks.CreateWebhook;
import dev.grantor.application.view.WebhookView;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookViewTest {

    @Test
    void the_webhook_object_has_exactly_the_compatible_fields_and_never_the_secret() {
        try (var bed = new WebhookTestbed(new ScriptedSender(), DispatchPolicy.defaults(), new MutableClock())) {
            var webhook = bed.webhooks.create(bed.business, new CreateWebhook("https://h.example.com/in", null, null,
                    List.of("license_key.created"), Map.of("X-A", "b"), Map.of("n", 1), null)).get();

            @SuppressWarnings("unchecked")
            var wire = (Map<String, Object>) GrantorJson.read(GrantorJson.write(WebhookView.of(webhook)));

            assertThat(wire.keySet()).containsExactly("id", "url", "description", "metadata", "disabled", "filter_types",
                    "rate_limit", "created_at", "updated_at");
            assertThat(wire.get("description")).as("a string, as the SDK types it").isEqualTo("");
            assertThat(wire.get("created_at")).isEqualTo("2026-11-27T10:15:30.123Z");
            assertThat(GrantorJson.write(WebhookView.of(webhook))).doesNotContain("whsec_").contains("\"filter_types\":[\"license_key.created\"]");
            assertThat(((Map<String, ?>) GrantorJson.read(GrantorJson.write(WebhookView.Page.of(bed.webhooks.list(bed.business, null).get())))).keySet())
                    .containsExactly("data", "iterator", "done");
        }
    }
}

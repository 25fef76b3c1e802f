package dev.grantor.adapter.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.memory.MutableClock;
import dev.grantor.application.port.in.Webhooks.CreateWebhook;
import dev.grantor.application.webhook.WebhookTestbed;
import dev.grantor.domain.shared.ErrorCode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An endpoint's own headers go out beside the ones the sender writes. HTTP field names are case-insensitive and
 * {@code User-Agent} is a singleton field: a registered one went out as a second {@code User-Agent}, and {@code X-A}
 * beside {@code x-a} as one field twice, which receivers and their proxies may refuse or read either way.
 */
class EndpointHeadersTest {

    private final HttpWebhookSender sender = new HttpWebhookSender(WebhookSenderSettings.defaults());
    private final WebhookTestbed bed = new WebhookTestbed(sender, DeliveryFaultsTest.LOOPBACK,
            new MutableClock(Instant.parse("2026-12-05T04:00:00Z")));

    @AfterEach
    void close() {
        bed.close();
        sender.close();
    }

    private CreateWebhook with(Map<String, String> headers) {
        return new CreateWebhook("https://hooks.example.com/in", null, null, null, headers, null, null);
    }

    @Test
    void a_user_agent_of_the_endpoints_own_is_refused_as_the_senders_headers_are() {
        for (var name : new String[] {"User-Agent", "user-agent"}) {
            var refused = bed.webhooks.create(bed.business, with(Map.of(name, "merchant-agent/2")));

            assertThat(refused.getLeft().code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
            assertThat(refused.getLeft().message()).contains(name).contains("set by Grantor");
        }
    }

    @Test
    void one_header_name_given_twice_in_different_letter_case_is_refused() {
        var headers = new LinkedHashMap<String, String>();
        headers.put("X-Team", "ops");
        headers.put("x-team", "billing");

        var refused = bed.webhooks.create(bed.business, with(headers));

        assertThat(refused.getLeft().code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
        assertThat(bed.webhooks.create(bed.business, with(Map.of("X-Team", "ops"))).isRight()).isTrue();
    }
}

package dev.grantor.adapter.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.json.GrantorJson;
import dev.grantor.application.webhook.DispatchPolicy;
import dev.grantor.application.webhook.StandardWebhooksVerifier;
import dev.grantor.application.webhook.WebhookTestbed;
import java.time.InstantSource;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The engine's events arrive at a real HTTP receiver, signed so that a verifier written from the specification accepts them. */
class ReceivingWebhooksTest {

    @Nested
    class A_merchant_with_one_endpoint {

        private final Receiver receiver = new Receiver();
        private final HttpWebhookSender sender = new HttpWebhookSender(WebhookSenderSettings.defaults());
        private final WebhookTestbed bed = new WebhookTestbed(sender, DispatchPolicy.defaults().withPrivateTargetsAllowed(true),
                InstantSource.system());

        @AfterEach
        void close() {
            bed.close();
            sender.close();
            receiver.close();
        }

        @Test
        void hears_of_a_pending_grant_on_issue_and_of_the_key_and_the_delivery_on_fulfill_all_verifiably_signed() {
            var endpoint = bed.webhooks.create(bed.business, new dev.grantor.application.port.in.Webhooks.CreateWebhook(
                    receiver.url("/grantor"), null, null, null, Map.of("X-Shop", "acme"), null, null)).get();
            var verifier = new StandardWebhooksVerifier(bed.webhooks.secret(bed.business, endpoint.id()).get());

            var grant = bed.issue(bed.manualEntitlement());
            bed.deliverDue();
            assertThat(receiver.received()).hasSize(1);

            bed.fulfill(grant, "MERCHANT-KEY-0001");
            bed.deliverDue();

            var received = receiver.received();
            assertThat(received).hasSize(3);
            for (var request : received) {
                assertThat(verifier.verify(request.header("webhook-id"), request.header("webhook-timestamp"),
                        request.header("webhook-signature"), request.body(), request.at())).isTrue();
                assertThat(request.header("content-type")).isEqualTo("application/json");
                assertThat(request.header("x-shop")).isEqualTo("acme");
                assertThat(request.header("webhook-id")).startsWith("msg_");
            }
            var types = received.stream().map(r -> (String) envelope(r).get("type")).toList();
            // each delivery travels on its own, so the two events of one fulfillment may arrive in either order
            assertThat(types.get(0)).isEqualTo("entitlement_grant.created");
            assertThat(types.subList(1, 3)).containsExactlyInAnyOrder("license_key.created", "entitlement_grant.delivered");
            assertThat(data(received.get(0)).get("status")).isEqualTo("Pending");
            assertThat(data(received.get(0)).get("id")).isEqualTo(grant.grant().id().value());
            assertThat(envelope(received.get(0)).get("business_id")).isEqualTo(bed.business.value());
            var delivered = received.get(types.indexOf("entitlement_grant.delivered"));
            assertThat(data(delivered).get("status")).isEqualTo("Delivered");
            assertThat(received.stream().map(r -> r.header("webhook-id")).distinct()).hasSize(3);
        }

        @Test
        void hears_with_the_headers_of_the_latest_update_and_without_the_removed_ones() {
            var endpoint = bed.webhooks.create(bed.business, new dev.grantor.application.port.in.Webhooks.CreateWebhook(
                    receiver.url("/grantor"), null, null, null, Map.of("X-Shop", "acme", "X-Old", "1"), null, null)).get();
            var entitlement = bed.manualEntitlement();
            bed.issue(entitlement);
            bed.deliverDue();

            var changes = new java.util.HashMap<String, String>();
            changes.put("x-shop", "globex");
            changes.put("X-Old", null);
            changes.put("Authorization", "Bearer t0k3n");
            assertThat(bed.webhooks.updateHeaders(bed.business, endpoint.id(),
                    new dev.grantor.application.port.in.Webhooks.UpdateWebhookHeaders(changes)).isRight()).isTrue();
            bed.issue(entitlement);
            bed.deliverDue();

            var received = receiver.received();
            assertThat(received).hasSize(2);
            assertThat(received.get(0).header("x-shop")).isEqualTo("acme");
            assertThat(received.get(0).header("x-old")).isEqualTo("1");
            assertThat(received.get(1).header("x-shop")).isEqualTo("globex");
            assertThat(received.get(1).header("x-old")).isNull();
            assertThat(received.get(1).header("authorization")).isEqualTo("Bearer t0k3n");
        }

        @SuppressWarnings("unchecked")
        private static Map<String, Object> envelope(Receiver.Received request) {
            return (Map<String, Object>) GrantorJson.read(request.body());
        }

        @SuppressWarnings("unchecked")
        private static Map<String, Object> data(Receiver.Received request) {
            return (Map<String, Object>) envelope(request).get("data");
        }
    }
}

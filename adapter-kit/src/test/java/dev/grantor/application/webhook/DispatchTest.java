package dev.grantor.application.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.memory.MutableClock;
import dev.grantor.application.port.in.Webhooks.Delivery;
import dev.grantor.application.port.in.Webhooks.UpdateWebhook;
import dev.grantor.application.port.out.PublishedEvent;
import dev.grantor.application.port.out.WebhookSender.Outcome.Answered;
import dev.grantor.application.port.out.WebhookSender.Outcome.Refused;
import dev.grantor.application.port.out.WebhookSender.Outcome.Unreachable;
import dev.grantor.application.port.out.WebhookSender.WebhookRequest;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class DispatchTest {

    private static final String A = "https://a.example.com/hook";
    private static final String B = "https://b.example.com/hook";

    private final MutableClock clock = new MutableClock();
    private final ScriptedSender sender = new ScriptedSender();
    private final WebhookTestbed bed = new WebhookTestbed(sender, DispatchPolicy.defaults(), clock);

    @AfterEach
    void close() {
        bed.close();
    }

    @Nested
    class Fan_out {

        @Test
        void every_event_reaches_every_enabled_endpoint_of_its_business_with_the_outbox_body_unchanged() {
            bed.endpoint(A);
            bed.endpoint(B);
            var grant = bed.issue(bed.manualEntitlement());

            bed.deliverDue();

            var outboxBody = bed.store.outboxMessages().find(m -> m.topic().equals("entitlement_grant.created")).get().payload();
            assertThat(sender.requestsTo(A).map(WebhookRequest::body)).containsExactly(outboxBody);
            assertThat(sender.requestsTo(B).map(WebhookRequest::body)).containsExactly(outboxBody);
            assertThat(outboxBody).contains(grant.grant().id().value()).contains("\"Pending\"");
        }

        @Test
        void a_disabled_endpoint_and_another_businesss_endpoint_receive_nothing() {
            var off = bed.endpoint(A);
            bed.webhooks.update(bed.business, off.id(), new UpdateWebhook(null, null, false, true, null, null, null, null, false));
            var other = bed.anotherBusiness();
            bed.webhooks.create(other, new dev.grantor.application.port.in.Webhooks.CreateWebhook(B, null, null, null, null, null, null));

            bed.issue(bed.manualEntitlement());
            bed.deliverDue();

            assertThat(sender.requests()).isEmpty();
        }

        @Test
        void filter_types_decide_which_events_an_endpoint_gets() {
            bed.endpoint(A, "license_key.created");
            bed.endpoint(B);
            var grant = bed.issue(bed.manualEntitlement());
            bed.fulfill(grant, "KEY-123");

            bed.deliverDue();

            assertThat(sender.requestsTo(A).map(r -> r.headers().get("webhook-id").get())).hasSize(1);
            assertThat(sender.requestsTo(A).head().body()).contains("\"type\":\"license_key.created\"");
            assertThat(sender.requestsTo(B)).hasSize(3);
        }

        @Test
        void running_twice_for_one_event_records_one_delivery_per_endpoint() {
            var endpoint = bed.endpoint(A);
            var event = new PublishedEvent("msg_0000000000000000000001", bed.business, "entitlement_grant.created", clock.instant(),
                    "{}");

            bed.fanOut.publish(event);
            bed.fanOut.publish(event);
            bed.dispatcher.runOnce();

            assertThat(sender.requestsTo(A)).hasSize(1);
            assertThat(bed.webhooks.deliveries(bed.business, endpoint.id(), null).get()).hasSize(1);
        }
    }

    @Nested
    class Signing {

        @Test
        void each_request_carries_a_stable_id_a_timestamp_a_valid_signature_and_the_endpoints_headers() {
            var endpoint = bed.webhooks.create(bed.business, new dev.grantor.application.port.in.Webhooks.CreateWebhook(A, null, null,
                    null, java.util.Map.of("X-Team", "ops"), null, null)).get();
            sender.answer(A, new Answered(503));
            bed.issue(bed.manualEntitlement());
            bed.deliverDue();
            clock.advance(Duration.ofSeconds(5));
            bed.deliverDue();

            var requests = sender.requestsTo(A);
            var secret = bed.webhooks.secret(bed.business, endpoint.id()).get();
            assertThat(requests).hasSize(2);
            assertThat(requests.map(r -> r.headers().get("webhook-id").get()).distinct()).hasSize(1);
            assertThat(requests.map(r -> r.headers().get("webhook-timestamp").get()))
                    .containsExactly(Long.toString(clock.instant().minusSeconds(5).getEpochSecond()),
                            Long.toString(clock.instant().getEpochSecond()));
            for (var r : requests) {
                assertThat(r.headers().get("webhook-signature").get()).isEqualTo(WebhookSignature.sign(secret,
                        r.headers().get("webhook-id").get(), Long.parseLong(r.headers().get("webhook-timestamp").get()), r.body()));
                assertThat(r.headers().get("X-Team")).contains("ops");
                assertThat(r.connectTimeout()).isEqualTo(Duration.ofSeconds(15));
                assertThat(r.readTimeout()).isEqualTo(Duration.ofSeconds(15));
            }
        }

        /**
         * The retries of one delivery (5 s, then 5 min apart) while the replaced secret retires carry both signatures,
         * the new one first; the one sent at the retiring secret's time, the new one alone.
         */
        @Test
        void a_rotated_secret_signs_beside_the_new_one_until_exactly_its_time() {
            var endpoint = bed.endpoint(A);
            var old = bed.webhooks.secret(bed.business, endpoint.id()).get();
            var rotated = bed.webhooks.rotateSecret(bed.business, endpoint.id(),
                    new dev.grantor.application.port.in.Webhooks.RotateWebhookSecret(305)).get();
            sender.answer(A, new Answered(503), new Answered(503));
            bed.issue(bed.manualEntitlement());

            bed.deliverDue();
            clock.advance(Duration.ofSeconds(5));
            bed.deliverDue();
            clock.advance(Duration.ofMinutes(5));
            bed.deliverDue();

            var requests = sender.requestsTo(A);
            var first = requests.head();
            String id = first.headers().get("webhook-id").get();
            long rotatedAt = clock.instant().minusSeconds(305).getEpochSecond();
            assertThat(requests.map(r -> r.headers().get("webhook-timestamp").get()))
                    .containsExactly(Long.toString(rotatedAt), Long.toString(rotatedAt + 5), Long.toString(rotatedAt + 305));
            assertThat(first.headers().get("webhook-signature").get()).isEqualTo(WebhookSignature.sign(rotated, id, rotatedAt,
                    first.body()) + " " + WebhookSignature.sign(old, id, rotatedAt, first.body()));
            assertThat(requests.get(1).headers().get("webhook-signature").get().split(" ")).as("300 s before its time").hasSize(2);
            assertThat(requests.get(2).headers().get("webhook-signature").get()).as("at its time: the new one alone")
                    .isEqualTo(WebhookSignature.sign(rotated, id, rotatedAt + 305, first.body()));
        }

        @Test
        void a_rotation_refuses_a_time_outside_0_to_a_week_and_an_unknown_endpoint_and_changes_nothing() {
            var endpoint = bed.endpoint(A);
            var before = bed.webhooks.secret(bed.business, endpoint.id()).get();

            for (int seconds : new int[] {-1, 604_801, Integer.MIN_VALUE}) {
                var refused = bed.webhooks.rotateSecret(bed.business, endpoint.id(),
                        new dev.grantor.application.port.in.Webhooks.RotateWebhookSecret(seconds));
                assertThat(refused.getLeft().code()).as("%d", seconds).isEqualTo(dev.grantor.domain.shared.ErrorCode.VALIDATION_FAILED);
                assertThat(refused.getLeft().message()).contains("previousValidSeconds");
            }
            assertThat(bed.webhooks.rotateSecret(bed.anotherBusiness(), endpoint.id(), null).getLeft().code())
                    .isEqualTo(dev.grantor.domain.shared.ErrorCode.NOT_FOUND);
            assertThat(bed.webhooks.secret(bed.business, endpoint.id())).contains(before);
        }
    }

    @Nested
    class Retries {

        @Test
        void two_failures_then_success_is_delivered_on_the_third_attempt_after_5_s_and_5_min() {
            var endpoint = bed.endpoint(A);
            sender.answer(A, new Answered(500), new Unreachable("connection reset"));
            bed.issue(bed.manualEntitlement());

            bed.deliverDue();
            clock.advance(Duration.ofSeconds(4));
            assertThat(bed.deliverDue()).isZero();
            clock.advance(Duration.ofSeconds(1));
            assertThat(bed.deliverDue()).isEqualTo(1);
            clock.advance(Duration.ofMinutes(5).minusMillis(1));
            assertThat(bed.deliverDue()).isZero();
            clock.advance(Duration.ofMillis(1));
            assertThat(bed.deliverDue()).isEqualTo(1);
            clock.advance(Duration.ofDays(2));
            assertThat(bed.deliverDue()).isZero();

            assertThat(sender.requestsTo(A)).hasSize(3);
            var delivery = bed.webhooks.deliveries(bed.business, endpoint.id(), null).get().single();
            assertThat(delivery.status()).isEqualTo("delivered");
            assertThat(delivery.attempts()).isEqualTo(3);
            assertThat(delivery.lastResponseCode()).contains(200);
        }

        @Test
        void after_eight_failed_attempts_over_the_schedule_the_delivery_is_failed_and_visible_and_can_be_retried() {
            var endpoint = bed.endpoint(A);
            sender.otherwise(r -> new Answered(500));
            bed.issue(bed.manualEntitlement());

            for (var wait : dev.grantor.application.background.RetrySchedule.standard().delays().prepend(Duration.ZERO)) {
                clock.advance(wait);
                assertThat(bed.deliverDue()).isEqualTo(1);
            }
            clock.advance(Duration.ofDays(7));
            assertThat(bed.deliverDue()).isZero();

            Delivery failed = bed.webhooks.deliveries(bed.business, endpoint.id(), null).get().single();
            assertThat(failed.status()).isEqualTo("failed");
            assertThat(failed.attempts()).isEqualTo(8);
            assertThat(failed.lastResponseCode()).contains(500);
            assertThat(failed.lastError()).contains("the endpoint answered 500");

            sender.otherwise(r -> new Answered(204));
            var retried = bed.webhooks.retry(bed.business, endpoint.id(), failed.id()).get();
            assertThat(retried.status()).isEqualTo("pending");
            assertThat(bed.deliverDue()).isEqualTo(1);
            assertThat(bed.webhooks.deliveries(bed.business, endpoint.id(), null).get().single().status()).isEqualTo("delivered");
            assertThat(sender.requestsTo(A)).hasSize(9);
        }

        @Test
        void an_endpoint_the_sender_refuses_fails_at_once() {
            var endpoint = bed.endpoint(A);
            sender.answer(A, new Refused("resolves to this service's own address"));
            bed.issue(bed.manualEntitlement());

            bed.deliverDue();

            var delivery = bed.webhooks.deliveries(bed.business, endpoint.id(), null).get().single();
            assertThat(delivery.status()).isEqualTo("failed");
            assertThat(delivery.attempts()).isEqualTo(1);
        }

        @Test
        void a_failing_endpoint_does_not_hold_back_another_one() {
            bed.endpoint(A);
            bed.endpoint(B);
            sender.otherwise(r -> r.url().toString().equals(A) ? new Unreachable("timeout") : new Answered(200));
            bed.issue(bed.manualEntitlement());
            bed.issue(bed.manualEntitlement());

            bed.deliverDue();

            assertThat(sender.requestsTo(B)).hasSize(2);
        }
    }
}

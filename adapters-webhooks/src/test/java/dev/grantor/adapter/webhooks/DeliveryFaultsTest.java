package dev.grantor.adapter.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.adapter.webhooks.Receiver.Answer;
import dev.grantor.application.memory.MutableClock;
import dev.grantor.application.port.in.Webhooks.UpdateWebhook;
import dev.grantor.application.webhook.DispatchPolicy;
import dev.grantor.application.webhook.WebhookTestbed;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What receivers do wrong, over real HTTP, and what each endpoint gets regardless. */
class DeliveryFaultsTest {

    private static final Duration SHORT = Duration.ofMillis(700);

    /** These receivers listen on loopback, which only an operator's explicit choice lets webhooks reach. */
    static final DispatchPolicy LOOPBACK = DispatchPolicy.defaults().withPrivateTargetsAllowed(true);

    private final Receiver receiver = new Receiver();
    private final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));
    private final HttpWebhookSender sender = new HttpWebhookSender(WebhookSenderSettings.defaults());
    private final WebhookTestbed bed = new WebhookTestbed(sender, LOOPBACK.withTimeouts(SHORT, SHORT), clock);

    @AfterEach
    void close() {
        bed.close();
        sender.close();
        receiver.close();
    }

    @Test
    void a_receiver_answering_500_twice_then_200_gets_the_event_delivered_on_the_third_attempt_once() {
        var endpoint = bed.endpoint(receiver.url("/flaky"));
        receiver.answer("/flaky", new Answer.Status(500, 0), new Answer.Status(500, 0));
        bed.issue(bed.manualEntitlement());

        bed.deliverDue();
        clock.advance(Duration.ofSeconds(5));
        bed.deliverDue();
        clock.advance(Duration.ofMinutes(5));
        bed.deliverDue();
        clock.advance(Duration.ofDays(2));
        bed.deliverDue();

        var got = receiver.receivedAt("/flaky");
        assertThat(got).hasSize(3);
        assertThat(got.stream().map(r -> r.header("webhook-id")).distinct()).hasSize(1);
        assertThat(got.stream().map(r -> r.header("webhook-timestamp")).distinct()).hasSize(3);
        var delivery = bed.webhooks.deliveries(bed.business, endpoint.id(), null).get().single();
        assertThat(delivery.status()).isEqualTo("delivered");
        assertThat(delivery.attempts()).isEqualTo(3);
        assertThat(delivery.lastResponseCode()).contains(200);
    }

    @Test
    void a_receiver_that_never_answers_within_the_timeout_does_not_hold_up_another_endpoint() {
        var dead = bed.endpoint(receiver.url("/dead"));
        bed.endpoint(receiver.url("/alive"));
        receiver.otherwise(path -> path.equals("/dead") ? new Answer.Hang(Duration.ofSeconds(5)) : new Answer.Status(204, 0));
        long start = System.nanoTime();

        bed.issue(bed.manualEntitlement());
        bed.deliverDue();

        long tookMillis = Duration.ofNanos(System.nanoTime() - start).toMillis();
        var alive = receiver.receivedAt("/alive");
        assertThat(alive).hasSize(1);
        assertThat(Duration.between(alive.get(0).at(), receiver.receivedAt("/dead").get(0).at()).abs())
                .isLessThan(SHORT);
        assertThat(tookMillis).isLessThan(4_000);
        var failed = bed.webhooks.deliveries(bed.business, dead.id(), null).get().single();
        assertThat(failed.status()).isEqualTo("pending");
        assertThat(failed.attempts()).isEqualTo(1);
        assertThat(failed.lastError()).contains(dev.grantor.application.webhook.WebhookDispatcher.COULD_NOT_CONNECT);
    }

    @Test
    void a_disabled_endpoint_receives_nothing_and_filter_types_are_respected() {
        var off = bed.endpoint(receiver.url("/off"));
        bed.webhooks.update(bed.business, off.id(), new UpdateWebhook(null, null, false, true, null, null, null, null, false));
        bed.endpoint(receiver.url("/keys"), "license_key.created");
        bed.endpoint(receiver.url("/grants"), "entitlement_grant.created", "entitlement_grant.delivered");

        var grant = bed.issue(bed.manualEntitlement());
        bed.fulfill(grant, "KEY-FILTERED-1");
        bed.deliverDue();

        assertThat(receiver.receivedAt("/off")).isEmpty();
        assertThat(receiver.receivedAt("/keys")).hasSize(1).allMatch(r -> r.body().contains("\"type\":\"license_key.created\""));
        assertThat(receiver.receivedAt("/grants")).hasSize(2).noneMatch(r -> r.body().contains("\"type\":\"license_key.created\""));
    }

    @Test
    void a_redirect_is_not_followed_and_counts_as_a_failed_attempt() {
        var endpoint = bed.endpoint(receiver.url("/moved"));
        receiver.answer("/moved", new Answer.Redirect(receiver.url("/elsewhere")));
        bed.issue(bed.manualEntitlement());

        bed.deliverDue();

        assertThat(receiver.receivedAt("/elsewhere")).isEmpty();
        var delivery = bed.webhooks.deliveries(bed.business, endpoint.id(), null).get().single();
        assertThat(delivery.lastResponseCode()).contains(307);
        assertThat(delivery.status()).isEqualTo("pending");
    }

    @Test
    void a_huge_answer_is_read_only_up_to_the_cap_and_a_2xx_is_delivered() {
        var endpoint = bed.endpoint(receiver.url("/chatty"));
        receiver.answer("/chatty", new Answer.Status(200, 8 * 1024 * 1024));
        bed.issue(bed.manualEntitlement());

        bed.deliverDue();

        assertThat(bed.webhooks.deliveries(bed.business, endpoint.id(), null).get().single().status()).isEqualTo("delivered");
    }

    @Test
    void an_endpoint_resolving_to_this_services_own_address_is_refused_without_a_request() {
        try (var guarded = new HttpWebhookSender(WebhookSenderSettings.defaults().withOwnAddress(receiver.address()));
             var own = new WebhookTestbed(guarded, LOOPBACK.withTimeouts(SHORT, SHORT), clock)) {
            var endpoint = own.endpoint("http://localhost:" + receiver.address().getPort() + "/admin");
            own.issue(own.manualEntitlement());

            own.deliverDue();

            assertThat(receiver.received()).isEmpty();
            var delivery = own.webhooks.deliveries(own.business, endpoint.id(), null).get().single();
            assertThat(delivery.status()).isEqualTo("failed");
            assertThat(delivery.lastError().get()).contains("own address");
        }
    }
}

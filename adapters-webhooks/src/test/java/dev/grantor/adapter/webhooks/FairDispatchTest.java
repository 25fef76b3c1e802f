package dev.grantor.adapter.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.adapter.webhooks.Receiver.Answer;
import dev.grantor.application.EngineFixture;
import dev.grantor.application.port.in.EntitlementCatalog.CreateEntitlement;
import dev.grantor.application.port.in.Webhooks.CreateWebhook;
import dev.grantor.application.webhook.DispatchPolicy;
import dev.grantor.application.webhook.WebhookTestbed;
import dev.grantor.domain.entitlement.IntegrationConfig.LicenseKeyConfig;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 11.3: one tenant's webhooks must not stall another's. Business B registers as many endpoints as it may, all
 * on a receiver that never answers, and floods them with events; business A's deliveries, to a receiver that
 * answers at once, keep their latency. Real HTTP on loopback, the engine running in the background as in a service.
 */
class FairDispatchTest {

    private static final Duration CONNECT = Duration.ofMillis(500);
    private static final Duration READ = Duration.ofSeconds(2);
    private static final int A_GRANTS = 40;

    /** Well under one attempt's time box: a delivery that waited for even one of B's attempts would break it. */
    private static final Duration A_P99_BOUND = Duration.ofMillis(1_500);

    @Test
    void a_business_whose_endpoints_all_hang_delays_another_business_by_nothing_noticeable() throws Exception {
        var policy = DispatchPolicy.defaults().withPrivateTargetsAllowed(true).withTimeouts(CONNECT, READ)
                .withPollInterval(Duration.ofMillis(20));
        try (var hanging = new Receiver(); var fast = new Receiver();
             var sender = new HttpWebhookSender(WebhookSenderSettings.defaults());
             var bed = new WebhookTestbed(sender, policy, InstantSource.system())) {
            hanging.otherwise(path -> new Answer.Hang(Duration.ofSeconds(60)));
            fast.otherwise(path -> new Answer.Status(204, 0));
            var a = bed.business;
            var b = bed.anotherBusiness();
            for (int i = 0; i < policy.maxEndpointsPerBusiness(); i++) {
                assertThat(bed.webhooks.create(b, new CreateWebhook(hanging.url("/b" + i), null, null, null, null, null, null))
                        .isRight()).isTrue();
            }
            assertThat(bed.webhooks.create(b, new CreateWebhook(hanging.url("/one-more"), null, null, null, null, null, null))
                    .isLeft()).as("B is at its limit").isTrue();
            bed.endpoint(fast.url("/a"), "entitlement_grant.created");
            var bEntitlement = bed.grantor.entitlements().create(b, new CreateEntitlement("Pro",
                    LicenseKeyConfig.manual().withActivationsLimit(5), null, null)).get().id().value();
            var aEntitlement = bed.manualEntitlement().id().value();
            bed.grantor.start();

            for (int i = 0; i < 10; i++) {
                bed.grantor.issuing().issue(b, bEntitlement, EngineFixture.issueTo("b" + i + "@example.com")).get();
            }
            // B's 200 deliveries are due and its receivers are hanging before A's first grant is issued
            Thread.sleep(300);
            var issuedAt = new LinkedHashMap<String, Long>();
            for (int i = 0; i < A_GRANTS; i++) {
                var grant = bed.grantor.issuing().issue(a, aEntitlement, EngineFixture.issueTo("a" + i + "@example.com")).get();
                issuedAt.put(grant.grant().grant().id().value(), System.nanoTime());
                Thread.sleep(40);
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (fast.receivedAt("/a").size() < A_GRANTS && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }

            var latencies = new ArrayList<Duration>();
            var arrivals = fast.receivedAt("/a");
            for (Map.Entry<String, Long> issued : issuedAt.entrySet()) {
                var arrival = arrivals.stream().filter(r -> r.body().contains(issued.getKey())).findFirst().orElseThrow(() ->
                        new AssertionError("A's grant " + issued.getKey() + " never reached its endpoint"));
                latencies.add(Duration.ofNanos(arrival.nanos() - issued.getValue()));
            }
            latencies.sort(null);
            var p99 = latencies.get((int) Math.ceil(0.99 * latencies.size()) - 1);
            System.out.printf("FairDispatchTest: A's delivery latency p50=%d ms p99=%d ms over %d deliveries, B's %d endpoints hanging%n",
                    latencies.get(latencies.size() / 2).toMillis(), p99.toMillis(), latencies.size(), policy.maxEndpointsPerBusiness());
            assertThat(p99).as("A's p99 with B's %s endpoints hanging; all: %s", policy.maxEndpointsPerBusiness(), latencies)
                    .isLessThan(A_P99_BOUND);
            // B's share: within one time box of its first attempts, only as many reached its receiver as it has slots
            assertThat(hanging.received().stream().filter(r -> r.at().isBefore(hanging.received().get(0).at()
                    .plus(CONNECT.plus(READ).minusMillis(200)))).count())
                    .isLessThanOrEqualTo(policy.maxInFlightPerBusiness());
        }
    }
}

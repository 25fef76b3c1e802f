package dev.grantor.application;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.memory.InMemoryStore;
import dev.grantor.application.memory.RecordingEventSink;
import dev.grantor.application.memory.RecordingMailer;
import dev.grantor.application.outbox.RelayPolicy;
import dev.grantor.application.port.out.PublishedEvent;
import dev.grantor.domain.entitlement.IntegrationConfig.LicenseKeyConfig;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The engine's own relay sends what a use case recorded as soon as it commits, whatever its poll interval. */
class RelayNudgeTest {

    @Test
    void an_issued_grant_is_published_at_once_by_a_relay_that_polls_only_hourly() throws Exception {
        var store = new InMemoryStore();
        var events = new RecordingEventSink();
        var grantor = Grantor.builder().storage(EngineFixture.storage(store)).mailer(new RecordingMailer()).eventSink(events)
                .relayPolicy(RelayPolicy.defaults().withPollInterval(Duration.ofHours(1))).build();
        var business = grantor.access().createBusiness("Acme").get().id();
        var entitlement = grantor.entitlements().create(business, new dev.grantor.application.port.in.EntitlementCatalog.CreateEntitlement(
                "Pro", LicenseKeyConfig.manual().withActivationsLimit(1), null, null)).get().id().value();
        grantor.issuing().issue(business, entitlement, EngineFixture.issueTo("first@example.com"));
        grantor.relay().start();
        try {
            // the first pass sends what was there, then the relay sleeps for its hour
            await(events, 1, Duration.ofSeconds(10));

            var second = grantor.issuing().issue(business, entitlement, EngineFixture.issueTo("second@example.com")).get().grant();

            await(events, 2, Duration.ofSeconds(2));
            assertThat(events.published().last().body()).contains(second.grant().id().value());
        } finally {
            grantor.close();
        }
        assertThat(events.published().map(PublishedEvent::type)).containsOnly("entitlement_grant.created");
    }

    private static void await(RecordingEventSink events, int count, Duration within) {
        Awaitility.await(count + " events published").atMost(within).pollInterval(Duration.ofMillis(5))
                .until(() -> events.published().size() >= count);
    }
}

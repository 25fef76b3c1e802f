package dev.grantor.application.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.port.in.Webhooks;
import dev.grantor.domain.grant.GrantEvent;
import dev.grantor.domain.grant.LicenseKeyEvent;
import dev.grantor.domain.grant.KeyPoolEvent;
import dev.grantor.domain.grant.GrantorEvent;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventTopicsTest {

    static final Instant AT = Instant.parse("2026-12-02T10:00:00Z");

    /** Every event type with the topic the contract gives it; a record's parts do not matter for its topic. */
    static Map<GrantorEvent, String> everyEvent() {
        var all = new LinkedHashMap<GrantorEvent, String>();
        all.put(new GrantEvent.GrantCreated(null, AT), "entitlement_grant.created");
        all.put(new GrantEvent.GrantDelivered(null, AT), "entitlement_grant.delivered");
        all.put(new GrantEvent.GrantFailed(null, AT), "entitlement_grant.failed");
        all.put(new GrantEvent.GrantRevoked(null, AT), "entitlement_grant.revoked");
        all.put(new LicenseKeyEvent.LicenseKeyCreated(null, AT), "license_key.created");
        all.put(new LicenseKeyEvent.InstanceActivated(null, null, AT), "license_key_instance.activated");
        all.put(new LicenseKeyEvent.InstanceDeactivated(null, null, AT), "license_key_instance.deactivated");
        all.put(new LicenseKeyEvent.LicenseKeyRotated(null, "abcd", AT), "license_key.rotated");
        all.put(new KeyPoolEvent.LowStock(null, 1, 0, AT), "key_pool.low_stock");
        all.put(new KeyPoolEvent.Empty(null, 0, 2, AT), "key_pool.empty");
        return all;
    }

    @Test
    void every_event_travels_under_the_contracts_topic() {
        everyEvent().forEach((event, topic) -> assertThat(EventTopics.of(event)).as(event.getClass().getSimpleName()).isEqualTo(topic));
    }

    @Test
    void the_topics_a_webhook_may_filter_on_are_those_of_the_events_the_outbox_publishes() {
        var published = everyEvent().values().stream().filter(topic -> !topic.startsWith("license_key_instance.")).toList();

        assertThat(Webhooks.EVENT_TYPES.toJavaList()).containsExactlyInAnyOrderElementsOf(published);
    }

    /** A topic Grantor starts to publish must leave the list of Dodo's types it accepts in a filter and never sends. */
    @Test
    void no_published_topic_is_among_the_dodo_types_grantor_never_sends() {
        assertThat(Webhooks.DODO_ONLY_EVENT_TYPES.toJavaList()).doesNotContainAnyElementsOf(everyEvent().values())
                .doesNotHaveDuplicates();
    }

    @Test
    void every_event_belongs_to_one_of_the_sealed_families_the_topics_switch_over() {
        assertThat(GrantorEvent.class.isSealed()).isTrue();
        assertThat(GrantorEvent.class.getPermittedSubclasses())
                .containsExactlyInAnyOrder(GrantEvent.class, LicenseKeyEvent.class, KeyPoolEvent.class);
        assertThat(List.of(GrantEvent.class, LicenseKeyEvent.class, KeyPoolEvent.class)).allMatch(Class::isSealed);
    }
}

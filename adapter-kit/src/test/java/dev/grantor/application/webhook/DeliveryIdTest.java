package dev.grantor.application.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.generate.SecureIdGenerator;
import dev.grantor.domain.shared.Ids;
import java.time.Instant;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;

/** The {@code webhook-id} of an event and an endpoint: stable, unique per pair, and sorted as the events were made. */
class DeliveryIdTest {

    static String eventAt(long epochMilli) {
        return new SecureIdGenerator(InstantSource.fixed(Instant.ofEpochMilli(epochMilli))).next("evt_");
    }

    @Test
    void keeps_the_event_ids_time_characters_so_deliveries_sort_as_their_events_were_made() {
        String earlier = eventAt(1_700_000_000_000L);
        String later = eventAt(1_700_000_000_001L);

        String first = WebhookFanOut.deliveryId(earlier, "we_1");
        String second = WebhookFanOut.deliveryId(later, "we_1");

        assertThat(first.substring(4, 12)).isEqualTo(earlier.substring(4, 12));
        assertThat(first).isLessThan(second);
        assertThat(first).hasSize(WebhookFanOut.DELIVERY_PREFIX.length() + Ids.BODY_LENGTH)
                .matches("msg_[0-9A-Za-z]{" + Ids.BODY_LENGTH + "}");
    }

    @Test
    void is_the_same_for_one_pair_and_differs_for_another_endpoint() {
        String event = eventAt(1_700_000_000_000L);

        assertThat(WebhookFanOut.deliveryId(event, "we_1")).isEqualTo(WebhookFanOut.deliveryId(event, "we_1"))
                .isNotEqualTo(WebhookFanOut.deliveryId(event, "we_2"));
    }

    @Test
    void an_event_id_of_another_form_gives_a_digest_of_full_length() {
        String id = WebhookFanOut.deliveryId("legacy-event-17", "we_1");

        assertThat(id).matches("msg_[0-9A-Za-z]{" + Ids.BODY_LENGTH + "}");
        assertThat(SecureIdGenerator.timeOf("legacy-event-17")).isEmpty();
    }
}

package dev.grantor.adapter.mail;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.port.out.OutboxMessage.Kind;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** The names the standalone service and the Spring Boot module both report under. */
class DeliveryMetersTest {

    @Test
    void each_report_counts_under_its_kind_and_outcome() {
        var registry = new SimpleMeterRegistry();
        var meters = new DeliveryMeters(registry);

        meters.sent(Kind.EMAIL);
        meters.sent(Kind.EMAIL);
        meters.failed(Kind.EVENT);
        meters.parked(Kind.EMAIL);
        meters.accepted();
        meters.deferred();
        meters.deferred();
        meters.rejected();
        meters.connectionOpened();

        assertThat(count(registry, "email", "sent")).isEqualTo(2);
        assertThat(count(registry, "event", "sent")).isZero();
        assertThat(count(registry, "event", "failed")).isEqualTo(1);
        assertThat(count(registry, "email", "parked")).isEqualTo(1);
        assertThat(registry.get("grantor.mail.messages").tag("outcome", "accepted").counter().count()).isEqualTo(1);
        assertThat(registry.get("grantor.mail.messages").tag("outcome", "deferred").counter().count()).isEqualTo(2);
        assertThat(registry.get("grantor.mail.messages").tag("outcome", "rejected").counter().count()).isEqualTo(1);
        assertThat(registry.get("grantor.mail.connections").counter().count()).isEqualTo(1);
    }

    private static double count(SimpleMeterRegistry registry, String kind, String outcome) {
        return registry.get("grantor.outbox.deliveries").tag("kind", kind).tag("outcome", outcome).counter().count();
    }
}

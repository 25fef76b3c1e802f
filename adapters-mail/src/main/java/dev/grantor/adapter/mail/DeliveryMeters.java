package dev.grantor.adapter.mail;

import dev.grantor.application.port.out.DeliveryMetrics;
import dev.grantor.application.port.out.OutboxMessage.Kind;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * The relay's and the mailers' reports as Micrometer counters: {@code grantor_outbox_deliveries_total} by
 * kind (email, event) and outcome (sent, failed, parked, and superseded: a settlement refused because another relay
 * claimed the message again after this one's lease ended), and {@code grantor_mail_messages_total} by outcome
 * (accepted, deferred, rejected) with {@code grantor_mail_connections_total} beside it. One class for the standalone
 * service and the Spring Boot module alike, so both report under the same names. Needs Micrometer on the class path
 * (an optional dependency of this module).
 */
public final class DeliveryMeters implements DeliveryMetrics, MailMetrics {

    private final Map<Kind, Counter> sent = new EnumMap<>(Kind.class);
    private final Map<Kind, Counter> failed = new EnumMap<>(Kind.class);
    private final Map<Kind, Counter> parked = new EnumMap<>(Kind.class);
    private final Map<Kind, Counter> superseded = new EnumMap<>(Kind.class);
    private final Counter accepted;
    private final Counter deferred;
    private final Counter rejected;
    private final Counter connections;

    public DeliveryMeters(MeterRegistry registry) {
        for (Kind kind : Kind.values()) {
            sent.put(kind, delivery(registry, kind, "sent"));
            failed.put(kind, delivery(registry, kind, "failed"));
            parked.put(kind, delivery(registry, kind, "parked"));
            superseded.put(kind, delivery(registry, kind, "superseded"));
        }
        accepted = mail(registry, "accepted");
        deferred = mail(registry, "deferred");
        rejected = mail(registry, "rejected");
        connections = Counter.builder("grantor.mail.connections").description("SMTP connections opened").register(registry);
    }

    private static Counter delivery(MeterRegistry registry, Kind kind, String outcome) {
        return Counter.builder("grantor.outbox.deliveries")
                .description("Outbox messages handed to their port, by kind and outcome")
                .tag("kind", kind.name().toLowerCase(Locale.ROOT))
                .tag("outcome", outcome)
                .register(registry);
    }

    private static Counter mail(MeterRegistry registry, String outcome) {
        return Counter.builder("grantor.mail.messages")
                .description("Delivery emails by what the mail server (or pickup directory) made of them")
                .tag("outcome", outcome)
                .register(registry);
    }

    @Override
    public void sent(Kind kind) {
        sent.get(kind).increment();
    }

    @Override
    public void failed(Kind kind) {
        failed.get(kind).increment();
    }

    @Override
    public void parked(Kind kind) {
        parked.get(kind).increment();
    }

    @Override
    public void superseded(Kind kind) {
        superseded.get(kind).increment();
    }

    @Override
    public void accepted() {
        accepted.increment();
    }

    @Override
    public void deferred() {
        deferred.increment();
    }

    @Override
    public void rejected() {
        rejected.increment();
    }

    @Override
    public void connectionOpened() {
        connections.increment();
    }
}

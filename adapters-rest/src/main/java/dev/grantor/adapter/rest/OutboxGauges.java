package dev.grantor.adapter.rest;

import dev.grantor.application.port.in.OutboxAdministration;
import dev.grantor.application.port.in.OutboxDepth;
import dev.grantor.application.port.in.WebhookBacklog;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vavr.control.Option;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The outbox's depth and the age of its oldest due message, and the same for the webhook deliveries its events became,
 * each read once per scrape (the gauges of one share one read, cached for a second) rather than once per gauge.
 */
final class OutboxGauges {

    private static final Duration FRESH_FOR = Duration.ofSeconds(1);

    private final InstantSource clock;
    private final Fresh<OutboxDepth> depth;
    private final Fresh<WebhookBacklog> backlog;

    private OutboxGauges(OutboxAdministration outbox, InstantSource clock) {
        this.clock = clock;
        this.depth = new Fresh<>(outbox::depth);
        this.backlog = new Fresh<>(outbox::webhookBacklog);
    }

    /**
     * Micrometer holds a gauge's state object weakly by default, and nothing else holds this one: without strong
     * references the gauges would read NaN after the first garbage collection.
     */
    static void register(MeterRegistry registry, OutboxAdministration outbox, InstantSource clock) {
        var gauges = new OutboxGauges(outbox, clock);
        Gauge.builder("grantor.outbox.pending", gauges, g -> g.depth.get().pending())
                .description("outbox messages waiting to be sent").strongReference(true).register(registry);
        Gauge.builder("grantor.outbox.parked", gauges, g -> g.depth.get().parked())
                .description("outbox messages parked after exhausting their retries").strongReference(true).register(registry);
        Gauge.builder("grantor.outbox.oldest.age", gauges, OutboxGauges::oldestAgeSeconds)
                .description("age in seconds of the oldest due outbox message, 0 when none").baseUnit("seconds")
                .strongReference(true).register(registry);
        Gauge.builder("grantor.webhook.deliveries.pending", gauges, g -> g.backlog.get().pending())
                .description("webhook deliveries waiting to be sent or settled, due or not").strongReference(true).register(registry);
        Gauge.builder("grantor.webhook.deliveries.oldest.age", gauges, OutboxGauges::oldestDeliveryAgeSeconds)
                .description("age in seconds of the oldest due webhook delivery, 0 when none").baseUnit("seconds")
                .strongReference(true).register(registry);
    }

    private double oldestAgeSeconds() {
        return ageSeconds(depth.get().oldestDueCreatedAt());
    }

    private double oldestDeliveryAgeSeconds() {
        return ageSeconds(backlog.get().oldestDueCreatedAt());
    }

    private double ageSeconds(Option<Instant> oldest) {
        Instant now = clock.instant();
        return oldest.map(created -> Math.max(0, Duration.between(created, now).toMillis() / 1000.0)).getOrElse(0.0);
    }

    /** One read shared by the gauges of a scrape: read again once it is older than {@link #FRESH_FOR}. */
    private final class Fresh<T> {

        private final Supplier<T> read;
        // a lock rather than synchronized: the read may block on the database, and on JDK 21 a virtual thread
        // blocking inside synchronized pins its carrier
        private final ReentrantLock lock = new ReentrantLock();
        private T value;
        private Instant readAt = Instant.MIN;

        Fresh(Supplier<T> read) {
            this.read = read;
        }

        T get() {
            lock.lock();
            try {
                Instant now = clock.instant();
                if (value == null || now.isAfter(readAt.plus(FRESH_FOR))) {
                    value = read.get();
                    readAt = now;
                }
                return value;
            } finally {
                lock.unlock();
            }
        }
    }
}

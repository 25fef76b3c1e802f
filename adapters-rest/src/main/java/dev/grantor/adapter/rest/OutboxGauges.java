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

/**
 * The outbox's depth and the age of its oldest due message, and the same for the webhook deliveries its events became,
 * each read once per scrape (the gauges of one share one read, cached for a second) rather than once per gauge.
 */
final class OutboxGauges {

    private static final Duration FRESH_FOR = Duration.ofSeconds(1);

    private final OutboxAdministration outbox;
    private final InstantSource clock;
    // a lock rather than synchronized: the read may block on the database, and on JDK 21 a virtual thread
    // blocking inside synchronized pins its carrier
    private final ReentrantLock lock = new ReentrantLock();
    private OutboxDepth depth;
    private Instant readAt = Instant.MIN;
    private WebhookBacklog backlog;
    private Instant backlogReadAt = Instant.MIN;

    private OutboxGauges(OutboxAdministration outbox, InstantSource clock) {
        this.outbox = outbox;
        this.clock = clock;
    }

    /**
     * Micrometer holds a gauge's state object weakly by default, and nothing else holds this one: without strong
     * references the gauges would read NaN after the first garbage collection.
     */
    static void register(MeterRegistry registry, OutboxAdministration outbox, InstantSource clock) {
        var gauges = new OutboxGauges(outbox, clock);
        Gauge.builder("grantor.outbox.pending", gauges, g -> g.current().pending())
                .description("outbox messages waiting to be sent").strongReference(true).register(registry);
        Gauge.builder("grantor.outbox.parked", gauges, g -> g.current().parked())
                .description("outbox messages parked after exhausting their retries").strongReference(true).register(registry);
        Gauge.builder("grantor.outbox.oldest.age", gauges, OutboxGauges::oldestAgeSeconds)
                .description("age in seconds of the oldest due outbox message, 0 when none").baseUnit("seconds")
                .strongReference(true).register(registry);
        Gauge.builder("grantor.webhook.deliveries.pending", gauges, g -> g.backlog().pending())
                .description("webhook deliveries waiting to be sent or settled, due or not").strongReference(true).register(registry);
        Gauge.builder("grantor.webhook.deliveries.oldest.age", gauges, OutboxGauges::oldestDeliveryAgeSeconds)
                .description("age in seconds of the oldest due webhook delivery, 0 when none").baseUnit("seconds")
                .strongReference(true).register(registry);
    }

    private OutboxDepth current() {
        lock.lock();
        try {
            Instant now = clock.instant();
            if (depth == null || now.isAfter(readAt.plus(FRESH_FOR))) {
                depth = outbox.depth();
                readAt = now;
            }
            return depth;
        } finally {
            lock.unlock();
        }
    }

    private WebhookBacklog backlog() {
        lock.lock();
        try {
            Instant now = clock.instant();
            if (backlog == null || now.isAfter(backlogReadAt.plus(FRESH_FOR))) {
                backlog = outbox.webhookBacklog();
                backlogReadAt = now;
            }
            return backlog;
        } finally {
            lock.unlock();
        }
    }

    private double oldestAgeSeconds() {
        return ageSeconds(current().oldestDueCreatedAt());
    }

    private double oldestDeliveryAgeSeconds() {
        return ageSeconds(backlog().oldestDueCreatedAt());
    }

    private double ageSeconds(Option<Instant> oldest) {
        Instant now = clock.instant();
        return oldest.map(created -> Math.max(0, Duration.between(created, now).toMillis() / 1000.0)).getOrElse(0.0);
    }
}

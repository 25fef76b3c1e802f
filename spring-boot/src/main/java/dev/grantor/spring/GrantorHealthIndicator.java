package dev.grantor.spring;

import dev.grantor.adapter.persistence.JdbcStorage;
import dev.grantor.application.port.in.OutboxAdministration;
import dev.grantor.application.port.in.OutboxDepth;
import java.time.Duration;
import java.time.InstantSource;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * {@code grantor} in the application's health: DOWN when the database does not answer, or when the oldest due
 * outbox message has waited longer than {@code grantor.health.outbox-age-limit} (nothing is sending: delivery
 * emails are not going out). Parked messages need an operator but do not make the node unhealthy; they are in
 * the details with the outbox depth.
 */
final class GrantorHealthIndicator implements HealthIndicator {

    private final JdbcStorage storage;
    private final OutboxAdministration outbox;
    private final InstantSource clock;
    private final Duration ageLimit;

    GrantorHealthIndicator(JdbcStorage storage, OutboxAdministration outbox, InstantSource clock, Duration ageLimit) {
        this.storage = storage;
        this.outbox = outbox;
        this.clock = clock;
        this.ageLimit = ageLimit;
    }

    @Override
    public Health health() {
        if (!storage.isReachable()) {
            return Health.down().withDetail("database", "unreachable").build();
        }
        OutboxDepth depth = outbox.depth();
        Duration oldestAge = depth.oldestDueCreatedAt().map(oldest -> Duration.between(oldest, clock.instant()))
                .filter(age -> !age.isNegative()).getOrElse(Duration.ZERO);
        var health = oldestAge.compareTo(ageLimit) > 0 ? Health.down() : Health.up();
        return health.withDetail("database", storage.databaseKind())
                .withDetail("outboxPending", depth.pending())
                .withDetail("outboxOldestAgeSeconds", oldestAge.toSeconds())
                .withDetail("outboxParked", depth.parked())
                .build();
    }
}

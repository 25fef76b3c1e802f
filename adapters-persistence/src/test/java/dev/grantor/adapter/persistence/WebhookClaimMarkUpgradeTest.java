package dev.grantor.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.contract.WebhookFixtures;
import io.vavr.collection.List;
import io.vavr.control.Either;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deliveries written before the claim's mark (PostgreSQL V39, SQLite V36) upgrade to "not held": one waiting out the
 * first failure's 5 seconds, written by the release before, is brought forward by a retry after the upgrade, and once
 * a claim of this release holds it again, a retry leaves it.
 */
class WebhookClaimMarkUpgradeTest {

    private static final Duration LEASE = Duration.ofMinutes(2);

    @TempDir
    Path dir;

    @Test
    void a_sqlite_delivery_in_its_backoff_before_v36_is_not_held_after_it() throws SQLException {
        check(TestDatabases.freshSqlite(dir), "35");
    }

    @Test
    void a_postgresql_delivery_in_its_backoff_before_v39_is_not_held_after_it() throws SQLException {
        check(TestDatabases.freshPostgres(), "38");
    }

    private void check(StorageSettings settings, String oldVersion) throws SQLException {
        var now = Instant.parse("2026-12-07T04:00:00Z");
        try (var storage = JdbcStorage.open(settings.withMigrateOnStart(false))) {
            Flyway.configure().dataSource(storage.dataSource()).locations(settings.dialect().migrations())
                    .target(oldVersion).load().migrate();
            var endpoint = WebhookFixtures.endpoint(WebhookFixtures.business(), now.minusSeconds(60));
            var delivery = WebhookFixtures.delivery(endpoint, now.minusSeconds(10));
            storage.transactions().write(() -> {
                storage.webhookEndpoints().insert(endpoint);
                storage.webhookDeliveries().record(List.of(delivery));
                return Either.right(true);
            });
            // as the release before left it: claimed, refused once, due again in 5 seconds (no mark: no column yet)
            try (var connection = storage.dataSource().getConnection(); var refused = connection.prepareStatement(
                    "UPDATE webhook_deliveries SET attempts = 1, last_response_code = 503, last_error = 'the endpoint answered 503',"
                            + " last_attempt_at = ?, next_attempt_at = ? WHERE id = ?")) {
                refused.setLong(1, Columns.nanos(now.minusSeconds(1)));
                refused.setLong(2, Columns.nanos(now.plusSeconds(4)));
                refused.setString(3, delivery.id());
                assertThat(refused.executeUpdate()).isEqualTo(1);
            }

            storage.migrate();

            var deliveries = storage.webhookDeliveries();
            assertThat(deliveries.bringForward(delivery.businessId(), delivery.id(), now)).as("a row without a mark is not held")
                    .isTrue();
            assertThat(deliveries.claimDue(now, 10, LEASE).map(d -> d.id())).containsExactly(delivery.id());
            assertThat(deliveries.bringForward(delivery.businessId(), delivery.id(), now.plusSeconds(1)))
                    .as("held by this release's claim").isFalse();
            assertThat(deliveries.find(delivery.businessId(), delivery.id()).get().attempts()).isEqualTo(1);
        }
    }
}

package dev.grantor.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.grantor.application.contract.ContractFixtures;
import io.vavr.control.Either;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Callers of Grantor's own PostgreSQL pool take turns for its connections: every way a unit ends (commit, rollback,
 * exception, a read of one statement) gives its turn back, so a pool of one connection still serves caller after caller.
 */
class PostgresConnectionTurnsTest {

    @Test
    void every_way_a_unit_ends_gives_its_connection_back_so_a_pool_of_one_keeps_serving() throws Exception {
        var settings = StorageSettings.postgresql(PostgresFixture.newDatabase(), PostgresFixture.USER, PostgresFixture.PASSWORD);
        JdbcStorage.open(settings).close(); // migrates on the default pool: Flyway itself needs two connections
        try (var storage = JdbcStorage.open(settings.withPoolSize(1).withMigrateOnStart(false))) {
            var business = ContractFixtures.business();
            storage.transactions().write(() -> {
                storage.businesses().insert(business);
                return Either.right(true);
            });
            for (int i = 0; i < 20; i++) {
                storage.transactions().write(() -> Either.left("rolled back"));
                assertThatThrownBy(() -> storage.transactions().write(() -> {
                    throw new IllegalStateException("the unit failed");
                })).isInstanceOf(IllegalStateException.class);
                assertThatThrownBy(() -> storage.transactions().write(() -> {
                    storage.businesses().insert(business);
                    return Either.right(true);
                })).as("a duplicate business").isInstanceOf(RuntimeException.class);
                assertThat(storage.businesses().find(business.id()).isDefined()).isTrue();
                assertThat(storage.transactions().read(() -> storage.businesses().find(business.id()).isDefined())).isTrue();
            }

            // eight callers on one connection: each waits its turn and none is refused
            try (var callers = Executors.newVirtualThreadPerTaskExecutor()) {
                var done = new ArrayList<Future<Boolean>>();
                for (int i = 0; i < 8; i++) {
                    done.add(callers.submit(() -> storage.transactions().read(() -> {
                        sleep(Duration.ofMillis(20));
                        return storage.businesses().find(business.id()).isDefined();
                    })));
                }
                for (var caller : done) {
                    assertThat(caller.get(30, TimeUnit.SECONDS)).isTrue();
                }
            }
        }
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

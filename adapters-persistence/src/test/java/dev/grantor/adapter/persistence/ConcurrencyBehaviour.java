package dev.grantor.adapter.persistence;

import static dev.grantor.adapter.persistence.Samples.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.contract.Race;
import dev.grantor.application.port.in.GrantFulfillment.FulfillLicenseKey;
import dev.grantor.application.port.out.OutboxMessage;
import dev.grantor.application.port.out.OutboxMessage.Kind;
import dev.grantor.domain.grant.Grant;
import dev.grantor.domain.grant.GrantStatus;
import dev.grantor.domain.shared.GrantorError;
import io.vavr.collection.List;
import io.vavr.control.Either;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Races that must have exactly one winner, or no double work, on each database. Fulfillments race
 * through the real engine: the adapter must report every lost race in a form the engine turns into the
 * right domain answer, never an exception.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ConcurrencyBehaviour {

    private static final int RACERS = 64;

    protected JdbcStorage storage;

    protected abstract StorageSettings settings();

    @BeforeAll
    void open() {
        storage = JdbcStorage.open(settings().withPoolSize(16));
    }

    @AfterAll
    void close() {
        storage.close();
    }

    @Test
    void of_64_concurrent_fulfillments_of_one_grant_through_the_engine_exactly_one_succeeds_and_the_rest_are_told_it_is_not_pending() {
        var world = Samples.world(storage);
        var grant = Samples.pendingGrant(world, T0);
        storage.grants().insert(grant);
        var engine = Engines.over(storage);

        var outcomes = race(n -> engine.fulfillment().fulfillLicenseKey(world.businessId(), grant.id().value(),
                new FulfillLicenseKey("RACE-KEY-" + n + "-" + grant.id().value(), null, null)));

        assertThat(outcomes).as("nothing but domain answers").allMatch(Either::isRight);
        var answers = outcomes.map(Either::get);
        assertThat(answers.filter(Either::isRight)).hasSize(1);
        assertThat(answers.filter(Either::isLeft).map(Either::getLeft))
                .hasSize(RACERS - 1)
                .allMatch(GrantorError.GrantNotPending.class::isInstance);
        Grant stored = storage.grants().find(world.businessId(), grant.id()).get();
        assertThat(stored.status()).isEqualTo(GrantStatus.DELIVERED);
        assertThat(stored.version()).isEqualTo(1);
        assertThat(StoredRecords.count(storage, "SELECT count(*) FROM license_keys WHERE grant_id = '" + grant.id().value() + "'"))
                .isEqualTo(1);
        assertThat(StoredRecords.count(storage, "SELECT count(*) FROM outbox WHERE payload LIKE '%" + grant.id().value() + "%'"))
                .as("one delivery email and two events").isEqualTo(3);
    }

    @Test
    void of_64_concurrent_fulfillments_of_different_grants_with_one_key_value_through_the_engine_exactly_one_succeeds() {
        var world = Samples.world(storage);
        var grants = List.range(0, RACERS).map(i -> Samples.pendingGrant(world, T0));
        storage.transactions().write(() -> {
            grants.forEach(storage.grants()::insert);
            return Either.right(true);
        });
        var engine = Engines.over(storage);
        String key = "SHARED-" + Samples.keyValue();

        var outcomes = race(n -> engine.fulfillment().fulfillLicenseKey(world.businessId(), grants.get(n).id().value(),
                new FulfillLicenseKey(key, null, null)));

        assertThat(outcomes).as("nothing but domain answers").allMatch(Either::isRight);
        var answers = outcomes.map(Either::get);
        assertThat(answers.filter(Either::isRight)).hasSize(1);
        assertThat(answers.filter(Either::isLeft).map(Either::getLeft))
                .hasSize(RACERS - 1)
                .allMatch(GrantorError.LicenseKeyAlreadyExists.class::isInstance);
        assertThat(StoredRecords.count(storage, "SELECT count(*) FROM grants WHERE status = 'Delivered' AND entitlement_id = '"
                + world.entitlement().id().value() + "'")).isEqualTo(1);
    }

    @Test
    void two_relays_claiming_from_one_outbox_of_1000_messages_claim_each_message_exactly_once() throws Exception {
        var world = Samples.world(storage);
        var messages = List.range(0, 1000).map(i -> Samples.message(world.businessId(), Kind.EVENT, T0.plusNanos(i)));
        storage.outbox().append(messages);

        var outcomes = Race.of(2, n -> {
            var mine = new ArrayList<String>();
            while (true) {
                var claimed = storage.outbox().claimDue(T0.plusSeconds(1), 25, Duration.ofMinutes(5));
                if (claimed.isEmpty()) {
                    return mine;
                }
                for (OutboxMessage message : claimed) {
                    mine.add(message.id());
                    storage.outbox().markSent(message.claim(), T0.plusSeconds(1));
                }
            }
        });

        var first = outcomes.get(0).get();
        var second = outcomes.get(1).get();
        var all = new HashSet<>(first);
        all.addAll(second);
        assertThat(first.size() + second.size()).isEqualTo(1000);
        assertThat(all).hasSize(1000).containsAll(messages.map(OutboxMessage::id));
        assertThat(storage.outbox().depth(T0.plusSeconds(1)).pending()).isZero();
    }

    private static <T> List<Either<Throwable, T>> race(IntFunction<T> task) {
        return Race.of(RACERS, task);
    }
}

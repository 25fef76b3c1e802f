package dev.grantor.application.contract;

import static dev.grantor.application.contract.ContractFixtures.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.grantor.application.port.out.ConcurrentUpdate;
import dev.grantor.application.port.out.DuplicateRecord;
import dev.grantor.domain.entitlement.EntitlementUpdate;
import io.vavr.collection.List;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** {@code Transactions}: a unit of work commits as a whole on {@code Right}, or leaves nothing behind. */
public abstract class TransactionsContract extends PortContract {

    @Test
    void what_a_committed_unit_wrote_is_visible_to_later_units() {
        var business = ContractFixtures.business();
        var result = store.transactions().write(() -> {
            store.businesses().insert(business);
            return Either.right("done");
        });

        assertThat(result).isEqualTo(Either.right("done"));
        assertThat(reading(() -> store.businesses().find(business.id()))).contains(business);
    }

    @Test
    void a_unit_that_returns_left_leaves_nothing_behind() {
        var world = ContractFixtures.world(store);
        var grant = ContractFixtures.pendingGrant(world, at(1));
        var email = ContractFixtures.email(world.businessId(), at(1));

        var result = store.transactions().write(() -> {
            store.grants().insert(grant);
            store.outbox().append(List.of(email));
            return Either.left("rejected");
        });

        assertThat(result).isEqualTo(Either.left("rejected"));
        assertThat(reading(() -> store.grants().find(world.businessId(), grant.id()))).isEmpty();
        assertThat(reading(() -> store.outbox().find(email.id()))).isEmpty();
    }

    @Test
    void a_unit_that_throws_leaves_nothing_behind_and_the_exception_reaches_the_caller() {
        var world = ContractFixtures.world(store);
        var grant = ContractFixtures.pendingGrant(world, at(1));
        var failure = new IllegalStateException("boom");

        assertThatThrownBy(() -> store.transactions().write(() -> {
            store.grants().insert(grant);
            throw failure;
        })).isSameAs(failure);

        assertThat(reading(() -> store.grants().find(world.businessId(), grant.id()))).isEmpty();
    }

    @Test
    void a_duplicate_in_the_middle_of_a_unit_rolls_back_what_the_unit_wrote_before_it() {
        var world = ContractFixtures.world(store);
        var first = ContractFixtures.pendingGrant(world, at(1));
        var second = ContractFixtures.pendingGrant(world, at(2));
        var value = ContractFixtures.keyValue();
        inUnit(() -> {
            store.grants().insert(first);
            store.licenseKeys().insert(ContractFixtures.licenseKey(first, value, at(1)));
        });

        assertThatThrownBy(() -> inUnit(() -> {
            store.grants().insert(second);
            store.licenseKeys().insert(ContractFixtures.licenseKey(second, value, at(2)));
        })).isInstanceOf(DuplicateRecord.class);

        assertThat(reading(() -> store.grants().find(world.businessId(), second.id()))).isEmpty();
    }

    @Test
    void a_nested_unit_joins_the_outer_unit_and_rolls_back_with_it() {
        var world = ContractFixtures.world(store);
        var grant = ContractFixtures.pendingGrant(world, at(1));

        var result = store.transactions().write(() -> {
            store.transactions().write(() -> {
                store.grants().insert(grant);
                return Either.right(grant);
            });
            return Either.left("outer unit gives up");
        });

        assertThat(result.isLeft()).isTrue();
        assertThat(reading(() -> store.grants().find(world.businessId(), grant.id()))).isEmpty();
    }

    @Test
    void a_nested_unit_commits_with_the_outer_unit() {
        var world = ContractFixtures.world(store);
        var grant = ContractFixtures.pendingGrant(world, at(1));

        store.transactions().write(() -> store.transactions().write(() -> {
            store.grants().insert(grant);
            return Either.right(grant);
        }));

        assertThat(reading(() -> store.grants().find(world.businessId(), grant.id()))).isNotEmpty();
    }

    @Test
    void what_an_unfinished_unit_wrote_is_invisible_to_other_threads() throws Exception {
        var world = ContractFixtures.world(store);
        var grant = ContractFixtures.pendingGrant(world, at(1));
        var written = new CountDownLatch(1);
        var checked = new CountDownLatch(1);
        var seenMeanwhile = new AtomicReference<Option<?>>();

        var writer = Thread.ofPlatform().start(() -> store.transactions().write(() -> {
            store.grants().insert(grant);
            written.countDown();
            await(checked);
            return Either.right(grant);
        }));
        assertThat(written.await(RACE_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        var reader = Thread.ofPlatform().start(() ->
                seenMeanwhile.set(store.transactions().read(() -> store.grants().find(world.businessId(), grant.id()))));
        reader.join(RACE_TIMEOUT);
        checked.countDown();
        writer.join(RACE_TIMEOUT);

        assertThat(seenMeanwhile.get()).isEqualTo(Option.none());
        assertThat(reading(() -> store.grants().find(world.businessId(), grant.id()))).isNotEmpty();
    }

    @Test
    void no_update_is_lost_when_32_writers_retry_after_a_concurrent_update() {
        var world = ContractFixtures.world(store);
        var id = world.entitlement().id();

        var outcomes = race(32, n -> {
            for (int attempt = 0; attempt < 10_000; attempt++) {
                try {
                    return store.transactions().write(() -> {
                        var current = store.entitlements().find(world.businessId(), id).get();
                        var renamed = current.update(new EntitlementUpdate(Option.some("writer " + n), Option.none(),
                                Option.none(), Option.none()), at(n)).get();
                        store.entitlements().update(renamed);
                        return Either.right(n);
                    }).get();
                } catch (ConcurrentUpdate lostTheRace) {
                    Thread.onSpinWait();
                }
            }
            throw new AssertionError("writer " + n + " never got through");
        });

        assertThat(outcomes).allMatch(Either::isRight);
        assertThat(reading(() -> store.entitlements().find(world.businessId(), id)).get().version()).isEqualTo(32);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(RACE_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

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
    void a_nested_unit_that_returns_left_takes_back_its_own_writes_and_after_commit_actions_only() {
        var world = ContractFixtures.world(store);
        var kept = ContractFixtures.pendingGrant(world, at(1));
        var takenBack = ContractFixtures.pendingGrant(world, at(2));
        var ran = new java.util.concurrent.atomic.AtomicInteger();

        var result = store.transactions().write(() -> {
            store.grants().insert(kept);
            var inner = store.transactions().write(() -> {
                store.grants().insert(takenBack);
                store.transactions().afterCommit(ran::incrementAndGet);
                return Either.left("inner unit gives up");
            });
            assertThat(inner.isLeft()).isTrue();
            return Either.right("outer");
        });

        assertThat(result.isRight()).isTrue();
        assertThat(reading(() -> store.grants().find(world.businessId(), kept.id()))).isNotEmpty();
        assertThat(reading(() -> store.grants().find(world.businessId(), takenBack.id()))).isEmpty();
        assertThat(ran).as("the after-commit action of the unit that gave up").hasValue(0);
    }

    @Test
    void a_nested_unit_that_fails_on_a_statement_leaves_the_outer_unit_usable() {
        var world = ContractFixtures.world(store);
        var first = ContractFixtures.pendingGrant(world, at(1));
        var after = ContractFixtures.pendingGrant(world, at(2));

        var result = store.transactions().write(() -> {
            store.grants().insert(first);
            try {
                store.transactions().write(() -> {
                    store.grants().insert(first);
                    return Either.right("never");
                });
                return Either.left("the duplicate was not refused");
            } catch (RuntimeException refused) {
                // a failed statement in PostgreSQL spoils its transaction unless the inner unit rolled back to its savepoint
                store.grants().insert(after);
                return Either.right("outer");
            }
        });

        assertThat(result).isEqualTo(Either.right("outer"));
        assertThat(reading(() -> store.grants().find(world.businessId(), first.id()))).isNotEmpty();
        assertThat(reading(() -> store.grants().find(world.businessId(), after.id()))).isNotEmpty();
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

    @Test
    void an_after_commit_action_runs_once_the_unit_committed_and_sees_what_it_wrote() {
        var business = ContractFixtures.business();
        var seen = new java.util.ArrayList<Option<?>>();

        store.transactions().write(() -> {
            store.businesses().insert(business);
            store.transactions().afterCommit(() -> seen.add(store.transactions().read(() -> store.businesses().find(business.id()))));
            assertThat(seen).as("not before the commit").isEmpty();
            return Either.right("done");
        });

        assertThat(seen).containsExactly(Option.some(business));
    }

    @Test
    void an_after_commit_action_of_a_nested_unit_waits_for_the_outermost_commit() {
        var ran = new java.util.concurrent.atomic.AtomicInteger();
        var duringOuter = new java.util.concurrent.atomic.AtomicInteger(-1);

        store.transactions().write(() -> {
            store.transactions().write(() -> {
                store.transactions().afterCommit(ran::incrementAndGet);
                return Either.right("inner");
            });
            duringOuter.set(ran.get());
            return Either.right("outer");
        });

        assertThat(duringOuter).hasValue(0);
        assertThat(ran).hasValue(1);
    }

    @Test
    void an_after_commit_action_never_runs_when_the_unit_returns_left() {
        var ran = new java.util.concurrent.atomic.AtomicInteger();

        store.transactions().write(() -> {
            store.businesses().insert(ContractFixtures.business());
            store.transactions().afterCommit(ran::incrementAndGet);
            return Either.left("rejected");
        });

        assertThat(ran).hasValue(0);
    }

    @Test
    void an_after_commit_action_never_runs_when_the_unit_throws() {
        var ran = new java.util.concurrent.atomic.AtomicInteger();

        assertThatThrownBy(() -> store.transactions().write(() -> {
            store.businesses().insert(ContractFixtures.business());
            store.transactions().afterCommit(ran::incrementAndGet);
            throw new IllegalStateException("boom");
        })).isInstanceOf(IllegalStateException.class);

        assertThat(ran).hasValue(0);
    }

    @Test
    void an_after_commit_action_never_runs_when_the_outer_unit_rolls_back_a_nested_one_that_succeeded() {
        var ran = new java.util.concurrent.atomic.AtomicInteger();

        store.transactions().write(() -> {
            store.transactions().write(() -> {
                store.transactions().afterCommit(ran::incrementAndGet);
                return Either.right("inner");
            });
            return Either.left("outer gives up");
        });

        assertThat(ran).hasValue(0);
    }

    @Test
    void an_after_commit_action_outside_any_unit_runs_at_once() {
        var ran = new java.util.concurrent.atomic.AtomicInteger();

        store.transactions().afterCommit(ran::incrementAndGet);

        assertThat(ran).hasValue(1);
    }

    @Test
    void a_unit_that_loses_a_race_is_not_run_again_by_the_store() {
        var world = ContractFixtures.world(store);
        var id = world.entitlement().id();
        var stale = reading(() -> store.entitlements().find(world.businessId(), id)).get();
        inUnit(() -> store.entitlements().update(stale.update(new EntitlementUpdate(Option.some("first"), Option.none(),
                Option.none(), Option.none()), at(1)).get()));
        var runs = new java.util.concurrent.atomic.AtomicInteger();
        var ran = new java.util.concurrent.atomic.AtomicInteger();

        assertThatThrownBy(() -> store.transactions().write(() -> {
            runs.incrementAndGet();
            store.transactions().afterCommit(ran::incrementAndGet);
            store.entitlements().update(stale.update(new EntitlementUpdate(Option.some("second"), Option.none(),
                    Option.none(), Option.none()), at(2)).get());
            return Either.right("lost");
        })).isInstanceOf(ConcurrentUpdate.class);

        assertThat(runs).as("the caller decides whether to run it again").hasValue(1);
        assertThat(ran).hasValue(0);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(RACE_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

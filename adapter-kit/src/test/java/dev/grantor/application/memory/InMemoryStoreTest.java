package dev.grantor.application.memory;

import static dev.grantor.application.contract.ContractFixtures.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.grantor.application.contract.ContractFixtures;
import io.vavr.control.Either;
import org.junit.jupiter.api.Test;

/** What the in-memory store promises beyond the port contracts. */
class InMemoryStoreTest {

    private final InMemoryStore store = new InMemoryStore();

    @Test
    void writing_inside_a_read_only_unit_fails_loudly() {
        var business = ContractFixtures.business();

        assertThatThrownBy(() -> store.transactions().read(() -> {
            store.businesses().insert(business);
            return business;
        })).isInstanceOf(IllegalStateException.class);

        assertThat(store.businesses().find(business.id())).isEmpty();
    }

    @Test
    void a_nested_unit_that_returns_left_undoes_only_its_own_writes() {
        var world = ContractFixtures.world(store);
        var kept = ContractFixtures.pendingGrant(world, at(1));
        var undone = ContractFixtures.pendingGrant(world, at(2));

        store.transactions().write(() -> {
            store.grants().insert(kept);
            store.transactions().write(() -> {
                store.grants().insert(undone);
                return Either.left("nested unit gives up");
            });
            return Either.right(kept);
        });

        assertThat(store.grants().find(world.businessId(), kept.id())).isNotEmpty();
        assertThat(store.grants().find(world.businessId(), undone.id())).isEmpty();
    }

    @Test
    void commits_and_rollbacks_are_counted_and_a_reset_forgets_everything() {
        var world = ContractFixtures.world(store);
        long commits = store.transactions().commits();

        store.transactions().write(() -> Either.left("no"));
        store.transactions().write(() -> Either.right("yes"));

        assertThat(store.transactions().commits()).isEqualTo(commits + 1);
        assertThat(store.transactions().rollbacks()).isEqualTo(1);
        store.reset();
        assertThat(store.businesses().find(world.businessId())).isEmpty();
    }
}

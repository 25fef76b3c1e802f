package dev.grantor.application.contract;

import static dev.grantor.application.contract.ContractFixtures.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.grantor.application.port.out.ConcurrentUpdate;
import dev.grantor.application.port.out.Page;
import dev.grantor.domain.entitlement.Entitlement;
import dev.grantor.domain.entitlement.EntitlementUpdate;
import dev.grantor.domain.entitlement.IntegrationType;
import dev.grantor.domain.shared.BusinessId;
import io.vavr.collection.List;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.util.Comparator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code Entitlements}: versioned storage of every integration type, tenant-scoped, newest-first listing. */
public abstract class EntitlementsContract extends PortContract {

    @ParameterizedTest
    @EnumSource(IntegrationType.class)
    void an_entitlement_of_every_integration_type_comes_back_as_it_was_stored(IntegrationType type) {
        var business = insertedBusiness();
        var entitlement = ContractFixtures.entitlement(business, type, at(1));

        inUnit(() -> store.entitlements().insert(entitlement));

        assertThat(reading(() -> store.entitlements().find(business, entitlement.id()))).contains(entitlement);
    }

    /**
     * The entitlements of a page of grants read together are each as read alone: across more ids than one statement
     * binds, a deleted one among them, with an id given twice, an unknown id and another business's entitlement, which
     * are not among them.
     */
    @Test
    void the_entitlements_of_many_ids_read_together_are_each_as_read_alone_and_only_the_business_s() {
        var business = insertedBusiness();
        var other = insertedBusiness();
        var mine = List.range(0, 205).map(i -> ContractFixtures.entitlement(business, IntegrationType.LICENSE_KEY, at(i)));
        inUnit(() -> mine.forEach(store.entitlements()::insert));
        var deleted = mine.get(7).delete(at(300));
        inUnit(() -> store.entitlements().update(deleted));
        var elsewhere = ContractFixtures.entitlement(other, IntegrationType.LICENSE_KEY, at(1));
        inUnit(() -> store.entitlements().insert(elsewhere));
        var unknown = ContractFixtures.entitlement(business, IntegrationType.LICENSE_KEY, at(1)).id();
        var asked = mine.map(Entitlement::id).prepend(mine.last().id()).append(elsewhere.id()).append(unknown);

        var together = reading(() -> store.entitlements().ofAll(business, asked));

        assertThat(together.keySet().toJavaSet()).containsExactlyInAnyOrderElementsOf(mine.map(Entitlement::id));
        for (var entitlement : mine) {
            assertThat(together.get(entitlement.id())).isEqualTo(reading(() -> store.entitlements().find(business, entitlement.id())));
        }
        assertThat(together.get(deleted.id()).get().isActive()).isFalse();
        assertThat(reading(() -> store.entitlements().ofAll(other, asked)).values()).containsExactly(elsewhere);
        assertThat(reading(() -> store.entitlements().ofAll(business, List.empty()))).isEmpty();
    }

    @Test
    void another_business_cannot_find_an_entitlement() {
        var world = ContractFixtures.world(store);
        var other = insertedBusiness();

        assertThat(reading(() -> store.entitlements().find(other, world.entitlement().id()))).isEmpty();
    }

    @Test
    void an_update_is_stored_at_the_next_version() {
        var world = ContractFixtures.world(store);
        var renamed = rename(world.entitlement(), "Renamed");

        inUnit(() -> store.entitlements().update(renamed));

        var stored = reading(() -> store.entitlements().find(world.businessId(), renamed.id())).get();
        assertThat(stored.name()).isEqualTo("Renamed");
        assertThat(stored.version()).isEqualTo(1);
        assertThat(stored.updatedAt()).isEqualTo(renamed.updatedAt());
    }

    @Test
    void an_update_from_a_stale_version_is_a_concurrent_update_and_changes_nothing() {
        var world = ContractFixtures.world(store);
        inUnit(() -> store.entitlements().update(rename(world.entitlement(), "First")));

        assertThatThrownBy(() -> inUnit(() -> store.entitlements().update(rename(world.entitlement(), "Second"))))
                .isInstanceOf(ConcurrentUpdate.class);

        assertThat(reading(() -> store.entitlements().find(world.businessId(), world.entitlement().id())).get().name())
                .isEqualTo("First");
    }

    @Test
    void of_32_writers_updating_from_the_same_version_exactly_one_wins() {
        var world = ContractFixtures.world(store);

        var outcomes = race(32, n -> {
            inUnit(() -> store.entitlements().update(rename(world.entitlement(), "writer " + n)));
            return n;
        });

        assertThat(outcomes.stream().filter(Either::isRight)).hasSize(1);
        assertThat(outcomes.stream().filter(Either::isLeft)).allMatch(o -> o.getLeft() instanceof ConcurrentUpdate);
        assertThat(reading(() -> store.entitlements().find(world.businessId(), world.entitlement().id())).get().version())
                .isEqualTo(1);
    }

    @Test
    void a_deleted_entitlement_is_still_found_but_no_longer_listed() {
        var world = ContractFixtures.world(store);
        var deleted = world.entitlement().delete(at(5));

        inUnit(() -> store.entitlements().update(deleted));

        var stored = reading(() -> store.entitlements().find(world.businessId(), deleted.id())).get();
        assertThat(stored.deletedAt()).contains(at(5));
        assertThat(reading(() -> store.entitlements().listActive(world.businessId(), Option.none(), new Page(0, 10)))).isEmpty();
    }

    @Test
    void the_active_list_is_newest_first_ties_broken_by_id_descending_and_stable_across_pages() {
        var business = insertedBusiness();
        var stored = List.range(0, 25).map(i -> ContractFixtures.entitlement(business, IntegrationType.LICENSE_KEY, at(i % 5)));
        inUnit(() -> stored.forEach(store.entitlements()::insert));
        var expected = stored.sorted(Comparator.comparing(Entitlement::createdAt)
                .thenComparing(e -> e.id().value()).reversed()).map(Entitlement::id);

        var pages = List.range(0, 4).map(p -> reading(() -> store.entitlements().listActive(business, Option.none(), new Page(p, 10))));

        assertThat(pages.map(List::size)).containsExactly(10, 10, 5, 0);
        assertThat(pages.flatMap(p -> p).map(Entitlement::id)).containsExactlyElementsOf(expected);
    }

    @Test
    void the_active_list_holds_only_the_business_s_entitlements_of_the_type_asked_for() {
        var business = insertedBusiness();
        var other = insertedBusiness();
        var key = ContractFixtures.entitlement(business, IntegrationType.LICENSE_KEY, at(1));
        var discord = ContractFixtures.entitlement(business, IntegrationType.DISCORD, at(2));
        var foreign = ContractFixtures.entitlement(other, IntegrationType.DISCORD, at(3));
        inUnit(() -> List.of(key, discord, foreign).forEach(store.entitlements()::insert));

        assertThat(reading(() -> store.entitlements().listActive(business, Option.some(IntegrationType.DISCORD), new Page(0, 10))))
                .extracting(Entitlement::id).containsExactly(discord.id());
        assertThat(reading(() -> store.entitlements().listActive(business, Option.none(), new Page(0, 10))))
                .extracting(Entitlement::id).containsExactly(discord.id(), key.id());
    }

    @Test
    void a_page_of_size_zero_is_empty() {
        var world = ContractFixtures.world(store);

        assertThat(reading(() -> store.entitlements().listActive(world.businessId(), Option.none(), new Page(0, 0)))).isEmpty();
    }

    private BusinessId insertedBusiness() {
        var business = ContractFixtures.business();
        inUnit(() -> store.businesses().insert(business));
        return business.id();
    }

    private static Entitlement rename(Entitlement entitlement, String name) {
        return entitlement.update(new EntitlementUpdate(Option.some(name), Option.none(), Option.none(), Option.none()), at(10)).get();
    }
}

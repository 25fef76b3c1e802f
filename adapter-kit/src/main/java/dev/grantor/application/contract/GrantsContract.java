package dev.grantor.application.contract;

import static dev.grantor.application.contract.ContractFixtures.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.grantor.application.contract.ContractFixtures.World;
import dev.grantor.application.port.out.Before;
import dev.grantor.application.port.out.ConcurrentUpdate;
import dev.grantor.application.port.out.DuplicateRecord;
import dev.grantor.application.port.out.Grants.Filter;
import dev.grantor.application.port.out.Grants.Sought;
import dev.grantor.application.port.out.OutboxMessage;
import dev.grantor.application.port.out.Page;
import dev.grantor.domain.customer.Customer;
import dev.grantor.domain.entitlement.Entitlement;
import dev.grantor.domain.entitlement.IntegrationType;
import dev.grantor.domain.grant.Grant;
import dev.grantor.domain.grant.GrantOrigin;
import dev.grantor.domain.grant.GrantStatus;
import dev.grantor.domain.grant.RevocationReason;
import io.vavr.collection.List;
import io.vavr.control.Either;
import dev.grantor.application.port.out.Grants;
import io.vavr.control.Option;
import java.util.Comparator;
import org.junit.jupiter.api.Test;

/** {@code Grants}: every state round-trips, one grant per origin, versioned updates, filtered newest-first lists. */
public abstract class GrantsContract extends PortContract {

    @Test
    void a_grant_in_every_state_comes_back_as_it_was_stored() {
        var world = ContractFixtures.world(store);
        var discord = insertedEntitlement(world, IntegrationType.DISCORD);
        var files = insertedEntitlement(world, IntegrationType.DIGITAL_FILES);
        var flag = insertedEntitlement(world, IntegrationType.FEATURE_FLAG);

        var pending = ContractFixtures.pendingGrant(world, at(1));
        var keyed = ContractFixtures.fulfilled(ContractFixtures.pendingGrant(world, at(1)), world.entitlement(), ContractFixtures.keyValue(), at(2));
        var oauth = ContractFixtures.pendingGrant(discord, world.customer(), new GrantOrigin.Subscription("sub_1"), at(1))
                .reportDelivery(ContractFixtures.oauthPayload(at(3600)), at(2)).get().grant();
        var downloads = ContractFixtures.pendingGrant(files, world.customer(), new GrantOrigin.Direct(), at(1))
                .reportDelivery(ContractFixtures.digitalFilesPayload(), at(2)).get().grant();
        var feature = Grant.issue(new dev.grantor.domain.grant.GrantIssue(
                new dev.grantor.domain.shared.GrantId(ContractFixtures.id("entg_")), world.business().defaultBrandId(),
                world.customer().id(), new GrantOrigin.Direct(), ContractFixtures.metadata(), Option.none()), flag, at(1)).get().grant();
        var failed = ContractFixtures.pendingGrant(discord, world.customer(), new GrantOrigin.Payment("pay_f"), at(1))
                .reportFailure("GUILD_GONE", "The guild was deleted.\nNothing to do.", at(2)).get().grant();
        var revokedPending = ContractFixtures.pendingGrant(world, at(1)).revoke(RevocationReason.REFUND, at(3)).grant();
        var delivered = ContractFixtures.fulfilled(ContractFixtures.pendingGrant(world, at(1)), world.entitlement(),
                ContractFixtures.keyValue(), at(2));
        var revokedDelivered = delivered.grant().revoke(RevocationReason.SUBSCRIPTION_CANCELLED, at(3)).grant();
        var revokedFailed = failedGrant(world, discord).revoke(RevocationReason.MANUAL, at(4)).grant();
        var all = List.of(pending, keyed.grant(), oauth, downloads, feature, failed, revokedPending, revokedDelivered, revokedFailed);

        // a delivered grant's key goes with it, in the same unit, as the engine stores them
        inUnit(() -> {
            all.forEach(store.grants()::insert);
            store.licenseKeys().insert(keyed.createdKey().get());
            store.licenseKeys().insert(delivered.createdKey().get());
        });

        for (var grant : all) {
            assertThat(reading(() -> store.grants().find(world.businessId(), grant.id()))).contains(grant);
        }
    }

    @Test
    void a_grant_is_revoked_only_when_its_business_revoked_it() {
        var world = ContractFixtures.world(store);
        var other = ContractFixtures.world(store);
        var pending = inserted(ContractFixtures.pendingGrant(world, at(1)));
        var delivered = ContractFixtures.fulfilled(ContractFixtures.pendingGrant(world, at(1)), world.entitlement(),
                ContractFixtures.keyValue(), at(2));
        var revoked = delivered.grant().revoke(RevocationReason.REFUND, at(3)).grant();
        inUnit(() -> {
            store.grants().insert(revoked);
            store.licenseKeys().insert(delivered.createdKey().get());
        });

        assertThat(store.grants().revoked(world.businessId(), revoked.id())).isTrue();
        assertThat(store.grants().revoked(world.businessId(), pending.id())).isFalse();
        assertThat(store.grants().revoked(other.businessId(), revoked.id())).as("another business's grant").isFalse();
        assertThat(store.grants().revoked(world.businessId(), new dev.grantor.domain.shared.GrantId(ContractFixtures.id("entg_"))))
                .as("no such grant").isFalse();
    }

    @Test
    void another_business_cannot_find_a_grant() {
        var world = ContractFixtures.world(store);
        var other = ContractFixtures.world(store);
        var grant = inserted(ContractFixtures.pendingGrant(world, at(1)));

        assertThat(reading(() -> store.grants().find(other.businessId(), grant.id()))).isEmpty();
    }

    @Test
    void a_grant_s_parties_are_it_with_its_entitlement_deleted_or_not_and_its_customer_and_only_for_its_business() {
        var world = ContractFixtures.world(store);
        var other = ContractFixtures.world(store);
        var grant = inserted(ContractFixtures.pendingGrant(world, at(1)));
        var delivered = ContractFixtures.fulfilled(ContractFixtures.pendingGrant(world, at(1)), world.entitlement(),
                ContractFixtures.keyValue(), at(2));
        inUnit(() -> {
            store.grants().insert(delivered.grant());
            store.licenseKeys().insert(delivered.createdKey().get());
        });

        var parties = reading(() -> store.grantParties().find(world.businessId(), grant.id())).get();
        assertThat(parties.grant()).isEqualTo(grant);
        assertThat(parties.entitlement()).isEqualTo(world.entitlement());
        assertThat(parties.customer()).isEqualTo(world.customer());
        assertThat(reading(() -> store.grantParties().find(world.businessId(), delivered.grant().id())).get().grant())
                .isEqualTo(delivered.grant());
        assertThat(reading(() -> store.grantParties().find(other.businessId(), grant.id()))).isEmpty();
        assertThat(reading(() -> store.grantParties().find(world.businessId(),
                new dev.grantor.domain.shared.GrantId(ContractFixtures.id("entg_"))))).isEmpty();

        var deleted = world.entitlement().delete(at(5));
        inUnit(() -> store.entitlements().update(deleted));
        assertThat(reading(() -> store.grantParties().find(world.businessId(), grant.id())).get().entitlement())
                .as("a deleted entitlement's grants still have it").isEqualTo(store.entitlements()
                        .find(world.businessId(), deleted.id()).get());
    }

    @Test
    void a_fulfillment_s_writes_store_its_key_its_grant_at_the_next_version_and_its_messages() {
        var world = ContractFixtures.world(store);
        var pending = inserted(ContractFixtures.pendingGrant(world, at(1)));
        var change = ContractFixtures.fulfilled(pending, world.entitlement(), ContractFixtures.keyValue(), at(2));
        var key = change.createdKey().get();
        var messages = fulfillmentMessages(world, 3);

        inUnit(() -> store.fulfillments().record(key, change.grant(), messages));

        var stored = reading(() -> store.grants().find(world.businessId(), pending.id())).get();
        assertThat(stored.version()).isEqualTo(1);
        assertThat(stored.state()).isEqualTo(change.grant().state());
        assertThat(reading(() -> store.licenseKeys().find(key.id()))).contains(key);
        assertThat(claimedIds()).containsExactlyInAnyOrderElementsOf(messages.map(OutboxMessage::id));
    }

    @Test
    void a_fulfillment_writes_with_no_messages_and_with_more_than_a_fulfillment_makes() {
        var world = ContractFixtures.world(store);
        var quiet = ContractFixtures.fulfilled(inserted(ContractFixtures.pendingGrant(world, at(1))), world.entitlement(),
                ContractFixtures.keyValue(), at(2));
        var loud = ContractFixtures.fulfilled(inserted(ContractFixtures.pendingGrant(world, at(1))), world.entitlement(),
                ContractFixtures.keyValue(), at(2));
        var many = fulfillmentMessages(world, 12);

        inUnit(() -> store.fulfillments().record(quiet.createdKey().get(), quiet.grant(), List.empty()));
        inUnit(() -> store.fulfillments().record(loud.createdKey().get(), loud.grant(), many));

        assertThat(reading(() -> store.grants().find(world.businessId(), quiet.grant().id())).get().version()).isEqualTo(1);
        assertThat(reading(() -> store.licenseKeys().find(quiet.createdKey().get().id()))).contains(quiet.createdKey().get());
        assertThat(reading(() -> store.grants().find(world.businessId(), loud.grant().id())).get().version()).isEqualTo(1);
        assertThat(claimedIds()).containsExactlyInAnyOrderElementsOf(many.map(OutboxMessage::id));
    }

    @Test
    void a_fulfillment_of_a_grant_another_unit_changed_first_is_a_concurrent_update_and_writes_none_of_it() {
        var world = ContractFixtures.world(store);
        var pending = inserted(ContractFixtures.pendingGrant(world, at(1)));
        inUnit(() -> store.grants().update(pending.revoke(RevocationReason.REFUND, at(2)).grant()));
        var stale = ContractFixtures.fulfilled(pending, world.entitlement(), ContractFixtures.keyValue(), at(3));

        assertThatThrownBy(() -> inUnit(() -> store.fulfillments().record(stale.createdKey().get(), stale.grant(),
                fulfillmentMessages(world, 3)))).isInstanceOf(ConcurrentUpdate.class);

        assertThat(reading(() -> store.grants().find(world.businessId(), pending.id())).get().status()).isEqualTo(GrantStatus.REVOKED);
        assertThat(reading(() -> store.licenseKeys().find(stale.createdKey().get().id()))).isEmpty();
        assertThat(claimedIds()).isEmpty();
    }

    @Test
    void a_fulfillment_with_a_value_another_key_has_is_a_duplicate_and_writes_none_of_it() {
        var world = ContractFixtures.world(store);
        var value = ContractFixtures.keyValue();
        var first = ContractFixtures.fulfilled(inserted(ContractFixtures.pendingGrant(world, at(1))), world.entitlement(), value, at(2));
        var second = ContractFixtures.fulfilled(inserted(ContractFixtures.pendingGrant(world, at(1))), world.entitlement(), value, at(2));
        var firstMessages = fulfillmentMessages(world, 3);
        inUnit(() -> store.fulfillments().record(first.createdKey().get(), first.grant(), firstMessages));

        assertThatThrownBy(() -> inUnit(() -> store.fulfillments().record(second.createdKey().get(), second.grant(),
                fulfillmentMessages(world, 3))))
                .isInstanceOfSatisfying(DuplicateRecord.class, d -> assertThat(d.rule()).isEqualTo(DuplicateRecord.Rule.LICENSE_KEY_VALUE));

        assertThat(reading(() -> store.grants().find(world.businessId(), second.grant().id())).get().status())
                .isEqualTo(GrantStatus.PENDING);
        assertThat(reading(() -> store.licenseKeys().find(second.createdKey().get().id()))).isEmpty();
        assertThat(claimedIds()).containsExactlyInAnyOrderElementsOf(firstMessages.map(OutboxMessage::id));
    }

    private static List<OutboxMessage> fulfillmentMessages(World world, int count) {
        return List.range(0, count).map(n -> n == count - 1 ? ContractFixtures.email(world.businessId(), at(2))
                : ContractFixtures.event(world.businessId(), at(2)));
    }

    private java.util.List<String> claimedIds() {
        return store.outbox().claimDue(at(100), 100, java.time.Duration.ofMinutes(1)).map(OutboxMessage::id).asJava();
    }

    @Test
    void a_second_grant_for_the_same_entitlement_customer_and_payment_is_a_duplicate() {
        var world = ContractFixtures.world(store);
        inserted(grantFrom(world, world.customer(), new GrantOrigin.Payment("pay_1")));

        assertThatThrownBy(() -> inserted(grantFrom(world, world.customer(), new GrantOrigin.Payment("pay_1"))))
                .isInstanceOfSatisfying(DuplicateRecord.class, d -> assertThat(d.rule()).isEqualTo(DuplicateRecord.Rule.GRANT_ORIGIN));
    }

    @Test
    void a_second_grant_for_the_same_entitlement_customer_and_subscription_is_a_duplicate() {
        var world = ContractFixtures.world(store);
        inserted(grantFrom(world, world.customer(), new GrantOrigin.Subscription("sub_1")));

        assertThatThrownBy(() -> inserted(grantFrom(world, world.customer(), new GrantOrigin.Subscription("sub_1"))))
                .isInstanceOfSatisfying(DuplicateRecord.class, d -> assertThat(d.rule()).isEqualTo(DuplicateRecord.Rule.GRANT_ORIGIN));
    }

    @Test
    void grants_differing_in_customer_kind_of_origin_or_entitlement_are_not_duplicates() {
        var world = ContractFixtures.world(store);
        var otherCustomer = ContractFixtures.customer(world.businessId());
        var otherEntitlement = ContractFixtures.manualLicenseKeyEntitlement(world.businessId());
        inUnit(() -> {
            store.customers().insert(otherCustomer);
            store.entitlements().insert(otherEntitlement);
        });

        inserted(grantFrom(world, world.customer(), new GrantOrigin.Payment("ref_1")));
        inserted(grantFrom(world, world.customer(), new GrantOrigin.Subscription("ref_1")));
        inserted(grantFrom(world, otherCustomer, new GrantOrigin.Payment("ref_1")));
        inserted(ContractFixtures.pendingGrant(otherEntitlement, world.customer(), new GrantOrigin.Payment("ref_1"), at(1)));
        inserted(grantFrom(world, world.customer(), new GrantOrigin.Direct()));
        inserted(grantFrom(world, world.customer(), new GrantOrigin.Direct()));

        assertThat(reading(() -> store.grants().list(world.businessId(), Filter.NONE, new Page(0, 100)))).hasSize(6);
    }

    @Test
    void the_grant_of_a_payment_or_subscription_is_found_by_its_origin_and_a_direct_grant_never_is() {
        var world = ContractFixtures.world(store);
        var paid = inserted(grantFrom(world, world.customer(), new GrantOrigin.Payment("pay_9")));
        var subscribed = inserted(grantFrom(world, world.customer(), new GrantOrigin.Subscription("sub_9")));
        var direct = inserted(grantFrom(world, world.customer(), new GrantOrigin.Direct()));
        var entitlement = world.entitlement().id();
        var customer = world.customer().id();

        assertThat(reading(() -> store.grants().findByOrigin(entitlement, customer, paid.origin()))).contains(paid);
        assertThat(reading(() -> store.grants().findByOrigin(entitlement, customer, subscribed.origin()))).contains(subscribed);
        assertThat(reading(() -> store.grants().findByOrigin(entitlement, customer, new GrantOrigin.Subscription("pay_9")))).isEmpty();
        assertThat(reading(() -> store.grants().findByOrigin(entitlement, customer, direct.origin()))).isEmpty();
    }

    @Test
    void an_update_is_stored_at_the_next_version() {
        var world = ContractFixtures.world(store);
        var pending = inserted(ContractFixtures.pendingGrant(world, at(1)));
        var change = ContractFixtures.fulfilled(pending, world.entitlement(), ContractFixtures.keyValue(), at(2));
        var delivered = change.grant();

        inUnit(() -> {
            store.grants().update(delivered);
            store.licenseKeys().insert(change.createdKey().get());
        });

        var stored = reading(() -> store.grants().find(world.businessId(), pending.id())).get();
        assertThat(stored.version()).isEqualTo(1);
        assertThat(stored.state()).isEqualTo(delivered.state());
        assertThat(stored.updatedAt()).isEqualTo(at(2));
    }

    @Test
    void an_update_from_a_stale_version_is_a_concurrent_update_and_changes_nothing() {
        var world = ContractFixtures.world(store);
        var pending = inserted(ContractFixtures.pendingGrant(world, at(1)));
        inUnit(() -> store.grants().update(pending.revoke(RevocationReason.REFUND, at(2)).grant()));

        assertThatThrownBy(() -> inUnit(() -> store.grants().update(pending.reportFailure("X", "y", at(3)).get().grant())))
                .isInstanceOf(ConcurrentUpdate.class);

        assertThat(reading(() -> store.grants().find(world.businessId(), pending.id())).get().status()).isEqualTo(GrantStatus.REVOKED);
    }

    @Test
    void updating_a_grant_that_was_never_stored_is_a_concurrent_update() {
        var world = ContractFixtures.world(store);
        var never = ContractFixtures.pendingGrant(world, at(1));

        assertThatThrownBy(() -> inUnit(() -> store.grants().update(never))).isInstanceOf(ConcurrentUpdate.class);
    }

    @Test
    void of_32_writers_updating_one_grant_from_the_same_version_exactly_one_wins() {
        var world = ContractFixtures.world(store);
        var pending = inserted(ContractFixtures.pendingGrant(world, at(1)));

        var outcomes = race(32, n -> {
            var change = ContractFixtures.fulfilled(pending, world.entitlement(), "KEY-RACE-" + n, at(2));
            inUnit(() -> {
                store.grants().update(change.grant());
                store.licenseKeys().insert(change.createdKey().get());
            });
            return n;
        });

        assertThat(outcomes.stream().filter(Either::isRight)).hasSize(1);
        assertThat(outcomes.stream().filter(Either::isLeft)).allMatch(o -> o.getLeft() instanceof ConcurrentUpdate);
        var stored = reading(() -> store.grants().find(world.businessId(), pending.id())).get();
        assertThat(stored.version()).isEqualTo(1);
        var winner = outcomes.stream().filter(Either::isRight).findFirst().get().get();
        assertThat(((dev.grantor.domain.grant.GrantState.KeyDelivery) stored.delivered().get().delivery()).key().value())
                .isEqualTo("KEY-RACE-" + winner);
    }

    @Test
    void the_list_is_newest_first_ties_broken_by_id_descending_and_stable_across_pages() {
        var world = ContractFixtures.world(store);
        var grants = List.range(0, 23).map(i -> ContractFixtures.pendingGrant(world, at(i % 4)));
        inUnit(() -> grants.forEach(store.grants()::insert));
        var expected = grants.sorted(Comparator.comparing(Grant::createdAt).thenComparing(g -> g.id().value()).reversed()).map(Grant::id);

        var pages = List.range(0, 4).map(p -> reading(() -> store.grants().list(world.businessId(), Filter.NONE, new Page(p, 7))));

        assertThat(pages.map(List::size)).containsExactly(7, 7, 7, 2);
        assertThat(pages.flatMap(p -> p).map(Grant::id)).containsExactlyElementsOf(expected);
        assertThat(reading(() -> store.grants().list(world.businessId(), Filter.NONE, new Page(4, 7)))).isEmpty();
    }

    @Test
    void a_customer_s_grants_page_newest_first_by_position_at_every_page_size_and_never_another_s() {
        var world = ContractFixtures.world(store);
        var neighbour = ContractFixtures.customer(world.businessId());
        var other = ContractFixtures.world(store);
        inUnit(() -> store.customers().insert(neighbour));
        var mine = List.range(0, 23).map(i -> ContractFixtures.pendingGrant(world, at(i % 4)));
        inUnit(() -> mine.forEach(store.grants()::insert));
        inserted(ContractFixtures.pendingGrant(world.entitlement(), neighbour, new GrantOrigin.Payment("pay_n"), at(1)));
        inserted(ContractFixtures.pendingGrant(other, at(1)));
        var expected = mine.sorted(Comparator.comparing(Grant::createdAt).thenComparing(g -> g.id().value()).reversed()).map(Grant::id);

        for (int size = 1; size <= 8; size++) {
            var read = List.<Grant>empty();
            int first = size;
            var page = reading(() -> store.grants().search(world.businessId(), new Grants.Sought.OfCustomer(world.customer().id()), Option.none(), Option.none(), first));
            while (!page.isEmpty()) {
                read = read.appendAll(page);
                var last = page.last();
                int pageSize = size;
                page = reading(() -> store.grants().search(world.businessId(), new Grants.Sought.OfCustomer(world.customer().id()), Option.none(),
                        Option.some(new Before(last.createdAt(), last.id().value())), pageSize));
            }
            assertThat(read.map(Grant::id)).as("page size %d", size).containsExactlyElementsOf(expected);
        }
        assertThat(reading(() -> store.grants().search(other.businessId(), new Grants.Sought.OfCustomer(world.customer().id()), Option.none(), Option.none(), 50)))
                .isEmpty();
        assertThat(reading(() -> store.grants().search(world.businessId(), new Grants.Sought.OfCustomer(world.customer().id()), Option.none(),
                Option.some(new Before(java.time.Instant.parse("+100000-01-01T00:00:00Z"), "")), 50)).map(Grant::id))
                .containsExactlyElementsOf(expected);
        assertThat(reading(() -> store.grants().search(world.businessId(), new Grants.Sought.OfCustomer(world.customer().id()), Option.none(), Option.none(), 0)))
                .isEmpty();
    }

    @Test
    void the_queue_is_oldest_first_ties_broken_by_id_counted_in_all_and_cut_at_a_creation_time() {
        var world = ContractFixtures.world(store);
        var other = ContractFixtures.world(store);
        var grants = List.range(0, 23).map(i -> ContractFixtures.pendingGrant(world, at(i % 4)));
        inUnit(() -> grants.forEach(store.grants()::insert));
        inserted(ContractFixtures.pendingGrant(other, at(0)));
        var expected = grants.sorted(Comparator.comparing(Grant::createdAt).thenComparing(g -> g.id().value())).map(Grant::id);
        var pending = new Filter(Option.none(), Option.none(), Option.some(GrantStatus.PENDING), Option.none());

        var pages = List.range(0, 4).map(p -> reading(() -> store.grants().oldestFirst(world.businessId(), pending,
                Option.none(), p * 7, 7)));

        assertThat(pages.map(List::size)).containsExactly(7, 7, 7, 2);
        assertThat(pages.flatMap(p -> p).map(Grant::id)).containsExactlyElementsOf(expected);
        assertThat(reading(() -> store.grants().count(world.businessId(), pending, Option.none()))).isEqualTo(23);
        var beforeSecond2 = reading(() -> store.grants().oldestFirst(world.businessId(), pending, Option.some(at(2)), 0, 100));
        assertThat(beforeSecond2).allMatch(g -> g.createdAt().isBefore(at(2))).hasSize(12);
        assertThat(reading(() -> store.grants().count(world.businessId(), pending, Option.some(at(2))))).isEqualTo(12);
        // a cut computed from a caller's "at least N hours old" may fall in any year, before 1677 or after 2262
        var longAgo = java.time.Instant.parse("-200000-01-01T00:00:00Z");
        assertThat(reading(() -> store.grants().oldestFirst(world.businessId(), pending, Option.some(longAgo), 0, 100))).isEmpty();
        assertThat(reading(() -> store.grants().count(world.businessId(), pending, Option.some(longAgo)))).isZero();
        assertThat(reading(() -> store.grants().count(world.businessId(), pending,
                Option.some(java.time.Instant.parse("9999-12-31T23:59:59.999Z"))))).isEqualTo(23);
        assertThat(reading(() -> store.grants().count(world.businessId(),
                new Filter(Option.none(), Option.none(), Option.some(GrantStatus.DELIVERED), Option.none()), Option.none())))
                .isZero();
    }

    @Test
    void every_filter_given_must_match() {
        var world = ContractFixtures.world(store);
        var other = ContractFixtures.world(store);
        var discord = insertedEntitlement(world, IntegrationType.DISCORD);
        var secondCustomer = ContractFixtures.customer(world.businessId());
        inUnit(() -> store.customers().insert(secondCustomer));
        var pendingKey = inserted(ContractFixtures.pendingGrant(world, at(1)));
        var revokedKey = inserted(ContractFixtures.pendingGrant(world, at(2)).revoke(RevocationReason.REFUND, at(2)).grant());
        var pendingDiscord = inserted(ContractFixtures.pendingGrant(discord, secondCustomer, new GrantOrigin.Direct(), at(3)));
        inserted(ContractFixtures.pendingGrant(other, at(4)));

        assertThat(listed(world, new Filter(Option.some(world.entitlement().id()), Option.none(), Option.none(), Option.none())))
                .containsExactly(revokedKey, pendingKey);
        assertThat(listed(world, new Filter(Option.none(), Option.some(secondCustomer.id()), Option.none(), Option.none())))
                .containsExactly(pendingDiscord);
        assertThat(listed(world, new Filter(Option.none(), Option.none(), Option.some(GrantStatus.PENDING), Option.none())))
                .containsExactly(pendingDiscord, pendingKey);
        assertThat(listed(world, new Filter(Option.none(), Option.none(), Option.none(), Option.some(IntegrationType.LICENSE_KEY))))
                .containsExactly(revokedKey, pendingKey);
        assertThat(listed(world, new Filter(Option.some(world.entitlement().id()), Option.some(secondCustomer.id()),
                Option.none(), Option.none()))).isEmpty();
        assertThat(listed(world, new Filter(Option.some(world.entitlement().id()), Option.none(), Option.some(GrantStatus.REVOKED),
                Option.some(IntegrationType.LICENSE_KEY)))).containsExactly(revokedKey);
        assertThat(listed(world, Filter.NONE)).containsExactly(pendingDiscord, revokedKey, pendingKey);
    }

    @Test
    void the_pending_grants_of_an_entitlement_queue_oldest_first_and_are_counted() {
        var world = ContractFixtures.world(store);
        var other = ContractFixtures.world(store);
        var late = inserted(ContractFixtures.pendingGrant(world, at(30)));
        var early = inserted(ContractFixtures.pendingGrant(world, at(10)));
        var middle = inserted(ContractFixtures.pendingGrant(world, at(20)));
        inserted(ContractFixtures.pendingGrant(other, at(5)));
        var delivered = ContractFixtures.fulfilled(inserted(ContractFixtures.pendingGrant(world, at(1))), world.entitlement(),
                ContractFixtures.keyValue(), at(2));
        inUnit(() -> store.grants().update(delivered.grant()));

        assertThat(reading(() -> store.grants().oldestPending(world.entitlement().id(), 10)))
                .extracting(Grant::id).containsExactly(early.id(), middle.id(), late.id());
        assertThat(reading(() -> store.grants().oldestPending(world.entitlement().id(), 1)))
                .extracting(Grant::id).containsExactly(early.id());
        assertThat(reading(() -> store.grants().countPending(world.entitlement().id()))).isEqualTo(3);
        assertThat(reading(() -> store.grants().countPending(other.entitlement().id()))).isEqualTo(1);
    }

    @Test
    void the_entitlements_with_pending_grants_are_named_once_each_only_the_business_s_and_at_most_the_limit() {
        var world = ContractFixtures.world(store);
        var other = ContractFixtures.world(store);
        var second = insertedEntitlement(world, IntegrationType.LICENSE_KEY);
        var third = insertedEntitlement(world, IntegrationType.LICENSE_KEY);
        var nothingWaits = insertedEntitlement(world, IntegrationType.LICENSE_KEY);
        inUnit(() -> List.range(0, 3).forEach(i -> store.grants().insert(ContractFixtures.pendingGrant(world, at(i)))));
        inserted(ContractFixtures.pendingGrant(second, world.customer(), new GrantOrigin.Direct(), at(1)));
        inserted(ContractFixtures.pendingGrant(third, world.customer(), new GrantOrigin.Payment("pay_3"), at(1)));
        inserted(ContractFixtures.pendingGrant(nothingWaits, world.customer(), new GrantOrigin.Direct(), at(1))
                .revoke(RevocationReason.MANUAL, at(2)).grant());
        inserted(failedGrant(world, nothingWaits));
        inserted(ContractFixtures.pendingGrant(other, at(0)));
        var waiting = List.of(world.entitlement(), second, third).map(Entitlement::id);

        assertThat(reading(() -> store.grants().withPending(world.businessId(), 10))).containsExactlyInAnyOrderElementsOf(waiting);
        var two = reading(() -> store.grants().withPending(world.businessId(), 2));
        assertThat(two).hasSize(2).doesNotHaveDuplicates();
        assertThat(waiting).containsAll(two);
        assertThat(reading(() -> store.grants().withPending(other.businessId(), 10))).containsExactly(other.entitlement().id());
        var nothingPending = ContractFixtures.world(store);
        assertThat(reading(() -> store.grants().withPending(nothingPending.businessId(), 10))).isEmpty();
    }

    /** More grants than a search of the newest pages would ever reach. */
    private static final int NEWER = 1_001;

    @Test
    void a_search_finds_a_grant_by_its_payment_subscription_or_key_ending_behind_a_thousand_newer_ones() {
        var world = ContractFixtures.world(store);
        var other = ContractFixtures.world(store);
        String unique = ContractFixtures.id("").substring(8);
        var paid = inserted(grantFrom(world, world.customer(), new GrantOrigin.Payment("pay_" + unique)));
        var subscribed = inserted(grantFrom(world, world.customer(), new GrantOrigin.Subscription("sub_" + unique)));
        String value = "OLD-" + unique + "-Q7XY9";
        var keyed = delivered(world, at(1), value);
        var newer = List.range(0, NEWER).map(i -> ContractFixtures.pendingGrant(world, at(100 + i)));
        inUnit(() -> newer.forEach(store.grants()::insert));
        var everyKey = Option.<dev.grantor.application.port.out.Before>none();

        assertThat(searched(world, new Sought.Origin("pay_" + unique), Option.none())).containsExactly(paid);
        assertThat(searched(world, new Sought.Origin("sub_" + unique), Option.none())).containsExactly(subscribed);
        assertThat(searched(world, new Sought.Origin("pay_" + unique), Option.some(GrantStatus.PENDING))).containsExactly(paid);
        assertThat(searched(world, new Sought.Origin("pay_" + unique), Option.some(GrantStatus.DELIVERED))).isEmpty();
        assertThat(searched(world, new Sought.Origin("pay_" + unique.substring(1)), Option.none())).as("an id matches whole").isEmpty();
        assertThat(searched(world, new Sought.KeyEnding("Q7XY9", 0), Option.none())).containsExactly(keyed);
        assertThat(searched(world, new Sought.KeyEnding("7XY9", 0), Option.none())).containsExactly(keyed);
        assertThat(searched(world, new Sought.KeyEnding(value, 0), Option.none())).containsExactly(keyed);
        assertThat(searched(world, new Sought.KeyEnding("A" + value, 0), Option.none())).as("longer than the key").isEmpty();
        assertThat(searched(world, new Sought.KeyEnding("Z7XY9", 0), Option.none())).as("the same last four, another ending")
                .isEmpty();
        assertThat(searched(world, new Sought.KeyEnding("7xy9", 0), Option.none())).as("letter case counts").isEmpty();
        assertThat(searched(world, new Sought.KeyEnding("7XY9", value.length()), Option.none())).containsExactly(keyed);
        assertThat(searched(world, new Sought.KeyEnding("7XY9", value.length() + 1), Option.none())).as("a key too short").isEmpty();
        assertThat(searched(world, new Sought.KeyEnding("7XY9", 0), Option.some(GrantStatus.REVOKED))).isEmpty();
        assertThat(reading(() -> store.grants().search(other.businessId(), new Sought.Origin("pay_" + unique), Option.none(),
                everyKey, 10))).as("another business's search").isEmpty();
        assertThat(reading(() -> store.grants().search(other.businessId(), new Sought.KeyEnding("Q7XY9", 0), Option.none(),
                everyKey, 10))).as("another business's search").isEmpty();
    }

    @Test
    void a_key_is_found_by_its_current_value_counted_in_characters_not_by_a_value_rotated_away() {
        var world = ContractFixtures.world(store);
        String unique = ContractFixtures.id("").substring(8);
        // astral characters are two UTF-16 units each: a key's last four characters are four code points, in every store
        String first = "ROT-" + unique + "-\uD83D\uDE00a\uD83D\uDE01b";
        var keyed = delivered(world, at(1), first);
        assertThat(searched(world, new Sought.KeyEnding("\uD83D\uDE00a\uD83D\uDE01b", 0), Option.none())).containsExactly(keyed);
        assertThat(searched(world, new Sought.KeyEnding("-\uD83D\uDE00a\uD83D\uDE01b", 0), Option.none())).containsExactly(keyed);
        int characters = first.codePointCount(0, first.length());
        assertThat(searched(world, new Sought.KeyEnding("\uD83D\uDE00a\uD83D\uDE01b", characters), Option.none()))
                .as("a key as long as asked, counted in characters").containsExactly(keyed);
        assertThat(searched(world, new Sought.KeyEnding("\uD83D\uDE00a\uD83D\uDE01b", characters + 1), Option.none()))
                .as("a key one character shorter than asked").isEmpty();

        String second = "ROT-" + unique + "-NEW1";
        var key = reading(() -> store.licenseKeys().find(keyed.licenseKeyId().get())).get();
        var rotated = key.rotate(new dev.grantor.domain.grant.LicenseKeyValue(second), false, at(5)).licenseKey();
        var rekeyed = keyed.rekey(new dev.grantor.domain.grant.LicenseKeyValue(second), at(5)).get();
        inUnit(() -> {
            store.licenseKeys().update(rotated);
            store.grants().update(rekeyed);
        });

        assertThat(searched(world, new Sought.KeyEnding("\uD83D\uDE00a\uD83D\uDE01b", 0), Option.none())).as("the old value").isEmpty();
        assertThat(searched(world, new Sought.KeyEnding("-NEW1", 0), Option.none())).extracting(Grant::id).containsExactly(keyed.id());
    }

    @Test
    void a_search_is_newest_first_ties_broken_by_id_and_read_by_position_from_where_a_page_ended() {
        var world = ContractFixtures.world(store);
        var other = ContractFixtures.customer(world.businessId());
        inUnit(() -> store.customers().insert(other));
        var grants = List.range(0, 11).map(i -> ContractFixtures.pendingGrant(world, at(i % 4)));
        inUnit(() -> grants.forEach(store.grants()::insert));
        inserted(grantFrom(world, other, new GrantOrigin.Direct()));
        var expected = grants.sorted(Comparator.comparing(Grant::createdAt).thenComparing(g -> g.id().value()).reversed());

        var pages = List.<List<Grant>>empty();
        var before = Option.<dev.grantor.application.port.out.Before>none();
        for (int n = 0; n < 4; n++) {
            var bound = before;
            var page = reading(() -> store.grants().search(world.businessId(), new Sought.OfCustomer(world.customer().id()),
                    Option.none(), bound, 4));
            pages = pages.append(page);
            before = page.lastOption().map(g -> new dev.grantor.application.port.out.Before(g.createdAt(), g.id().value()));
        }

        assertThat(pages.map(List::size)).containsExactly(4, 4, 3, 0);
        assertThat(pages.flatMap(p -> p)).containsExactlyElementsOf(expected);
        assertThat(reading(() -> store.grants().search(world.businessId(), new Sought.Every(), Option.none(), Option.none(), 100)))
                .hasSize(12);
        assertThat(reading(() -> store.grants().search(world.businessId(), new Sought.OfCustomer(other.id()), Option.none(),
                Option.none(), 100))).extracting(Grant::customerId).containsExactly(other.id());
    }

    private List<Grant> searched(World world, Sought sought, Option<GrantStatus> status) {
        return reading(() -> store.grants().search(world.businessId(), sought, status, Option.none(), 10));
    }

    /** A grant of the world's entitlement created at {@code at}, delivered with {@code value} as the engine stores it. */
    private Grant delivered(World world, java.time.Instant at, String value) {
        var pending = inserted(ContractFixtures.pendingGrant(world, at));
        var change = ContractFixtures.fulfilled(pending, world.entitlement(), value, at.plusMillis(1));
        inUnit(() -> store.fulfillments().record(change.createdKey().get(), change.grant(), List.empty()));
        return reading(() -> store.grants().find(world.businessId(), pending.id())).get();
    }

    private List<Grant> listed(World world, Filter filter) {
        return reading(() -> store.grants().list(world.businessId(), filter, new Page(0, 100)));
    }

    private Grant inserted(Grant grant) {
        inUnit(() -> store.grants().insert(grant));
        return grant;
    }

    private Entitlement insertedEntitlement(World world, IntegrationType type) {
        var entitlement = ContractFixtures.entitlement(world.businessId(), type, at(0));
        inUnit(() -> store.entitlements().insert(entitlement));
        return entitlement;
    }

    private Grant failedGrant(World world, Entitlement discord) {
        return ContractFixtures.pendingGrant(discord, world.customer(), new GrantOrigin.Direct(), at(1))
                .reportFailure("E", "failed", at(2)).get().grant();
    }

    private static Grant grantFrom(World world, Customer customer, GrantOrigin origin) {
        return ContractFixtures.pendingGrant(world.entitlement(), customer, origin, at(1));
    }
}

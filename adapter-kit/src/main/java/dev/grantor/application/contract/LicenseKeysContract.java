package dev.grantor.application.contract;

import static dev.grantor.application.contract.ContractFixtures.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.grantor.application.contract.ContractFixtures.World;
import dev.grantor.application.port.out.ConcurrentUpdate;
import dev.grantor.application.port.out.DuplicateRecord;
import dev.grantor.domain.grant.Grant;
import dev.grantor.domain.grant.LicenseKey;
import dev.grantor.domain.grant.LicenseKeyInstance;
import dev.grantor.domain.grant.LicenseKeyValue;
import dev.grantor.domain.grant.RevocationReason;
import dev.grantor.application.port.out.LicenseKeys;
import dev.grantor.application.port.out.Page;
import dev.grantor.domain.grant.LicenseKeySource;
import dev.grantor.domain.grant.LicenseKeyStatus;
import dev.grantor.domain.shared.InstanceId;
import dev.grantor.domain.shared.LicenseKeyId;
import io.vavr.collection.List;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** {@code LicenseKeys}: values unique across the deployment, exact lookup by value, versioned instances. */
public abstract class LicenseKeysContract extends PortContract {

    @Test
    void a_key_with_its_instances_comes_back_as_it_was_stored() {
        var world = ContractFixtures.world(store);
        var key = withInstances(ContractFixtures.licenseKey(insertedGrant(world), "ABCDE-FGHJK-MNPQR-STVWX-YZ012", at(1)), 2)
                .disable(at(9));

        inUnit(() -> store.licenseKeys().insert(key));

        assertThat(reading(() -> store.licenseKeys().find(key.id()))).contains(key);
        assertThat(reading(() -> store.licenseKeys().findByValue(key.value()))).contains(key);
    }

    @Test
    void a_key_without_limit_expiry_or_instances_comes_back_as_it_was_stored() {
        var world = ContractFixtures.world(store);
        var grant = insertedGrant(world);
        var key = LicenseKey.issue(new dev.grantor.domain.shared.LicenseKeyId(ContractFixtures.id("lic_")), grant.businessId(),
                grant.id(), grant.customerId(), grant.entitlementId(), new LicenseKeyValue("plain key ✓"),
                dev.grantor.domain.grant.LicenseKeySource.AUTO, Option.none(), Option.none(), at(1));

        inUnit(() -> store.licenseKeys().insert(key));

        assertThat(reading(() -> store.licenseKeys().find(key.id()))).contains(key);
    }

    @Test
    void values_are_matched_exactly_and_case_sensitively() {
        var world = ContractFixtures.world(store);
        var key = inserted(ContractFixtures.licenseKey(insertedGrant(world), "Key-Mixed-Case", at(1)));

        assertThat(reading(() -> store.licenseKeys().valueExists(key.value()))).isTrue();
        assertThat(reading(() -> store.licenseKeys().valueExists(new LicenseKeyValue("key-mixed-case")))).isFalse();
        assertThat(reading(() -> store.licenseKeys().existingValues(List.of(key.value(),
                new LicenseKeyValue("key-mixed-case"), new LicenseKeyValue("KEY-MIXED-CASE")))))
                .as("in a batch, as one at a time").containsExactly(key.value());
        assertThat(reading(() -> store.licenseKeys().findByValue(new LicenseKeyValue("KEY-MIXED-CASE")))).isEmpty();
        assertThat(reading(() -> store.licenseKeys().findByValue(new LicenseKeyValue("Key-Mixed")))).isEmpty();
    }

    @Test
    void a_value_already_in_use_is_a_duplicate_even_in_another_business() {
        var world = ContractFixtures.world(store);
        var other = ContractFixtures.world(store);
        inserted(ContractFixtures.licenseKey(insertedGrant(world), "SHARED-VALUE", at(1)));

        assertThatThrownBy(() -> inserted(ContractFixtures.licenseKey(insertedGrant(other), "SHARED-VALUE", at(2))))
                .isInstanceOfSatisfying(DuplicateRecord.class, d -> assertThat(d.rule()).isEqualTo(DuplicateRecord.Rule.LICENSE_KEY_VALUE));
    }

    @Test
    void of_32_keys_inserted_at_once_with_one_value_exactly_one_is_stored() {
        var world = ContractFixtures.world(store);
        var grants = List.range(0, 32).map(i -> insertedGrant(world));

        var outcomes = race(32, n -> inserted(ContractFixtures.licenseKey(grants.get(n), "ONE-VALUE-FOR-ALL", at(1))));

        assertThat(outcomes.stream().filter(Either::isRight)).hasSize(1);
        assertThat(outcomes.stream().filter(Either::isLeft)).allMatch(o -> o.getLeft() instanceof DuplicateRecord d
                && d.rule() == DuplicateRecord.Rule.LICENSE_KEY_VALUE);
    }

    @Test
    void the_keys_of_a_page_of_grants_read_together_are_each_as_read_alone() {
        var world = ContractFixtures.world(store);
        var delivered = deliveredWithKeys(world, 7, 3);
        var page = delivered.append(insertedGrant(world)).append(delivered.head());

        var together = reading(() -> store.licenseKeys().ofAll(page));

        assertThat(together.keySet().toJavaSet()).containsExactlyInAnyOrderElementsOf(
                delivered.map(grant -> grant.licenseKeyId().get()));
        for (var grant : delivered) {
            var alone = reading(() -> store.licenseKeys().of(grant));
            assertThat(together.get(grant.licenseKeyId().get())).isEqualTo(alone);
        }
        assertThat(together.values().map(key -> key.instances().size()).sum().intValue()).isEqualTo(0 + 1 + 2 + 0 + 1 + 2 + 0);
        assertThat(reading(() -> store.licenseKeys().ofAll(List.empty()))).isEmpty();
    }

    /** Across more keys than one statement binds, a key asked twice among them: each as read alone, each once. */
    @Test
    void the_keys_of_more_grants_than_one_statement_binds_read_together_are_each_as_read_alone() {
        var delivered = deliveredWithKeys(ContractFixtures.world(store), 205, 2);

        var together = reading(() -> store.licenseKeys().ofAll(delivered.prepend(delivered.last())));

        assertThat(together.keySet().toJavaSet()).containsExactlyInAnyOrderElementsOf(
                delivered.map(grant -> grant.licenseKeyId().get()));
        for (var grant : delivered) {
            assertThat(together.get(grant.licenseKeyId().get())).isEqualTo(reading(() -> store.licenseKeys().of(grant)));
        }
    }

    /** {@code count} grants delivered with keys of their own, the i-th key with {@code i % cycle} instances. */
    private List<Grant> deliveredWithKeys(World world, int count, int cycle) {
        return List.range(0, count).map(i -> {
            var change = ContractFixtures.fulfilled(insertedGrant(world), world.entitlement(), ContractFixtures.keyValue(), at(2));
            inserted(withInstances(change.createdKey().get(), i % cycle));
            return change.grant();
        });
    }

    @Test
    void an_update_stores_instances_added_and_removed_at_the_next_version() {
        var world = ContractFixtures.world(store);
        var key = inserted(ContractFixtures.licenseKey(insertedGrant(world), ContractFixtures.keyValue(), at(1)));
        var activated = withInstances(key, 3);
        inUnit(() -> store.licenseKeys().update(activated));
        var stored = reading(() -> store.licenseKeys().find(key.id())).get();
        var deactivated = stored.deactivate(stored.instances().get(1).id(), at(20)).get().licenseKey();

        inUnit(() -> store.licenseKeys().update(deactivated));

        var after = reading(() -> store.licenseKeys().find(key.id())).get();
        assertThat(after.version()).isEqualTo(2);
        assertThat(after.instances()).containsExactlyInAnyOrderElementsOf(activated.instances().removeAt(1));
        assertThat(after.updatedAt()).isEqualTo(at(20));
    }

    @Test
    void instances_keep_their_order_through_deactivations_activations_and_renames() {
        var world = ContractFixtures.world(store);
        var key = inserted(ContractFixtures.licenseKey(insertedGrant(world), ContractFixtures.keyValue(), at(1)));
        var three = withInstances(key, 3);
        inUnit(() -> store.licenseKeys().update(three));
        var a = three.instances().get(0).id();
        var b = three.instances().get(1).id();
        var c = three.instances().get(2).id();
        var d = new InstanceId(ContractFixtures.id("lki_"));
        var e = new InstanceId(ContractFixtures.id("lki_"));

        var next = reading(() -> store.licenseKeys().find(key.id())).get().deactivate(b, at(20)).get().licenseKey();
        var deactivated = next;
        inUnit(() -> store.licenseKeys().update(deactivated));
        next = reading(() -> store.licenseKeys().find(key.id())).get().activate(d, "machine d", at(21)).get().licenseKey();
        var activated = next;
        inUnit(() -> store.licenseKeys().update(activated));
        next = reading(() -> store.licenseKeys().find(key.id())).get().renameInstance(a, "renamed a", at(22)).get()
                .activate(e, "machine e", at(22)).get().licenseKey();
        var renamed = next;
        inUnit(() -> store.licenseKeys().update(renamed));

        var after = reading(() -> store.licenseKeys().find(key.id())).get();
        assertThat(after.instances().map(LicenseKeyInstance::id)).containsExactly(a, c, d, e);
        assertThat(after.instances().map(LicenseKeyInstance::name)).containsExactly("renamed a", "machine 2", "machine d", "machine e");
        assertThat(after.instances()).isEqualTo(renamed.instances());
        assertThat(after.version()).isEqualTo(4);
    }

    @Test
    void an_update_from_a_stale_version_is_a_concurrent_update_and_changes_nothing() {
        var world = ContractFixtures.world(store);
        var key = inserted(ContractFixtures.licenseKey(insertedGrant(world), ContractFixtures.keyValue(), at(1)));
        inUnit(() -> store.licenseKeys().update(key.disable(at(2))));

        assertThatThrownBy(() -> inUnit(() -> store.licenseKeys().update(withInstances(key, 1))))
                .isInstanceOf(ConcurrentUpdate.class);

        var stored = reading(() -> store.licenseKeys().find(key.id())).get();
        assertThat(stored.instances()).isEmpty();
        assertThat(stored.disabledAt()).contains(at(2));
    }

    @Test
    void of_32_activations_from_the_same_version_exactly_one_is_stored() {
        var world = ContractFixtures.world(store);
        var key = inserted(ContractFixtures.licenseKey(insertedGrant(world), ContractFixtures.keyValue(), at(1)));

        var outcomes = race(32, n -> {
            inUnit(() -> store.licenseKeys().update(withInstances(key, 1)));
            return n;
        });

        assertThat(outcomes.stream().filter(Either::isRight)).hasSize(1);
        assertThat(outcomes.stream().filter(Either::isLeft)).allMatch(o -> o.getLeft() instanceof ConcurrentUpdate);
        assertThat(reading(() -> store.licenseKeys().find(key.id())).get().instances()).hasSize(1);
    }

    @Test
    void an_unknown_key_is_not_found() {
        assertThat(reading(() -> store.licenseKeys().find(new dev.grantor.domain.shared.LicenseKeyId(ContractFixtures.id("lic_")))))
                .isEmpty();
        assertThat(reading(() -> store.licenseKeys().findByValue(new LicenseKeyValue("NOPE")))).isEmpty();
        assertThat(reading(() -> store.licenseKeys().valueExists(new LicenseKeyValue("NOPE")))).isFalse();
    }

    @Test
    void a_key_found_for_a_check_says_whether_its_grant_is_revoked() {
        var world = ContractFixtures.world(store);
        var grant = insertedGrant(world);
        var key = inserted(ContractFixtures.licenseKey(grant, ContractFixtures.keyValue(), at(1)));
        var withoutGrant = imported(world, ContractFixtures.keyValue(), at(2));
        Predicate<LicenseKey> asTheGrantsSay = found -> found.grantId().exists(id -> store.grants().revoked(found.businessId(), id));

        assertThat(reading(() -> store.licenseKeys().findForCheck(key.value(), asTheGrantsSay)))
                .contains(new LicenseKeys.CheckedKey(key, false));
        assertThat(reading(() -> store.licenseKeys().findForCheck(withoutGrant.value(), asTheGrantsSay)))
                .contains(new LicenseKeys.CheckedKey(withoutGrant, false));
        assertThat(reading(() -> store.licenseKeys().findForCheck(new LicenseKeyValue("NOPE"), asTheGrantsSay))).isEmpty();

        var revoked = grant.revoke(RevocationReason.MANUAL, at(3)).grant();
        inUnit(() -> store.grants().update(revoked));

        assertThat(reading(() -> store.licenseKeys().findForCheck(key.value(), asTheGrantsSay)))
                .contains(new LicenseKeys.CheckedKey(key, true));
        assertThat(reading(() -> store.licenseKeys().findForCheck(withoutGrant.value(), asTheGrantsSay)))
                .contains(new LicenseKeys.CheckedKey(withoutGrant, false));
    }

    @Test
    void a_key_found_for_a_validation_validates_as_the_stored_key_does_for_any_instance_named() {
        var world = ContractFixtures.world(store);
        var grant = insertedGrant(world);
        var held = List.of(new InstanceId(ContractFixtures.id("lki_")), new InstanceId(ContractFixtures.id("lki_")),
                new InstanceId(ContractFixtures.id("lki_")));
        var withInstances = held.foldLeft(ContractFixtures.licenseKey(grant, ContractFixtures.keyValue(), at(1)),
                (key, instance) -> key.activate(instance, "machine " + instance.value(), at(2)).get().licenseKey());
        var keys = List.of(inserted(withInstances),
                inserted(ContractFixtures.licenseKey(insertedGrant(world), ContractFixtures.keyValue(), at(1))),
                inserted(ContractFixtures.licenseKey(insertedGrant(world), ContractFixtures.keyValue(), at(1)).disable(at(3))),
                imported(world, ContractFixtures.keyValue(), at(2)));
        var named = held.map(Option::some).append(Option.<InstanceId>none())
                .append(Option.some(new InstanceId(ContractFixtures.id("lki_"))));
        Predicate<LicenseKey> asTheGrantsSay = found -> found.grantId().exists(id -> store.grants().revoked(found.businessId(), id));
        var beforeExpiry = at(10);
        var afterExpiry = at(1).plus(java.time.Duration.ofDays(366));

        for (boolean revokedFirst : new boolean[] {false, true}) {
            if (revokedFirst) {
                inUnit(() -> store.grants().update(grant.revoke(RevocationReason.MANUAL, at(4)).grant()));
            }
            for (var key : keys) {
                for (var instance : named) {
                    var checked = reading(() -> store.licenseKeys().findForValidation(key.value(), instance, asTheGrantsSay));
                    var full = reading(() -> store.licenseKeys().findForCheck(key.value(), asTheGrantsSay)).get();
                    assertThat(checked).as("%s naming %s", key.value().value(), instance).hasSize(1);
                    assertThat(checked.get().grantRevoked()).isEqualTo(full.grantRevoked()).isEqualTo(revokedFirst && key.equals(keys.head()));
                    assertThat(key.instances()).containsAll(checked.get().key().instances());
                    for (var at : List.of(beforeExpiry, afterExpiry)) {
                        assertThat(checked.get().key().validate(instance, at)).as("%s naming %s at %s", key.value().value(), instance, at)
                                .isEqualTo(full.key().validate(instance, at));
                    }
                }
            }
        }
        assertThat(keys.head().validate(named.head(), beforeExpiry)).as("a held instance validates: the table is not all false").isTrue();
        assertThat(reading(() -> store.licenseKeys().findForValidation(new LicenseKeyValue("NOPE"), named.head(), asTheGrantsSay))).isEmpty();
        assertThat(reading(() -> store.licenseKeys().findForValidation(new LicenseKeyValue("NOPE"), Option.none(), asTheGrantsSay))).isEmpty();
    }

    // ---- management after delivery (issue 13) ----------------------------------------------------------

    @Test
    void a_key_imported_without_a_grant_comes_back_as_it_was_stored() {
        var world = ContractFixtures.world(store);
        var key = imported(world, ContractFixtures.keyValue(), at(3));

        assertThat(reading(() -> store.licenseKeys().find(key.id()))).contains(key);
        assertThat(reading(() -> store.licenseKeys().findByValue(key.value())).get().grantId()).isEmpty();
    }

    @Test
    void an_update_with_a_new_value_retires_the_old_one_at_once() {
        var world = ContractFixtures.world(store);
        var key = inserted(withInstances(ContractFixtures.licenseKey(insertedGrant(world), "OLD-VALUE-1", at(1)), 2));
        var rotation = key.rotate(new LicenseKeyValue("NEW-VALUE-1"), false, at(5));

        inUnit(() -> store.licenseKeys().update(rotation.licenseKey()));

        assertThat(reading(() -> store.licenseKeys().findByValue(new LicenseKeyValue("OLD-VALUE-1")))).isEmpty();
        assertThat(reading(() -> store.licenseKeys().valueExists(new LicenseKeyValue("OLD-VALUE-1")))).isFalse();
        var stored = reading(() -> store.licenseKeys().findByValue(new LicenseKeyValue("NEW-VALUE-1"))).get();
        assertThat(stored.id()).isEqualTo(key.id());
        assertThat(stored.instances()).isEqualTo(key.instances());
        assertThat(stored.version()).isEqualTo(1);
    }

    @Test
    void an_update_to_a_value_already_in_use_is_a_duplicate_and_changes_nothing() {
        var world = ContractFixtures.world(store);
        inserted(ContractFixtures.licenseKey(insertedGrant(world), "TAKEN-VALUE", at(1)));
        var key = inserted(ContractFixtures.licenseKey(insertedGrant(world), "MINE-VALUE", at(1)));

        assertThatThrownBy(() -> inUnit(() -> store.licenseKeys().update(
                key.rotate(new LicenseKeyValue("TAKEN-VALUE"), false, at(2)).licenseKey())))
                .isInstanceOfSatisfying(DuplicateRecord.class, d -> assertThat(d.rule()).isEqualTo(DuplicateRecord.Rule.LICENSE_KEY_VALUE));

        assertThat(reading(() -> store.licenseKeys().find(key.id()))).contains(key);
    }

    @Test
    void of_32_rotations_from_the_same_version_exactly_one_value_is_stored() {
        var world = ContractFixtures.world(store);
        var key = inserted(ContractFixtures.licenseKey(insertedGrant(world), "ROTATED-FROM", at(1)));

        var outcomes = race(32, n -> {
            inUnit(() -> store.licenseKeys().update(key.rotate(new LicenseKeyValue("ROTATED-TO-" + n), false, at(2)).licenseKey()));
            return n;
        });

        assertThat(outcomes.stream().filter(Either::isRight)).hasSize(1);
        int winner = outcomes.stream().filter(Either::isRight).findFirst().get().get();
        var stored = reading(() -> store.licenseKeys().find(key.id())).get();
        assertThat(stored.value()).isEqualTo(new LicenseKeyValue("ROTATED-TO-" + winner));
        for (int n = 0; n < 32; n++) {
            int loser = n;
            assertThat(reading(() -> store.licenseKeys().valueExists(new LicenseKeyValue("ROTATED-TO-" + loser))))
                    .isEqualTo(loser == winner);
        }
    }

    @Test
    void a_business_lists_its_own_keys_newest_first_in_stable_pages() {
        var world = ContractFixtures.world(store);
        var other = ContractFixtures.world(store);
        var keys = List.range(0, 5).map(i -> inserted(ContractFixtures.licenseKey(insertedGrant(world), ContractFixtures.keyValue(), at(10 + i))));
        inserted(ContractFixtures.licenseKey(insertedGrant(other), ContractFixtures.keyValue(), at(12)));

        var first = reading(() -> store.licenseKeys().list(world.business().id(), everything(at(100)), new Page(0, 3)));
        var second = reading(() -> store.licenseKeys().list(world.business().id(), everything(at(100)), new Page(1, 3)));
        var past = reading(() -> store.licenseKeys().list(world.business().id(), everything(at(100)), new Page(2, 3)));

        assertThat(first.appendAll(second).map(LicenseKey::id)).containsExactlyElementsOf(keys.reverse().map(LicenseKey::id));
        assertThat(first.head()).isEqualTo(keys.last());
        assertThat(past).isEmpty();
    }

    @Test
    void the_key_filters_each_narrow_the_list() {
        var world = ContractFixtures.world(store);
        var grant = insertedGrant(world);
        var disabled = inserted(ContractFixtures.licenseKey(grant, ContractFixtures.keyValue(), at(1)).disable(at(2)));
        var expiresSoon = inserted(LicenseKey.issue(new LicenseKeyId(ContractFixtures.id("lic_")), grant.businessId(),
                insertedGrant(world).id(), grant.customerId(), grant.entitlementId(), new LicenseKeyValue(ContractFixtures.keyValue()),
                LicenseKeySource.AUTO, Option.none(), Option.some(at(50)), at(3)));
        var importedKey = imported(world, ContractFixtures.keyValue(), at(4));
        var business = world.business().id();

        assertThat(ids(business, filter(Option.none(), Option.some(LicenseKeyStatus.DISABLED), Option.none(), Option.none(), at(10))))
                .containsExactly(disabled.id());
        assertThat(ids(business, filter(Option.none(), Option.some(LicenseKeyStatus.ACTIVE), Option.none(), Option.none(), at(10))))
                .containsExactly(importedKey.id(), expiresSoon.id());
        // exactly at its expiry a key is expired, as LicenseKey.statusAt says
        assertThat(ids(business, filter(Option.none(), Option.some(LicenseKeyStatus.EXPIRED), Option.none(), Option.none(), at(50))))
                .containsExactly(expiresSoon.id());
        assertThat(ids(business, filter(Option.none(), Option.some(LicenseKeyStatus.ACTIVE), Option.none(), Option.none(), at(50))))
                .containsExactly(importedKey.id());
        assertThat(ids(business, filter(Option.some(LicenseKeySource.IMPORT), Option.none(), Option.none(), Option.none(), at(10))))
                .containsExactly(importedKey.id());
        assertThat(ids(business, filter(Option.none(), Option.none(), Option.some(at(3)), Option.some(at(3)), at(10))))
                .containsExactly(expiresSoon.id());
        var byCustomer = new LicenseKeys.Filter(Option.some(world.customer().id()), Option.some(world.entitlement().id()),
                Option.none(), Option.none(), Option.none(), Option.none(), at(10));
        assertThat(reading(() -> store.licenseKeys().list(business, byCustomer, new Page(0, 10)))).hasSize(3);
        var otherCustomer = new LicenseKeys.Filter(Option.some(new dev.grantor.domain.shared.CustomerId(ContractFixtures.id("cus_"))),
                Option.none(), Option.none(), Option.none(), Option.none(), Option.none(), at(10));
        assertThat(reading(() -> store.licenseKeys().list(business, otherCustomer, new Page(0, 10)))).isEmpty();
    }

    @Test
    void an_expiry_at_the_last_instant_of_9999_comes_back_exactly_and_is_active_until_then() {
        var world = ContractFixtures.world(store);
        var grant = insertedGrant(world);
        var last = java.time.Instant.parse("9999-12-31T23:59:59.999999999Z");
        var key = inserted(LicenseKey.issue(new LicenseKeyId(ContractFixtures.id("lic_")), grant.businessId(), grant.id(),
                grant.customerId(), grant.entitlementId(), new LicenseKeyValue(ContractFixtures.keyValue()), LicenseKeySource.MANUAL,
                Option.none(), Option.some(last), at(1)));

        assertThat(reading(() -> store.licenseKeys().find(key.id())).get().expiresAt()).contains(last);
        assertThat(reading(() -> store.licenseKeys().findByValue(key.value())).get()).isEqualTo(key);
        var business = world.business().id();
        assertThat(ids(business, filter(Option.none(), Option.some(LicenseKeyStatus.ACTIVE), Option.none(), Option.none(),
                java.time.Instant.parse("9999-12-31T23:59:59.999999998Z")))).containsExactly(key.id());
        assertThat(ids(business, filter(Option.none(), Option.some(LicenseKeyStatus.EXPIRED), Option.none(), Option.none(), last)))
                .containsExactly(key.id());
    }

    @Test
    void creation_bounds_in_any_year_filter_as_they_say() {
        var world = ContractFixtures.world(store);
        var key = inserted(ContractFixtures.licenseKey(insertedGrant(world), ContractFixtures.keyValue(), at(1)));
        var business = world.business().id();
        var year9999 = java.time.Instant.parse("9999-12-31T23:59:59.999Z");
        var year1 = java.time.Instant.parse("0001-01-01T00:00:00Z");

        assertThat(ids(business, filter(Option.none(), Option.none(), Option.some(year1), Option.some(year9999), at(10))))
                .containsExactly(key.id());
        assertThat(ids(business, filter(Option.none(), Option.none(), Option.some(java.time.Instant.MIN),
                Option.some(java.time.Instant.MAX), at(10)))).containsExactly(key.id());
        assertThat(ids(business, filter(Option.none(), Option.none(), Option.some(year9999), Option.none(), at(10)))).isEmpty();
        assertThat(ids(business, filter(Option.none(), Option.none(), Option.none(), Option.some(year1), at(10)))).isEmpty();
    }

    @Test
    void an_instance_is_found_with_its_key_only_in_its_own_business() {
        var world = ContractFixtures.world(store);
        var other = ContractFixtures.world(store);
        var key = inserted(withInstances(ContractFixtures.licenseKey(insertedGrant(world), ContractFixtures.keyValue(), at(1)), 2));
        var instance = key.instances().get(1).id();

        assertThat(reading(() -> store.licenseKeys().findByInstance(world.business().id(), instance))).contains(key);
        assertThat(reading(() -> store.licenseKeys().findByInstance(other.business().id(), instance))).isEmpty();
        assertThat(reading(() -> store.licenseKeys().findByInstance(world.business().id(), new InstanceId(ContractFixtures.id("lki_")))))
                .isEmpty();
    }

    @Test
    void instances_are_listed_newest_first_by_key_by_grant_and_per_business() {
        var world = ContractFixtures.world(store);
        var other = ContractFixtures.world(store);
        var grant = insertedGrant(world);
        var one = inserted(withInstances(ContractFixtures.licenseKey(grant, ContractFixtures.keyValue(), at(1)), 2));
        var two = inserted(withInstances(ContractFixtures.licenseKey(insertedGrant(world), ContractFixtures.keyValue(), at(1)), 1));
        inserted(withInstances(ContractFixtures.licenseKey(insertedGrant(other), ContractFixtures.keyValue(), at(1)), 3));
        var business = world.business().id();
        var all = new LicenseKeys.InstanceFilter(Option.none(), Option.none());

        var listed = reading(() -> store.licenseKeys().listInstances(business, all, new Page(0, 10)));
        assertThat(listed).hasSize(3);
        assertThat(listed).allMatch(held -> held.licenseKey().businessId().equals(business));
        assertThat(listed.map(held -> held.instance().createdAt()).toJavaList()).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        assertThat(reading(() -> store.licenseKeys().listInstances(business,
                new LicenseKeys.InstanceFilter(Option.some(one.id()), Option.none()), new Page(0, 10))).map(h -> h.instance()))
                .containsExactlyInAnyOrderElementsOf(one.instances());
        assertThat(reading(() -> store.licenseKeys().listInstances(business,
                new LicenseKeys.InstanceFilter(Option.none(), Option.some(grant.id())), new Page(0, 10))).map(h -> h.licenseKey().id()))
                .containsOnly(one.id());
        assertThat(reading(() -> store.licenseKeys().listInstances(business,
                new LicenseKeys.InstanceFilter(Option.some(two.id()), Option.none()), new Page(1, 1)))).isEmpty();
    }

    @Test
    void past_values_are_kept_and_read_newest_first_only_when_their_unit_commits() {
        var world = ContractFixtures.world(store);
        var key = inserted(ContractFixtures.licenseKey(insertedGrant(world), ContractFixtures.keyValue(), at(1)));
        var first = new LicenseKeys.PastValue(key.id(), key.businessId(), "a".repeat(64), at(5), "key_1");
        var second = new LicenseKeys.PastValue(key.id(), key.businessId(), "b".repeat(64), at(6), "key_2");

        inUnit(() -> store.licenseKeys().recordPastValue(second));
        inUnit(() -> store.licenseKeys().recordPastValue(first));
        store.transactions().write(() -> {
            store.licenseKeys().recordPastValue(new LicenseKeys.PastValue(key.id(), key.businessId(), "c".repeat(64), at(7), "key_3"));
            return Either.left("rolled back");
        });

        assertThat(reading(() -> store.licenseKeys().latestPastValues(key.id(), Option.none(), 10))).containsExactly(second, first);
    }

    private LicenseKey imported(World world, String value, java.time.Instant at) {
        var key = LicenseKey.importKey(new LicenseKeyId(ContractFixtures.id("lic_")), world.business().id(), world.customer().id(),
                world.entitlement().id(), new LicenseKeyValue(value), Option.none(), Option.none(), at).get().licenseKey();
        return inserted(key);
    }

    private List<LicenseKeyId> ids(dev.grantor.domain.shared.BusinessId business, LicenseKeys.Filter filter) {
        return reading(() -> store.licenseKeys().list(business, filter, new Page(0, 10))).map(LicenseKey::id);
    }

    private static LicenseKeys.Filter everything(java.time.Instant at) {
        return filter(Option.none(), Option.none(), Option.none(), Option.none(), at);
    }

    private static LicenseKeys.Filter filter(Option<LicenseKeySource> source, Option<LicenseKeyStatus> status,
                                             Option<java.time.Instant> from, Option<java.time.Instant> to, java.time.Instant at) {
        return new LicenseKeys.Filter(Option.none(), Option.none(), source, status, from, to, at);
    }

    /** A pool's import of thousands of keys asks at once; a store reads them in parts, so more than one part here. */
    @Test
    void issued_values_are_found_among_hundreds_of_candidates() {
        var world = ContractFixtures.world(store);
        var issued = List.range(0, 250).map(i -> ContractFixtures.licenseKey(insertedGrant(world), "ISSUED-" + i, at(1)));
        inUnit(() -> issued.forEach(store.licenseKeys()::insert));

        var candidates = List.range(0, 500).map(i -> new LicenseKeyValue("ISSUED-" + i));

        assertThat(reading(() -> store.licenseKeys().existingValues(candidates)))
                .containsExactlyInAnyOrderElementsOf(issued.map(LicenseKey::value));
    }

    private LicenseKey inserted(LicenseKey key) {
        inUnit(() -> store.licenseKeys().insert(key));
        return key;
    }

    private Grant insertedGrant(World world) {
        var grant = ContractFixtures.pendingGrant(world, at(1));
        inUnit(() -> store.grants().insert(grant));
        return grant;
    }

    private static LicenseKey withInstances(LicenseKey key, int count) {
        var next = key;
        for (int i = 0; i < count; i++) {
            next = next.activate(new InstanceId(ContractFixtures.id("lki_")), "machine " + i, at(10 + i)).get().licenseKey();
        }
        return next;
    }
}

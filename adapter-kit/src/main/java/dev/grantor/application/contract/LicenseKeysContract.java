package dev.grantor.application.contract;

import static dev.grantor.application.contract.ContractFixtures.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.grantor.application.contract.ContractFixtures.World;
import dev.grantor.application.port.out.ConcurrentUpdate;
import dev.grantor.application.port.out.DuplicateRecord;
import dev.grantor.domain.grant.Grant;
import dev.grantor.domain.license.LicenseKey;
import dev.grantor.domain.license.LicenseKeyValue;
import dev.grantor.domain.shared.InstanceId;
import io.vavr.collection.List;
import io.vavr.control.Either;
import io.vavr.control.Option;
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
                dev.grantor.domain.license.LicenseKeySource.AUTO, Option.none(), Option.none(), at(1));

        inUnit(() -> store.licenseKeys().insert(key));

        assertThat(reading(() -> store.licenseKeys().find(key.id()))).contains(key);
    }

    @Test
    void values_are_matched_exactly_and_case_sensitively() {
        var world = ContractFixtures.world(store);
        var key = inserted(ContractFixtures.licenseKey(insertedGrant(world), "Key-Mixed-Case", at(1)));

        assertThat(reading(() -> store.licenseKeys().valueExists(key.value()))).isTrue();
        assertThat(reading(() -> store.licenseKeys().valueExists(new LicenseKeyValue("key-mixed-case")))).isFalse();
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

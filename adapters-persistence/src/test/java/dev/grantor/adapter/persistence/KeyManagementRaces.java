package dev.grantor.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.Grantor;
import dev.grantor.application.contract.Race;
import dev.grantor.application.port.in.GrantFulfillment.FulfillLicenseKey;
import dev.grantor.application.port.in.KeyPoolManagement.ImportKeys;
import dev.grantor.application.port.in.KeyPoolManagement.KeyLine;
import dev.grantor.application.port.in.KeyPoolManagement.OpenPool;
import dev.grantor.application.port.in.LicenseKeyManagement.ImportLicenseKey;
import dev.grantor.application.port.in.LicenseKeyManagement.KeyView;
import dev.grantor.application.port.in.LicenseKeyManagement.RotateLicenseKey;
import dev.grantor.application.port.in.LicenseKeyManagement.UpdateLicenseKey;
import dev.grantor.application.port.in.Licensing.ActivateLicense;
import dev.grantor.application.port.in.Licensing.Activation;
import dev.grantor.application.port.in.Licensing.ValidateLicense;
import dev.grantor.domain.entitlement.FulfillmentMode;
import dev.grantor.domain.entitlement.IntegrationConfig.LicenseKeyConfig;
import dev.grantor.domain.grant.GrantStatus;
import dev.grantor.domain.grant.LicenseKeyStatus;
import dev.grantor.domain.shared.GrantorError;
import dev.grantor.domain.shared.InstanceId;
import dev.grantor.domain.shared.LicenseKeyId;
import io.vavr.collection.List;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.util.ArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Key management racing the public license endpoints through the real engine, on each database. A
 * rotation, a disable and an activation all move the key's version, so whichever commits second re-reads:
 * no activation lands on a value a committed rotation replaced, none on a key a committed disable closed,
 * and no rotation or disable loses an activation that committed first.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class KeyManagementRaces {

    /**
     * Racers on one key's version: each round commits at least one of them, so with fewer than the engine's
     * twelve attempts (WriteUnits) every racer gets its domain answer. More activations of one key at once than
     * that can exhaust the retries: a limit of the engine as it stands, not of these rules.
     */
    private static final int ACTIVATORS = 8;
    private static final String ROTATED_BY = "key_race";

    private JdbcStorage storage;
    private Grantor engine;

    protected abstract StorageSettings settings();

    @BeforeAll
    void open() {
        storage = JdbcStorage.open(settings().withPoolSize(16));
        engine = Engines.over(storage);
    }

    @AfterAll
    void close() {
        storage.close();
    }

    /** A delivered manual key of a fresh business, its limit lifted so only the race decides. */
    private Delivered delivered(String value) {
        var world = Samples.world(storage);
        var grant = Engines.issuePending(engine, world);
        var view = engine.fulfillment().fulfillLicenseKey(world.businessId(), grant.value(), new FulfillLicenseKey(value, null, null)).get();
        var keyId = view.licenseKey().get().id().value();
        engine.licenseKeys().update(world.businessId(), keyId, new UpdateLicenseKey(null, true, null, null, false)).get();
        return new Delivered(world, keyId, value);
    }

    private record Delivered(Samples.World world, String keyId, String value) {}

    private Either<GrantorError, Activation> activate(String value, int n) {
        return engine.licensing().activate(new ActivateLicense(value, "machine " + n));
    }

    private boolean valid(String value) {
        return engine.licensing().validate(new ValidateLicense(value, null)).get();
    }

    private dev.grantor.domain.grant.LicenseKey stored(String keyId) {
        return storage.licenseKeys().find(new LicenseKeyId(keyId)).get();
    }

    @Test
    void a_rotation_racing_activations_on_the_old_value_loses_none_and_lets_none_land_on_the_dead_value() {
        var key = delivered(Samples.keyValue());
        String next = Samples.keyValue();

        var outcomes = Race.of(ACTIVATORS + 1, n -> n == ACTIVATORS
                ? engine.licenseKeys().rotate(key.world().businessId(), ROTATED_BY, key.keyId(), new RotateLicenseKey(next, false))
                        .map(v -> (Object) v)
                : activate(key.value(), n).map(a -> (Object) a));

        assertThat(outcomes).as("nothing but domain answers").allMatch(Either::isRight);
        var answers = outcomes.map(Either::get);
        assertThat(answers.last().isRight()).as("the rotation " + answers.last()).isTrue();
        var activated = answers.init().filter(Either::isRight).map(a -> ((Activation) a.get()).instance().id());
        assertThat(answers.init().filter(Either::isLeft).map(Either::getLeft))
                .allMatch(GrantorError.LicenseKeyNotFound.class::isInstance);
        var after = stored(key.keyId());
        assertThat(after.value().value()).isEqualTo(next);
        assertThat(after.instances().map(i -> i.id())).containsExactlyInAnyOrderElementsOf(activated);
        assertThat(valid(key.value())).isFalse();
        assertThat(activate(key.value(), 99).getLeft()).isInstanceOf(GrantorError.LicenseKeyNotFound.class);
        assertThat(valid(next)).isTrue();
    }

    /**
     * With its activations reset, a rotation leaves no seat at all: an activation that committed first is wiped
     * with the rest, so any instance left afterwards could only have landed on the dead value after the commit.
     */
    @Test
    void a_rotation_resetting_activations_racing_activations_on_the_old_value_leaves_no_seat_behind() {
        var key = delivered(Samples.keyValue());
        String next = Samples.keyValue();

        var outcomes = Race.of(ACTIVATORS + 1, n -> n == ACTIVATORS
                ? engine.licenseKeys().rotate(key.world().businessId(), ROTATED_BY, key.keyId(), new RotateLicenseKey(next, true))
                        .map(v -> (Object) v)
                : activate(key.value(), n).map(a -> (Object) a));

        assertThat(outcomes).as("nothing but domain answers").allMatch(Either::isRight);
        var answers = outcomes.map(Either::get);
        assertThat(answers.last().isRight()).as("the rotation " + answers.last()).isTrue();
        assertThat(answers.init().filter(Either::isLeft).map(Either::getLeft))
                .allMatch(GrantorError.LicenseKeyNotFound.class::isInstance);
        var after = stored(key.keyId());
        assertThat(after.value().value()).isEqualTo(next);
        assertThat(after.instances()).as("seats taken after the rotation through the dead value").isEmpty();
        assertThat(valid(key.value())).isFalse();
        assertThat(valid(next)).isTrue();
    }

    @Test
    void a_rotation_racing_validations_answers_each_one_and_the_old_value_is_invalid_once_it_commits() {
        var key = delivered(Samples.keyValue());
        String next = Samples.keyValue();

        var outcomes = Race.of(ACTIVATORS + 1, n -> n == ACTIVATORS
                ? engine.licenseKeys().rotate(key.world().businessId(), ROTATED_BY, key.keyId(), new RotateLicenseKey(next, false))
                        .map(v -> (Object) v)
                : engine.licensing().validate(new ValidateLicense(key.value(), null)).map(v -> (Object) v));

        assertThat(outcomes).allMatch(Either::isRight);
        assertThat(outcomes.map(Either::get)).allMatch(Either::isRight);
        assertThat(valid(key.value())).isFalse();
        assertThat(valid(next)).isTrue();
    }

    @Test
    void of_racing_rotations_each_is_applied_once_in_turn_and_exactly_one_new_value_is_live() {
        var key = delivered(Samples.keyValue());
        var values = List.range(0, 8).map(i -> Samples.keyValue());

        var outcomes = Race.of(values.size(), n -> engine.licenseKeys().rotate(key.world().businessId(), ROTATED_BY, key.keyId(),
                new RotateLicenseKey(values.get(n), false)));

        assertThat(outcomes).allMatch(Either::isRight);
        assertThat(outcomes.map(Either::get)).allMatch(Either::isRight);
        var live = values.filter(this::valid);
        assertThat(live).hasSize(1);
        assertThat(stored(key.keyId()).value().value()).isEqualTo(live.head());
        assertThat(valid(key.value())).isFalse();
        var history = storage.licenseKeys().latestPastValues(new LicenseKeyId(key.keyId()), Option.none(), values.size() + 10);
        assertThat(history).hasSize(values.size());
        assertThat(history.map(LicenseKeysHashes::of).distinct()).hasSize(values.size());
        // every value but the live one was replaced exactly once, and so was the original
        assertThat(history.map(p -> p.valueSha256())).containsExactlyInAnyOrderElementsOf(
                values.remove(live.head()).prepend(key.value()).map(LicenseKeysHashes::sha256));
        var grant = storage.grants().find(key.world().businessId(), stored(key.keyId()).grantId().get()).get();
        assertThat(grant.delivered().get().delivery()).isEqualTo(new dev.grantor.domain.grant.GrantState.KeyDelivery(
                new LicenseKeyId(key.keyId()), stored(key.keyId()).value()));
    }

    @Test
    void of_racing_generated_rotations_exactly_one_returned_value_is_live() {
        racingGeneratedRotations(new LicenseKeyConfig(FulfillmentMode.AUTO, Option.none(), Option.none(), Option.none()));
    }

    /**
     * Signed values are deterministic: racing rotations within one second signed the same payload and came out as the
     * value they replaced, and the rotation failed. Each now signs a second past the value it replaces.
     */
    @Test
    void of_racing_rotations_of_a_signed_key_each_gets_a_value_of_its_own_and_exactly_one_is_live() {
        racingGeneratedRotations(new LicenseKeyConfig(FulfillmentMode.AUTO, Option.none(), Option.none(), Option.none()).signed());
    }

    private void racingGeneratedRotations(LicenseKeyConfig config) {
        var world = Samples.world(storage, config);
        var issued = engine.issuing().issue(world.businessId(), world.entitlement().id().value(),
                new dev.grantor.application.port.in.GrantIssuing.IssueGrant(new dev.grantor.application.port.in.GrantIssuing.CustomerContact(
                        world.customer().id().value(), world.customer().email().value(), null), Samples.id("pay_"), null, null)).get();
        var keyId = issued.grant().licenseKey().get().id().value();
        var original = issued.grant().licenseKey().get().value().value();

        var outcomes = Race.of(8, n -> engine.licenseKeys().rotate(world.businessId(), ROTATED_BY, keyId, new RotateLicenseKey(null, null)));

        assertThat(outcomes).allMatch(Either::isRight);
        var returned = outcomes.map(o -> o.get().get().licenseKey().value().value());
        assertThat(returned.distinct()).hasSize(8).doesNotContain(original);
        assertThat(returned.filter(this::valid)).containsExactly(stored(keyId).value().value());
        assertThat(valid(original)).isFalse();
    }

    @Test
    void a_disable_racing_activations_leaves_a_disabled_key_that_kept_every_activation_that_committed_first() {
        var key = delivered(Samples.keyValue());

        var outcomes = Race.of(ACTIVATORS + 1, n -> n == ACTIVATORS
                ? engine.licenseKeys().update(key.world().businessId(), key.keyId(), new UpdateLicenseKey(null, false, true, null, false))
                        .map(v -> (Object) v)
                : activate(key.value(), n).map(a -> (Object) a));

        assertThat(outcomes).allMatch(Either::isRight);
        var answers = outcomes.map(Either::get);
        assertThat(answers.last().isRight()).isTrue();
        var activated = answers.init().filter(Either::isRight).map(a -> ((Activation) a.get()).instance().id());
        assertThat(answers.init().filter(Either::isLeft).map(Either::getLeft))
                .allMatch(e -> e instanceof GrantorError.InactiveLicenseKey);
        var after = stored(key.keyId());
        assertThat(after.statusAt(java.time.Instant.now())).isEqualTo(LicenseKeyStatus.DISABLED);
        assertThat(after.instances().map(i -> i.id())).containsExactlyInAnyOrderElementsOf(activated);
        var grant = storage.grants().find(key.world().businessId(), after.grantId().get()).get();
        assertThat(grant.status()).isEqualTo(GrantStatus.REVOKED);
        assertThat(activate(key.value(), 99).getLeft()).isInstanceOf(GrantorError.InactiveLicenseKey.class);
    }

    @Test
    void the_old_value_of_a_rotated_key_is_dead_in_every_case() {
        var business = Samples.world(storage);
        var cases = new ArrayList<String[]>();
        // a manual key with an instance, rotated keeping it
        var kept = delivered(Samples.keyValue());
        InstanceId instance = activate(kept.value(), 1).get().instance().id();
        rotate(kept, Samples.keyValue(), false);
        cases.add(new String[] {kept.value(), instance.value()});
        // rotated resetting its activations
        var reset = delivered(Samples.keyValue());
        InstanceId resetInstance = activate(reset.value(), 1).get().instance().id();
        rotate(reset, Samples.keyValue(), true);
        cases.add(new String[] {reset.value(), resetInstance.value()});
        // rotated twice: the first value and the second are both dead
        var twice = delivered(Samples.keyValue());
        String middle = Samples.keyValue();
        rotate(twice, middle, false);
        rotate(twice, Samples.keyValue(), false);
        cases.add(new String[] {twice.value(), null});
        cases.add(new String[] {middle, null});
        // disabled after the rotation, then enabled again
        var toggled = delivered(Samples.keyValue());
        rotate(toggled, Samples.keyValue(), false);
        engine.licenseKeys().update(toggled.world().businessId(), toggled.keyId(), new UpdateLicenseKey(null, false, true, null, false)).get();
        engine.licenseKeys().update(toggled.world().businessId(), toggled.keyId(), new UpdateLicenseKey(null, false, false, null, false)).get();
        cases.add(new String[] {toggled.value(), null});
        // an imported key, which has no grant
        String importedValue = Samples.keyValue();
        var imported = engine.licenseKeys().importKey(business.businessId(), new ImportLicenseKey(business.customer().id().value(),
                importedValue, business.entitlement().id().value(), null, null)).get();
        engine.licenseKeys().rotate(business.businessId(), ROTATED_BY, imported.licenseKey().id().value(),
                new RotateLicenseKey(Samples.keyValue(), false)).get();
        cases.add(new String[] {importedValue, null});
        // an auto key, whose new value the engine generates
        var generated = Samples.world(storage, new LicenseKeyConfig(FulfillmentMode.AUTO, Option.none(), Option.none(), Option.none()));
        var auto = storage.grants().find(generated.businessId(), Engines.issuePending(engine, generated)).get();
        var autoKey = stored(auto.licenseKeyId().get().value());
        engine.licenseKeys().rotate(generated.businessId(), ROTATED_BY, autoKey.id().value(), new RotateLicenseKey(null, false)).get();
        cases.add(new String[] {autoKey.value().value(), null});
        // a pooled key, rotated to the pool's next key
        var pooled = Samples.world(storage);
        engine.keyPools().open(pooled.businessId(), pooled.entitlement().id().value(), new OpenPool(0L)).get();
        engine.keyPools().importKeys(pooled.businessId(), pooled.entitlement().id().value(), new ImportKeys(List.of(
                KeyLine.of(1, Samples.keyValue(), null, null), KeyLine.of(2, Samples.keyValue(), null, null)))).get();
        var fromPool = storage.grants().find(pooled.businessId(), Engines.issuePending(engine, pooled)).get();
        var pooledKey = stored(fromPool.licenseKeyId().get().value());
        var drawn = engine.licenseKeys().rotate(pooled.businessId(), ROTATED_BY, pooledKey.id().value(), new RotateLicenseKey(null, false)).get();
        assertThat(drawn.licenseKey().value()).as("the pool's next key").isNotEqualTo(pooledKey.value());
        cases.add(new String[] {pooledKey.value().value(), null});

        assertThat(cases).hasSize(8);
        for (String[] dead : cases) {
            assertThat(engine.licensing().validate(new ValidateLicense(dead[0], dead[1])).get()).as(dead[0]).isFalse();
            assertThat(engine.licensing().validate(new ValidateLicense(dead[0], null)).get()).as(dead[0]).isFalse();
            assertThat(activate(dead[0], 7).getLeft()).as(dead[0]).isInstanceOf(GrantorError.LicenseKeyNotFound.class);
            // the endpoints trim a value: the old one padded is the old one
            assertThat(engine.licensing().validate(new ValidateLicense(" " + dead[0] + "\t", null)).get()).as(dead[0]).isFalse();
            assertThat(activate(" " + dead[0] + " ", 8).getLeft()).as(dead[0]).isInstanceOf(GrantorError.LicenseKeyNotFound.class);
            if (dead[1] != null) {
                assertThat(engine.licensing().deactivate(new dev.grantor.application.port.in.Licensing.DeactivateLicense(dead[0], dead[1]))
                        .getLeft()).isInstanceOf(GrantorError.LicenseKeyNotFound.class);
            }
        }
        assertThat(stored(kept.keyId()).instances().map(i -> i.id())).containsExactly(instance);
        assertThat(stored(reset.keyId()).instances()).isEmpty();
    }

    private KeyView rotate(Delivered key, String value, boolean reset) {
        return engine.licenseKeys().rotate(key.world().businessId(), ROTATED_BY, key.keyId(), new RotateLicenseKey(value, reset))
                .getOrElseThrow(e -> new AssertionError(e.message()));
    }


    /** An independent SHA-256 of a value, to read the history with. */
    private static final class LicenseKeysHashes {
        static String sha256(String value) {
            try {
                return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                        .digest(value.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        static String of(dev.grantor.application.port.out.LicenseKeys.PastValue past) {
            return past.valueSha256();
        }
    }
}

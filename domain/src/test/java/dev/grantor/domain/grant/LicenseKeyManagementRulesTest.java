package dev.grantor.domain.grant;

import static dev.grantor.domain.Examples.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.grantor.domain.Examples;
import dev.grantor.domain.Hostile;
import dev.grantor.domain.Hostile.Draw;
import dev.grantor.domain.entitlement.ActivationsLimit;
import dev.grantor.domain.shared.ErrorCode;
import dev.grantor.domain.shared.GrantorError;
import dev.grantor.domain.shared.LicenseKeyId;
import io.vavr.control.Option;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.instancio.Instancio;
import org.instancio.settings.Keys;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The merchant's changes to a key after delivery: limits, expiry, disable and enable, rotation, instances. */
class LicenseKeyManagementRulesTest {

    private static final Instant AT = T0.plus(Duration.ofDays(1));

    private static LicenseKey keyWithInstances(int count) {
        var key = LicenseKey.issue(Examples.MANUAL_KEY_ID, Examples.BUSINESS, Examples.GRANT, Examples.CUSTOMER,
                Examples.ENTITLEMENT, Examples.KEY_A, LicenseKeySource.MANUAL, Option.none(), Option.none(), T0);
        for (int i = 0; i < count; i++) {
            key = key.activate(Examples.instance(i + 1), "machine " + i, T0.plusSeconds(i)).get().licenseKey();
        }
        return key;
    }

    /** Seeded pairs of (instances in use, proposed limit), both small enough to build and wide enough to cross. */
    static Stream<Arguments> instancesAndLimits() {
        var gen = Instancio.gen().withSetting(Keys.SEED, 1313L);
        var counts = gen.ints().range(0, 12).list(80);
        var limits = gen.ints().range(1, 14).list(80);
        return java.util.stream.IntStream.range(0, 80).mapToObj(i -> Arguments.of(counts.get(i), limits.get(i)));
    }

    @Nested
    class Limits {

        @ParameterizedTest(name = "{0} instances, limit {1}")
        @MethodSource("dev.grantor.domain.grant.LicenseKeyManagementRulesTest#instancesAndLimits")
        void a_limit_is_accepted_exactly_when_it_is_not_below_the_instances_in_use(int instances, int limit) {
            var key = keyWithInstances(instances);

            var result = key.limitActivations(Option.some(new ActivationsLimit(limit)), AT);

            assertThat(result.isRight()).isEqualTo(limit >= instances);
            if (result.isLeft()) {
                assertThat(result.getLeft().code()).isEqualTo(ErrorCode.ACTIVATION_LIMIT_LESS_THAN_CURRENT_AMOUNT);
                assertThat(result.getLeft()).isEqualTo(new GrantorError.ActivationLimitLessThanCurrentAmount(limit, instances));
            } else {
                assertThat(result.get().activationsLimit()).contains(new ActivationsLimit(limit));
                assertThat(result.get().instances()).isEqualTo(key.instances());
            }
        }

        @Test
        void no_limit_is_always_accepted() {
            assertThat(keyWithInstances(9).limitActivations(Option.none(), AT).get().activationsLimit()).isEmpty();
        }
    }

    @Nested
    class Expiry {

        @Test
        void a_subscription_key_takes_no_expiry_but_may_lose_one() {
            var key = keyWithInstances(0);

            assertThat(key.expire(Option.some(AT.plusSeconds(60)), true, AT).getLeft().code())
                    .isEqualTo(ErrorCode.NO_EXPIRY_ON_SUBSCRIPTION_LICENSE_KEYS);
            assertThat(key.expire(Option.none(), true, AT).get().expiresAt()).isEmpty();
        }

        @Test
        void an_expiry_must_lie_in_the_future() {
            var key = keyWithInstances(0);

            assertThat(key.expire(Option.some(AT), false, AT).getLeft().code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
            assertThat(key.expire(Option.some(AT.minusNanos(1)), false, AT).getLeft().code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
            assertThat(key.expire(Option.some(AT.plusNanos(1)), false, AT).get().statusAt(AT)).isEqualTo(LicenseKeyStatus.ACTIVE);
        }
    }

    @Nested
    class Rotation {

        static List<Draw> draws() {
            return Hostile.draws(20261313L, 120);
        }

        @ParameterizedTest
        @MethodSource("dev.grantor.domain.grant.LicenseKeyManagementRulesTest$Rotation#draws")
        void a_rotation_keeps_the_id_and_names_the_old_value_by_its_last_four_characters_only(Draw draw) {
            var old = new LicenseKeyValue(draw.fitting(draw.visible(), LicenseKeyValue.MAX_LENGTH));
            var key = LicenseKey.issue(Examples.MANUAL_KEY_ID, Examples.BUSINESS, Examples.GRANT, Examples.CUSTOMER,
                    Examples.ENTITLEMENT, old, LicenseKeySource.MANUAL, Option.none(), Option.none(), T0);
            var fresh = new LicenseKeyValue("NEW-" + draw.count());

            var rotation = key.rotate(fresh, false, AT);

            String suffix = rotation.event().previousKeySuffix();
            int oldLength = old.value().codePointCount(0, old.value().length());
            assertThat(suffix.codePointCount(0, suffix.length())).as("four of 16 or more, none of fewer")
                    .isEqualTo(oldLength >= 16 ? 4 : 0);
            assertThat(old.value()).endsWith(suffix);
            assertThat(rotation.licenseKey().id()).isEqualTo(key.id());
            assertThat(rotation.licenseKey().value()).isEqualTo(fresh);
            assertThat(rotation.previousValue()).isEqualTo(old);
            assertThat(rotation.event().licenseKey()).isEqualTo(rotation.licenseKey());
            assertThat(rotation.event()).isInstanceOf(LicenseKeyEvent.LicenseKeyRotated.class);
        }

        @Test
        void instances_stay_unless_reset() {
            var key = keyWithInstances(3);

            assertThat(key.rotate(Examples.KEY_B, false, AT).licenseKey().instances()).isEqualTo(key.instances());
            assertThat(key.rotate(Examples.KEY_B, true, AT).licenseKey().instances()).isEmpty();
        }

        @Test
        void a_rotation_to_the_same_value_is_a_broken_invariant() {
            assertThatThrownBy(() -> keyWithInstances(0).rotate(Examples.KEY_A, false, AT)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    class Import_disable_enable_and_instances {

        @Test
        void an_imported_key_has_no_grant_and_announces_itself() {
            var change = LicenseKey.importKey(new LicenseKeyId(Examples.id("lic_", 9)), Examples.BUSINESS, Examples.CUSTOMER,
                    Examples.ENTITLEMENT, Examples.KEY_C, Option.some(new ActivationsLimit(2)), Option.none(), AT).get();

            assertThat(change.licenseKey().grantId()).isEmpty();
            assertThat(change.licenseKey().source()).isEqualTo(LicenseKeySource.IMPORT);
            assertThat(change.events()).singleElement().isInstanceOf(LicenseKeyEvent.LicenseKeyCreated.class);
            assertThat(LicenseKey.importKey(new LicenseKeyId(Examples.id("lic_", 9)), Examples.BUSINESS, Examples.CUSTOMER,
                    Examples.ENTITLEMENT, Examples.KEY_C, Option.none(), Option.some(AT), AT).getLeft().code())
                    .isEqualTo(ErrorCode.VALIDATION_FAILED);
        }

        @Test
        void disabling_and_enabling_are_idempotent_and_keep_the_first_disable_time() {
            var key = keyWithInstances(1);
            var disabled = key.disable(AT).disable(AT.plusSeconds(5));

            assertThat(disabled.disabledAt()).contains(AT);
            assertThat(disabled.enable(AT.plusSeconds(9)).statusAt(AT.plusSeconds(9))).isEqualTo(LicenseKeyStatus.ACTIVE);
            assertThat(key.enable(AT)).isSameAs(key);
        }

        @Test
        void an_instance_is_renamed_in_place_and_another_keys_instance_is_not_found() {
            var key = keyWithInstances(2);
            var second = key.instances().get(1);

            var renamed = key.renameInstance(second.id(), "renamed", AT).get();

            assertThat(renamed.instances().map(LicenseKeyInstance::name)).containsExactly("machine 0", "renamed");
            assertThat(renamed.instances().get(1).createdAt()).isEqualTo(second.createdAt());
            assertThat(key.renameInstance(Examples.instance(77), "x", AT).getLeft().code()).isEqualTo(ErrorCode.NOT_FOUND);
        }
    }
}

package dev.grantor.domain.grant;

import static dev.grantor.domain.Examples.KEY_A;
import static dev.grantor.domain.Examples.MANUAL_KEYS;
import static dev.grantor.domain.Examples.MANUAL_KEY_ID;
import static dev.grantor.domain.Examples.T0;
import static dev.grantor.domain.Examples.instance;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.grantor.domain.Examples;
import dev.grantor.domain.entitlement.ActivationsLimit;
import dev.grantor.domain.grant.GrantChange;
import dev.grantor.domain.grant.RevocationReason;
import dev.grantor.domain.shared.ErrorCode;
import dev.grantor.domain.shared.GrantorError;
import dev.grantor.domain.shared.GrantorError.InactiveLicenseKey;
import dev.grantor.domain.shared.GrantorError.LicenseKeyLimitReached;
import io.vavr.collection.List;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class LicenseKeyRulesTest {

    static final Instant EXPIRY = T0.plus(Duration.ofDays(30));

    static LicenseKey key(Option<ActivationsLimit> limit, Option<Instant> expiresAt) {
        return LicenseKey.issue(MANUAL_KEY_ID, Examples.BUSINESS, Examples.GRANT, Examples.CUSTOMER, Examples.ENTITLEMENT, KEY_A,
                LicenseKeySource.MANUAL, limit, expiresAt, T0);
    }

    static LicenseKey limitedTo(int limit) {
        return key(Option.some(new ActivationsLimit(limit)), Option.some(EXPIRY));
    }

    static LicenseKey activated(LicenseKey key, int... instances) {
        var current = key;
        for (int n : instances) {
            current = current.activate(instance(n), "machine-" + n, T0.plusSeconds(n)).get().licenseKey();
        }
        return current;
    }

    static ErrorCode codeOf(Either<GrantorError, ?> result) {
        assertThat(result.isLeft()).as("expected a rejection, got %s", result).isTrue();
        return result.getLeft().code();
    }

    @Nested
    class Activating {

        @Test
        void activating_within_the_limit_adds_a_named_instance() {
            var activation = limitedTo(2).activate(instance(1), "laptop", T0.plusSeconds(1)).get();

            assertThat(activation.licenseKey().instances()).containsExactly(activation.instance());
            assertThat(activation.instance().name()).isEqualTo("laptop");
            assertThat(activation.instance().createdAt()).isEqualTo(T0.plusSeconds(1));
            assertThat(activation.licenseKey().activationsUsed()).isEqualTo(1);
            assertThat(activation.licenseKey().updatedAt()).isEqualTo(T0.plusSeconds(1));
            assertThat(activation.event()).isInstanceOf(LicenseKeyEvent.InstanceActivated.class);
            assertThat(activation.event().licenseKey()).isEqualTo(activation.licenseKey());
        }

        @Test
        void activating_beyond_the_limit_is_rejected() {
            var full = activated(limitedTo(2), 1, 2);

            var result = full.activate(instance(3), "third", T0.plusSeconds(10));

            assertThat(result.getLeft()).isEqualTo(new LicenseKeyLimitReached(2));
            assertThat(codeOf(result)).isEqualTo(ErrorCode.LICENSE_KEY_LIMIT_REACHED);
        }

        @Test
        void deactivating_frees_a_slot_for_another_activation() {
            var full = activated(limitedTo(2), 1, 2);

            var freed = full.deactivate(instance(1), T0.plusSeconds(10)).get().licenseKey();

            assertThat(freed.activate(instance(3), "third", T0.plusSeconds(11)).isRight()).isTrue();
        }

        @Test
        void a_key_without_a_limit_takes_any_number_of_activations() {
            var unlimited = activated(key(Option.none(), Option.none()), 1, 2, 3, 4, 5, 6, 7, 8, 9, 10);

            assertThat(unlimited.activationsUsed()).isEqualTo(10);
        }

        @Test
        void activating_an_expired_key_is_inactive() {
            var result = limitedTo(5).activate(instance(1), "late", EXPIRY);

            assertThat(result.getLeft()).isEqualTo(new InactiveLicenseKey("expired"));
            assertThat(codeOf(result)).isEqualTo(ErrorCode.INACTIVE_LICENSE_KEY);
        }

        @Test
        void activating_a_key_of_a_revoked_grant_is_inactive() {
            var manual = Examples.entitlement(MANUAL_KEYS);
            GrantChange delivered = Examples.pending(MANUAL_KEYS, Examples.payment())
                    .fulfill(manual, Examples.terms(KEY_A), MANUAL_KEY_ID, T0).get();
            var revocation = delivered.grant().revoke(RevocationReason.REFUND, T0.plusSeconds(5));
            // the application disables the grant's key in the same transaction as the revocation
            var disabled = delivered.createdKey().get().disable(revocation.grant().revocation().get().revokedAt());

            var result = disabled.activate(instance(1), "laptop", T0.plusSeconds(6));

            assertThat(result.getLeft()).isEqualTo(new InactiveLicenseKey("disabled"));
        }
    }

    @Nested
    class Deactivating {

        @Test
        void deactivating_an_unknown_instance_is_license_key_not_found() {
            var key = activated(limitedTo(2), 1);

            var result = key.deactivate(instance(2), T0.plusSeconds(5));

            assertThat(codeOf(result)).isEqualTo(ErrorCode.LICENSE_KEY_NOT_FOUND);
        }

        @Test
        void deactivating_removes_exactly_that_instance_and_says_so() {
            var key = activated(limitedTo(3), 1, 2, 3);

            var deactivation = key.deactivate(instance(2), T0.plusSeconds(5)).get();

            assertThat(deactivation.licenseKey().instances().map(LicenseKeyInstance::id)).containsExactly(instance(1), instance(3));
            assertThat(deactivation.event().instance().id()).isEqualTo(instance(2));
            assertThat(deactivation.event()).isInstanceOf(LicenseKeyEvent.InstanceDeactivated.class);
        }

        @Test
        void an_expired_key_still_lets_its_instances_go() {
            var key = activated(limitedTo(2), 1);

            assertThat(key.deactivate(instance(1), EXPIRY.plusSeconds(1)).isRight()).isTrue();
        }
    }

    @Nested
    class Validating {

        @Test
        void an_active_key_is_valid() {
            assertThat(limitedTo(1).validate(Option.none(), T0)).isTrue();
        }

        @Test
        void an_active_key_is_valid_with_one_of_its_instances() {
            assertThat(activated(limitedTo(2), 1).validate(Option.some(instance(1)), T0.plusSeconds(5))).isTrue();
        }

        @Test
        void an_instance_of_another_key_is_not_valid() {
            assertThat(activated(limitedTo(2), 1).validate(Option.some(instance(2)), T0.plusSeconds(5))).isFalse();
        }

        @Test
        void an_expired_key_is_not_valid() {
            assertThat(activated(limitedTo(2), 1).validate(Option.some(instance(1)), EXPIRY)).isFalse();
            assertThat(limitedTo(2).validate(Option.none(), EXPIRY.plusSeconds(1))).isFalse();
        }

        @Test
        void a_disabled_key_is_not_valid() {
            assertThat(limitedTo(2).disable(T0.plusSeconds(1)).validate(Option.none(), T0.plusSeconds(2))).isFalse();
        }
    }

    @Nested
    class Status {

        @Test
        void expired_is_derived_from_the_instant_it_is_read_at() {
            var key = limitedTo(1);

            assertThat(key.statusAt(EXPIRY.minusNanos(1))).isEqualTo(LicenseKeyStatus.ACTIVE);
            assertThat(key.statusAt(EXPIRY)).isEqualTo(LicenseKeyStatus.EXPIRED);
            assertThat(key.statusAt(EXPIRY.plus(Duration.ofDays(9999)))).isEqualTo(LicenseKeyStatus.EXPIRED);
        }

        @Test
        void a_key_without_expiry_never_expires() {
            assertThat(key(Option.none(), Option.none()).statusAt(Instant.MAX)).isEqualTo(LicenseKeyStatus.ACTIVE);
        }

        @Test
        void disabled_wins_over_expired() {
            assertThat(limitedTo(1).disable(T0).statusAt(EXPIRY.plusSeconds(1))).isEqualTo(LicenseKeyStatus.DISABLED);
        }

        @Test
        void disabling_twice_keeps_the_first_time() {
            var once = limitedTo(1).disable(T0.plusSeconds(1));

            var twice = once.disable(T0.plusSeconds(2));

            assertThat(twice).isSameAs(once);
            assertThat(twice.disabledAt()).contains(T0.plusSeconds(1));
        }

        @Test
        void statuses_and_sources_have_their_wire_names() {
            assertThat(List.of(LicenseKeyStatus.values()).map(LicenseKeyStatus::wire)).containsExactly("active", "expired", "disabled");
            assertThat(List.of(LicenseKeySource.values()).map(LicenseKeySource::wire)).containsExactly("auto", "manual", "import");
        }
    }

    @Nested
    class Structure {

        @Test
        void instance_ids_do_not_repeat_within_a_key() {
            var key = activated(limitedTo(3), 1);

            assertThatThrownBy(() -> key.activate(instance(1), "again", T0.plusSeconds(9)))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void the_key_value_never_shows_in_logs() {
            var key = limitedTo(1);

            assertThat(key.value().toString()).isEqualTo("…").doesNotContain(KEY_A.value());
            assertThat(key.toString()).doesNotContain(KEY_A.value());
        }

        @Test
        void an_instance_name_is_required_trimmed_and_bounded() {
            assertThat(LicenseKeyInstance.parseName("name", "  laptop ")).contains("laptop");
            assertThat(LicenseKeyInstance.parseName("name", " ").getLeft().code()).isEqualTo(ErrorCode.INVALID_REQUEST);
            assertThat(LicenseKeyInstance.parseName("name", null).getLeft().code()).isEqualTo(ErrorCode.INVALID_REQUEST);
            assertThat(LicenseKeyInstance.parseName("name", "x".repeat(256)).getLeft().code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
            assertThat(LicenseKeyInstance.parseName("name", "a\u0007b").getLeft().code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
            assertThat(LicenseKeyInstance.parseName("name", "ノートパソコン")).contains("ノートパソコン");
        }
    }
}

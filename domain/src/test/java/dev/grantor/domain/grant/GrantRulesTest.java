package dev.grantor.domain.grant;

import static dev.grantor.domain.Examples.AUTO_KEYS;
import static dev.grantor.domain.Examples.DISCORD;
import static dev.grantor.domain.Examples.FEATURE;
import static dev.grantor.domain.Examples.GENERATED_KEY;
import static dev.grantor.domain.Examples.GENERATED_KEY_ID;
import static dev.grantor.domain.Examples.KEY_A;
import static dev.grantor.domain.Examples.KEY_B;
import static dev.grantor.domain.Examples.MANUAL_KEYS;
import static dev.grantor.domain.Examples.MANUAL_KEY_ID;
import static dev.grantor.domain.Examples.T0;
import static dev.grantor.domain.Examples.entitlement;
import static dev.grantor.domain.Examples.issued;
import static dev.grantor.domain.Examples.payment;
import static dev.grantor.domain.Examples.pending;
import static dev.grantor.domain.Examples.subscription;
import static dev.grantor.domain.Examples.terms;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.grantor.domain.Examples;
import dev.grantor.domain.entitlement.ActivationsLimit;
import dev.grantor.domain.entitlement.Entitlement;
import dev.grantor.domain.entitlement.IntegrationConfig;
import dev.grantor.domain.entitlement.FulfillmentMode;
import dev.grantor.domain.entitlement.IntegrationType;
import dev.grantor.domain.grant.DeliveryPayload.OAuthAccess;
import dev.grantor.domain.grant.GrantState.Delivered;
import dev.grantor.domain.grant.GrantState.KeyDelivery;
import dev.grantor.domain.grant.GrantState.PayloadDelivery;
import dev.grantor.domain.grant.GrantState.Pending;
import dev.grantor.domain.grant.LicenseKeySource;
import dev.grantor.domain.grant.LicenseKeyValue;
import dev.grantor.domain.shared.ErrorCode;
import dev.grantor.domain.shared.GrantorError;
import dev.grantor.domain.shared.GrantorError.GrantNotPending;
import dev.grantor.domain.shared.Metadata;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class GrantRulesTest {

    static final Instant LATER = T0.plus(Duration.ofHours(1));
    static final DeliveryPayload INVITE = new DeliveryPayload(Option.none(),
            Option.some(new OAuthAccess("https://discord.example/invite/abc", Option.none())), Option.none());

    static ErrorCode codeOf(Either<GrantorError, ?> result) {
        assertThat(result.isLeft()).as("expected a rejection, got %s", result).isTrue();
        return result.getLeft().code();
    }

    static GrantChange success(Either<GrantorError, GrantChange> result) {
        assertThat(result.isRight()).as("expected success, got %s", result).isTrue();
        return result.get();
    }

    static java.util.List<String> types(GrantChange change) {
        return change.events().map(event -> event.getClass().getSimpleName()).toJavaList();
    }

    @Nested
    class Issuing {

        @Test
        void issuing_an_auto_license_key_entitlement_delivers_the_generated_key_at_once() {
            var change = issued(AUTO_KEYS, payment(), T0);

            assertThat(change.grant().status()).isEqualTo(GrantStatus.DELIVERED);
            assertThat(change.grant().deliveredAt()).contains(T0);
            assertThat(change.grant().licenseKeyId()).contains(GENERATED_KEY_ID);
            assertThat(change.createdKey().map(k -> k.value())).contains(GENERATED_KEY);
            assertThat(change.createdKey().map(k -> k.source())).contains(LicenseKeySource.AUTO);
            assertThat(types(change)).containsExactly("GrantCreated", "LicenseKeyCreated", "GrantDelivered");
        }

        @Test
        void an_auto_key_expires_after_the_entitlement_duration_counted_from_delivery() {
            var change = issued(AUTO_KEYS, payment(), T0);

            // 31 January plus one month: the last day of February
            assertThat(change.createdKey().get().expiresAt()).contains(Instant.parse("2026-02-28T10:00:00Z"));
            assertThat(change.createdKey().get().activationsLimit()).contains(new ActivationsLimit(2));
        }

        @Test
        void an_auto_key_of_a_subscription_grant_never_expires() {
            var change = issued(AUTO_KEYS, subscription(), T0);

            assertThat(change.createdKey().get().expiresAt()).isEmpty();
        }

        @Test
        void issuing_a_manual_license_key_entitlement_waits_pending_without_a_key() {
            var change = issued(MANUAL_KEYS, payment(), T0);

            assertThat(change.grant().state()).isEqualTo(new Pending());
            assertThat(change.grant().licenseKeyId()).isEmpty();
            assertThat(change.grant().deliveredAt()).isEmpty();
            assertThat(change.createdKey()).isEmpty();
            assertThat(types(change)).containsExactly("GrantCreated");
        }

        @Test
        void issuing_a_feature_flag_delivers_the_feature_of_the_config() {
            var change = issued(FEATURE, new GrantOrigin.Direct(), T0);

            assertThat(change.grant().status()).isEqualTo(GrantStatus.DELIVERED);
            assertThat(change.grant().payload().flatMap(DeliveryPayload::feature))
                    .contains(new DeliveryPayload.Feature("pro-features", "boolean"));
            assertThat(types(change)).containsExactly("GrantCreated", "GrantDelivered");
        }

        @Test
        void issuing_another_integration_waits_pending_for_the_host() {
            var change = issued(DISCORD, payment(), T0);

            assertThat(change.grant().status()).isEqualTo(GrantStatus.PENDING);
            assertThat(change.grant().integrationType()).isEqualTo(IntegrationType.DISCORD);
            assertThat(types(change)).containsExactly("GrantCreated");
        }

        @Test
        void issuing_from_a_deleted_entitlement_is_not_found() {
            var deleted = entitlement(AUTO_KEYS).delete(T0);

            var result = Grant.issue(Examples.issue(payment()), deleted, LATER);

            assertThat(codeOf(result)).isEqualTo(ErrorCode.NOT_FOUND);
            assertThat(result.getLeft().message()).contains(deleted.id().value());
        }

        @Test
        void an_auto_issue_without_a_generated_key_is_a_programming_error() {
            var issue = new GrantIssue(Examples.GRANT, Examples.BRAND, Examples.CUSTOMER, payment(), Metadata.EMPTY, Option.none());

            assertThatThrownBy(() -> Grant.issue(issue, entitlement(AUTO_KEYS), T0)).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void the_grant_carries_the_issue_and_the_entitlement_it_came_from() {
            var grant = issued(DISCORD, subscription(), T0).grant();

            assertThat(grant.id()).isEqualTo(Examples.GRANT);
            assertThat(grant.businessId()).isEqualTo(Examples.BUSINESS);
            assertThat(grant.brandId()).isEqualTo(Examples.BRAND);
            assertThat(grant.customerId()).isEqualTo(Examples.CUSTOMER);
            assertThat(grant.entitlementId()).isEqualTo(Examples.ENTITLEMENT);
            assertThat(grant.origin().subscription()).contains("sub_123");
            assertThat(grant.origin().payment()).isEmpty();
            assertThat(grant.createdAt()).isEqualTo(T0);
            assertThat(grant.updatedAt()).isEqualTo(T0);
            assertThat(grant.version()).isZero();
        }
    }

    @Nested
    class FulfillingManually {

        final Entitlement manual = entitlement(MANUAL_KEYS);

        @Test
        void fulfilling_a_pending_grant_delivers_the_key_with_the_entitlement_terms() {
            var change = success(pending(MANUAL_KEYS, payment()).fulfill(manual, terms(KEY_A), MANUAL_KEY_ID, LATER));

            assertThat(change.grant().state()).isEqualTo(new Delivered(LATER, new KeyDelivery(MANUAL_KEY_ID, KEY_A)));
            var key = change.createdKey().get();
            assertThat(key.source()).isEqualTo(LicenseKeySource.MANUAL);
            assertThat(key.activationsLimit()).contains(new ActivationsLimit(3));
            assertThat(key.expiresAt()).contains(Instant.parse("2026-02-28T11:00:00Z"));
            assertThat(types(change)).containsExactly("LicenseKeyCreated", "GrantDelivered");
        }

        @Test
        void the_body_overrides_the_activations_limit_and_the_expiry() {
            var expiry = LATER.plus(Duration.ofDays(400));
            var change = success(pending(MANUAL_KEYS, payment()).fulfill(manual,
                    new FulfillmentTerms(KEY_A, Option.some(new ActivationsLimit(7)), Option.some(expiry)), MANUAL_KEY_ID, LATER));

            assertThat(change.createdKey().get().activationsLimit()).contains(new ActivationsLimit(7));
            assertThat(change.createdKey().get().expiresAt()).contains(expiry);
        }

        @Test
        void a_key_of_a_subscription_grant_never_expires_even_with_a_duration() {
            var change = success(pending(MANUAL_KEYS, subscription()).fulfill(manual, terms(KEY_A), MANUAL_KEY_ID, LATER));

            assertThat(change.createdKey().get().expiresAt()).isEmpty();
        }

        @Test
        void fulfilling_a_grant_of_an_auto_entitlement_is_not_manual_fulfillment() {
            var auto = entitlement(AUTO_KEYS);
            var grant = issued(AUTO_KEYS, payment(), T0).grant();

            assertThat(codeOf(grant.fulfill(auto, terms(KEY_A), MANUAL_KEY_ID, LATER))).isEqualTo(ErrorCode.NOT_MANUAL_FULFILLMENT);
        }

        @Test
        void fulfilling_a_discord_grant_is_not_a_license_key_grant() {
            var grant = pending(DISCORD, payment());

            var result = grant.fulfill(entitlement(DISCORD), terms(KEY_A), MANUAL_KEY_ID, LATER);

            assertThat(codeOf(result)).isEqualTo(ErrorCode.NOT_A_LICENSE_KEY_GRANT);
            assertThat(result.getLeft().message()).contains("discord");
        }

        @Test
        void expires_at_on_a_subscription_grant_is_rejected() {
            var result = pending(MANUAL_KEYS, subscription()).fulfill(manual,
                    new FulfillmentTerms(KEY_A, Option.none(), Option.some(LATER.plus(Duration.ofDays(30)))), MANUAL_KEY_ID, LATER);

            assertThat(codeOf(result)).isEqualTo(ErrorCode.NO_EXPIRY_ON_SUBSCRIPTION_LICENSE_KEYS);
        }

        @Test
        void expires_at_in_the_past_is_rejected() {
            var result = pending(MANUAL_KEYS, payment()).fulfill(manual,
                    new FulfillmentTerms(KEY_A, Option.none(), Option.some(LATER.minusMillis(1))), MANUAL_KEY_ID, LATER);

            assertThat(codeOf(result)).isEqualTo(ErrorCode.VALIDATION_FAILED);
            assertThat(((GrantorError.ValidationFailed) result.getLeft()).details().map(GrantorError.FieldProblem::field))
                    .containsExactly("expiresAt");
        }

        @Test
        void expires_at_equal_to_now_is_not_in_the_future() {
            var result = pending(MANUAL_KEYS, payment()).fulfill(manual,
                    new FulfillmentTerms(KEY_A, Option.none(), Option.some(LATER)), MANUAL_KEY_ID, LATER);

            assertThat(codeOf(result)).isEqualTo(ErrorCode.VALIDATION_FAILED);
        }

        @Test
        void the_body_is_judged_before_the_status() {
            var revoked = pending(MANUAL_KEYS, subscription()).revoke(RevocationReason.MANUAL, T0).grant();

            var result = revoked.fulfill(manual, new FulfillmentTerms(KEY_A, Option.none(), Option.some(LATER.plusSeconds(60))),
                    MANUAL_KEY_ID, LATER);

            assertThat(codeOf(result)).isEqualTo(ErrorCode.NO_EXPIRY_ON_SUBSCRIPTION_LICENSE_KEYS);
        }

        @Test
        void refulfilling_with_the_same_key_is_idempotent() {
            var delivered = success(pending(MANUAL_KEYS, payment()).fulfill(manual, terms(KEY_A), MANUAL_KEY_ID, LATER)).grant();

            var again = success(delivered.fulfill(manual, terms(new LicenseKeyValue(KEY_A.value())), MANUAL_KEY_ID,
                    LATER.plusSeconds(5)));

            assertThat(again.grant()).isEqualTo(delivered);
            assertThat(again.events()).isEmpty();
            assertThat(again.createdKey()).isEmpty();
            assertThat(again.changed()).isFalse();
        }

        @Test
        void refulfilling_with_another_key_is_grant_not_pending() {
            var delivered = success(pending(MANUAL_KEYS, payment()).fulfill(manual, terms(KEY_A), MANUAL_KEY_ID, LATER)).grant();

            var result = delivered.fulfill(manual, terms(KEY_B), MANUAL_KEY_ID, LATER.plusSeconds(5));

            assertThat(result.getLeft()).isEqualTo(new GrantNotPending(Examples.GRANT.value(), "Delivered"));
            assertThat(result.getLeft().message()).contains("Delivered");
        }

        @Test
        void fulfilling_a_revoked_grant_is_rejected_even_with_its_own_key() {
            var delivered = success(pending(MANUAL_KEYS, payment()).fulfill(manual, terms(KEY_A), MANUAL_KEY_ID, LATER)).grant();
            var revoked = delivered.revoke(RevocationReason.REFUND, LATER.plusSeconds(1)).grant();

            var result = revoked.fulfill(manual, terms(KEY_A), MANUAL_KEY_ID, LATER.plusSeconds(2));

            assertThat(result.getLeft()).isEqualTo(new GrantNotPending(Examples.GRANT.value(), "Revoked"));
        }

        @Test
        void fulfilling_a_failed_grant_is_rejected() {
            var failed = success(pending(MANUAL_KEYS, payment()).reportFailure("oops", "it broke", LATER)).grant();

            assertThat(codeOf(failed.fulfill(manual, terms(KEY_A), MANUAL_KEY_ID, LATER))).isEqualTo(ErrorCode.GRANT_NOT_PENDING);
        }

        @Test
        void fulfilling_a_pending_grant_of_a_deleted_entitlement_still_works() {
            var deleted = manual.delete(T0.plusSeconds(1));

            var change = success(pending(MANUAL_KEYS, payment()).fulfill(deleted, terms(KEY_A), MANUAL_KEY_ID, LATER));

            assertThat(change.grant().status()).isEqualTo(GrantStatus.DELIVERED);
        }

        @Test
        void every_key_shorter_than_the_minimum_is_refused_by_hand_and_taken_from_a_pool() {
            for (int minimum = 1; minimum <= 40; minimum++) {
                var config = new IntegrationConfig.LicenseKeyConfig(FulfillmentMode.MANUAL, Option.none(), Option.none(),
                        Option.none(), minimum);
                var strict = entitlement(config);
                for (int length = 1; length <= 40; length++) {
                    var key = terms(new LicenseKeyValue("K".repeat(length)));
                    var byHand = pending(config, payment()).fulfill(strict, key, MANUAL_KEY_ID, LATER);
                    var fromPool = pending(config, payment()).fulfillFromPool(strict, key, MANUAL_KEY_ID, LATER);

                    if (length < minimum) {
                        assertThat(codeOf(byHand)).as("length %d, minimum %d", length, minimum)
                                .isEqualTo(ErrorCode.LICENSE_KEY_TOO_SHORT);
                    } else {
                        assertThat(success(byHand).createdKey().get().source()).isEqualTo(LicenseKeySource.MANUAL);
                    }
                    assertThat(success(fromPool).createdKey().get().source()).as("length %d, minimum %d", length, minimum)
                            .isEqualTo(LicenseKeySource.IMPORT);
                }
            }
        }

        /**
         * A raised {@code min_key_length} binds the keys given from then on: the retry of a fulfillment whose answer was
         * lost still answers the delivered grant, and another key for a delivered grant is still "not pending".
         */
        @Test
        void the_minimum_raised_after_delivery_neither_breaks_the_retry_nor_hides_that_the_grant_is_delivered() {
            var lenient = new IntegrationConfig.LicenseKeyConfig(FulfillmentMode.MANUAL, Option.none(), Option.none(), Option.none(), 1);
            var strict = new IntegrationConfig.LicenseKeyConfig(FulfillmentMode.MANUAL, Option.none(), Option.none(), Option.none(), 40);
            var shortKey = new LicenseKeyValue("ABC123");
            var delivered = success(pending(lenient, payment()).fulfill(entitlement(lenient), terms(shortKey), MANUAL_KEY_ID, LATER))
                    .grant();

            var retry = success(delivered.fulfill(entitlement(strict), terms(shortKey), MANUAL_KEY_ID, LATER.plusSeconds(1)));

            assertThat(retry.changed()).isFalse();
            assertThat(retry.grant()).isEqualTo(delivered);
            assertThat(codeOf(delivered.fulfill(entitlement(strict), terms(new LicenseKeyValue("XYZ")), MANUAL_KEY_ID, LATER)))
                    .isEqualTo(ErrorCode.GRANT_NOT_PENDING);
        }

        @Test
        void a_pooled_key_still_obeys_every_other_rule_of_fulfillment() {
            var pooled = new FulfillmentTerms(KEY_A, Option.none(), Option.some(LATER));

            assertThat(codeOf(pending(MANUAL_KEYS, subscription()).fulfillFromPool(manual, pooled, MANUAL_KEY_ID, LATER)))
                    .isEqualTo(ErrorCode.NO_EXPIRY_ON_SUBSCRIPTION_LICENSE_KEYS);
            assertThat(codeOf(pending(MANUAL_KEYS, payment()).fulfillFromPool(manual, pooled, MANUAL_KEY_ID, LATER)))
                    .isEqualTo(ErrorCode.VALIDATION_FAILED);
            assertThat(codeOf(issued(AUTO_KEYS, payment(), T0).grant().fulfillFromPool(entitlement(AUTO_KEYS), terms(KEY_A),
                    MANUAL_KEY_ID, LATER))).isEqualTo(ErrorCode.NOT_MANUAL_FULFILLMENT);
        }

        @Test
        void fulfilling_with_another_grants_entitlement_is_a_programming_error() {
            var other = new Entitlement(new dev.grantor.domain.shared.EntitlementId(Examples.id("ent_", 2)), Examples.BUSINESS,
                    manual.details(), MANUAL_KEYS, Metadata.EMPTY, T0, T0, Option.none(), 0);

            assertThatThrownBy(() -> pending(MANUAL_KEYS, payment()).fulfill(other, terms(KEY_A), MANUAL_KEY_ID, LATER))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    class HostReports {

        @Test
        void reporting_a_delivery_records_the_payload_and_delivered_at() {
            var change = success(pending(DISCORD, payment()).reportDelivery(INVITE, LATER));

            assertThat(change.grant().state()).isEqualTo(new Delivered(LATER, new PayloadDelivery(INVITE)));
            assertThat(change.grant().payload()).contains(INVITE);
            assertThat(change.grant().updatedAt()).isEqualTo(LATER);
            assertThat(types(change)).containsExactly("GrantDelivered");
        }

        @Test
        void reporting_a_delivery_of_a_license_key_grant_is_not_a_license_key_grant() {
            assertThat(codeOf(pending(MANUAL_KEYS, payment()).reportDelivery(INVITE, LATER))).isEqualTo(ErrorCode.NOT_A_LICENSE_KEY_GRANT);
        }

        @Test
        void reporting_a_delivery_twice_is_grant_not_pending() {
            var delivered = success(pending(DISCORD, payment()).reportDelivery(INVITE, LATER)).grant();

            assertThat(codeOf(delivered.reportDelivery(INVITE, LATER))).isEqualTo(ErrorCode.GRANT_NOT_PENDING);
        }

        @Test
        void reporting_a_failure_records_the_trimmed_code_and_message() {
            var change = success(pending(DISCORD, payment()).reportFailure("  guild_gone ", " The guild\nwas deleted ", LATER));

            var failure = change.grant().failure().get();
            assertThat(failure.failedAt()).isEqualTo(LATER);
            assertThat(failure.errorCode()).isEqualTo("guild_gone");
            assertThat(failure.errorMessage()).isEqualTo("The guild\nwas deleted");
            assertThat(types(change)).containsExactly("GrantFailed");
        }

        @Test
        void reporting_a_failure_without_a_code_or_message_is_an_invalid_request() {
            var grant = pending(DISCORD, payment());

            assertThat(codeOf(grant.reportFailure(null, "m", LATER))).isEqualTo(ErrorCode.INVALID_REQUEST);
            assertThat(codeOf(grant.reportFailure("c", " \t", LATER))).isEqualTo(ErrorCode.INVALID_REQUEST);
        }

        @Test
        void a_failure_code_over_100_characters_fails_validation() {
            var grant = pending(DISCORD, payment());

            assertThat(grant.reportFailure("c".repeat(100), "m", LATER).isRight()).isTrue();
            assertThat(codeOf(grant.reportFailure("c".repeat(101), "m", LATER))).isEqualTo(ErrorCode.VALIDATION_FAILED);
            assertThat(codeOf(grant.reportFailure("c", "m".repeat(2001), LATER))).isEqualTo(ErrorCode.VALIDATION_FAILED);
        }

        @Test
        void a_failure_with_control_characters_fails_validation() {
            assertThat(codeOf(pending(DISCORD, payment()).reportFailure("bad\u0000code", "m", LATER))).isEqualTo(ErrorCode.VALIDATION_FAILED);
        }

        @Test
        void reporting_a_failure_of_a_delivered_grant_is_grant_not_pending() {
            var delivered = issued(FEATURE, new GrantOrigin.Direct(), T0).grant();

            assertThat(codeOf(delivered.reportFailure("c", "m", LATER))).isEqualTo(ErrorCode.GRANT_NOT_PENDING);
        }
    }

    @Nested
    class Revoking {

        @Test
        void revoking_a_delivered_grant_keeps_its_delivery() {
            var delivered = issued(AUTO_KEYS, payment(), T0).grant();

            var change = delivered.revoke(RevocationReason.REFUND, LATER);

            assertThat(change.grant().status()).isEqualTo(GrantStatus.REVOKED);
            assertThat(change.grant().deliveredAt()).contains(T0);
            assertThat(change.grant().licenseKeyId()).contains(GENERATED_KEY_ID);
            assertThat(change.grant().revocation().map(GrantState.Revoked::reason)).contains(RevocationReason.REFUND);
            assertThat(change.grant().revocation().map(GrantState.Revoked::revokedAt)).contains(LATER);
            assertThat(types(change)).containsExactly("GrantRevoked");
        }

        @Test
        void revoking_a_revoked_grant_changes_nothing_and_keeps_the_first_reason() {
            var revoked = pending(DISCORD, payment()).revoke(RevocationReason.SUBSCRIPTION_CANCELLED, LATER).grant();

            var again = revoked.revoke(RevocationReason.MANUAL, LATER.plusSeconds(60));

            assertThat(again.grant()).isEqualTo(revoked);
            assertThat(again.events()).isEmpty();
            assertThat(again.grant().revocation().get().reason()).isEqualTo(RevocationReason.SUBSCRIPTION_CANCELLED);
        }

        @Test
        void revoking_a_failed_grant_keeps_the_failure() {
            var failed = success(pending(DISCORD, payment()).reportFailure("c", "m", LATER)).grant();

            var revoked = failed.revoke(RevocationReason.MANUAL, LATER.plusSeconds(1)).grant();

            assertThat(revoked.failure().map(GrantState.Failed::errorCode)).contains("c");
            assertThat(revoked.deliveredAt()).isEmpty();
        }

        @Test
        void updated_at_never_moves_backwards() {
            var grant = pending(DISCORD, payment());

            var revoked = grant.revoke(RevocationReason.MANUAL, T0.minusSeconds(60)).grant();

            assertThat(revoked.updatedAt()).isEqualTo(T0);
        }
    }

    @Nested
    class Structure {

        @Test
        void only_license_key_grants_carry_a_key() {
            var pending = pending(DISCORD, payment());

            assertThatThrownBy(() -> new Grant(pending.id(), pending.businessId(), pending.brandId(), pending.customerId(),
                    pending.entitlementId(), IntegrationType.DISCORD, pending.origin(), pending.metadata(), T0, T0,
                    new Delivered(T0, new KeyDelivery(MANUAL_KEY_ID, KEY_A)), 0)).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void a_grant_is_not_updated_before_it_was_created() {
            var pending = pending(DISCORD, payment());

            assertThatThrownBy(() -> new Grant(pending.id(), pending.businessId(), pending.brandId(), pending.customerId(),
                    pending.entitlementId(), IntegrationType.DISCORD, pending.origin(), pending.metadata(), T0, T0.minusMillis(1),
                    new Pending(), 0)).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void the_status_is_a_projection_with_the_wire_spelling() {
            assertThat(GrantStatus.values()).extracting(GrantStatus::wire).containsExactly("Pending", "Delivered", "Failed", "Revoked");
            assertThat(GrantStatus.parse("status", "rEvOkEd")).contains(GrantStatus.REVOKED);
            assertThat(GrantStatus.parse("status", "Cancelled").getLeft().code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
            assertThat(RevocationReason.parse("reason", "subscription_on_hold")).contains(RevocationReason.SUBSCRIPTION_ON_HOLD);
            assertThat(RevocationReason.parse("reason", "MANUAL").getLeft().code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
        }

        @Test
        void every_integration_type_issues_a_grant_of_its_type() {
            for (IntegrationType type : IntegrationType.values()) {
                IntegrationConfig config = Examples.configOf(type);
                assertThat(issued(config, payment(), T0).grant().integrationType()).isEqualTo(type);
            }
        }
    }

    @Nested
    class ResendingTheDeliveryEmail {

        final Entitlement manual = entitlement(MANUAL_KEYS);

        @Test
        void a_delivered_license_key_grant_resends_the_key_it_holds_now() {
            var delivered = success(pending(MANUAL_KEYS, payment()).fulfill(manual, terms(KEY_A), MANUAL_KEY_ID, LATER)).grant();
            var rekeyed = delivered.rekey(KEY_B, LATER.plusSeconds(1)).get();

            assertThat(delivered.resendableKey().get()).isEqualTo(new KeyDelivery(MANUAL_KEY_ID, KEY_A));
            assertThat(rekeyed.resendableKey().get()).isEqualTo(new KeyDelivery(MANUAL_KEY_ID, KEY_B));
        }

        @Test
        void a_pending_failed_or_revoked_license_key_grant_has_no_delivery_email_yet_or_any_more() {
            var pending = pending(MANUAL_KEYS, payment());
            var failed = success(pending.reportFailure("oops", "it broke", LATER)).grant();
            var delivered = success(pending.fulfill(manual, terms(KEY_A), MANUAL_KEY_ID, LATER)).grant();
            var revoked = delivered.revoke(RevocationReason.REFUND, LATER.plusSeconds(1)).grant();

            assertThat(pending.resendableKey().getLeft()).isEqualTo(new GrantorError.GrantNotDelivered(Examples.GRANT.value(), "Pending"));
            assertThat(failed.resendableKey().getLeft()).isEqualTo(new GrantorError.GrantNotDelivered(Examples.GRANT.value(), "Failed"));
            assertThat(revoked.resendableKey().getLeft()).isEqualTo(new GrantorError.GrantNotDelivered(Examples.GRANT.value(), "Revoked"));
        }

        @Test
        void a_grant_of_another_integration_has_no_delivery_email_whatever_its_state() {
            var pending = pending(DISCORD, payment());
            var delivered = success(pending.reportDelivery(INVITE, LATER)).grant();

            assertThat(codeOf(pending.resendableKey())).isEqualTo(ErrorCode.NO_DELIVERY_EMAIL);
            assertThat(delivered.resendableKey().getLeft()).isEqualTo(new GrantorError.NoDeliveryEmail(Examples.GRANT.value(), "discord"));
        }
    }
}

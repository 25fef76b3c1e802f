package dev.grantor.application;

import static dev.grantor.application.EngineFixture.issueTo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.port.in.EntitlementCatalog.CreateEntitlement;
import dev.grantor.application.port.in.EntitlementCatalog.ListEntitlements;
import dev.grantor.application.port.in.EntitlementCatalog.UpdateEntitlement;
import dev.grantor.application.port.in.GrantFulfillment.FulfillLicenseKey;
import dev.grantor.application.port.in.GrantFulfillment.ReportDelivery;
import dev.grantor.application.port.in.GrantFulfillment.ReportFailure;
import dev.grantor.application.port.in.GrantFulfillment.RevokeGrant;
import dev.grantor.application.port.in.GrantIssuing.CustomerContact;
import dev.grantor.application.port.in.GrantIssuing.IssueGrant;
import dev.grantor.application.port.in.GrantQueries.ListGrants;
import dev.grantor.application.port.in.GrantView;
import dev.grantor.application.port.in.Licensing.ActivateLicense;
import dev.grantor.application.port.in.Licensing.DeactivateLicense;
import dev.grantor.application.port.out.OutboxMessage.Kind;
import dev.grantor.domain.entitlement.IntegrationConfig.GithubConfig;
import dev.grantor.domain.entitlement.IntegrationConfig.GithubPermission;
import dev.grantor.domain.entitlement.IntegrationConfig.LicenseKeyConfig;
import dev.grantor.domain.grant.GrantStatus;
import dev.grantor.domain.shared.ErrorCode;
import dev.grantor.domain.shared.GrantorError;
import io.vavr.control.Either;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Every error code of the contract that a use case answers, each shown by the rule that produces it. */
class ErrorCodesTest {

    final EngineFixture engine = new EngineFixture();
    final Grantor grantor = engine.grantor;

    static ErrorCode code(Either<GrantorError, ?> result) {
        assertThat(result.isLeft()).as("expected an error, got %s", result).isTrue();
        return result.getLeft().code();
    }

    Either<GrantorError, GrantView> fulfill(GrantView grant, FulfillLicenseKey command) {
        return grantor.fulfillment().fulfillLicenseKey(engine.business, grant.grant().id().value(), command);
    }

    @Nested
    class Manual_fulfillment_rules_in_order {

        final GrantView pending = engine.issue(engine.manualEntitlement());

        @Test
        void rule_2_another_business_s_grant_is_not_found_never_forbidden() {
            var other = grantor.access().createBusiness("Other").get().id();

            var result = grantor.fulfillment().fulfillLicenseKey(other, pending.grant().id().value(), new FulfillLicenseKey("K", null, null));

            assertThat(code(result)).isEqualTo(ErrorCode.NOT_FOUND);
        }

        @Test
        void rule_2_a_malformed_grant_id_is_not_found() {
            var result = grantor.fulfillment().fulfillLicenseKey(engine.business, "entg_../../etc", new FulfillLicenseKey("K", null, null));

            assertThat(code(result)).isEqualTo(ErrorCode.NOT_FOUND);
        }

        @Test
        void rule_2_comes_before_the_body_an_unknown_grant_with_no_key_is_not_found() {
            var result = grantor.fulfillment().fulfillLicenseKey(engine.business, "entg_000000000000000000000",
                    new FulfillLicenseKey(null, null, null));

            assertThat(code(result)).isEqualTo(ErrorCode.NOT_FOUND);
        }

        @Test
        void rule_3_a_missing_key_is_an_invalid_request() {
            assertThat(code(fulfill(pending, new FulfillLicenseKey(null, null, null)))).isEqualTo(ErrorCode.INVALID_REQUEST);
        }

        @Test
        void rule_3_a_blank_key_is_an_invalid_request() {
            assertThat(code(fulfill(pending, new FulfillLicenseKey(" \t ", null, null)))).isEqualTo(ErrorCode.INVALID_REQUEST);
        }

        @Test
        void rule_3_a_key_with_control_characters_fails_validation() {
            assertThat(code(fulfill(pending, new FulfillLicenseKey("AB\u0007C", null, null)))).isEqualTo(ErrorCode.VALIDATION_FAILED);
        }

        @Test
        void rule_3_a_key_over_255_characters_fails_validation() {
            assertThat(code(fulfill(pending, new FulfillLicenseKey("K".repeat(256), null, null)))).isEqualTo(ErrorCode.VALIDATION_FAILED);
        }

        @Test
        void rule_3_an_activations_limit_below_one_fails_validation() {
            assertThat(code(fulfill(pending, new FulfillLicenseKey("K", 0L, null)))).isEqualTo(ErrorCode.VALIDATION_FAILED);
        }

        @Test
        void rule_3_an_expiry_not_in_the_future_fails_validation() {
            var now = engine.clock.instant().atOffset(ZoneOffset.UTC);

            assertThat(code(fulfill(pending, new FulfillLicenseKey("K", null, now)))).isEqualTo(ErrorCode.VALIDATION_FAILED);
        }

        @Test
        void rule_3_an_expiry_on_a_subscription_grant_is_refused() {
            var subscription = grantor.issuing().issue(engine.business, pending.grant().entitlementId().value(),
                    new IssueGrant(new CustomerContact(null, "sub@example.com", null), null, "sub_1", null)).get().grant();
            var nextYear = engine.clock.instant().plus(Duration.ofDays(365)).atOffset(ZoneOffset.UTC);

            assertThat(code(fulfill(subscription, new FulfillLicenseKey("K", null, nextYear))))
                    .isEqualTo(ErrorCode.NO_EXPIRY_ON_SUBSCRIPTION_LICENSE_KEYS);
        }

        @Test
        void rule_3_comes_before_rule_4_an_invalid_body_on_a_github_grant_is_a_validation_failure() {
            var github = engine.issue(engine.githubEntitlement());

            assertThat(code(fulfill(github, new FulfillLicenseKey("K", 0L, null)))).isEqualTo(ErrorCode.VALIDATION_FAILED);
        }

        @Test
        void rule_4_a_grant_of_another_integration_is_not_a_license_key_grant() {
            var github = engine.issue(engine.githubEntitlement());

            assertThat(code(fulfill(github, new FulfillLicenseKey("K", null, null)))).isEqualTo(ErrorCode.NOT_A_LICENSE_KEY_GRANT);
        }

        @Test
        void rule_4_a_grant_of_an_auto_entitlement_is_not_manual_fulfillment() {
            var auto = engine.issue(engine.autoEntitlement());

            assertThat(code(fulfill(auto, new FulfillLicenseKey("K", null, null)))).isEqualTo(ErrorCode.NOT_MANUAL_FULFILLMENT);
        }

        @Test
        void rule_5_a_delivered_grant_with_another_key_is_not_pending() {
            engine.fulfill(pending, "FIRST").get();

            assertThat(code(engine.fulfill(pending, "SECOND"))).isEqualTo(ErrorCode.GRANT_NOT_PENDING);
        }

        @Test
        void rule_5_a_delivered_grant_with_exactly_its_key_succeeds_again_and_sends_nothing_twice() {
            engine.fulfill(pending, "FIRST").get();
            int messages = engine.outbox().size();

            var again = engine.fulfill(pending, " FIRST ");

            assertThat(again.get().licenseKey().get().value().value()).isEqualTo("FIRST");
            assertThat(engine.outbox()).hasSize(messages);
        }

        @Test
        void rule_5_a_revoked_grant_is_not_pending() {
            grantor.fulfillment().revoke(engine.business, pending.grant().id().value(), null).get();

            assertThat(code(engine.fulfill(pending, "K"))).isEqualTo(ErrorCode.GRANT_NOT_PENDING);
        }

        @Test
        void rule_5_comes_before_rule_6_a_delivered_grant_with_a_taken_key_is_not_pending() {
            engine.fulfill(pending, "FIRST").get();
            engine.fulfill(engine.issue(pending.grant().entitlementId().value()), "TAKEN").get();

            assertThat(code(engine.fulfill(pending, "TAKEN"))).isEqualTo(ErrorCode.GRANT_NOT_PENDING);
        }

        @Test
        void rule_6_a_key_value_used_by_another_grant_already_exists() {
            engine.fulfill(engine.issue(pending.grant().entitlementId().value()), "TAKEN").get();

            assertThat(code(engine.fulfill(pending, "  TAKEN"))).isEqualTo(ErrorCode.LICENSE_KEY_ALREADY_EXISTS);
            assertThat(engine.outbox(Kind.EMAIL)).hasSize(1);
        }

        @Test
        void rule_6_compares_exactly_a_key_differing_in_case_is_another_key() {
            engine.fulfill(engine.issue(pending.grant().entitlementId().value()), "TAKEN").get();

            assertThat(engine.fulfill(pending, "taken").isRight()).isTrue();
        }
    }

    @Nested
    class Host_reported_outcomes {

        @Test
        void reporting_delivery_of_a_license_key_grant_is_not_a_license_key_grant() {
            var grant = engine.issue(engine.manualEntitlement());

            var result = grantor.fulfillment().reportDelivery(engine.business, grant.grant().id().value(),
                    new ReportDelivery(null, "https://oauth.test", null, null));

            assertThat(code(result)).isEqualTo(ErrorCode.NOT_A_LICENSE_KEY_GRANT);
        }

        @Test
        void reporting_delivery_of_a_failed_grant_is_not_pending() {
            var grant = engine.issue(engine.githubEntitlement());
            grantor.fulfillment().reportFailure(engine.business, grant.grant().id().value(), new ReportFailure("E1", "no seat")).get();

            var result = grantor.fulfillment().reportDelivery(engine.business, grant.grant().id().value(),
                    new ReportDelivery(null, "https://oauth.test", null, null));

            assertThat(code(result)).isEqualTo(ErrorCode.GRANT_NOT_PENDING);
        }

        @Test
        void reporting_failure_of_a_delivered_grant_is_not_pending() {
            var grant = engine.issue(engine.githubEntitlement());
            grantor.fulfillment().reportDelivery(engine.business, grant.grant().id().value(),
                    new ReportDelivery(null, "https://oauth.test", null, null)).get();

            var result = grantor.fulfillment().reportFailure(engine.business, grant.grant().id().value(), new ReportFailure("E1", "late"));

            assertThat(code(result)).isEqualTo(ErrorCode.GRANT_NOT_PENDING);
        }

        @Test
        void reporting_failure_without_a_code_is_an_invalid_request() {
            var grant = engine.issue(engine.githubEntitlement());

            var result = grantor.fulfillment().reportFailure(engine.business, grant.grant().id().value(), new ReportFailure(" ", "why"));

            assertThat(code(result)).isEqualTo(ErrorCode.INVALID_REQUEST);
        }
    }

    @Nested
    class Revocation {

        @Test
        void revoking_through_another_entitlement_s_path_is_not_found() {
            var grant = engine.issue(engine.manualEntitlement());
            var other = engine.manualEntitlement();

            var result = grantor.fulfillment().revoke(engine.business, grant.grant().id().value(), new RevokeGrant(other.id().value(), null));

            assertThat(code(result)).isEqualTo(ErrorCode.NOT_FOUND);
        }

        @Test
        void an_unknown_revocation_reason_fails_validation() {
            var grant = engine.issue(engine.manualEntitlement());

            var result = grantor.fulfillment().revoke(engine.business, grant.grant().id().value(), new RevokeGrant(null, "bored"));

            assertThat(code(result)).isEqualTo(ErrorCode.VALIDATION_FAILED);
        }

        /**
         * {@code license_key_disabled} is the one revocation that enabling a key undoes, so only disabling the key may
         * give it: revoked so by hand, a pending grant, or one without a key, would claim a key it never had.
         */
        @Test
        void the_reason_only_disabling_a_key_gives_is_refused() {
            var pending = engine.issue(engine.githubEntitlement());
            var delivered = engine.issue(engine.autoEntitlement());
            int events = engine.outbox(dev.grantor.application.port.out.OutboxMessage.Kind.EVENT).size();

            for (var grant : java.util.List.of(pending, delivered)) {
                var result = grantor.fulfillment().revoke(engine.business, grant.grant().id().value(),
                        new RevokeGrant(null, "license_key_disabled"));

                assertThat(code(result)).isEqualTo(ErrorCode.VALIDATION_FAILED);
                assertThat(result.getLeft().message()).startsWith("reason ");
                assertThat(grantor.grants().get(engine.business, grant.grant().id().value()).get().grant().status())
                        .isEqualTo(grant.grant().status());
            }
            assertThat(grantor.grants().get(engine.business, delivered.grant().id().value()).get().licenseKey().get().disabledAt())
                    .isEmpty();
            assertThat(engine.outbox(dev.grantor.application.port.out.OutboxMessage.Kind.EVENT)).hasSize(events);
        }
    }

    @Nested
    class Entitlements {

        @Test
        void a_missing_name_is_an_invalid_request() {
            var result = grantor.entitlements().create(engine.business,
                    new CreateEntitlement(null, LicenseKeyConfig.auto(), null, null));

            assertThat(code(result)).isEqualTo(ErrorCode.INVALID_REQUEST);
        }

        @Test
        void a_missing_config_is_an_invalid_request() {
            var result = grantor.entitlements().create(engine.business, new CreateEntitlement("Repo", null, null, null));

            assertThat(code(result)).isEqualTo(ErrorCode.INVALID_REQUEST);
        }

        @Test
        void a_config_whose_text_breaks_its_rules_fails_validation() {
            var result = grantor.entitlements().create(engine.business,
                    new CreateEntitlement("Repo", new GithubConfig("acme/\u0000pro", GithubPermission.PULL), null, null));

            assertThat(code(result)).isEqualTo(ErrorCode.VALIDATION_FAILED);
        }

        @Test
        void a_name_over_200_characters_fails_validation() {
            var result = grantor.entitlements().create(engine.business,
                    new CreateEntitlement("n".repeat(201), LicenseKeyConfig.auto(), null, null));

            assertThat(code(result)).isEqualTo(ErrorCode.VALIDATION_FAILED);
        }

        @Test
        void metadata_with_more_than_50_keys_fails_validation() {
            var metadata = new HashMap<String, Object>();
            for (int i = 0; i < 51; i++) {
                metadata.put("k" + i, i);
            }

            var result = grantor.entitlements().create(engine.business, new CreateEntitlement("X", LicenseKeyConfig.auto(), null, metadata));

            assertThat(code(result)).isEqualTo(ErrorCode.VALIDATION_FAILED);
        }

        @Test
        void a_metadata_value_that_is_an_object_is_an_invalid_request() {
            var result = grantor.entitlements().create(engine.business,
                    new CreateEntitlement("X", LicenseKeyConfig.auto(), null, Map.of("nested", Map.of("a", 1))));

            assertThat(code(result)).isEqualTo(ErrorCode.INVALID_REQUEST);
        }

        @Test
        void a_page_size_over_100_fails_validation() {
            assertThat(code(grantor.entitlements().list(engine.business, new ListEntitlements(101, 0, null))))
                    .isEqualTo(ErrorCode.VALIDATION_FAILED);
        }

        @Test
        void changing_the_integration_type_through_its_config_is_impossible() {
            var entitlement = engine.manualEntitlement();

            var result = grantor.entitlements().update(engine.business, entitlement.id().value(),
                    new UpdateEntitlement(null, null, false, new GithubConfig("acme/pro", GithubPermission.PULL), null));

            assertThat(code(result)).isEqualTo(ErrorCode.VALIDATION_FAILED);
        }

        @Test
        void a_deleted_entitlement_is_not_found_for_reads_updates_issuing_and_its_grant_list() {
            var entitlement = engine.manualEntitlement();
            var grant = engine.issue(entitlement);
            String id = entitlement.id().value();
            grantor.entitlements().delete(engine.business, id).get();

            assertThat(code(grantor.entitlements().get(engine.business, id))).isEqualTo(ErrorCode.NOT_FOUND);
            assertThat(code(grantor.entitlements().update(engine.business, id, new UpdateEntitlement("New", null, false, null, null))))
                    .isEqualTo(ErrorCode.NOT_FOUND);
            assertThat(code(grantor.entitlements().delete(engine.business, id))).isEqualTo(ErrorCode.NOT_FOUND);
            assertThat(code(grantor.issuing().issue(engine.business, id, issueTo("bob@example.com")))).isEqualTo(ErrorCode.NOT_FOUND);
            assertThat(code(grantor.grants().listForEntitlement(engine.business, id, null))).isEqualTo(ErrorCode.NOT_FOUND);
            assertThat(engine.fulfill(grant, "STILL-WORKS").isRight()).isTrue();
        }

        @Test
        void a_deleted_entitlements_grants_stay_revocable_through_its_path() {
            var entitlement = engine.manualEntitlement();
            var grant = engine.issue(entitlement);
            String id = entitlement.id().value();
            grantor.entitlements().delete(engine.business, id).get();

            var revoked = grantor.fulfillment().revoke(engine.business, grant.grant().id().value(), new RevokeGrant(id, null));

            assertThat(revoked.get().grant().status()).isEqualTo(GrantStatus.REVOKED);
        }

        @Test
        void revoking_through_another_entitlements_path_is_not_found() {
            var grant = engine.issue(engine.manualEntitlement());
            var other = engine.manualEntitlement();

            var result = grantor.fulfillment().revoke(engine.business, grant.grant().id().value(), new RevokeGrant(other.id().value(), null));

            assertThat(code(result)).isEqualTo(ErrorCode.NOT_FOUND);
        }
    }

    @Nested
    class Issuing {

        @Test
        void a_missing_customer_is_an_invalid_request() {
            var entitlement = engine.manualEntitlement();

            assertThat(code(grantor.issuing().issue(engine.business, entitlement.id().value(), new IssueGrant(null, null, null, null))))
                    .isEqualTo(ErrorCode.INVALID_REQUEST);
        }

        @Test
        void a_malformed_email_fails_validation() {
            var entitlement = engine.manualEntitlement();

            assertThat(code(grantor.issuing().issue(engine.business, entitlement.id().value(), issueTo("not-an-address"))))
                    .isEqualTo(ErrorCode.VALIDATION_FAILED);
        }

        @Test
        void both_a_payment_and_a_subscription_fail_validation() {
            var entitlement = engine.manualEntitlement();
            var both = new IssueGrant(new CustomerContact(null, "a@example.com", null), "pay_1", "sub_1", null);

            assertThat(code(grantor.issuing().issue(engine.business, entitlement.id().value(), both))).isEqualTo(ErrorCode.VALIDATION_FAILED);
        }

        @Test
        void an_unknown_customer_id_is_not_found() {
            var entitlement = engine.manualEntitlement();
            var unknown = new IssueGrant(new CustomerContact("cus_000000000000000000000", "a@example.com", null), null, null, null);

            assertThat(code(grantor.issuing().issue(engine.business, entitlement.id().value(), unknown))).isEqualTo(ErrorCode.NOT_FOUND);
        }
    }

    @Nested
    class Grant_queries {

        @Test
        void an_unknown_status_filter_fails_validation() {
            assertThat(code(grantor.grants().list(engine.business, new ListGrants(null, null, "Lost", null, null, null))))
                    .isEqualTo(ErrorCode.VALIDATION_FAILED);
        }

        @Test
        void a_negative_page_number_fails_validation() {
            assertThat(code(grantor.grants().list(engine.business, new ListGrants(null, -1, null, null, null, null))))
                    .isEqualTo(ErrorCode.VALIDATION_FAILED);
        }

        @Test
        void another_business_s_grant_is_not_found() {
            var grant = engine.issue(engine.manualEntitlement());
            var other = grantor.access().createBusiness("Other").get().id();

            assertThat(code(grantor.grants().get(other, grant.grant().id().value()))).isEqualTo(ErrorCode.NOT_FOUND);
        }

        @Test
        void an_unknown_customer_s_grants_are_not_found() {
            assertThat(code(grantor.grants().listForCustomer(engine.business, "cus_000000000000000000000", null)))
                    .isEqualTo(ErrorCode.NOT_FOUND);
        }
    }

    @Nested
    class Licenses {

        final GrantView delivered = engine.fulfill(engine.issue(engine.manualEntitlement()), "LIC-1").get();

        @Test
        void activating_an_unknown_key_is_license_key_not_found() {
            assertThat(code(grantor.licensing().activate(new ActivateLicense("NOPE", "laptop")))).isEqualTo(ErrorCode.LICENSE_KEY_NOT_FOUND);
        }

        @Test
        void activating_without_an_instance_name_is_an_invalid_request() {
            assertThat(code(grantor.licensing().activate(new ActivateLicense("LIC-1", " ")))).isEqualTo(ErrorCode.INVALID_REQUEST);
        }

        @Test
        void deactivating_an_instance_of_another_key_is_license_key_not_found() {
            var other = engine.fulfill(engine.issue(delivered.grant().entitlementId().value()), "LIC-2").get();
            var instance = grantor.licensing().activate(new ActivateLicense("LIC-2", "pc")).get().instance().id().value();

            assertThat(code(grantor.licensing().deactivate(new DeactivateLicense("LIC-1", instance))))
                    .isEqualTo(ErrorCode.LICENSE_KEY_NOT_FOUND);
            assertThat(other.grant().status().wire()).isEqualTo("Delivered");
        }

        @Test
        void activating_a_key_of_a_revoked_grant_is_an_inactive_license_key() {
            grantor.fulfillment().revoke(engine.business, delivered.grant().id().value(), null).get();

            assertThat(code(grantor.licensing().activate(new ActivateLicense("LIC-1", "laptop")))).isEqualTo(ErrorCode.INACTIVE_LICENSE_KEY);
        }

        @Test
        void activating_an_expired_key_is_an_inactive_license_key() {
            var grant = engine.issue(delivered.grant().entitlementId().value());
            var tomorrow = engine.clock.instant().plus(Duration.ofDays(1)).atOffset(ZoneOffset.UTC);
            grantor.fulfillment().fulfillLicenseKey(engine.business, grant.grant().id().value(), new FulfillLicenseKey("SHORT", null, tomorrow)).get();
            engine.clock.advance(Duration.ofDays(2));

            assertThat(code(grantor.licensing().activate(new ActivateLicense("SHORT", "laptop")))).isEqualTo(ErrorCode.INACTIVE_LICENSE_KEY);
        }

        @Test
        void activating_beyond_the_limit_is_license_key_limit_reached() {
            var grant = engine.issue(delivered.grant().entitlementId().value());
            grantor.fulfillment().fulfillLicenseKey(engine.business, grant.grant().id().value(), new FulfillLicenseKey("ONE", 1L, null)).get();
            grantor.licensing().activate(new ActivateLicense("ONE", "first")).get();

            assertThat(code(grantor.licensing().activate(new ActivateLicense("ONE", "second")))).isEqualTo(ErrorCode.LICENSE_KEY_LIMIT_REACHED);
        }
    }

    @Nested
    class Access_control {

        @Test
        void an_unknown_token_is_unauthorized() {
            assertThat(code(grantor.access().authenticate("gr_live_" + "x".repeat(40)))).isEqualTo(ErrorCode.UNAUTHORIZED);
        }

        @Test
        void a_missing_token_is_unauthorized() {
            assertThat(code(grantor.access().authenticate(null))).isEqualTo(ErrorCode.UNAUTHORIZED);
        }

        @Test
        void a_revoked_token_is_unauthorized() {
            var key = grantor.access().createApiKey(engine.business, false).get();
            grantor.access().revokeApiKey(engine.business, key.id()).get();

            assertThat(code(grantor.access().authenticate(key.token()))).isEqualTo(ErrorCode.UNAUTHORIZED);
        }

        @Test
        void a_read_only_key_may_not_write() {
            var key = grantor.access().createApiKey(engine.business, true).get();

            assertThat(code(grantor.access().authenticate(key.token()).flatMap(caller -> caller.mayWrite())))
                    .isEqualTo(ErrorCode.FORBIDDEN);
        }
    }
}

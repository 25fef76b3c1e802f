package dev.grantor.application;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.port.in.EntitlementCatalog.CreateEntitlement;
import dev.grantor.application.port.in.EntitlementCatalog.UpdateEntitlement;
import dev.grantor.application.port.in.GrantFulfillment.FulfillLicenseKey;
import dev.grantor.application.port.in.GrantFulfillment.ReportFailure;
import dev.grantor.application.port.in.GrantIssuing.CustomerContact;
import dev.grantor.application.port.in.GrantIssuing.IssueGrant;
import dev.grantor.application.port.in.LicenseKeyManagement.ImportLicenseKey;
import dev.grantor.application.port.in.LicenseKeyManagement.RenameInstance;
import dev.grantor.application.port.in.LicenseKeyManagement.UpdateLicenseKey;
import dev.grantor.application.port.in.Licensing.ActivateLicense;
import dev.grantor.application.wire.IntegrationConfigFields;
import dev.grantor.domain.entitlement.IntegrationConfig.GithubConfig;
import dev.grantor.domain.entitlement.IntegrationConfig.GithubPermission;
import dev.grantor.domain.entitlement.IntegrationConfig.LicenseKeyConfig;
import dev.grantor.domain.entitlement.IntegrationConfig.TelegramConfig;
import dev.grantor.domain.entitlement.IntegrationType;
import dev.grantor.domain.shared.GrantorError.FieldProblem;
import dev.grantor.domain.shared.GrantorError;
import io.vavr.control.Either;
import java.time.OffsetDateTime;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The model reports problems in its own words (a value's own problem, or a part such as {@code expiresAt});
 * the engine's use cases name them by the request's fields. Each case is the exact message and detail a
 * caller has always received.
 */
class RequestFieldNamesTest {

    static final OffsetDateTime PAST = OffsetDateTime.parse("2001-01-01T00:00:00Z");

    final EngineFixture engine = new EngineFixture();
    final Grantor grantor = engine.grantor;

    static void problem(Either<GrantorError, ?> result, String field, String message) {
        assertThat(result.isLeft()).as("accepted: %s", result).isTrue();
        var details = switch (result.getLeft()) {
            case GrantorError.ValidationFailed v -> v.details();
            case GrantorError.InvalidRequest i -> i.details();
            default -> throw new AssertionError("not a field problem: " + result.getLeft());
        };
        assertThat(details).containsExactly(new FieldProblem(field, message));
        assertThat(result.getLeft().message()).isEqualTo(field + " " + message);
    }

    static IssueGrant issue(String paymentId, String subscriptionId) {
        return new IssueGrant(new CustomerContact(null, "ada@example.com", "Ada"), paymentId, subscriptionId, null);
    }

    @Test
    void a_grants_origin_is_named_by_payment_id_and_subscription_id() {
        var entitlement = engine.manualEntitlement().id().value();

        problem(grantor.issuing().issue(engine.business, entitlement, issue("pay_1", "sub_1")),
                "subscription_id", "must not be given together with payment_id");
        problem(grantor.issuing().issue(engine.business, entitlement, issue(" pay_1", null)),
                "payment_id", "must be 1 to 100 visible characters");
        problem(grantor.issuing().issue(engine.business, entitlement, issue(null, "")),
                "subscription_id", "must be 1 to 100 visible characters");
    }

    /** Their own parse holds these rules, a missing value included: no constraint annotation answers first. */
    @Test
    void a_missing_email_or_instance_name_is_named_by_the_value_that_reads_it() {
        var entitlement = engine.manualEntitlement().id().value();
        problem(grantor.issuing().issue(engine.business, entitlement,
                new IssueGrant(new CustomerContact(null, " ", "Ada"), null, null, null)), "customer.email", "is required");

        engine.fulfill(engine.issue(engine.manualEntitlement()), "KEY-RENAME-1").get();
        var instance = grantor.licensing().activate(new ActivateLicense("KEY-RENAME-1", "laptop")).get().instance().id().value();
        problem(grantor.licenseKeys().renameInstance(engine.business, instance, new RenameInstance("  ")), "name", "is required");
    }

    @Test
    void an_expiry_in_the_past_is_named_expires_at_wherever_it_is_given() {
        var grant = engine.issue(engine.manualEntitlement());

        problem(grantor.fulfillment().fulfillLicenseKey(engine.business, grant.grant().id().value(),
                new FulfillLicenseKey("KEY-PAST-1", null, PAST)), "expires_at", "must be in the future");

        var delivered = engine.fulfill(grant, "KEY-NOW-1").get();
        var keyId = delivered.licenseKey().get().id().value();
        problem(grantor.licenseKeys().update(engine.business, keyId, new UpdateLicenseKey(null, false, null, PAST, false)),
                "expires_at", "must be in the future");

        var product = delivered.grant().entitlementId().value();
        var customer = delivered.grant().customerId().value();
        problem(grantor.licenseKeys().importKey(engine.business, new ImportLicenseKey(customer, "KEY-IMPORTED-1", product, null, PAST)),
                "expires_at", "must be in the future");
    }

    @Test
    void a_hosts_failure_report_is_named_by_error_code_and_error_message() {
        var grantId = engine.issue(engine.githubEntitlement()).grant().id().value();

        problem(grantor.fulfillment().reportFailure(engine.business, grantId, new ReportFailure(" ", "lost")),
                "error_code", "is required");
        problem(grantor.fulfillment().reportFailure(engine.business, grantId, new ReportFailure("E1", "m".repeat(2001))),
                "error_message", "must be at most 2000 characters");
    }

    @Test
    void limits_types_and_durations_are_named_by_their_fields() {
        var grant = engine.issue(engine.manualEntitlement());
        problem(grantor.fulfillment().fulfillLicenseKey(engine.business, grant.grant().id().value(),
                new FulfillLicenseKey("KEY-LIMIT-1", 0L, null)), "activations_limit", "must be >= 1");

        problem(grantor.entitlements().create(engine.business, new CreateEntitlement("Pro",
                new GithubConfig("acme/\u200Bpro", GithubPermission.PULL), null, null)),
                "integration_config.target_id", "must not contain control or invisible characters");
        problem(grantor.entitlements().create(engine.business, new CreateEntitlement("Pro",
                LicenseKeyConfig.auto().withActivationMessage("Welcome\u0007"), null, null)),
                "integration_config.activation_message", "must not contain control characters");
        var engineOwn = engine.autoEntitlement().id().value();
        problem(grantor.entitlements().update(engine.business, engineOwn, new UpdateEntitlement(null, null, false,
                new TelegramConfig("chat"), null)), "config", "must stay of integration type license_key: an entitlement's type cannot change");

        // what the REST edge reads before the engine sees a config: the wire's names, in the reader's messages
        problem(IntegrationType.parse("Discord").mapLeft(problem -> problem.at("integration_type")),
                "integration_type", "must be one of discord, telegram, github, figma, framer, notion, digital_files, license_key, feature_flag");
        problem(IntegrationConfigFields.read(IntegrationType.LICENSE_KEY, Map.of("duration_count", 2L)),
                "integration_config.duration_interval", "must be given together with duration_count");
        problem(IntegrationConfigFields.read(IntegrationType.LICENSE_KEY, Map.of("duration_count", 2L, "duration_interval", "Fortnight")),
                "integration_config.duration_interval", "must be one of Day, Week, Month, Year");
        problem(IntegrationConfigFields.read(IntegrationType.LICENSE_KEY, Map.of("duration_count", 0L, "duration_interval", "Day")),
                "integration_config.duration_count", "must be between 1 and 36500");
        problem(IntegrationConfigFields.read(IntegrationType.LICENSE_KEY, Map.of("activations_limit", -3L)),
                "integration_config.activations_limit", "must be >= 1");
    }
}

package dev.grantor.application.port.in;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import jakarta.validation.Constraint;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.lang.annotation.Annotation;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Issue 10, "each rule in exactly one place": every field of every input of a primary port, with the one place that
 * checks each of its rules. The REST edge (and the console and portal forms) only turns the wire into typed values:
 * JSON type, presence (missing, null or blank is the contract's 400, reported with every other shape problem), the
 * range of a JSON number or timestamp. What a value may be is checked once, behind the port: by Jakarta Validation
 * ({@code CommandValidation}) when the holder below starts with a constraint annotation, or else by the domain value's
 * {@code parse} or the use case named.
 * <p>
 * What this makes stick: a Jakarta constraint sits on a field exactly when its rule is Jakarta's, so a second check
 * added as an annotation beside a {@code parse} (or a rule moved to a {@code parse} with its annotation left behind)
 * fails here; so does a new input field until its holder is declared. It cannot see a {@code parse} call added in a
 * service beside an annotation: that direction is the reviewer's, with this table in hand.
 */
class CommandRuleHoldersTest {

    static final String PORTS = "dev.grantor.application.port.in";

    /** Not read from a request: built by the engine or by the host's own code, checked by their constructors if at all. */
    static final String ENGINE_MADE = "none: made by the engine or the host's code, not read from a request";

    /** Field -> its rules' holders. A leading {@code @...} part (up to {@code ;}) is Jakarta's, exactly as annotated. */
    static final Map<String, String> HOLDERS = holders(
            "Access.Caller.apiKeyId", ENGINE_MADE,
            "Actor.ApiKey.id", ENGINE_MADE,
            "Actor.Operator.id", "none: made by the engine (an API key's, a session's subject); Actor.Operator refuses another kind's spelling",
            "Access.Caller.business", ENGINE_MADE,
            "Access.Caller.readOnly", ENGINE_MADE,
            "CustomerManagement.CreateCustomer.email", "EmailAddress.parse (required, length, syntax)",
            "CustomerManagement.CreateCustomer.metadata", "Wire.metadata -> Metadata.parse",
            "CustomerManagement.CreateCustomer.name", "CustomerName.parse (length, no controls; blank is none)",
            "CustomerManagement.CreateCustomer.phoneNumber", "PhoneNumber.parse (length, charset; blank is none)",
            "CustomerManagement.SeenContact.email", "none (compared, trimmed, with the stored value: CustomerManagementService.asSeen)",
            "CustomerManagement.SeenContact.name", "none (compared, trimmed, with the stored value: CustomerManagementService.asSeen)",
            "CustomerManagement.SeenContact.phoneNumber", "none (compared, trimmed, with the stored value: CustomerManagementService.asSeen)",
            "CustomerManagement.UpdateCustomer.clearPhoneNumber", "none (a flag)",
            "CustomerManagement.UpdateCustomer.email", "EmailAddress.parse; not another customer's: CustomerManagementService.emailFree",
            "CustomerManagement.UpdateCustomer.metadata", "Wire.metadata -> Metadata.parse",
            "CustomerManagement.UpdateCustomer.name", "CustomerName.parse (blank removes the name)",
            "CustomerManagement.UpdateCustomer.phoneNumber", "PhoneNumber.parse",
            "CustomerPortal.MintLink.customerId", "CustomerId.parse (a malformed id is not found)",
            "CustomerPortal.MintLink.returnUrl", "CustomerPortalService.returnUrl (absolute http(s), length, no controls)",
            "CustomerPortal.MintLink.sendEmail", "none (the edge reads true/false)",
            "CustomerPortal.PortalCustomer.businessId", ENGINE_MADE,
            "CustomerPortal.PortalCustomer.customerId", ENGINE_MADE,
            "CustomerPortal.PortalCustomer.returnUrl", ENGINE_MADE,
            "CustomerQueries.ListCustomers.createdAtGte", "none (the edge reads the timestamp)",
            "CustomerQueries.ListCustomers.createdAtLte", "none (the edge reads the timestamp)",
            "CustomerQueries.ListCustomers.email", "EmailAddress.parse (a malformed filter matches nobody)",
            "CustomerQueries.ListCustomers.name", "none (any text, matched as a part of the name)",
            "CustomerQueries.ListCustomers.pageNumber", "@Min(0)",
            "CustomerQueries.ListCustomers.pageSize", "@Min(0) @Max(100)",
            "DeliveryResends.ByApiKey.apiKeyId", ENGINE_MADE,
            "DeliveryResends.ByCommandLine.name", "none (any name the command line was given, stripped, not blank)",
            "DeliveryResends.ByCustomer.customerId", ENGINE_MADE,
            "DeliveryResends.ByOperator.operatorId", ENGINE_MADE,
            "DeliveryResends.ResendPolicy.count", ENGINE_MADE,
            "DeliveryResends.ResendPolicy.name", ENGINE_MADE,
            "DeliveryResends.ResendPolicy.window", ENGINE_MADE,
            "EntitlementCatalog.CreateEntitlement.description", "EntitlementDetails.parseDescription",
            "EntitlementCatalog.CreateEntitlement.integrationConfig", "IntegrationConfigFields.check (required; each value by its IntegrationConfig/LicenseKeyConfig parse)",
            "EntitlementCatalog.CreateEntitlement.metadata", "Wire.metadata -> Metadata.parse",
            "EntitlementCatalog.CreateEntitlement.name", "EntitlementDetails.parseName (required, length, no controls)",
            "EntitlementCatalog.ListEntitlements.integrationType", "IntegrationType.parse",
            "EntitlementCatalog.ListEntitlements.pageNumber", "@Min(0)",
            "EntitlementCatalog.ListEntitlements.pageSize", "@Min(0) @Max(100)",
            "EntitlementCatalog.UpdateEntitlement.clearDescription", "none (a flag)",
            "EntitlementCatalog.UpdateEntitlement.description", "EntitlementDetails.parseDescription",
            "EntitlementCatalog.UpdateEntitlement.integrationConfig", "IntegrationConfigFields.check (of the current type)",
            "EntitlementCatalog.UpdateEntitlement.metadata", "Wire.metadata -> Metadata.parse",
            "EntitlementCatalog.UpdateEntitlement.name", "EntitlementDetails.parseName",
            "GrantFulfillment.DeliveredFile.contentType", "DeliveryPayloadRules (text)",
            "GrantFulfillment.DeliveredFile.downloadUrl", "DeliveryPayloadRules (required text)",
            "GrantFulfillment.DeliveredFile.expiresIn", "DeliveryPayloadRules (>= 0)",
            "GrantFulfillment.DeliveredFile.fileId", "DeliveryPayloadRules (required text)",
            "GrantFulfillment.DeliveredFile.fileSize", "DeliveryPayloadRules (>= 0)",
            "GrantFulfillment.DeliveredFile.filename", "DeliveryPayloadRules (required text)",
            "GrantFulfillment.DigitalProductDelivery.externalUrl", "DeliveryPayloadRules (text)",
            "GrantFulfillment.DigitalProductDelivery.files", "DeliveryPayloadRules (each an object)",
            "GrantFulfillment.DigitalProductDelivery.instructions", "DeliveryPayloadRules (text)",
            "GrantFulfillment.Feature.featureId", "DeliveryPayloadRules (required text)",
            "GrantFulfillment.Feature.featureType", "DeliveryPayloadRules (required text)",
            "GrantFulfillment.FulfillLicenseKey.activationsLimit", "ActivationsLimit.parse",
            "GrantFulfillment.FulfillLicenseKey.expiresAt", "LicenseKey.futureExpiry, in Grant.fulfill; none on a subscription's key: Grant.fulfill",
            "GrantFulfillment.FulfillLicenseKey.key", "LicenseKeyValue.parse (required, form); LicenseKeyConfig.admitsKeyOf in Grant.fulfill (length)",
            "GrantFulfillment.ReportDelivery.digitalProductDelivery", "DeliveryPayloadRules",
            "GrantFulfillment.ReportDelivery.feature", "DeliveryPayloadRules",
            "GrantFulfillment.ReportDelivery.oauthExpiresAt", "DeliveryPayloadRules (needs an oauthUrl)",
            "GrantFulfillment.ReportDelivery.oauthUrl", "DeliveryPayloadRules (text)",
            "GrantFulfillment.ReportFailure.errorCode", "Grant.reportFailure (required, length, no controls)",
            "GrantFulfillment.ReportFailure.errorMessage", "Grant.reportFailure (required, length, no controls)",
            "GrantFulfillment.RevokeGrant.entitlementId", "GrantFulfillmentService.ofEntitlementInPath (the grant's, else not found)",
            "GrantFulfillment.RevokeGrant.reason", "RevocationReason.parse",
            "GrantIssuing.CustomerContact.customerId", "CustomerId.parse (a malformed id is not found)",
            "GrantIssuing.CustomerContact.email", "EmailAddress.parse (required, syntax, length)",
            "GrantIssuing.CustomerContact.name", "CustomerName.parse",
            "GrantIssuing.IssueGrant.customer", "@NotNull",
            "GrantIssuing.IssueGrant.metadata", "Wire.metadata -> Metadata.parse",
            "GrantIssuing.IssueGrant.paymentId", "GrantOrigin.parse; not with subscriptionId: GrantIssuingService.origin",
            "GrantIssuing.IssueGrant.subscriptionId", "GrantOrigin.parse; not with paymentId: GrantIssuingService.origin",
            "GrantQueries.ListGrants.customerId", "CustomerId.parse (a malformed filter matches nobody)",
            "GrantQueries.ListGrants.entitlementId", "EntitlementId.parse (a malformed filter matches nobody)",
            "GrantQueries.ListGrants.integrationType", "IntegrationType.parse",
            "GrantQueries.ListGrants.pageNumber", "@Min(0)",
            "GrantQueries.ListGrants.pageSize", "@Min(0) @Max(100)",
            "GrantQueries.ListGrants.status", "GrantStatus.parse",
            "GrantQueries.QueueQuery.entitlementId", "EntitlementId.parse (a malformed filter: an empty queue)",
            "GrantQueries.QueueQuery.integrationType", "IntegrationType.parse",
            "GrantQueries.QueueQuery.limit", "@Min(1) @Max(500)",
            "GrantQueries.QueueQuery.minAgeHours", "@Min(0)",
            "GrantQueries.Position.at", "GrantQueries.Position.parse and its constructor (an instant of four-digit years, from the console's own link)",
            "GrantQueries.Position.grantId", "GrantQueries.Position.parse and its constructor (an id's characters)",
            "GrantQueries.SearchGrants.before", "GrantQueries.Position.parse (a link's position; any other text refused)",
            "GrantQueries.SearchGrants.keyEndings", "none: the caller's role says it (the console: viewer or operator)",
            "GrantQueries.SearchGrants.limit", "@Min(1) @Max(100)",
            "GrantQueries.SearchGrants.status", "GrantStatus.parse (blank is any)",
            "GrantQueries.SearchGrants.text", "none (matched as typed, stripped: GrantQueriesService.search)",
            "GrantQueries.QueueQuery.offset", "@Min(0)",
            "IdempotentRequests.StoredResponse.body", ENGINE_MADE,
            "IdempotentRequests.StoredResponse.status", ENGINE_MADE,
            "KeyPoolManagement.ChangePool.lowStockThreshold", "KeyPoolManagementService.change (required); KeyPool.threshold",
            "KeyPoolManagement.ImportKeys.keys", "KeyPoolManagementService.importKeys (required, at most 10,000, no null)",
            "KeyPoolManagement.KeyLine.activationsLimit", "ActivationsLimit.parse",
            "KeyPoolManagement.KeyLine.expiresAt", "LicenseKey.futureExpiry (at import, and again when Grant.fulfill hands the key out)",
            "KeyPoolManagement.KeyLine.key", "LicenseKeyValue.parse; LicenseKeyConfig.admitsKeyOf (length)",
            "KeyPoolManagement.KeyLine.line", "none (the reader numbers the lines)",
            "KeyPoolManagement.KeyLine.problem", "none (what the reader found)",
            "KeyPoolManagement.ListPooledKeys.pageNumber", "@Min(0)",
            "KeyPoolManagement.ListPooledKeys.pageSize", "@Min(0) @Max(100)",
            "KeyPoolManagement.ListPooledKeys.status", "PooledKeyStatus.parse",
            "KeyPoolManagement.OpenPool.lowStockThreshold", "KeyPool.threshold",
            "LicenseCheckOut.CheckOut.licenseKey", "LicenseCheckOutService.checkOut (required); LicenseKeyValue.lookup (else not found)",
            "LicenseCheckOut.CheckOut.licenseKeyInstanceId", "InstanceId.parse (a malformed id is not found)",
            "LicenseCheckOut.CheckOut.ttlSeconds", "@Min(3600) @Max(31536000)",
            "LicenseKeyManagement.ImportLicenseKey.activationsLimit", "ActivationsLimit.parse",
            "LicenseKeyManagement.ImportLicenseKey.customerId", "@NotBlank; form: CustomerId.parse (a malformed id is not found)",
            "LicenseKeyManagement.ImportLicenseKey.expiresAt", "LicenseKey.futureExpiry, in LicenseKey.importKey",
            "LicenseKeyManagement.ImportLicenseKey.key", "LicenseKeyValue.parse; LicenseKeyConfig.admitsKeyOf (length)",
            "LicenseKeyManagement.ImportLicenseKey.productId", "@NotBlank; form: EntitlementId.parse (a malformed id is not found)",
            "LicenseKeyManagement.ListInstances.grantId", "GrantId.parse (a malformed filter matches nobody)",
            "LicenseKeyManagement.ListInstances.licenseKeyId", "LicenseKeyId.parse (a malformed filter matches nobody)",
            "LicenseKeyManagement.ListInstances.pageNumber", "@Min(0)",
            "LicenseKeyManagement.ListInstances.pageSize", "@Min(0) @Max(100)",
            "LicenseKeyManagement.ListLicenseKeys.createdAtGte", "none (the edge reads the timestamp)",
            "LicenseKeyManagement.ListLicenseKeys.createdAtLte", "none (the edge reads the timestamp)",
            "LicenseKeyManagement.ListLicenseKeys.customerId", "CustomerId.parse (a malformed filter matches nobody)",
            "LicenseKeyManagement.ListLicenseKeys.pageNumber", "@Min(0)",
            "LicenseKeyManagement.ListLicenseKeys.pageSize", "@Min(0) @Max(100)",
            "LicenseKeyManagement.ListLicenseKeys.productId", "EntitlementId.parse (a malformed filter matches nobody)",
            "LicenseKeyManagement.ListLicenseKeys.source", "LicenseKeySource.parse",
            "LicenseKeyManagement.ListLicenseKeys.status", "LicenseKeyStatus.parse",
            "LicenseKeyManagement.RenameInstance.name", "LicenseKeyInstance.parseName (required, length, no controls)",
            "LicenseKeyManagement.RotateLicenseKey.key", "LicenseKeyValue.parse; required when manual, refused when auto: LicenseKeyManagementService.newValue; LicenseKeyConfig.admitsKeyOf (length)",
            "LicenseKeyManagement.RotateLicenseKey.resetActivations", "none (a flag)",
            "LicenseKeyManagement.RotateLicenseKey.replacing", "compared with the key's value in the rotation's unit: LicenseKeyManagementService.rotate",
            "LicenseKeyManagement.UpdateLicenseKey.activationsLimit", "ActivationsLimit.parse; not below the instances: LicenseKey",
            "LicenseKeyManagement.UpdateLicenseKey.disabled", "none (a flag)",
            "GrantTimeline.Older.at", "GrantTimeline.Older.parse and its constructor (an instant of four-digit years, from the console's own link)",
            "GrantTimeline.Older.id", "GrantTimeline.Older.parse and its constructor (an entry id's characters)",
            "GrantTimeline.Older.shown", "GrantTimeline.Older.parse and its constructor (a count of entries, from 1)",
            "GrantTimeline.Older.source", "GrantTimeline.Older.parse (one of the sources' names)",
            "Older.at", "Older.parse (an instant, from the pages' own link)",
            "Older.id", "Older.parse and its constructor (an id's characters)",
            "Older.shown", "Older.parse and its constructor (a count of rows, from 1)",
            "LicenseKeyManagement.UpdateLicenseKey.expiresAt", "LicenseKey.futureExpiry, in LicenseKey.expire; none on a subscription's key: LicenseKey.expire",
            "LicenseKeyManagement.UpdateLicenseKey.removeActivationsLimit", "none (a flag)",
            "LicenseKeyManagement.UpdateLicenseKey.removeExpiry", "none (a flag)",
            "Licensing.ActivateLicense.licenseKey", "LicensingService.keyValue (required); LicenseKeyValue.lookup (else not found)",
            "Licensing.ActivateLicense.name", "LicenseKeyInstance.parseName",
            "Licensing.DeactivateLicense.licenseKey", "LicensingService.keyValue (required); LicenseKeyValue.lookup (else not found)",
            "Licensing.DeactivateLicense.licenseKeyInstanceId", "LicensingService.deactivate (required); InstanceId.parse (else not found)",
            "Licensing.ValidateLicense.licenseKey", "LicensingService.validate (required); LicenseKeyValue.lookup (else not valid)",
            "Licensing.ValidateLicense.licenseKeyInstanceId", "InstanceId.parse (else not valid)",
            "OperatorAccess.Note.action", ENGINE_MADE,
            "OperatorAccess.Note.detail", ENGINE_MADE,
            "OperatorAccess.Note.subject", ENGINE_MADE,
            "SignIn.Principal.business", ENGINE_MADE,
            "SignIn.Principal.realm", ENGINE_MADE,
            "SignIn.Principal.subject", ENGINE_MADE,
            "Webhooks.CreateWebhook.description", "WebhookRules.description",
            "Webhooks.CreateWebhook.disabled", "none (a flag)",
            "Webhooks.CreateWebhook.filterTypes", "WebhookRules.filterTypes",
            "Webhooks.CreateWebhook.headers", "WebhookRules.headers",
            "Webhooks.CreateWebhook.metadata", "Wire.metadata -> Metadata.parse",
            "Webhooks.CreateWebhook.rateLimit", "@Min(1)",
            "Webhooks.CreateWebhook.url", "WebhookRules.url (required, https, public host, length)",
            "Webhooks.ListWebhooks.iterator", "WebhookService.list (an id this API answered)",
            "Webhooks.ListWebhooks.limit", "@Min(1) @Max(100)",
            "Webhooks.RotateWebhookSecret.previousValidSeconds", "@Min(0) @Max(604800)",
            "Webhooks.UpdateWebhook.clearDescription", "none (a flag)",
            "Webhooks.UpdateWebhook.clearRateLimit", "none (a flag)",
            "Webhooks.UpdateWebhook.description", "WebhookRules.description",
            "Webhooks.UpdateWebhook.disabled", "none (a flag)",
            "Webhooks.UpdateWebhook.filterTypes", "WebhookRules.filterTypes",
            "Webhooks.UpdateWebhook.headers", "WebhookRules.headers",
            "Webhooks.UpdateWebhook.metadata", "Wire.metadata -> Metadata.parse",
            "Webhooks.UpdateWebhook.rateLimit", "@Min(1)",
            "Webhooks.UpdateWebhook.url", "WebhookRules.url",
            "Webhooks.UpdateWebhookHeaders.headers", "WebhookRules.merged (required; null removes) -> WebhookRules.headers");

    @Test
    void every_field_of_every_input_of_a_primary_port_has_its_rule_holder_declared() {
        var found = inputFields(primaryPorts());

        assertThat(found).as("the scan found the commands").hasSizeGreaterThan(100);
        assertThat(found.keySet()).containsExactlyInAnyOrderElementsOf(HOLDERS.keySet());
    }

    @Test
    void a_field_carries_a_jakarta_constraint_exactly_when_jakarta_holds_its_rule() {
        assertThat(mismatches(inputFields(primaryPorts()), HOLDERS)).isEmpty();
    }

    @Nested
    class The_check {

        /** A second check of the email rule, as the engine had it: an annotation beside {@code EmailAddress.parse}. */
        record Contact(@NotBlank String email, @Min(1) @Max(5) Integer seats, String note) {}

        @Test
        void rejects_an_annotation_beside_the_parse_that_holds_the_rule_and_one_that_is_not_declared() {
            var found = fields(Contact.class);

            assertThat(mismatches(found, Map.of("The_check.Contact.email", "EmailAddress.parse", "The_check.Contact.seats", "@Min(1)",
                    "The_check.Contact.note", "none"))).containsExactly(
                    "The_check.Contact.email carries @NotBlank but its rule is held by: EmailAddress.parse",
                    "The_check.Contact.seats carries @Min(1) @Max(5) but its rule is held by: @Min(1)");
            assertThat(mismatches(found, Map.of("The_check.Contact.email", "@NotBlank", "The_check.Contact.seats", "@Min(1) @Max(5)",
                    "The_check.Contact.note", "@NotNull"))).containsExactly("The_check.Contact.note carries no constraint but its rule is held by: @NotNull");
        }
    }

    // ---- the scan --------------------------------------------------------------------------------------

    static List<Class<?>> primaryPorts() {
        return new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages(PORTS)
                .stream()
                .filter(c -> c.isInterface() && c.isTopLevelClass() && c.getPackageName().equals(PORTS))
                .<Class<?>>map(c -> c.reflect())
                .toList();
    }

    /** The records of this package that a port method takes, and the records they hold, down to the last one. */
    static Map<String, String> inputFields(List<Class<?>> ports) {
        var inputs = new LinkedHashSet<Class<?>>();
        for (Class<?> port : ports) {
            for (var method : port.getMethods()) {
                for (Type parameter : method.getGenericParameterTypes()) {
                    collect(parameter, inputs);
                }
            }
        }
        var fields = new TreeMap<String, String>();
        inputs.forEach(input -> fields.putAll(fields(input)));
        return fields;
    }

    static Map<String, String> fields(Class<?> record) {
        var fields = new TreeMap<String, String>();
        for (RecordComponent component : record.getRecordComponents()) {
            fields.put(name(record) + "." + component.getName(), constraints(component));
        }
        return fields;
    }

    static List<String> mismatches(Map<String, String> found, Map<String, String> holders) {
        var out = new ArrayList<String>();
        found.forEach((field, constraints) -> {
            String holder = holders.getOrDefault(field, "");
            String jakarta = holder.startsWith("@") ? holder.split(";", 2)[0].strip() : "";
            if (!jakarta.equals(constraints)) {
                out.add(field + " carries " + (constraints.isEmpty() ? "no constraint" : constraints)
                        + " but its rule is held by: " + holder);
            }
        });
        return out;
    }

    private static void collect(Type type, Set<Class<?>> inputs) {
        if (type instanceof ParameterizedType parameterized) {
            for (Type argument : parameterized.getActualTypeArguments()) {
                collect(argument, inputs);
            }
            return;
        }
        if (!(type instanceof Class<?> c) || !c.getPackageName().equals(PORTS)) {
            return;
        }
        if (c.isSealed()) {
            for (Class<?> permitted : c.getPermittedSubclasses()) {
                collect(permitted, inputs);
            }
        }
        if (c.isRecord() && inputs.add(c)) {
            for (RecordComponent component : c.getRecordComponents()) {
                collect(component.getGenericType(), inputs);
            }
        }
    }

    private static String name(Class<?> record) {
        return record.getEnclosingClass() == null ? record.getSimpleName()
                : record.getEnclosingClass().getSimpleName() + "." + record.getSimpleName();
    }

    /** The component's constraint annotations as written ({@code @Min(0) @Max(100)}), or empty. */
    private static String constraints(RecordComponent component) {
        return Stream.of(component.getAccessor().getAnnotations(), component.getAnnotations())
                .flatMap(Stream::of)
                .filter(a -> a.annotationType().isAnnotationPresent(Constraint.class) || a.annotationType() == jakarta.validation.Valid.class)
                .distinct()
                .map(CommandRuleHoldersTest::written)
                .collect(Collectors.joining(" "));
    }

    private static String written(Annotation annotation) {
        try {
            return "@" + annotation.annotationType().getSimpleName() + "(" + annotation.annotationType().getMethod("value").invoke(annotation) + ")";
        } catch (NoSuchMethodException none) {
            return "@" + annotation.annotationType().getSimpleName();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> holders(String... pairs) {
        var map = new TreeMap<String, String>();
        for (int i = 0; i < pairs.length; i += 2) {
            if (map.put(pairs[i], pairs[i + 1]) != null) {
                throw new IllegalArgumentException("declared twice: " + pairs[i]);
            }
        }
        return Map.copyOf(map);
    }
}

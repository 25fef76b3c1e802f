package dev.grantor.application.port.in;

import dev.grantor.domain.entitlement.Entitlement;
import dev.grantor.domain.entitlement.IntegrationConfig;
import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.EntitlementId;
import dev.grantor.domain.shared.GrantorError;
import io.vavr.collection.List;
import io.vavr.control.Either;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.Map;

/** Reusable definitions of what a purchase delivers. */
public interface EntitlementCatalog {

    /**
     * {@code integrationConfig} says what the entitlement delivers and so its integration type, typed: e.g.
     * {@code IntegrationConfig.LicenseKeyConfig.manual().withActivationsLimit(3)}. Its constructors check its structure;
     * the values' rules (visible text, lengths, a signed key only with auto fulfillment) are checked on create, as for a
     * config read from the HTTP API, and answer {@code VALIDATION_FAILED} at {@code integration_config.<field>}.
     * {@code metadata} holds plain JSON values (String, Number, Boolean): a map on purpose, since its keys are the
     * merchant's own. No constraint annotations: each part is checked once, by the value that reads it (a missing name
     * or config is an invalid request there).
     */
    record CreateEntitlement(String name, IntegrationConfig integrationConfig, String description, Map<String, Object> metadata) {}

    /**
     * A partial update: null leaves a part as it is. {@code clearDescription} sets the description to null
     * (a JSON {@code "description": null}), which an absent field must not do. An {@code integrationConfig} replaces
     * the whole config, and must be of the entitlement's integration type, which never changes.
     */
    record UpdateEntitlement(String name, String description, boolean clearDescription, IntegrationConfig integrationConfig,
                             Map<String, Object> metadata) {}

    record ListEntitlements(@Min(0) @Max(PageLimits.MOST_PER_PAGE) Integer pageSize, @Min(0) Integer pageNumber, String integrationType) {}

    Either<GrantorError, Entitlement> create(BusinessId business, CreateEntitlement command);

    Either<GrantorError, Entitlement> get(BusinessId business, String entitlementId);

    Either<GrantorError, List<Entitlement>> list(BusinessId business, ListEntitlements query);

    /**
     * The business's entitlements of these ids, deleted ones too, by id, in one keyed read however many there are:
     * what a page naming the entitlements of the rows it shows reads, rather than a page of the catalog, which past its
     * first page misses some, or a read per entitlement. Another business's id is not among them.
     */
    io.vavr.collection.Map<EntitlementId, Entitlement> ofAll(BusinessId business, List<EntitlementId> ids);

    Either<GrantorError, Entitlement> update(BusinessId business, String entitlementId, UpdateEntitlement command);

    /** Soft delete: from then on the entitlement is not found; its grants live on. */
    Either<GrantorError, Entitlement> delete(BusinessId business, String entitlementId);
}

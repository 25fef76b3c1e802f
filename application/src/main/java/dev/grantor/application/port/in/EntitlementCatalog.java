package dev.grantor.application.port.in;

import dev.grantor.domain.entitlement.Entitlement;
import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.GrantorError;
import io.vavr.collection.List;
import io.vavr.control.Either;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.Map;

/** Reusable definitions of what a purchase delivers. */
public interface EntitlementCatalog {

    /**
     * {@code integrationConfig} and {@code metadata} hold plain JSON values (String, Number, Boolean, List, Map): maps
     * on purpose, since their members are open-ended (the integration type's own form, the merchant's own keys).
     * No constraint annotations: each part is checked once, by the value that reads it (a missing name, type
     * or config is an invalid request there).
     */
    record CreateEntitlement(String name, String integrationType, Map<String, Object> integrationConfig,
                             String description, Map<String, Object> metadata) {}

    /**
     * A partial update: null leaves a part as it is. {@code clearDescription} sets the description to null
     * (a JSON {@code "description": null}), which an absent field must not do.
     */
    record UpdateEntitlement(String name, String description, boolean clearDescription, Map<String, Object> integrationConfig,
                             Map<String, Object> metadata) {}

    record ListEntitlements(@Min(0) @Max(PageLimits.MOST_PER_PAGE) Integer pageSize, @Min(0) Integer pageNumber, String integrationType) {}

    Either<GrantorError, Entitlement> create(BusinessId business, CreateEntitlement command);

    Either<GrantorError, Entitlement> get(BusinessId business, String entitlementId);

    Either<GrantorError, List<Entitlement>> list(BusinessId business, ListEntitlements query);

    Either<GrantorError, Entitlement> update(BusinessId business, String entitlementId, UpdateEntitlement command);

    /** Soft delete: from then on the entitlement is not found; its grants live on. */
    Either<GrantorError, Entitlement> delete(BusinessId business, String entitlementId);
}

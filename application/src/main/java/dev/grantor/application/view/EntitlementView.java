package dev.grantor.application.view;

import dev.grantor.domain.entitlement.Entitlement;
import dev.grantor.domain.entitlement.IntegrationConfigFields;
import dev.grantor.domain.shared.Metadata;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;

/**
 * The {@code Entitlement} object. {@code integrationConfig} stays a map: its members depend on the integration type
 * and are written by the type's own wire form, the same one the column stores.
 */
public record EntitlementView(String id, String businessId, String name, String description, String integrationType,
                              Map<String, Object> integrationConfig, Metadata metadata, boolean isActive, Instant createdAt,
                              Instant updatedAt) {

    public static EntitlementView of(Entitlement entitlement) {
        return new EntitlementView(entitlement.id().value(), entitlement.businessId().value(), entitlement.name(),
                entitlement.details().description().getOrNull(), entitlement.integrationType().wire(),
                Collections.unmodifiableMap(IntegrationConfigFields.write(entitlement.config())), entitlement.metadata(),
                entitlement.isActive(), entitlement.createdAt(), entitlement.updatedAt());
    }
}

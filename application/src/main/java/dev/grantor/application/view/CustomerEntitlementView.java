package dev.grantor.application.view;

import dev.grantor.application.port.in.GrantQueries.CustomerEntitlement;
import dev.grantor.domain.grant.GrantState.Revoked;
import java.time.Instant;
import java.util.Locale;

/**
 * One item of {@code GET /customers/{customer_id}/entitlements} (Dodo's {@code customers.listEntitlements}): a grant
 * with its entitlement's name and description. That list spells the status in lower case ({@code delivered}), where
 * the grant object has {@code Delivered}.
 */
public record CustomerEntitlementView(String grantId, String entitlementId, String entitlementName,
                                      String entitlementDescription, String integrationType, String status,
                                      Instant createdAt, Instant updatedAt, Instant deliveredAt, Instant revokedAt) {

    public static CustomerEntitlementView of(CustomerEntitlement found) {
        var grant = found.grant();
        var details = found.entitlement().details();
        return new CustomerEntitlementView(grant.id().value(), grant.entitlementId().value(), details.name(),
                details.description().getOrNull(), grant.integrationType().wire(),
                grant.status().wire().toLowerCase(Locale.ROOT), grant.createdAt(), grant.updatedAt(),
                grant.deliveredAt().getOrNull(), grant.revocation().map(Revoked::revokedAt).getOrNull());
    }
}

package dev.grantor.application.service;

import dev.grantor.application.port.in.GrantView;
import dev.grantor.domain.entitlement.Entitlement;
import dev.grantor.domain.grant.Grant;
import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.EntitlementId;
import dev.grantor.domain.shared.GrantId;
import dev.grantor.domain.shared.GrantorError;
import dev.grantor.domain.shared.GrantorError.NotFound;
import io.vavr.control.Either;
import java.time.Instant;

/**
 * The loads every use case starts with. A malformed id, an unknown one and another business's one all
 * answer {@code NOT_FOUND}: tenants cannot tell them apart.
 */
final class Lookups {

    private final Ports ports;

    Lookups(Ports ports) {
        this.ports = ports;
    }

    static Either<GrantorError, GrantId> grantId(String candidate) {
        return GrantId.parse("grant_id", candidate).mapLeft(malformed -> new NotFound("grant", String.valueOf(candidate)));
    }

    static Either<GrantorError, EntitlementId> entitlementId(String candidate) {
        return EntitlementId.parse("entitlement_id", candidate)
                .mapLeft(malformed -> new NotFound("entitlement", String.valueOf(candidate)));
    }

    Either<GrantorError, Grant> grant(BusinessId business, GrantId id) {
        return ports.grants().find(business, id).toEither(() -> new NotFound("grant", id.value()));
    }

    /** Not deleted: a deleted entitlement is gone for everything but its grants. */
    Either<GrantorError, Entitlement> activeEntitlement(BusinessId business, EntitlementId id) {
        return ports.entitlements().find(business, id).filter(Entitlement::isActive)
                .toEither(() -> new NotFound("entitlement", id.value()));
    }

    /** The grant's own entitlement, deleted or not: its grants still need it. */
    Entitlement entitlementOf(Grant grant) {
        return ports.entitlements().find(grant.businessId(), grant.entitlementId())
                .getOrElseThrow(() -> new IllegalStateException("grant " + grant.id().value() + " has no entitlement"));
    }

    GrantView view(Grant grant, Instant at) {
        return new GrantView(grant, grant.licenseKeyId().flatMap(ports.licenseKeys()::find), at);
    }
}

package dev.grantor.application.port.out;

import dev.grantor.domain.entitlement.Entitlement;
import dev.grantor.domain.entitlement.IntegrationType;
import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.EntitlementId;
import io.vavr.collection.List;
import io.vavr.collection.Map;
import dev.grantor.domain.grant.Grant;
import dev.grantor.domain.shared.GrantorError;
import dev.grantor.domain.shared.GrantorError.NotFound;
import io.vavr.control.Either;
import io.vavr.control.Option;

public interface Entitlements {

    /** Stores a new entitlement at version 0. */
    void insert(Entitlement entitlement);

    /**
     * Replaces the stored entitlement whose version is {@code entitlement.version()}, storing it at the next
     * version. Throws {@link ConcurrentUpdate} when the stored version differs.
     */
    void update(Entitlement entitlement);

    /** Deleted ones too: their grants still need them. Another business's id finds nothing. */
    Option<Entitlement> find(BusinessId business, EntitlementId id);

    /**
     * The business's entitlements of these ids, deleted ones too, by id: what {@link #find} answers for each (another
     * business's id is not among them). A store that can reads them together, so a page of grants costs one read of
     * their entitlements rather than one an entitlement.
     */
    default Map<EntitlementId, Entitlement> ofAll(BusinessId business, List<EntitlementId> ids) {
        return ids.distinct().flatMap(id -> find(business, id)).toMap(Entitlement::id, entitlement -> entitlement);
    }

    /** Only entitlements not deleted, newest first. */
    List<Entitlement> listActive(BusinessId business, Option<IntegrationType> type, Page page);

    /** The id a request named, when it could name an entitlement at all; malformed ids are simply not found. */
    static Either<GrantorError, EntitlementId> id(String candidate) {
        return EntitlementId.parse("entitlement_id", candidate)
                .mapLeft(malformed -> new NotFound("entitlement", String.valueOf(candidate)));
    }

    /** The business's entitlement unless deleted: a deleted entitlement is gone for everything but its grants. */
    default Either<GrantorError, Entitlement> active(BusinessId business, EntitlementId id) {
        return find(business, id).filter(Entitlement::isActive).toEither(() -> new NotFound("entitlement", id.value()));
    }

    /** The grant's own entitlement, deleted or not: its grants still need it. */
    default Entitlement of(Grant grant) {
        return find(grant.businessId(), grant.entitlementId())
                .getOrElseThrow(() -> new IllegalStateException("grant " + grant.id().value() + " has no entitlement"));
    }
}

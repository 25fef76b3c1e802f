package dev.grantor.domain.grant;

import dev.grantor.domain.entitlement.ActivationsLimit;
import dev.grantor.domain.grant.FulfillmentTerms;
import dev.grantor.domain.grant.LicenseKeyValue;
import dev.grantor.domain.grant.PooledKeyState.Assigned;
import dev.grantor.domain.grant.PooledKeyState.Available;
import dev.grantor.domain.grant.PooledKeyState.Voided;
import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.EntitlementId;
import dev.grantor.domain.shared.GrantId;
import dev.grantor.domain.shared.GrantorError;
import dev.grantor.domain.shared.GrantorError.PooledKeyNotAvailable;
import dev.grantor.domain.shared.KeyPoolId;
import dev.grantor.domain.shared.PooledKeyId;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.time.Instant;
import org.jmolecules.ddd.annotation.Entity;
import org.jmolecules.ddd.annotation.Identity;

/**
 * A key the merchant bought or made elsewhere, waiting in its entitlement's pool. It leaves {@code available}
 * once, to one grant or to the void; its limit and expiry, when given, override the entitlement's.
 */
@Entity
public record PooledKey(
        @Identity PooledKeyId id,
        KeyPoolId poolId,
        BusinessId businessId,
        EntitlementId entitlementId,
        LicenseKeyValue value,
        Option<ActivationsLimit> activationsLimit,
        Option<Instant> expiresAt,
        PooledKeyState state,
        Instant createdAt,
        long version) {

    public PooledKey {
        if (id == null || poolId == null || businessId == null || entitlementId == null || value == null
                || activationsLimit == null || expiresAt == null || state == null || createdAt == null) {
            throw new IllegalArgumentException("pooled key breaks its structural rules");
        }
    }

    public static PooledKey stock(PooledKeyId id, KeyPool pool, FulfillmentTerms terms, Instant at) {
        return new PooledKey(id, pool.id(), pool.businessId(), pool.entitlementId(), terms.key(), terms.activationsLimit(),
                terms.expiresAt(), new Available(), at, 0);
    }

    public PooledKeyStatus status() {
        return state.status();
    }

    /** What a grant's fulfillment from this key uses: its value and overrides. */
    public FulfillmentTerms terms() {
        return new FulfillmentTerms(value, activationsLimit, expiresAt);
    }

    public Either<GrantorError, PooledKey> assignTo(GrantId grant, Instant at) {
        return moveFromAvailable(new Assigned(grant, at));
    }

    /** A leaked code is withdrawn; one already delivered stays with its grant (revoke that instead). */
    public Either<GrantorError, PooledKey> voidAt(Instant at) {
        return moveFromAvailable(new Voided(at));
    }

    public Option<GrantId> grantId() {
        return state instanceof Assigned assigned ? Option.some(assigned.grantId()) : Option.none();
    }

    public Option<Instant> assignedAt() {
        return state instanceof Assigned assigned ? Option.some(assigned.assignedAt()) : Option.none();
    }

    public Option<Instant> voidedAt() {
        return state instanceof Voided voided ? Option.some(voided.voidedAt()) : Option.none();
    }

    private Either<GrantorError, PooledKey> moveFromAvailable(PooledKeyState next) {
        return switch (state) {
            case Available available -> Either.right(new PooledKey(id, poolId, businessId, entitlementId, value,
                    activationsLimit, expiresAt, next, createdAt, version));
            case Assigned assigned -> Either.left(new PooledKeyNotAvailable(id.value(), state.status().wire()));
            case Voided voided -> Either.left(new PooledKeyNotAvailable(id.value(), state.status().wire()));
        };
    }
}

package dev.grantor.domain.license;

import dev.grantor.domain.entitlement.ActivationsLimit;
import dev.grantor.domain.event.LicenseKeyEvent.InstanceActivated;
import dev.grantor.domain.event.LicenseKeyEvent.InstanceDeactivated;
import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.CustomerId;
import dev.grantor.domain.shared.EntitlementId;
import dev.grantor.domain.shared.GrantId;
import dev.grantor.domain.shared.GrantorError;
import dev.grantor.domain.shared.GrantorError.InactiveLicenseKey;
import dev.grantor.domain.shared.GrantorError.LicenseKeyLimitReached;
import dev.grantor.domain.shared.GrantorError.LicenseKeyNotFound;
import dev.grantor.domain.shared.InstanceId;
import dev.grantor.domain.shared.LicenseKeyId;
import io.vavr.collection.List;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.time.Instant;
import org.jmolecules.ddd.annotation.AggregateRoot;
import org.jmolecules.ddd.annotation.Identity;

/**
 * The key a license-key grant delivered, and the machines it is activated on. Its status is derived from
 * the instant it is read at: a key past {@code expiresAt} reads as expired without anyone writing it.
 */
@AggregateRoot
public record LicenseKey(
        @Identity LicenseKeyId id,
        BusinessId businessId,
        GrantId grantId,
        CustomerId customerId,
        EntitlementId entitlementId,
        LicenseKeyValue value,
        LicenseKeySource source,
        Option<ActivationsLimit> activationsLimit,
        Option<Instant> expiresAt,
        Option<Instant> disabledAt,
        List<LicenseKeyInstance> instances,
        Instant createdAt,
        Instant updatedAt,
        long version) {

    public LicenseKey {
        if (id == null || businessId == null || grantId == null || customerId == null || entitlementId == null
                || value == null || source == null || activationsLimit == null || expiresAt == null || disabledAt == null
                || instances == null || createdAt == null || updatedAt == null) {
            throw new IllegalArgumentException("license key breaks its structural rules");
        }
        if (instances.map(LicenseKeyInstance::id).distinct().size() != instances.size()) {
            throw new IllegalArgumentException("instance ids repeat");
        }
    }

    /** The result of an activation: the key with its new instance, and the event it raised. */
    public record Activation(LicenseKey licenseKey, LicenseKeyInstance instance, InstanceActivated event) {}

    /** The result of a deactivation: the key without the instance, and the event it raised. */
    public record Deactivation(LicenseKey licenseKey, InstanceDeactivated event) {}

    public static LicenseKey issue(LicenseKeyId id, BusinessId businessId, GrantId grantId, CustomerId customerId,
                                   EntitlementId entitlementId, LicenseKeyValue value, LicenseKeySource source,
                                   Option<ActivationsLimit> limit, Option<Instant> expiresAt, Instant at) {
        return new LicenseKey(id, businessId, grantId, customerId, entitlementId, value, source, limit, expiresAt,
                Option.none(), List.empty(), at, at, 0);
    }

    public LicenseKeyStatus statusAt(Instant at) {
        if (disabledAt.isDefined()) {
            return LicenseKeyStatus.DISABLED;
        }
        if (expiresAt.exists(expiry -> !at.isBefore(expiry))) {
            return LicenseKeyStatus.EXPIRED;
        }
        return LicenseKeyStatus.ACTIVE;
    }

    public int activationsUsed() {
        return instances.size();
    }

    public Either<GrantorError, Activation> activate(InstanceId instanceId, String name, Instant at) {
        var status = statusAt(at);
        if (status != LicenseKeyStatus.ACTIVE) {
            return Either.left(new InactiveLicenseKey(status.wire()));
        }
        if (activationsLimit.exists(limit -> !limit.allowsAnother(instances.size()))) {
            return Either.left(new LicenseKeyLimitReached(activationsLimit.get().value()));
        }
        var instance = new LicenseKeyInstance(instanceId, name, at);
        var next = withInstances(instances.append(instance), at);
        return Either.right(new Activation(next, instance, new InstanceActivated(next, instance, at)));
    }

    /** True only for an active key and, when an instance is named, an instance of this key. */
    public boolean validate(Option<InstanceId> instanceId, Instant at) {
        return statusAt(at) == LicenseKeyStatus.ACTIVE && instanceId.forAll(this::hasInstance);
    }

    public Either<GrantorError, Deactivation> deactivate(InstanceId instanceId, Instant at) {
        return instances.find(i -> i.id().equals(instanceId))
                .toEither(() -> (GrantorError) new LicenseKeyNotFound())
                .map(instance -> {
                    var next = withInstances(instances.remove(instance), at);
                    return new Deactivation(next, new InstanceDeactivated(next, instance, at));
                });
    }

    /** Revoking the grant disables its key; disabling twice keeps the first time. */
    public LicenseKey disable(Instant at) {
        return disabledAt.isDefined() ? this
                : new LicenseKey(id, businessId, grantId, customerId, entitlementId, value, source, activationsLimit,
                        expiresAt, Option.some(at), instances, createdAt, later(at), version);
    }

    public boolean hasInstance(InstanceId instanceId) {
        return instances.exists(i -> i.id().equals(instanceId));
    }

    private LicenseKey withInstances(List<LicenseKeyInstance> next, Instant at) {
        return new LicenseKey(id, businessId, grantId, customerId, entitlementId, value, source, activationsLimit,
                expiresAt, disabledAt, next, createdAt, later(at), version);
    }

    private Instant later(Instant at) {
        return at.isBefore(updatedAt) ? updatedAt : at;
    }
}

package dev.grantor.domain.grant;

import dev.grantor.domain.entitlement.ActivationsLimit;
import dev.grantor.domain.grant.LicenseKeyEvent.InstanceActivated;
import dev.grantor.domain.grant.LicenseKeyEvent.InstanceDeactivated;
import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.CustomerId;
import dev.grantor.domain.shared.EntitlementId;
import dev.grantor.domain.shared.GrantId;
import dev.grantor.domain.shared.GrantorError;
import dev.grantor.domain.grant.LicenseKeyEvent.LicenseKeyCreated;
import dev.grantor.domain.grant.LicenseKeyEvent.LicenseKeyRotated;
import dev.grantor.domain.shared.GrantorError.ActivationLimitLessThanCurrentAmount;
import dev.grantor.domain.shared.GrantorError.InactiveLicenseKey;
import dev.grantor.domain.shared.GrantorError.NoExpiryOnSubscriptionLicenseKeys;
import dev.grantor.domain.shared.GrantorError.NotFound;
import dev.grantor.domain.shared.GrantorError.ValidationFailed;
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
        Option<GrantId> grantId,
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

    /** One instance, with the key it is an activation of. */
    public record Held(LicenseKey licenseKey, LicenseKeyInstance instance) {
        public Held {
            if (licenseKey == null || instance == null || !licenseKey.hasInstance(instance.id())) {
                throw new IllegalArgumentException("an instance is held by its own key");
            }
        }
    }

    /** The result of a deactivation: the key without the instance, and the event it raised. */
    public record Deactivation(LicenseKey licenseKey, InstanceDeactivated event) {}

    /** The result of a rotation: the key with its new value, and the event that names the old one by suffix only. */
    public record Rotation(LicenseKey licenseKey, LicenseKeyValue previousValue, LicenseKeyRotated event) {}

    public static LicenseKey issue(LicenseKeyId id, BusinessId businessId, GrantId grantId, CustomerId customerId,
                                   EntitlementId entitlementId, LicenseKeyValue value, LicenseKeySource source,
                                   Option<ActivationsLimit> limit, Option<Instant> expiresAt, Instant at) {
        return new LicenseKey(id, businessId, Option.some(grantId), customerId, entitlementId, value, source, limit,
                expiresAt, Option.none(), List.empty(), at, at, 0);
    }

    /**
     * The merchant's expiry for a key, whichever way the key comes (fulfilled by hand, imported, pooled, or changed):
     * when given, it must lie after {@code at}. The problem names the part {@code expiresAt}.
     */
    public static Either<GrantorError, Option<Instant>> futureExpiry(Option<Instant> expiresAt, Instant at) {
        return expiresAt.exists(expiry -> !expiry.isAfter(at))
                ? Either.left(ValidationFailed.of("expiresAt", "must be in the future"))
                : Either.right(expiresAt);
    }

    /**
     * A key the merchant sold elsewhere, brought in by hand: no grant stands behind it, and no email goes
     * out (the merchant already delivered it). An expiry must lie in the future.
     */
    public static Either<GrantorError, LicenseKeyChange> importKey(LicenseKeyId id, BusinessId businessId,
                                                                   CustomerId customerId, EntitlementId entitlementId,
                                                                   LicenseKeyValue value, Option<ActivationsLimit> limit,
                                                                   Option<Instant> expiresAt, Instant at) {
        return futureExpiry(expiresAt, at).map(expiry -> {
            var key = new LicenseKey(id, businessId, Option.none(), customerId, entitlementId, value, LicenseKeySource.IMPORT,
                    limit, expiry, Option.none(), List.empty(), at, at, 0);
            return new LicenseKeyChange(key, List.of(new LicenseKeyCreated(key, at)));
        });
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

    /** Enabling an enabled key changes nothing; whether its grant allows it is the grant's to say. */
    public LicenseKey enable(Instant at) {
        return disabledAt.isEmpty() ? this
                : new LicenseKey(id, businessId, grantId, customerId, entitlementId, value, source, activationsLimit,
                        expiresAt, Option.none(), instances, createdAt, later(at), version);
    }

    /**
     * The merchant's new limit: never below the instances in use ({@code null} on the wire, none here, lifts
     * the limit). Seats are freed by deleting instances, not by lowering the limit under them.
     */
    public Either<GrantorError, LicenseKey> limitActivations(Option<ActivationsLimit> limit, Instant at) {
        if (limit.exists(l -> l.value() < instances.size())) {
            return Either.left(new ActivationLimitLessThanCurrentAmount(limit.get().value(), instances.size()));
        }
        return Either.right(new LicenseKey(id, businessId, grantId, customerId, entitlementId, value, source, limit,
                expiresAt, disabledAt, instances, createdAt, later(at), version));
    }

    /**
     * The merchant's new expiry, or none. {@code fromSubscription}: the key lives as long as its subscription,
     * so it takes no expiry; one in the past would expire the key by accident, so it must lie in the future.
     */
    public Either<GrantorError, LicenseKey> expire(Option<Instant> expiry, boolean fromSubscription, Instant at) {
        if (expiry.isDefined() && fromSubscription) {
            return Either.left(new NoExpiryOnSubscriptionLicenseKeys(grantId.map(GrantId::value).getOrElse(id.value())));
        }
        var future = futureExpiry(expiry, at);
        if (future.isLeft()) {
            return Either.left(future.getLeft());
        }
        return Either.right(new LicenseKey(id, businessId, grantId, customerId, entitlementId, value, source,
                activationsLimit, expiry, disabledAt, instances, createdAt, later(at), version));
    }

    /**
     * Same key, new value: the old value stops matching the moment this is stored. Instances stay unless
     * {@code resetActivations}. The event names the old value by its last four characters only.
     */
    public Rotation rotate(LicenseKeyValue newValue, boolean resetActivations, Instant at) {
        if (newValue.equals(value)) {
            throw new IllegalArgumentException("a rotation needs a new value");
        }
        var next = new LicenseKey(id, businessId, grantId, customerId, entitlementId, newValue, source, activationsLimit,
                expiresAt, disabledAt, resetActivations ? List.empty() : instances, createdAt, later(at), version);
        return new Rotation(next, value, new LicenseKeyRotated(next, value.suffix(), at));
    }

    /** Renames one of this key's instances; an instance of another key is not found here. */
    public Either<GrantorError, LicenseKey> renameInstance(InstanceId instanceId, String name, Instant at) {
        return instances.find(i -> i.id().equals(instanceId))
                .toEither(() -> (GrantorError) new NotFound("license key instance", instanceId.value()))
                .map(instance -> withInstances(instances.replace(instance,
                        new LicenseKeyInstance(instance.id(), name, instance.createdAt())), at));
    }

    public Option<LicenseKeyInstance> instance(InstanceId instanceId) {
        return instances.find(i -> i.id().equals(instanceId));
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

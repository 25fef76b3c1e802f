package dev.grantor.application.service;

import dev.grantor.application.port.in.Licensing;
import dev.grantor.application.port.out.Customers;
import dev.grantor.application.port.out.Entitlements;
import dev.grantor.application.port.out.Grants;
import dev.grantor.application.port.out.IdGenerator;
import dev.grantor.application.port.out.LicenseKeys;
import dev.grantor.application.port.out.Transactions;
import dev.grantor.domain.grant.LicenseKey;
import dev.grantor.domain.grant.LicenseKeyInstance;
import dev.grantor.domain.grant.LicenseKeyStatus;
import dev.grantor.domain.grant.LicenseKeyValue;
import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.GrantorError;
import dev.grantor.domain.shared.GrantorError.InactiveLicenseKey;
import dev.grantor.domain.shared.GrantorError.InvalidRequest;
import dev.grantor.domain.shared.GrantorError.LicenseKeyNotFound;
import dev.grantor.domain.shared.InstanceId;
import io.vavr.collection.List;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.time.Instant;
import java.time.InstantSource;

/**
 * The public license endpoints. Keys are found by value alone. An activation is guarded by the key's
 * version: of two racing activations that would both fit under the limit, one is re-run, re-reads the
 * key with the other's instance on it, and meets the limit honestly.
 */
public final class LicensingService implements Licensing {

    private final WriteUnits units;
    private final Grants grants;
    private final Entitlements entitlements;
    private final LicenseKeys licenseKeys;
    private final Customers customers;
    private final IdGenerator ids;
    private final InstantSource clock;

    public LicensingService(Transactions transactions, Grants grants, Entitlements entitlements, LicenseKeys licenseKeys,
                            Customers customers, IdGenerator ids, InstantSource clock) {
        this.units = new WriteUnits(transactions);
        this.grants = grants;
        this.entitlements = entitlements;
        this.licenseKeys = licenseKeys;
        this.customers = customers;
        this.ids = ids;
        this.clock = clock;
    }

    @Override
    public Either<GrantorError, Activation> activate(ActivateLicense command) {
        if (command == null) {
            return Either.left(new InvalidRequest("the request body is required", List.empty()));
        }
        return keyValue(command.licenseKey())
                .flatMap(value -> LicenseKeyInstance.parseName("name", command.name())
                        .flatMap(name -> units.write(() -> licenseKeys.findForCheck(value, this::grantRevoked)
                                .toEither((GrantorError) new LicenseKeyNotFound()).flatMap(checked -> {
                            Instant now = clock.instant();
                            var key = checked.key();
                            if (checked.grantRevoked()) {
                                return Either.left(new InactiveLicenseKey(LicenseKeyStatus.DISABLED.wire()));
                            }
                            return key.activate(new InstanceId(ids.next(InstanceId.PREFIX)), name, now).map(activation -> {
                                licenseKeys.update(activation.licenseKey());
                                var customer = customers.find(key.businessId(), key.customerId())
                                        .getOrElseThrow(() -> new IllegalStateException("license key " + key.id().value() + " without customer"));
                                var entitlement = entitlements.find(key.businessId(), key.entitlementId())
                                        .getOrElseThrow(() -> new IllegalStateException("license key " + key.id().value() + " without entitlement"));
                                return new Activation(activation.instance(), activation.licenseKey(), customer, entitlement);
                            });
                        }))));
    }

    @Override
    public Either<GrantorError, Verdict> check(ValidateLicense command) {
        if (command == null) {
            return Either.left(new InvalidRequest("the request body is required", List.empty()));
        }
        if (command.licenseKey() == null || command.licenseKey().isBlank()) {
            return Either.left(InvalidRequest.of("license_key", "is required"));
        }
        var value = LicenseKeyValue.lookup(command.licenseKey());
        if (value.isEmpty()) {
            return Either.right(new Verdict(false, Option.none()));
        }
        Option<Option<InstanceId>> instance = command.licenseKeyInstanceId() == null ? Option.some(Option.none())
                : InstanceId.parse("license_key_instance_id", command.licenseKeyInstanceId()).toOption().map(Option::some);
        // No unit around the read: the SQL stores answer key and grant in one statement, one consistent view; a store
        // that reads them apart still answers the key's state at some instant of this call, because a grant is revoked
        // or restored in the same unit that disables or enables its key. The key is read even when the instance id is
        // malformed: the failed check is its owner's.
        var checked = licenseKeys.findForValidation(value.get(), instance.getOrElse(Option.none()), this::grantRevoked);
        boolean valid = instance.isDefined() && checked.exists(found ->
                found.key().validate(instance.get(), clock.instant()) && !found.grantRevoked());
        return Either.right(new Verdict(valid, checked.map(found -> found.key().businessId())));
    }

    @Override
    public Either<GrantorError, LicenseKey> deactivate(DeactivateLicense command) {
        if (command == null) {
            return Either.left(new InvalidRequest("the request body is required", List.empty()));
        }
        if (command.licenseKeyInstanceId() == null || command.licenseKeyInstanceId().isBlank()) {
            return Either.left(InvalidRequest.of("license_key_instance_id", "is required"));
        }
        return keyValue(command.licenseKey()).flatMap(value -> {
            var instance = InstanceId.parse("license_key_instance_id", command.licenseKeyInstanceId());
            if (instance.isLeft()) {
                return Either.left(new LicenseKeyNotFound());
            }
            return units.write(() -> key(value)
                    .flatMap(key -> key.deactivate(instance.get(), clock.instant()))
                    .map(deactivation -> {
                        licenseKeys.update(deactivation.licenseKey());
                        return deactivation.licenseKey();
                    }));
        });
    }

    @Override
    public Option<BusinessId> keyOwner(String licenseKey) {
        return Option.of(licenseKey).flatMap(LicenseKeyValue::lookup).flatMap(licenseKeys::findByValue).map(LicenseKey::businessId);
    }

    /** Missing is a bad request; present but impossible as a key is simply a key nobody has. */
    private static Either<GrantorError, LicenseKeyValue> keyValue(String candidate) {
        if (candidate == null || candidate.isBlank()) {
            return Either.left(InvalidRequest.of("license_key", "is required"));
        }
        return LicenseKeyValue.lookup(candidate).toEither(LicenseKeyNotFound::new);
    }

    private Either<GrantorError, LicenseKey> key(LicenseKeyValue value) {
        return licenseKeys.findByValue(value).toEither(LicenseKeyNotFound::new);
    }

    /** Revocation disables the key in the same unit; this guards keys written by other means too. An imported key has no grant. */
    private boolean grantRevoked(LicenseKey key) {
        return key.grantId().exists(grant -> grants.revoked(key.businessId(), grant));
    }
}

package dev.grantor.application.service;

import dev.grantor.application.port.in.LicenseCheckOut;
import dev.grantor.application.port.out.Grants;
import dev.grantor.application.port.out.LicenseKeys;
import dev.grantor.application.port.out.Transactions;
import dev.grantor.application.signing.LicenseFileWriter;
import dev.grantor.domain.grant.GrantStatus;
import dev.grantor.domain.grant.LicenseKeyInstance;
import dev.grantor.domain.grant.LicenseKeyStatus;
import dev.grantor.domain.grant.LicenseKeyValue;
import dev.grantor.domain.shared.GrantorError;
import dev.grantor.domain.shared.GrantorError.InactiveLicenseKey;
import dev.grantor.domain.shared.GrantorError.InvalidRequest;
import dev.grantor.domain.shared.GrantorError.LicenseKeyNotFound;
import dev.grantor.domain.shared.InstanceId;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/**
 * License files for the customer's software. The key must be usable as activation would find it: found
 * by value, active at this instant, its grant not revoked. The file never outlives the key: its expiry is
 * the requested TTL from now, or the key's own expiry if that comes first. A writing unit, because the
 * business's first signing key may be made here.
 */
public final class LicenseCheckOutService implements LicenseCheckOut {

    private final WriteUnits units;
    private final LicenseKeys licenseKeys;
    private final Grants grants;
    private final InstantSource clock;
    private final CommandValidation validation;
    private final LicenseFileWriter files;

    public LicenseCheckOutService(Transactions transactions, LicenseKeys licenseKeys, Grants grants, InstantSource clock,
                                  CommandValidation validation, LicenseFileWriter files) {
        this.units = new WriteUnits(transactions);
        this.licenseKeys = licenseKeys;
        this.grants = grants;
        this.clock = clock;
        this.validation = validation;
        this.files = files;
    }

    @Override
    public Either<GrantorError, String> checkOut(CheckOut command) {
        return validation.check(command).flatMap(valid -> {
            if (valid.licenseKey() == null || valid.licenseKey().isBlank()) {
                return Either.left(InvalidRequest.of("license_key", "is required"));
            }
            var value = LicenseKeyValue.lookup(valid.licenseKey());
            Either<GrantorError, Option<InstanceId>> instanceId = valid.licenseKeyInstanceId() == null
                    ? Either.right(Option.none())
                    : InstanceId.parse("license_key_instance_id", valid.licenseKeyInstanceId())
                            .<GrantorError>mapLeft(malformed -> new LicenseKeyNotFound()).map(Option::some);
            if (value.isEmpty()) {
                return Either.left(new LicenseKeyNotFound());
            }
            long ttl = valid.ttlSeconds() == null ? DEFAULT_TTL_SECONDS : valid.ttlSeconds();
            return instanceId.flatMap(instance -> units.write(() -> file(value.get(), instance, Duration.ofSeconds(ttl))));
        });
    }

    private Either<GrantorError, String> file(LicenseKeyValue value, Option<InstanceId> instanceId, Duration ttl) {
        var found = licenseKeys.findByValue(value);
        if (found.isEmpty()) {
            return Either.left(new LicenseKeyNotFound());
        }
        var key = found.get();
        Instant now = clock.instant();
        if (key.grantId().flatMap(grant -> grants.find(key.businessId(), grant)).exists(g -> g.status() == GrantStatus.REVOKED)) {
            return Either.left(new InactiveLicenseKey(LicenseKeyStatus.DISABLED.wire()));
        }
        var status = key.statusAt(now);
        if (status != LicenseKeyStatus.ACTIVE) {
            return Either.left(new InactiveLicenseKey(status.wire()));
        }
        Option<LicenseKeyInstance> instance = Option.none();
        if (instanceId.isDefined()) {
            instance = key.instances().find(i -> i.id().equals(instanceId.get()));
            if (instance.isEmpty()) {
                return Either.left(new LicenseKeyNotFound());
            }
        }
        Instant expiry = now.plus(ttl);
        if (key.expiresAt().exists(expiry::isAfter)) {
            expiry = key.expiresAt().get();
        }
        return Either.right(files.write(key, instance, now, expiry));
    }
}

package dev.grantor.domain.event;

import dev.grantor.domain.license.LicenseKey;
import dev.grantor.domain.license.LicenseKeyInstance;
import dev.grantor.domain.shared.BusinessId;
import java.time.Instant;

public sealed interface LicenseKeyEvent extends GrantorEvent {

    LicenseKey licenseKey();

    @Override
    default BusinessId businessId() {
        return licenseKey().businessId();
    }

    record LicenseKeyCreated(LicenseKey licenseKey, Instant occurredAt) implements LicenseKeyEvent {}

    record InstanceActivated(LicenseKey licenseKey, LicenseKeyInstance instance, Instant occurredAt) implements LicenseKeyEvent {}

    record InstanceDeactivated(LicenseKey licenseKey, LicenseKeyInstance instance, Instant occurredAt) implements LicenseKeyEvent {}
}

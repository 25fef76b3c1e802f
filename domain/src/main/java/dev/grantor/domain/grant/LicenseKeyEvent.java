package dev.grantor.domain.grant;

import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.grant.GrantorEvent;
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

    /** Carries the key with its new value, and of the old value only its last four characters. */
    record LicenseKeyRotated(LicenseKey licenseKey, String previousKeySuffix, Instant occurredAt) implements LicenseKeyEvent {}
}

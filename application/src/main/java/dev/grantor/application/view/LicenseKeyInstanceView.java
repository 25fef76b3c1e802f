package dev.grantor.application.view;

import dev.grantor.domain.grant.LicenseKey;
import java.time.Instant;

/** Dodo's {@code LicenseKeyInstance} object. */
public record LicenseKeyInstanceView(String id, String businessId, String licenseKeyId, String name, Instant createdAt) {

    public static LicenseKeyInstanceView of(LicenseKey.Held held) {
        return new LicenseKeyInstanceView(held.instance().id().value(), held.licenseKey().businessId().value(),
                held.licenseKey().id().value(), held.instance().name(), held.instance().createdAt());
    }
}

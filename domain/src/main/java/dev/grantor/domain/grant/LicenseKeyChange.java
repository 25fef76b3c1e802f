package dev.grantor.domain.grant;

import dev.grantor.domain.grant.GrantorEvent;
import io.vavr.collection.List;

/** What a change of a key on its own (no grant involved) produced: the key as it now is, and its events. */
public record LicenseKeyChange(LicenseKey licenseKey, List<GrantorEvent> events) {

    public LicenseKeyChange {
        if (licenseKey == null || events == null) {
            throw new IllegalArgumentException("a key change has a key and events");
        }
    }
}

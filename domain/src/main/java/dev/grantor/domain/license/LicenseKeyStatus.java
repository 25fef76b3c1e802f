package dev.grantor.domain.license;

import java.util.Locale;

/** Derived, never stored: {@code expired} depends on the instant it is read at. */
public enum LicenseKeyStatus {
    ACTIVE, EXPIRED, DISABLED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}

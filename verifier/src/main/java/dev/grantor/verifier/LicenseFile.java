package dev.grantor.verifier;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What a license file holds once decrypted: the license key as it stood when the file was checked out,
 * the instance (machine) it was checked out for, and the file's own validity window.
 *
 * @param licenseKeyId     the license key's id ({@code lic_…})
 * @param status           the key's status when the file was made ({@code active})
 * @param expiresAt        the key's own expiry, if it has one
 * @param activationsLimit the key's activation limit, if it has one
 * @param instanceId       the instance the file is bound to ({@code lki_…}), if it was checked out for one
 * @param instanceName     that instance's name
 * @param issued           when the file was made
 * @param expiry           when the file stops being valid; the application checks out a fresh one before
 */
public record LicenseFile(String licenseKeyId, String status, Optional<Instant> expiresAt, OptionalInt activationsLimit,
                          Optional<String> instanceId, Optional<String> instanceName, Instant issued, Instant expiry) {

    public LicenseFile {
        Objects.requireNonNull(licenseKeyId, "licenseKeyId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(activationsLimit, "activationsLimit");
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(instanceName, "instanceName");
        Objects.requireNonNull(issued, "issued");
        Objects.requireNonNull(expiry, "expiry");
    }
}

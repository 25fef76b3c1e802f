package dev.grantor.verifier;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What a signed license key says about itself, as Grantor signed it.
 *
 * @param version          the payload format, 1
 * @param kid              the signing key's id in the business's JWKS
 * @param licenseKeyId     the license key's id ({@code lic_…})
 * @param entitlementId    the entitlement the key was issued for ({@code ent_…}; the SDKs call it the product)
 * @param businessId       the merchant's business ({@code bus_…})
 * @param issuedAt         when the key was issued, to the second
 * @param expiresAt        when the key stops being valid; empty for a key without expiry
 * @param activationsLimit how many machines the merchant allows; empty for no limit
 */
public record KeyPayload(int version, String kid, String licenseKeyId, String entitlementId, String businessId,
                         Instant issuedAt, Optional<Instant> expiresAt, OptionalInt activationsLimit) {

    public KeyPayload {
        Objects.requireNonNull(kid, "kid");
        Objects.requireNonNull(licenseKeyId, "licenseKeyId");
        Objects.requireNonNull(entitlementId, "entitlementId");
        Objects.requireNonNull(businessId, "businessId");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(activationsLimit, "activationsLimit");
    }
}

package dev.grantor.domain.grant;

import dev.grantor.domain.grant.LicenseKeyValue;
import dev.grantor.domain.shared.BrandId;
import dev.grantor.domain.shared.CustomerId;
import dev.grantor.domain.shared.GrantId;
import dev.grantor.domain.shared.LicenseKeyId;
import dev.grantor.domain.shared.Metadata;
import io.vavr.control.Option;
import org.jmolecules.ddd.annotation.ValueObject;

/**
 * Everything an issue needs besides the entitlement and the time. The generated key comes in from outside
 * (the model has no randomness); it is used only for auto license-key entitlements.
 */
@ValueObject
public record GrantIssue(GrantId grantId, BrandId brandId, CustomerId customerId, GrantOrigin origin, Metadata metadata,
                         Option<GeneratedKey> generatedKey) {

    public record GeneratedKey(LicenseKeyId licenseKeyId, LicenseKeyValue value) {}

    public GrantIssue {
        if (grantId == null || brandId == null || customerId == null || origin == null || metadata == null || generatedKey == null) {
            throw new IllegalArgumentException("an issue names the grant, brand, customer, origin and metadata");
        }
    }
}

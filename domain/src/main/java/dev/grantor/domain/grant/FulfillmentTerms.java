package dev.grantor.domain.grant;

import dev.grantor.domain.entitlement.ActivationsLimit;
import dev.grantor.domain.grant.LicenseKeyValue;
import io.vavr.control.Option;
import java.time.Instant;
import org.jmolecules.ddd.annotation.ValueObject;

/** The merchant's side of a manual fulfillment: the key, and optional overrides of limit and expiry. */
@ValueObject
public record FulfillmentTerms(LicenseKeyValue key, Option<ActivationsLimit> activationsLimit, Option<Instant> expiresAt) {

    public FulfillmentTerms {
        if (key == null || activationsLimit == null || expiresAt == null) {
            throw new IllegalArgumentException("fulfillment terms need a key");
        }
    }
}

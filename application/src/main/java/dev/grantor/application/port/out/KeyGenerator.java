package dev.grantor.application.port.out;

import dev.grantor.domain.grant.LicenseKeyValue;

/** Keys for auto fulfillment: at least 120 bits from a secure random source, in readable groups. */
public interface KeyGenerator {

    LicenseKeyValue generate();
}

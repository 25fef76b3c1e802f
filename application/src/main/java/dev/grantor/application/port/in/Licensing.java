package dev.grantor.application.port.in;

import dev.grantor.domain.customer.Customer;
import dev.grantor.domain.entitlement.Entitlement;
import dev.grantor.domain.grant.LicenseKey;
import dev.grantor.domain.grant.LicenseKeyInstance;
import dev.grantor.domain.shared.GrantorError;
import io.vavr.control.Either;

/** The public license endpoints, called by the customer's installed software: no business, no API key. */
public interface Licensing {

    record ActivateLicense(String licenseKey, String name) {}

    record ValidateLicense(String licenseKey, String licenseKeyInstanceId) {}

    record DeactivateLicense(String licenseKey, String licenseKeyInstanceId) {}

    record Activation(LicenseKeyInstance instance, LicenseKey licenseKey, Customer customer, Entitlement entitlement) {}

    Either<GrantorError, Activation> activate(ActivateLicense command);

    /** An unknown key, or an instance that is not of that key, is simply not valid. */
    Either<GrantorError, Boolean> validate(ValidateLicense command);

    Either<GrantorError, LicenseKey> deactivate(DeactivateLicense command);
}

package dev.grantor.application.port.in;

import dev.grantor.domain.customer.Customer;
import dev.grantor.domain.entitlement.Entitlement;
import dev.grantor.domain.grant.LicenseKey;
import dev.grantor.domain.grant.LicenseKeyInstance;
import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.GrantorError;
import io.vavr.control.Either;
import io.vavr.control.Option;

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

    /**
     * The business whose key {@code licenseKey} is; none for a key nobody has. The edge charges a failed check of an
     * existing key to that business's budget, so one business's failing keys cannot slow another's.
     */
    Option<BusinessId> keyOwner(String licenseKey);
}

package dev.grantor.application.port.in;

import dev.grantor.domain.customer.Customer;
import dev.grantor.domain.entitlement.Entitlement;
import dev.grantor.domain.grant.LicenseKey;
import dev.grantor.domain.grant.LicenseKeyInstance;
import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.GrantorError;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.util.Objects;

/** The public license endpoints, called by the customer's installed software: no business, no API key. */
public interface Licensing {

    record ActivateLicense(String licenseKey, String name) {}

    record ValidateLicense(String licenseKey, String licenseKeyInstanceId) {}

    record DeactivateLicense(String licenseKey, String licenseKeyInstanceId) {}

    record Activation(LicenseKeyInstance instance, LicenseKey licenseKey, Customer customer, Entitlement entitlement) {}

    Either<GrantorError, Activation> activate(ActivateLicense command);

    /**
     * How a check of a key went, and whose key it is: none for a key nobody has. The edge charges a failed check to the
     * owner's budget, and learns the owner here from the read that judged the key instead of reading the key again.
     */
    record Verdict(boolean valid, Option<BusinessId> keyOwner) {
        public Verdict {
            Objects.requireNonNull(keyOwner, "keyOwner");
        }
    }

    /** An unknown key, or an instance that is not of that key, is simply not valid. */
    default Either<GrantorError, Boolean> validate(ValidateLicense command) {
        return check(command).map(Verdict::valid);
    }

    /** {@link #validate}, with the key's owner as the same read found it. */
    Either<GrantorError, Verdict> check(ValidateLicense command);

    Either<GrantorError, LicenseKey> deactivate(DeactivateLicense command);

    /**
     * The business whose key {@code licenseKey} is; none for a key nobody has. The edge charges a failed check of an
     * existing key to that business's budget, so one business's failing keys cannot slow another's.
     */
    Option<BusinessId> keyOwner(String licenseKey);
}

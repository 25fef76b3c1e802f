package dev.grantor.domain.customer;

import dev.grantor.domain.shared.EmailAddress;
import dev.grantor.domain.shared.Metadata;
import io.vavr.control.Option;
import org.jmolecules.ddd.annotation.ValueObject;

/**
 * The parts of a customer a merchant changes. An absent part is kept; {@code name} and {@code phoneNumber} are doubly
 * optional because removing them differs from leaving them alone. {@code metadata} replaces the whole map.
 */
@ValueObject
public record CustomerChange(Option<EmailAddress> email, Option<Option<CustomerName>> name,
                             Option<Option<PhoneNumber>> phoneNumber, Option<Metadata> metadata) {

    public CustomerChange {
        if (email == null || name == null || phoneNumber == null || metadata == null) {
            throw new IllegalArgumentException("use Option.none() for an untouched part");
        }
    }
}

package dev.grantor.domain.customer;

import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.CustomerId;
import dev.grantor.domain.shared.EmailAddress;
import io.vavr.control.Option;
import java.time.Instant;
import org.jmolecules.ddd.annotation.AggregateRoot;
import org.jmolecules.ddd.annotation.Identity;

/** Who receives grants. Unique per business by email, compared case-insensitively. */
@AggregateRoot
public record Customer(@Identity CustomerId id, BusinessId businessId, EmailAddress email, Option<CustomerName> name,
                       Instant createdAt, Instant updatedAt) {

    public Customer {
        if (id == null || businessId == null || email == null || name == null || createdAt == null || updatedAt == null) {
            throw new IllegalArgumentException("customer breaks its structural rules");
        }
    }

    public static Customer register(CustomerId id, BusinessId businessId, EmailAddress email, Option<CustomerName> name, Instant at) {
        return new Customer(id, businessId, email, name, at, at);
    }

    /** A purchase tells us the customer's current address and name; an absent name keeps the known one. */
    public Customer updateContact(EmailAddress newEmail, Option<CustomerName> newName, Instant at) {
        var nextName = newName.orElse(name);
        if (newEmail.equals(email) && nextName.equals(name)) {
            return this;
        }
        return new Customer(id, businessId, newEmail, nextName, createdAt, at.isBefore(updatedAt) ? updatedAt : at);
    }
}

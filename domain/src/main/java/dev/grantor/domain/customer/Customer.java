package dev.grantor.domain.customer;

import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.CustomerId;
import dev.grantor.domain.shared.EmailAddress;
import dev.grantor.domain.shared.Metadata;
import io.vavr.control.Option;
import java.time.Instant;
import org.jmolecules.ddd.annotation.AggregateRoot;
import org.jmolecules.ddd.annotation.Identity;

/**
 * Who receives grants. Unique per business by email, compared case-insensitively. The phone number and metadata are
 * the merchant's own records of the customer: kept and shown, never used by the engine.
 */
@AggregateRoot
public record Customer(@Identity CustomerId id, BusinessId businessId, EmailAddress email, Option<CustomerName> name,
                       Option<PhoneNumber> phoneNumber, Metadata metadata, Instant createdAt, Instant updatedAt) {

    public Customer {
        if (id == null || businessId == null || email == null || name == null || phoneNumber == null || metadata == null
                || createdAt == null || updatedAt == null) {
            throw new IllegalArgumentException("customer breaks its structural rules");
        }
    }

    /** As a purchase first names them: an email and perhaps a name. */
    public static Customer register(CustomerId id, BusinessId businessId, EmailAddress email, Option<CustomerName> name, Instant at) {
        return register(id, businessId, email, name, Option.none(), Metadata.EMPTY, at);
    }

    /** As a merchant creates them ahead of any purchase. */
    public static Customer register(CustomerId id, BusinessId businessId, EmailAddress email, Option<CustomerName> name,
                                    Option<PhoneNumber> phoneNumber, Metadata metadata, Instant at) {
        return new Customer(id, businessId, email, name, phoneNumber, metadata, at, at);
    }

    /** The merchant's change: each given part replaces the current one; nothing given, or nothing new, is this customer. */
    public Customer change(CustomerChange change, Instant at) {
        var next = new Customer(id, businessId, change.email().getOrElse(email), change.name().getOrElse(name),
                change.phoneNumber().getOrElse(phoneNumber), change.metadata().getOrElse(metadata), createdAt, updatedAt);
        return next.equals(this) ? this : next.touched(at);
    }

    /** A purchase tells us the customer's current address and name; an absent name keeps the known one. */
    public Customer updateContact(EmailAddress newEmail, Option<CustomerName> newName, Instant at) {
        var nextName = newName.orElse(name);
        if (newEmail.equals(email) && nextName.equals(name)) {
            return this;
        }
        return new Customer(id, businessId, newEmail, nextName, phoneNumber, metadata, createdAt, updatedAt).touched(at);
    }

    private Customer touched(Instant at) {
        return new Customer(id, businessId, email, name, phoneNumber, metadata, createdAt, at.isBefore(updatedAt) ? updatedAt : at);
    }
}

package dev.grantor.application.port.in;

import dev.grantor.domain.customer.Customer;
import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.GrantorError;
import io.vavr.control.Either;
import java.util.Map;

/**
 * A business's customers, kept by the merchant as well as read: created ahead of any purchase (so a key can be
 * imported for them) and changed. An email is unique per business, compared case-insensitively. Each creation and each
 * change that changes something is an entry in the audit trail, by the {@link Actor} the caller names, written in the
 * unit of work of the change: a refused change writes none, and an entry is never written without its change. The
 * calls that name no actor are the host application's ({@link Actor.Host}).
 */
public interface CustomerManagement extends CustomerQueries {

    /** The audit trail's action for a customer created by {@link #create}; the detail names its email. */
    String CREATED = "created the customer";

    /**
     * The audit trail's action for a change of a customer (by {@link #update}, or an issue that refreshes its contact);
     * the detail names the parts that changed, the email's old and new address included ("email a → b, name").
     */
    String CHANGED = "changed the customer";

    /**
     * {@code metadata} holds plain JSON values (String, Number, Boolean): a map on purpose, its keys are the
     * merchant's. No constraint annotations: each part is checked once, by the value that reads it.
     */
    record CreateCustomer(String email, String name, String phoneNumber, Map<String, Object> metadata) {}

    /**
     * A partial update: null leaves a part as it is. {@code clearPhoneNumber} removes the phone number (a JSON
     * {@code "phone_number": null}), which an absent field must not do; a blank name removes the name.
     */
    record UpdateCustomer(String email, String name, String phoneNumber, boolean clearPhoneNumber,
                          Map<String, Object> metadata) {}

    /** The customer, and whether this call created them ({@code false}: the business had one with this email). */
    record Registration(Customer customer, boolean created) {}

    /**
     * A new customer, or the business's customer with this email as they are: a second create never makes a second
     * customer for one email, nor changes the first (that is {@link #update}'s work).
     */
    Either<GrantorError, Registration> create(BusinessId business, CreateCustomer command, Actor by);

    /** {@link #create(BusinessId, CreateCustomer, Actor)} by the host application. */
    default Either<GrantorError, Registration> create(BusinessId business, CreateCustomer command) {
        return create(business, command, new Actor.Host());
    }

    /**
     * {@code NOT_FOUND} for an unknown id, a malformed one, or another business's customer; an email another customer
     * of the business has is {@code VALIDATION_FAILED} on {@code email}.
     */
    Either<GrantorError, Customer> update(BusinessId business, String customerId, UpdateCustomer command, Actor by);

    /** {@link #update(BusinessId, String, UpdateCustomer, Actor)} by the host application. */
    default Either<GrantorError, Customer> update(BusinessId business, String customerId, UpdateCustomer command) {
        return update(business, customerId, command, new Actor.Host());
    }

    /**
     * A customer's contact as someone saw it before changing it (a page, a form): each part as shown, {@code ""} for
     * none. Compared as the engine trims text.
     */
    record SeenContact(String email, String name, String phoneNumber) {}

    /**
     * {@link #update(BusinessId, String, UpdateCustomer, Actor)}, made only on the contact {@code seen}: a part the
     * command changes whose stored value is no longer what was seen is {@code VALIDATION_FAILED} on that part ("changed
     * since it was read"), checked in the change's unit with the customer held, and nothing is written. Of two changes
     * made from one view, the second is refused, never written over the first unseen. Parts the command leaves alone
     * may have changed meanwhile.
     */
    Either<GrantorError, Customer> update(BusinessId business, String customerId, UpdateCustomer command, SeenContact seen,
                                          Actor by);

    /** {@link #update(BusinessId, String, UpdateCustomer, SeenContact, Actor)} by the host application. */
    default Either<GrantorError, Customer> update(BusinessId business, String customerId, UpdateCustomer command,
                                                  SeenContact seen) {
        return update(business, customerId, command, seen, new Actor.Host());
    }
}

package dev.grantor.application.port.out;

import dev.grantor.domain.customer.Customer;
import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.CustomerId;
import dev.grantor.domain.shared.EmailAddress;
import io.vavr.collection.List;
import io.vavr.control.Option;

public interface Customers {

    /** Throws {@link DuplicateRecord} ({@code CUSTOMER_EMAIL}) when the business has this email already. */
    void insert(Customer customer);

    /** Last writer wins: contact details are not guarded by a version. */
    void update(Customer customer);

    Option<Customer> find(BusinessId business, CustomerId id);

    /** Case-insensitive, by {@link EmailAddress#matchKey()}. */
    Option<Customer> findByEmail(BusinessId business, EmailAddress email);

    /** Newest first; with an email, only the customer it names (case-insensitively), if any. */
    List<Customer> list(BusinessId business, Option<EmailAddress> email, Page page);
}

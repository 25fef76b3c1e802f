package dev.grantor.application.view;

import dev.grantor.domain.customer.Customer;
import dev.grantor.domain.customer.CustomerName;
import dev.grantor.domain.customer.PhoneNumber;
import dev.grantor.domain.shared.Metadata;
import java.time.Instant;

/** Dodo's {@code Customer}: a customer without a phone number has {@code null}, one without metadata {@code {}}. */
public record CustomerView(String businessId, Instant createdAt, String customerId, String email, String name,
                           Metadata metadata, String phoneNumber) {

    public static CustomerView of(Customer customer) {
        return new CustomerView(customer.businessId().value(), customer.createdAt(), customer.id().value(),
                customer.email().value(), nameOf(customer), customer.metadata(),
                customer.phoneNumber().map(PhoneNumber::value).getOrNull());
    }

    /**
     * The SDK types a customer's {@code name} as a string, never null, here and in an activation's {@code customer}
     * ({@code CustomerLimitedDetails}): a customer known only by an email is {@code ""}.
     */
    public static String nameOf(Customer customer) {
        return customer.name().map(CustomerName::value).getOrElse("");
    }
}

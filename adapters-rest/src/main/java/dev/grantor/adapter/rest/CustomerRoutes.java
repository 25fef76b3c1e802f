package dev.grantor.adapter.rest;

import static dev.grantor.adapter.rest.Route.Guard.MERCHANT_READ;

import dev.grantor.application.port.in.CustomerQueries;
import dev.grantor.application.port.in.CustomerQueries.ListCustomers;
import dev.grantor.domain.customer.Customer;
import dev.grantor.domain.customer.CustomerName;
import io.vavr.collection.List;
import dev.grantor.domain.shared.Metadata;
import java.time.Instant;

/** Dodo's {@code GET /customers} and {@code GET /customers/{customer_id}}: who bought, within the caller's business. */
final class CustomerRoutes {

    /**
     * Dodo's {@code Customer}. Its {@code name} is a string, never null: a customer known only by an email has
     * {@code ""}. Grantor keeps no customer metadata or phone number, so they are {@code {}} and {@code null}.
     */
    record CustomerBody(String businessId, Instant createdAt, String customerId, String email, String name, Metadata metadata,
                        String phoneNumber) {

        static CustomerBody of(Customer customer) {
            return new CustomerBody(customer.businessId().value(), customer.createdAt(), customer.id().value(),
                    customer.email().value(), customer.name().map(CustomerName::value).getOrElse(""), Metadata.EMPTY, null);
        }
    }

    /** A page in Dodo's list shape. */
    record CustomerPage(java.util.List<CustomerBody> items) {}

    private final CustomerQueries customers;

    CustomerRoutes(CustomerQueries customers) {
        this.customers = customers;
    }

    List<Route> routes() {
        return List.of(
                Route.get("/customers", MERCHANT_READ, this::list),
                Route.get("/customers/{customer_id}", MERCHANT_READ, this::get));
    }

    private Reply list(Call call) {
        return call.queryInteger("page_size")
                .flatMap(size -> call.queryInteger("page_number")
                        .map(number -> new ListCustomers(size, number, call.query("email"))))
                .flatMap(query -> customers.list(call.business(), query))
                .fold(ErrorReplies::of, page -> Reply.json(200, new CustomerPage(page.map(CustomerBody::of).toJavaList())));
    }

    private Reply get(Call call) {
        return customers.get(call.business(), call.path("customer_id"))
                .fold(ErrorReplies::of, customer -> Reply.json(200, CustomerBody.of(customer)));
    }
}

package dev.grantor.adapter.rest;

import static dev.grantor.adapter.rest.Route.Guard.MERCHANT_READ;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.grantor.application.port.in.CustomerQueries;
import dev.grantor.application.port.in.CustomerQueries.ListCustomers;
import dev.grantor.application.wire.Wire;
import dev.grantor.domain.customer.Customer;
import dev.grantor.domain.customer.CustomerName;
import io.vavr.collection.List;
import java.util.Map;

/** Dodo's {@code GET /customers} and {@code GET /customers/{customer_id}}: who bought, within the caller's business. */
final class CustomerRoutes {

    /**
     * Dodo's {@code Customer}. Its {@code name} is a string, never null: a customer known only by an email has
     * {@code ""}. Grantor keeps no customer metadata or phone number, so they are {@code {}} and {@code null}.
     */
    record CustomerBody(@JsonProperty("business_id") String businessId, @JsonProperty("created_at") String createdAt,
                        @JsonProperty("customer_id") String customerId, String email, String name,
                        Map<String, Object> metadata, @JsonProperty("phone_number") String phoneNumber) {

        static CustomerBody of(Customer customer) {
            return new CustomerBody(customer.businessId().value(), Wire.timestamp(customer.createdAt()), customer.id().value(),
                    customer.email().value(), customer.name().map(CustomerName::value).getOrElse(""), Map.of(), null);
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

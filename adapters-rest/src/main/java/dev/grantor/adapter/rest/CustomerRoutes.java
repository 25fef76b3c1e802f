package dev.grantor.adapter.rest;

import static dev.grantor.adapter.rest.Route.Guard.MERCHANT_READ;

import dev.grantor.application.port.in.CustomerQueries;
import dev.grantor.application.port.in.CustomerQueries.ListCustomers;
import dev.grantor.application.view.CustomerView;
import io.vavr.collection.List;

/** Dodo's {@code GET /customers} and {@code GET /customers/{customer_id}}: who bought, within the caller's business. */
final class CustomerRoutes {

    /** A page in Dodo's list shape. */
    record CustomerPage(java.util.List<CustomerView> items) {}

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
                .flatMap(size -> call.queryInteger("page_number").flatMap(number ->
                        call.queryTimestamp("created_at_gte").flatMap(from -> call.queryTimestamp("created_at_lte").map(to ->
                                new ListCustomers(size, number, call.query("email"), call.query("name"), from, to)))))
                .flatMap(query -> customers.list(call.business(), query))
                .fold(ErrorReplies::of, page -> Reply.json(200, new CustomerPage(page.map(CustomerView::of).toJavaList())));
    }

    private Reply get(Call call) {
        return customers.get(call.business(), call.path("customer_id"))
                .fold(ErrorReplies::of, customer -> Reply.json(200, CustomerView.of(customer)));
    }
}

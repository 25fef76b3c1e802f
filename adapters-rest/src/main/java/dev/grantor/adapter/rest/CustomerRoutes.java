package dev.grantor.adapter.rest;

import static dev.grantor.adapter.rest.Route.Guard.MERCHANT_READ;
import static dev.grantor.adapter.rest.Route.Guard.MERCHANT_WRITE;

import dev.grantor.application.port.in.CustomerManagement;
import dev.grantor.application.port.in.CustomerManagement.CreateCustomer;
import dev.grantor.application.port.in.CustomerManagement.UpdateCustomer;
import dev.grantor.application.port.in.CustomerQueries.ListCustomers;
import dev.grantor.application.view.CustomerView;
import io.vavr.collection.List;

/** Dodo's {@code /customers}: who bought or will, within the caller's business. */
final class CustomerRoutes {

    /** A page in Dodo's list shape. */
    record CustomerPage(java.util.List<CustomerView> items) {}

    private final CustomerManagement customers;

    CustomerRoutes(CustomerManagement customers) {
        this.customers = customers;
    }

    List<Route> routes() {
        return List.of(
                Route.post("/customers", MERCHANT_WRITE, this::create),
                Route.get("/customers", MERCHANT_READ, this::list),
                Route.get("/customers/{customer_id}", MERCHANT_READ, this::get),
                Route.patch("/customers/{customer_id}", MERCHANT_WRITE, this::update));
    }

    /**
     * 201 with the new customer; 200 with the business's customer of this email, as they are. The customer's history
     * names the API key that created it.
     */
    private Reply create(Call call) {
        return call.fields()
                .flatMap(body -> body.result(new CreateCustomer(body.requiredString("email"), body.optionalString("name"),
                        body.optionalString("phone_number"), body.optionalObject("metadata"))))
                .flatMap(command -> customers.create(call.business(), command, call.actor()))
                .fold(ErrorReplies::of, registration -> Reply.json(registration.created() ? 201 : 200,
                        CustomerView.of(registration.customer())));
    }

    /**
     * Null leaves a field as it is, which is what the official SDKs send for a field the caller did not set, except
     * {@code phone_number}, which null removes (the customer shows {@code null} without one). A change is recorded in
     * the customer's history by the API key that made it.
     */
    private Reply update(Call call) {
        return Replies.ok(call.fields()
                .flatMap(body -> body.result(new UpdateCustomer(body.optionalString("email"), body.optionalString("name"),
                        body.optionalString("phone_number"), body.isNull("phone_number"), body.optionalObject("metadata"))))
                .flatMap(command -> customers.update(call.business(), call.path("customer_id"), command, call.actor()))
                .map(CustomerView::of));
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

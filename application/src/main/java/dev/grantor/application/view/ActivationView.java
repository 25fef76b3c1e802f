package dev.grantor.application.view;

import dev.grantor.application.port.in.Licensing.Activation;
import java.time.Instant;

/** The answer of {@code POST /licenses/activate}: the new instance, its key's customer, and the grant's entitlement as {@code product}. */
public record ActivationView(String id, String businessId, Instant createdAt, Customer customer, String licenseKeyId,
                             String name, Product product) {

    public static ActivationView of(Activation activation) {
        var customer = activation.customer();
        return new ActivationView(activation.instance().id().value(), activation.licenseKey().businessId().value(),
                activation.instance().createdAt(),
                new Customer(customer.id().value(), customer.email().value(), CustomerView.nameOf(customer)),
                activation.licenseKey().id().value(), activation.instance().name(),
                new Product(activation.entitlement().id().value(), activation.entitlement().name()));
    }

    public record Customer(String customerId, String email, String name) {}

    public record Product(String productId, String name) {}
}

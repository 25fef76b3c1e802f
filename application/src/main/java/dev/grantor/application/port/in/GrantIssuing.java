package dev.grantor.application.port.in;

import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.GrantorError;
import io.vavr.control.Either;
import jakarta.validation.constraints.NotNull;
import java.util.Map;

/**
 * Issues grants. Idempotent per (entitlement, customer, payment) and per (entitlement, customer,
 * subscription): issuing again answers the existing grant with {@code created == false}.
 */
public interface GrantIssuing {

    /**
     * Found by {@code customerId} when given, else by email (case-insensitive), else registered. No constraint
     * annotations: each part is checked once, by the value that reads it ({@code EmailAddress.parse} refuses a missing
     * email).
     */
    record CustomerContact(String customerId, String email, String name) {}

    /** {@code metadata} is a map on purpose: its keys are the merchant's own; values are String, Number or Boolean. */
    record IssueGrant(@NotNull CustomerContact customer, String paymentId, String subscriptionId,
                      Map<String, Object> metadata) {}

    record IssuedGrant(GrantView grant, boolean created) {}

    /**
     * A known customer's contact is refreshed from the command (its email, and its name when one is given): a refresh
     * that changes it is an audit entry by {@code by} about the customer, in the issue's unit, as
     * {@link CustomerManagement#update} writes one. Registering a new customer writes none: the grant, issued in the
     * same unit and listed with the customer, is the record of it.
     */
    Either<GrantorError, IssuedGrant> issue(BusinessId business, String entitlementId, IssueGrant command, Actor by);

    /** {@link #issue(BusinessId, String, IssueGrant, Actor)} by the host application. */
    default Either<GrantorError, IssuedGrant> issue(BusinessId business, String entitlementId, IssueGrant command) {
        return issue(business, entitlementId, command, new Actor.Host());
    }
}

package dev.grantor.application.port.in;

import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.GrantorError;
import dev.grantor.domain.customer.Customer;
import dev.grantor.domain.entitlement.Entitlement;
import dev.grantor.domain.grant.Grant;
import io.vavr.collection.List;
import io.vavr.control.Either;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/** Reads grants; every list is newest first and stable across pages. */
public interface GrantQueries {

    /** Wire-form filters, each optional; {@code status} matches case-insensitively. */
    record ListGrants(@Min(0) @Max(PageLimits.MOST_PER_PAGE) Integer pageSize, @Min(0) Integer pageNumber, String status,
                      String integrationType, String customerId, String entitlementId) {}

    /**
     * The fulfillment queue's filters, each optional: an entitlement, an integration type (wire name), and only grants
     * pending for at least {@code minAgeHours}. {@code offset} and {@code limit} (at most 500) walk it oldest first.
     */
    record QueueQuery(String entitlementId, String integrationType, @Min(0) Integer minAgeHours, @Min(0) int offset,
                      @Min(1) @Max(500) int limit) {}

    /** A waiting grant with whom it is for and what it grants. */
    record QueueEntry(GrantView grant, Customer customer, Entitlement entitlement) {}

    /** One stretch of the queue and how many grants wait in all under its filters. */
    record Queue(List<QueueEntry> entries, int total) {}

    /** Pending grants oldest first, across entitlements: the work of a person who fulfills by hand. */
    Either<GrantorError, Queue> queue(BusinessId business, QueueQuery query);

    Either<GrantorError, GrantView> get(BusinessId business, String grantId);

    /** The entitlement must exist and not be deleted. */
    Either<GrantorError, List<GrantView>> listForEntitlement(BusinessId business, String entitlementId, ListGrants query);

    /** The fulfillment work list across entitlements. */
    Either<GrantorError, List<GrantView>> list(BusinessId business, ListGrants query);

    Either<GrantorError, List<GrantView>> listForCustomer(BusinessId business, String customerId, ListGrants query);

    /** The most grants {@link #entitlementsOf} answers: a customer's newest; {@link #listForCustomer} pages through all. */
    int MOST_ENTITLEMENTS_OF_A_CUSTOMER = 1_000;

    /** One of a customer's grants with the entitlement it is of. */
    record CustomerEntitlement(Grant grant, Entitlement entitlement) {}

    /**
     * What the customer was granted, newest first, each grant with its entitlement (a deleted entitlement's grants
     * too: they stay the customer's), at most {@link #MOST_ENTITLEMENTS_OF_A_CUSTOMER}. {@code NOT_FOUND} for an
     * unknown id, a malformed one, or another business's customer.
     */
    Either<GrantorError, List<CustomerEntitlement>> entitlementsOf(BusinessId business, String customerId);
}

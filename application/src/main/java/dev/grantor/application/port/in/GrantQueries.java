package dev.grantor.application.port.in;

import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.GrantorError;
import dev.grantor.domain.customer.Customer;
import dev.grantor.domain.entitlement.Entitlement;
import dev.grantor.domain.grant.Grant;
import io.vavr.collection.List;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.time.Instant;
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

    /**
     * Where a page of a customer's grants goes on: past the grant created at {@code at} with id {@code grantId}, after
     * {@code shown} grants on the pages before it.
     */
    record Older(Instant at, String grantId, int shown) {
        public Older {
            if (at == null || grantId == null || !grantId.matches("[0-9A-Za-z_-]+") || shown < 1) {
                throw new IllegalArgumentException("a position in a customer's grants is a grant's time and id, after the grants shown");
            }
        }

        public String token() {
            return at + "~" + grantId + "~" + shown;
        }

        public static Either<GrantorError, Older> parse(String token) {
            var parts = token == null ? new String[0] : token.split("~", -1);
            try {
                if (parts.length == 3 && parts[1].matches("[0-9A-Za-z_-]+") && parts[2].matches("[1-9][0-9]{0,8}")) {
                    return Either.right(new Older(Instant.parse(parts[0]), parts[1], Integer.parseInt(parts[2])));
                }
            } catch (java.time.format.DateTimeParseException malformed) {
                // answered below, as any other text that is not a position
            }
            return Either.left(GrantorError.ValidationFailed.of("before", "is not a position in a customer's grants"));
        }
    }

    /** A page of a customer's grants, newest first; {@code older}: where the next page starts, none on the last page. */
    record CustomerGrants(List<GrantView> grants, Option<Older> older) {}

    /**
     * A customer's grants newest first, {@code limit} at a time, read by position: from the newest, or past
     * {@code before}; the last page of thousands costs what the first does. {@code NOT_FOUND} as {@link #entitlementsOf}.
     */
    Either<GrantorError, CustomerGrants> newestOfCustomer(BusinessId business, String customerId, Option<Older> before, int limit);

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

package dev.grantor.application.port.out;

import dev.grantor.domain.entitlement.IntegrationType;
import dev.grantor.domain.grant.Grant;
import dev.grantor.domain.grant.GrantOrigin;
import dev.grantor.domain.grant.GrantStatus;
import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.CustomerId;
import dev.grantor.domain.shared.EntitlementId;
import dev.grantor.domain.shared.GrantId;
import io.vavr.collection.List;
import dev.grantor.domain.shared.GrantorError;
import dev.grantor.domain.shared.GrantorError.NotFound;
import io.vavr.control.Either;
import io.vavr.control.Option;

public interface Grants {

    /** Every filter is optional; all given ones must match. */
    record Filter(Option<EntitlementId> entitlement, Option<CustomerId> customer, Option<GrantStatus> status,
                  Option<IntegrationType> integrationType) {
        public static final Filter NONE = new Filter(Option.none(), Option.none(), Option.none(), Option.none());
    }

    /**
     * Stores a new grant at version 0. Throws {@link DuplicateRecord} ({@code GRANT_ORIGIN}) when a grant for
     * the same entitlement, customer and payment (or subscription) exists.
     */
    void insert(Grant grant);

    /** Replaces the stored grant at {@code grant.version()}; {@link ConcurrentUpdate} when it moved on. */
    void update(Grant grant);

    Option<Grant> find(BusinessId business, GrantId id);

    /**
     * True when the business's grant exists and is revoked: what a license check asks of a store that does not answer
     * it with the key itself ({@link LicenseKeys#findForCheck}).
     */
    default boolean revoked(BusinessId business, GrantId id) {
        return find(business, id).exists(grant -> grant.status() == GrantStatus.REVOKED);
    }

    /** The grant already issued for this payment or subscription; never matches a {@code Direct} origin. */
    Option<Grant> findByOrigin(EntitlementId entitlement, CustomerId customer, GrantOrigin origin);

    /** Newest first, stable across pages. */
    List<Grant> list(BusinessId business, Filter filter, Page page);

    /**
     * What {@link #search} looks for, each read through an index of its own on a SQL store, so a match is found however
     * old it is among however many grants the business has.
     */
    sealed interface Sought {

        /** Every grant of the business. */
        record Every() implements Sought {}

        /** The grants of this payment or subscription, named by its id exactly. */
        record Origin(String reference) implements Sought {
            public Origin {
                if (reference == null || reference.isEmpty()) {
                    throw new IllegalArgumentException("an origin is sought by its id");
                }
            }
        }

        /** The customer's grants. */
        record OfCustomer(CustomerId customer) implements Sought {
            public OfCustomer {
                if (customer == null) {
                    throw new IllegalArgumentException("a customer is sought by its id");
                }
            }
        }

        /**
         * The grants whose key (the one each grant names, with its current value: a rotated key is found by its new
         * value, not its old one) ends with {@code ending}, of at least {@link #SHORTEST} characters (code points, as
         * {@link dev.grantor.domain.grant.LicenseKeyValue#suffix} counts them), and is at least {@code shortestKey}
         * characters long. The SQL stores walk the grants whose key ends in the same last {@link #SHORTEST} characters
         * newest first, through an index on the grant's copy of its key, and compare the rest of the ending on the way.
         */
        record KeyEnding(String ending, int shortestKey) implements Sought {
            public static final int SHORTEST = 4;

            public KeyEnding {
                if (ending == null || ending.codePointCount(0, ending.length()) < SHORTEST || shortestKey < 0) {
                    throw new IllegalArgumentException("a key ending has at least " + SHORTEST + " characters");
                }
            }

            /** How many characters the ending has. */
            public int length() {
                return ending.codePointCount(0, ending.length());
            }

            /** Whether {@code value} is a key this ending finds. */
            public boolean matches(String value) {
                return value.codePointCount(0, value.length()) >= shortestKey && value.endsWith(ending);
            }
        }
    }

    /**
     * The business's grants {@code sought}, of {@code status} when one is given, newest first ({@code created_at}
     * desc, then id desc), at most {@code limit}: from the newest, or only those {@link Before#admits before}
     * {@code before}. Read by position, so a page's next one neither repeats nor skips a grant written meanwhile.
     */
    List<Grant> search(BusinessId business, Sought sought, Option<GrantStatus> status, Option<Before> before, int limit);

    /** The entitlement's {@code Pending} grants, oldest first ({@code created_at}, then id): the queue a pool serves. */
    List<Grant> oldestPending(EntitlementId entitlement, int limit);

    /** How many of the entitlement's grants are {@code Pending}. */
    long countPending(EntitlementId entitlement);

    /**
     * Oldest first ({@code created_at}, then id), stable across calls: the fulfillment queue. {@code createdBefore}
     * keeps only grants created strictly before it.
     */
    List<Grant> oldestFirst(BusinessId business, Filter filter, Option<java.time.Instant> createdBefore, int offset, int limit);

    /** How many grants {@link #oldestFirst} would walk through in all. */
    int count(BusinessId business, Filter filter, Option<java.time.Instant> createdBefore);

    /**
     * The entitlements of the business's {@code Pending} grants, each once, at most {@code limit} (which ones past the
     * limit is the store's choice): what the queue can be filtered by. It reads the business's pending grants, as the
     * queue's {@link #count} does, and no entitlement.
     */
    List<EntitlementId> withPending(BusinessId business, int limit);

    /**
     * The id a request named, when it could name a grant at all. Malformed, unknown and another business's ids
     * all answer {@code NOT_FOUND}: tenants cannot tell them apart.
     */
    static Either<GrantorError, GrantId> id(String candidate) {
        return GrantId.parse("grant_id", candidate).mapLeft(malformed -> new NotFound("grant", String.valueOf(candidate)));
    }

    /** The business's grant, or {@code NOT_FOUND}. */
    default Either<GrantorError, Grant> get(BusinessId business, GrantId id) {
        return find(business, id).toEither(() -> new NotFound("grant", id.value()));
    }
}

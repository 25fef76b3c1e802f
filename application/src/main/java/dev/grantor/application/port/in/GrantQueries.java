package dev.grantor.application.port.in;

import dev.grantor.domain.customer.Customer;
import dev.grantor.domain.entitlement.Entitlement;
import dev.grantor.domain.grant.Grant;
import dev.grantor.domain.grant.LicenseKeyValue;
import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.GrantorError;
import dev.grantor.domain.shared.GrantorError.ValidationFailed;
import io.vavr.collection.List;
import io.vavr.control.Either;
import io.vavr.control.Option;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Instant;
import java.time.format.DateTimeParseException;

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

    /**
     * One stretch of the queue and how many grants wait in all under its filters; {@code filteredBy}: the entitlement
     * the filter names, a deleted one too (its grants still wait), none without that filter or when the id names none
     * of the business's entitlements.
     */
    record Queue(List<QueueEntry> entries, int total, Option<Entitlement> filteredBy) {}

    /** Pending grants oldest first, across entitlements: the work of a person who fulfills by hand. */
    Either<GrantorError, Queue> queue(BusinessId business, QueueQuery query);

    /** The most entitlements {@link #waitingEntitlements} names: a filter's choices, not the catalog. */
    int MOST_WAITING_ENTITLEMENTS = 100;

    /** Entitlements with waiting grants, by name; {@code more}: others have waiting grants too, not named here. */
    record WaitingEntitlements(List<Entitlement> entitlements, boolean more) {}

    /**
     * The entitlements that have {@code Pending} grants (deleted ones too: their grants still wait), by name then id, at
     * most {@link #MOST_WAITING_ENTITLEMENTS}: what the queue can usefully be filtered by, read without walking the
     * catalog, however many entitlements the business sells.
     */
    WaitingEntitlements waitingEntitlements(BusinessId business);

    Either<GrantorError, GrantView> get(BusinessId business, String grantId);

    /** The entitlement must exist and not be deleted. */
    Either<GrantorError, List<GrantView>> listForEntitlement(BusinessId business, String entitlementId, ListGrants query);

    /** The fulfillment work list across entitlements. */
    Either<GrantorError, List<GrantView>> list(BusinessId business, ListGrants query);

    Either<GrantorError, List<GrantView>> listForCustomer(BusinessId business, String customerId, ListGrants query);

    /** How a search matches a key by its ending. */
    enum KeyEndings {
        /** Any ending of four characters or more: for whoever may see whole keys. */
        ANY,
        /**
         * Only a key's last four characters, exactly, and only of a key of {@link #SHORTEST_SHOWN_KEY} characters or
         * more: no more than a viewer's pages show of a key. Each answer to a longer guess would say whether one more
         * character is right, a key's way out a character at a time.
         */
        SHOWN
    }

    /** The shortest key whose last four characters a viewer is shown (and may search by): the one rule of shown endings. */
    int SHORTEST_SHOWN_KEY = LicenseKeyValue.SHORTEST_SHOWN;

    /**
     * Where a page of a search ended: its last (oldest) grant's creation time and id. {@link #token} is how a link
     * carries it; {@link #parse} reads one back, refusing any other text ({@code VALIDATION_FAILED} on {@code before}).
     */
    record Position(Instant at, String grantId) {
        /** A position a store can compare with: an instant within four-digit years. */
        private static final Instant LAST = Instant.parse("9999-12-31T23:59:59.999999999Z");

        public Position {
            if (at == null || at.isAfter(LAST) || grantId == null || !grantId.matches("[0-9A-Za-z_-]+")) {
                throw new IllegalArgumentException("a search's position is a grant's creation time and id");
            }
        }

        public String token() {
            return at + "~" + grantId;
        }

        public static Either<GrantorError, Position> parse(String token) {
            var parts = token == null ? new String[0] : token.split("~", -1);
            try {
                if (parts.length == 2 && parts[1].matches("[0-9A-Za-z_-]+")) {
                    var at = Instant.parse(parts[0]);
                    if (!at.isAfter(LAST)) {
                        return Either.right(new Position(at, parts[1]));
                    }
                }
            } catch (DateTimeParseException malformed) {
                // answered below, as any other text that is not a position
            }
            return Either.left(ValidationFailed.of("before", "is not a position in a search"));
        }
    }

    /**
     * What an operator typed ({@code text}, stripped: empty for every grant), an optional status (wire name, any letter
     * case), how keys match by their ending, and where the page starts: from the newest, or just past {@code before}.
     * {@code limit} is 1 to {@link PageLimits#MOST_PER_PAGE}.
     */
    record SearchGrants(String text, String status, KeyEndings keyEndings, Option<Position> before,
                        @Min(1) @Max(PageLimits.MOST_PER_PAGE) int limit) {
        public SearchGrants {
            if (keyEndings == null || before == null) {
                throw new IllegalArgumentException("a search says how keys match and where it starts (Option.none())");
            }
        }
    }

    /** A page of a search's answer, newest first; {@code older}: where the next page starts, none on the last. */
    record Found(List<FoundGrant> grants, Option<Position> older) {}

    /** A grant of a search's answer and its customer, read with the page's others in one read. */
    record FoundGrant(GrantView grant, Customer customer) {}

    /**
     * The business's grants matching {@code text}, among all of them however old: the grant with this id; else, with an
     * {@code @}, the grants of the customer with this email (in any letter case); else the grants of the payment or
     * subscription with this id, and those whose key ends with the text ({@link KeyEndings}); of those, by {@link
     * KeyEndings#ANY}, a text that is the whole value of one of the business's keys finds that key's grant alone, by the
     * value's own index, not the keys sharing its ending that a walk would pass over. Of the status when one is
     * given; newest first, read by position, so a grant issued while someone pages neither repeats nor hides one.
     * {@code VALIDATION_FAILED} for an unknown status or a limit out of bounds.
     */
    Either<GrantorError, Found> search(BusinessId business, SearchGrants query);

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

package dev.grantor.application.port.out;

import dev.grantor.domain.customer.Customer;
import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.CustomerId;
import dev.grantor.domain.shared.EmailAddress;
import io.vavr.collection.List;
import io.vavr.collection.Map;
import io.vavr.control.Option;
import java.time.Instant;

public interface Customers {

    /** Throws {@link DuplicateRecord} ({@code CUSTOMER_EMAIL}) when the business has this email already. */
    void insert(Customer customer);

    /** Writes the whole customer: read it with {@link #lock} in the same unit, or another unit's change is written over. */
    void update(Customer customer);

    Option<Customer> find(BusinessId business, CustomerId id);

    /**
     * The business's customers of these ids, by id: what {@link #find} answers for each (another business's id is not
     * among them). A store that can reads them together, so a page of grants costs one read of their customers rather
     * than one a grant.
     */
    default Map<CustomerId, Customer> ofAll(BusinessId business, List<CustomerId> ids) {
        return ids.distinct().flatMap(id -> find(business, id)).toMap(Customer::id, customer -> customer);
    }

    /**
     * The customer, held for the caller's unit of work: a second unit locking it waits until the first ends
     * (PostgreSQL: {@code FOR UPDATE}; SQLite and memory: the single writer). A change of some fields reads through this,
     * so that a concurrent change of the others is seen and kept instead of written back over with what was read before.
     */
    Option<Customer> lock(BusinessId business, CustomerId id);

    /** Case-insensitive, by {@link EmailAddress#matchKey()}. */
    Option<Customer> findByEmail(BusinessId business, EmailAddress email);

    /** Newest first; only the customers every given filter matches. */
    List<Customer> list(BusinessId business, Filter filter, Page page);

    /**
     * Every filter is optional; all given ones must match. {@code email} names one customer, case-insensitively (by
     * {@link EmailAddress#matchKey()}). {@code nameContains} is a part of the name, compared in lower case
     * ({@link #folded}); a customer without a name matches none. {@code createdFrom} and {@code createdTo} are
     * inclusive.
     */
    record Filter(Option<EmailAddress> email, Option<String> nameContains, Option<Instant> createdFrom,
                  Option<Instant> createdTo) {

        public static final Filter NONE = new Filter(Option.none(), Option.none(), Option.none(), Option.none());

        public Filter {
            if (email == null || nameContains == null || createdFrom == null || createdTo == null) {
                throw new IllegalArgumentException("absent filters are Option.none()");
            }
        }

        public static Filter byEmail(EmailAddress email) {
            return new Filter(Option.some(email), Option.none(), Option.none(), Option.none());
        }

        /**
         * The text with its ASCII letters in lower case and every other character as it is: what SQLite's
         * {@code lower()} and {@code LIKE} fold, so that every store finds the same customers.
         */
        public static String folded(String text) {
            var folded = new StringBuilder(text.length());
            text.chars().forEach(c -> folded.append((char) (c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c)));
            return folded.toString();
        }
    }
}

package dev.grantor.application.port.in;

import dev.grantor.domain.customer.Customer;
import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.GrantorError;
import io.vavr.collection.List;
import io.vavr.control.Either;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.OffsetDateTime;

/** Who bought: a business's customers, newest first and stable across pages. */
public interface CustomerQueries {

    /**
     * Wire-form filters, each optional; {@code email} matches case-insensitively, a malformed one matches nobody;
     * {@code name} is a part of the name, in any case (ASCII letters); {@code createdAtGte} and {@code createdAtLte}
     * are inclusive bounds of {@code created_at}.
     */
    record ListCustomers(@Min(0) @Max(PageLimits.MOST_PER_PAGE) Integer pageSize, @Min(0) Integer pageNumber, String email,
                         String name, OffsetDateTime createdAtGte, OffsetDateTime createdAtLte) {

        /** By email only, as the console's search asks. */
        public ListCustomers(Integer pageSize, Integer pageNumber, String email) {
            this(pageSize, pageNumber, email, null, null, null);
        }
    }

    Either<GrantorError, List<Customer>> list(BusinessId business, ListCustomers query);

    /** {@code NOT_FOUND} for an unknown id, a malformed one, or another business's customer. */
    Either<GrantorError, Customer> get(BusinessId business, String customerId);
}

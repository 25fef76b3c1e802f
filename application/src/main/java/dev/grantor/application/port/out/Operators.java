package dev.grantor.application.port.out;

import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.EmailAddress;
import io.vavr.collection.List;
import io.vavr.control.Option;
import java.time.Instant;

/**
 * A business's staff who may sign in to the console: an email address per business. A removed operator keeps its row,
 * marked, because audit entries name operators by id and must go on saying who acted.
 */
public interface Operators {

    /** {@code removedAt} is when the operator lost console access; none while it has it. */
    record Operator(String id, BusinessId business, EmailAddress email, Instant createdAt, Option<Instant> removedAt) {
        public Operator {
            if (id == null || business == null || email == null || createdAt == null || removedAt == null) {
                throw new IllegalArgumentException("an operator needs every fact, absent ones as Option.none()");
            }
        }

        /** An operator with access. */
        public Operator(String id, BusinessId business, EmailAddress email, Instant createdAt) {
            this(id, business, email, createdAt, Option.none());
        }

        public boolean removed() {
            return removedAt.isDefined();
        }
    }

    /** Throws {@link DuplicateRecord} when the business has an operator with this email address. */
    void insert(Operator operator);

    /** Removed or not. */
    Option<Operator> find(BusinessId business, String id);

    /**
     * The operators who may sign in with this address, across businesses, oldest first: one person may work for
     * several. Removed ones are left out. Addresses match as customers' do, by {@link EmailAddress#matchKey()}:
     * whatever the case the operator types.
     */
    List<Operator> withEmail(EmailAddress email);

    /** Removed ones too, oldest first. */
    List<Operator> list(BusinessId business);

    /**
     * Sets when the business's operator {@code id} lost access ({@code removedAt}), or gives it back (none). False
     * when the business has no such operator.
     */
    boolean markRemoved(BusinessId business, String id, Option<Instant> removedAt);
}

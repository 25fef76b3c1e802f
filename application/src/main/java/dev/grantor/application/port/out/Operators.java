package dev.grantor.application.port.out;

import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.EmailAddress;
import io.vavr.collection.List;
import io.vavr.control.Option;
import java.time.Instant;

/** A business's staff who may sign in to the console. Simple reference data: an email address per business. */
public interface Operators {

    record Operator(String id, BusinessId business, EmailAddress email, Instant createdAt) {
        public Operator {
            if (id == null || business == null || email == null || createdAt == null) {
                throw new IllegalArgumentException("an operator needs every fact");
            }
        }
    }

    /** Throws {@link DuplicateRecord} when the business has an operator with this email address. */
    void insert(Operator operator);

    Option<Operator> find(BusinessId business, String id);

    /**
     * Across businesses, oldest first: one person may work for several. Addresses match as customers' do, by
     * {@link EmailAddress#matchKey()}: whatever the case the operator types.
     */
    List<Operator> withEmail(EmailAddress email);

    /** Oldest first. */
    List<Operator> list(BusinessId business);
}

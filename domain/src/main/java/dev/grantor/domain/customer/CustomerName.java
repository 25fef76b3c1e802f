package dev.grantor.domain.customer;

import dev.grantor.domain.shared.GrantorError;
import dev.grantor.domain.shared.VisibleName;
import io.vavr.control.Either;
import io.vavr.control.Option;
import org.jmolecules.ddd.annotation.ValueObject;

/** A person's name as they gave it: any script, by the rule of every name people read ({@link VisibleName}). */
@ValueObject
public record CustomerName(String value) {

    public static final int MAX_LENGTH = 200;

    public CustomerName {
        if (!VisibleName.holds(value, MAX_LENGTH)) {
            throw new IllegalArgumentException("not a customer name");
        }
    }

    /** A blank name (as the trim counts it: no-break spaces alone too) is no name. */
    public static Either<GrantorError, Option<CustomerName>> parse(String field, String candidate) {
        return VisibleName.parse(field, candidate, MAX_LENGTH).map(name -> name.map(CustomerName::new));
    }
}

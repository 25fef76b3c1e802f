package dev.grantor.domain.customer;

import dev.grantor.domain.shared.GrantorError;
import dev.grantor.domain.shared.GrantorError.ValidationFailed;
import dev.grantor.domain.shared.Text;
import io.vavr.control.Either;
import io.vavr.control.Option;
import org.jmolecules.ddd.annotation.ValueObject;

/** A person's name as they gave it: any script, no control characters (it ends up in mail headers). */
@ValueObject
public record CustomerName(String value) {

    public static final int MAX_LENGTH = 200;

    public CustomerName {
        if (value == null || value.isBlank() || Text.length(value) > MAX_LENGTH || Text.hasInvisibleOrControl(value)) {
            throw new IllegalArgumentException("not a customer name");
        }
    }

    public static Either<GrantorError, Option<CustomerName>> parse(String field, String candidate) {
        // blank as the trim counts it: a no-break space is no name either, not a name the constructor refuses
        String trimmed = candidate == null ? "" : Text.trim(candidate);
        if (trimmed.isEmpty()) {
            return Either.right(Option.none());
        }
        if (Text.length(trimmed) > MAX_LENGTH) {
            return Either.left(ValidationFailed.of(field, "must be at most " + MAX_LENGTH + " characters"));
        }
        if (Text.hasInvisibleOrControl(trimmed)) {
            return Either.left(ValidationFailed.of(field, "must not contain control or invisible characters"));
        }
        return Either.right(Option.some(new CustomerName(trimmed)));
    }
}

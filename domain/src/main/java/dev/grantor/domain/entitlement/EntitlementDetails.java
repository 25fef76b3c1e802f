package dev.grantor.domain.entitlement;

import dev.grantor.domain.shared.GrantorError;
import dev.grantor.domain.shared.GrantorError.InvalidRequest;
import dev.grantor.domain.shared.GrantorError.ValidationFailed;
import dev.grantor.domain.shared.Text;
import io.vavr.control.Either;
import io.vavr.control.Option;
import org.jmolecules.ddd.annotation.ValueObject;

/** The merchant-facing words of an entitlement: a name (1..200) and an optional description (<= 2000). */
@ValueObject
public record EntitlementDetails(String name, Option<String> description) {

    public static final int MAX_NAME = 200;
    public static final int MAX_DESCRIPTION = 2000;

    public EntitlementDetails {
        if (name == null || name.isBlank() || Text.length(name) > MAX_NAME || Text.hasControl(name, false)
                || description == null || description.exists(d -> Text.length(d) > MAX_DESCRIPTION)) {
            throw new IllegalArgumentException("entitlement name or description out of bounds");
        }
    }

    public static Either<GrantorError, String> parseName(String candidate) {
        // blank as the trim counts it: no-break spaces alone are no name, not an empty one the constructor refuses
        String trimmed = candidate == null ? "" : Text.trim(candidate);
        if (trimmed.isEmpty()) {
            return Either.left(InvalidRequest.of("name", "is required"));
        }
        if (Text.length(trimmed) > MAX_NAME) {
            return Either.left(ValidationFailed.of("name", "must be at most " + MAX_NAME + " characters"));
        }
        // the name reaches the delivery email's subject, so the rule a customer's name follows, not a looser one
        if (Text.hasInvisibleOrControl(trimmed)) {
            return Either.left(ValidationFailed.of("name", "must not contain control or invisible characters"));
        }
        return Either.right(trimmed);
    }

    public static Either<GrantorError, Option<String>> parseDescription(String candidate) {
        if (candidate == null) {
            return Either.right(Option.none());
        }
        if (Text.length(candidate) > MAX_DESCRIPTION) {
            return Either.left(ValidationFailed.of("description", "must be at most " + MAX_DESCRIPTION + " characters"));
        }
        if (Text.hasControl(candidate, true)) {
            return Either.left(ValidationFailed.of("description", "must not contain control characters"));
        }
        return Either.right(Option.some(candidate));
    }
}

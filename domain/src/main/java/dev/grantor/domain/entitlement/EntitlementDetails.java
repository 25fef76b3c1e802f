package dev.grantor.domain.entitlement;

import dev.grantor.domain.shared.GrantorError;
import dev.grantor.domain.shared.GrantorError.InvalidRequest;
import dev.grantor.domain.shared.GrantorError.ValidationFailed;
import dev.grantor.domain.shared.Text;
import dev.grantor.domain.shared.VisibleName;
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

    /**
     * The name reaches the delivery email's subject, so it follows the rule of every name people read ({@link
     * VisibleName}); a blank one (no-break spaces alone too) is a missing name. The constructor stays looser: it
     * loads the names stored before that rule.
     */
    public static Either<GrantorError, String> parseName(String candidate) {
        return VisibleName.parse("name", candidate, MAX_NAME).flatMap(name -> name
                .<Either<GrantorError, String>>map(Either::right)
                .getOrElse(() -> Either.left(InvalidRequest.of("name", "is required"))));
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

package dev.grantor.domain.grant;

import dev.grantor.domain.shared.GrantorError;
import dev.grantor.domain.shared.GrantorError.InvalidRequest;
import dev.grantor.domain.shared.GrantorError.ValidationFailed;
import dev.grantor.domain.shared.InstanceId;
import dev.grantor.domain.shared.Text;
import io.vavr.control.Either;
import java.time.Instant;
import org.jmolecules.ddd.annotation.Entity;
import org.jmolecules.ddd.annotation.Identity;

/** One activation of a key, named by the customer's software (a machine name, say). */
@Entity
public record LicenseKeyInstance(@Identity InstanceId id, String name, Instant createdAt) {

    public static final int MAX_NAME = 255;

    public LicenseKeyInstance {
        if (id == null || name == null || createdAt == null || !isName(name)) {
            throw new IllegalArgumentException("an instance has an id, a name and a creation time");
        }
    }

    public static Either<GrantorError, String> parseName(String field, String candidate) {
        if (candidate == null || candidate.isBlank()) {
            return Either.left(InvalidRequest.of(field, "is required"));
        }
        String trimmed = Text.trim(candidate);
        return isName(trimmed) ? Either.right(trimmed)
                : Either.left(ValidationFailed.of(field, "must be 1 to " + MAX_NAME + " characters without control characters"));
    }

    private static boolean isName(String name) {
        return !name.isBlank() && Text.length(name) <= MAX_NAME && !Text.hasControl(name, false);
    }
}

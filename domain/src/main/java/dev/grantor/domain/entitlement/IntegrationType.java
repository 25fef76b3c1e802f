package dev.grantor.domain.entitlement;

import java.util.Locale;
import dev.grantor.domain.shared.GrantorError;
import dev.grantor.domain.shared.GrantorError.InvalidRequest;
import dev.grantor.domain.shared.GrantorError.ValidationFailed;
import io.vavr.collection.Stream;
import io.vavr.control.Either;

public enum IntegrationType {
    DISCORD,
    TELEGRAM,
    GITHUB,
    FIGMA,
    FRAMER,
    NOTION,
    DIGITAL_FILES,
    LICENSE_KEY,
    FEATURE_FLAG;

    /** The type's name in lower case, as callers and storage spell it. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The platforms a host provisions by handing the customer a link (an invite, an OAuth-style grant of access). */
    public boolean invitesByLink() {
        return switch (this) {
            case DISCORD, TELEGRAM, GITHUB, FIGMA, FRAMER, NOTION -> true;
            case DIGITAL_FILES, LICENSE_KEY, FEATURE_FLAG -> false;
        };
    }

    /** Problems are the value's own: whoever read it names the field. */
    public static Either<GrantorError, IntegrationType> parse(String candidate) {
        if (candidate == null || candidate.isBlank()) {
            return Either.left(InvalidRequest.ofValue("is required"));
        }
        return Stream.of(values()).find(t -> t.wire().equals(candidate))
                .toEither(() -> ValidationFailed.ofValue("must be one of " + Stream.of(values()).map(IntegrationType::wire).mkString(", ")));
    }
}

package dev.grantor.domain.entitlement;

import dev.grantor.domain.shared.GrantorError;
import dev.grantor.domain.shared.GrantorError.InvalidRequest;
import dev.grantor.domain.shared.GrantorError.ValidationFailed;
import io.vavr.collection.Stream;
import io.vavr.control.Either;

public enum IntegrationType {
    DISCORD("discord"),
    TELEGRAM("telegram"),
    GITHUB("github"),
    FIGMA("figma"),
    FRAMER("framer"),
    NOTION("notion"),
    DIGITAL_FILES("digital_files"),
    LICENSE_KEY("license_key"),
    FEATURE_FLAG("feature_flag");

    private final String wire;

    IntegrationType(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Either<GrantorError, IntegrationType> parse(String field, String candidate) {
        if (candidate == null || candidate.isBlank()) {
            return Either.left(InvalidRequest.of(field, "is required"));
        }
        return Stream.of(values()).find(t -> t.wire.equals(candidate))
                .toEither(() -> ValidationFailed.of(field, "must be one of " + Stream.of(values()).map(IntegrationType::wire).mkString(", ")));
    }
}

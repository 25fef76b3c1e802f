package dev.grantor.domain.grant;

import dev.grantor.domain.shared.GrantorError;
import dev.grantor.domain.shared.GrantorError.ValidationFailed;
import io.vavr.collection.Stream;
import io.vavr.control.Either;

/** A projection of {@link GrantState} for storage, the wire and tests; never the source of truth. */
public enum GrantStatus {
    PENDING("Pending"),
    DELIVERED("Delivered"),
    FAILED("Failed"),
    REVOKED("Revoked");

    private final String wire;

    GrantStatus(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** Query filters accept the wire values in any case. */
    public static Either<GrantorError, GrantStatus> parse(String field, String candidate) {
        return Stream.of(values()).find(s -> s.wire.equalsIgnoreCase(candidate))
                .toEither(() -> ValidationFailed.of(field, "must be one of Pending, Delivered, Failed, Revoked"));
    }
}

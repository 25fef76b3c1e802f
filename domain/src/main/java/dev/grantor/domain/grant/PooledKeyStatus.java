package dev.grantor.domain.grant;

import dev.grantor.domain.shared.GrantorError;
import dev.grantor.domain.shared.GrantorError.ValidationFailed;
import io.vavr.collection.List;
import io.vavr.control.Either;

/** The projection of a pooled key's state, for storage, lists and filters. */
public enum PooledKeyStatus {
    AVAILABLE("available"),
    ASSIGNED("assigned"),
    VOIDED("voided");

    private final String wire;

    PooledKeyStatus(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Either<GrantorError, PooledKeyStatus> parse(String field, String candidate) {
        return List.of(values()).find(status -> status.wire.equals(candidate)).toEither(
                () -> ValidationFailed.of(field, "must be one of available, assigned, voided"));
    }
}

package dev.grantor.domain.grant;

import dev.grantor.domain.shared.GrantorError;
import dev.grantor.domain.shared.GrantorError.ValidationFailed;
import io.vavr.collection.Stream;
import io.vavr.control.Either;
import java.util.Locale;

/** Derived, never stored: {@code expired} depends on the instant it is read at. */
public enum LicenseKeyStatus {
    ACTIVE, EXPIRED, DISABLED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** List filters name it by its wire value, exactly. */
    public static Either<GrantorError, LicenseKeyStatus> parse(String field, String candidate) {
        return Stream.of(values()).find(v -> v.wire().equals(candidate))
                .toEither(() -> ValidationFailed.of(field, "must be one of active, expired, disabled"));
    }
}

package dev.grantor.domain.grant;

import dev.grantor.domain.shared.GrantorError;
import dev.grantor.domain.shared.GrantorError.ValidationFailed;
import io.vavr.collection.Stream;
import io.vavr.control.Either;
import java.util.Locale;

public enum RevocationReason {
    MANUAL, REFUND, SUBSCRIPTION_CANCELLED, SUBSCRIPTION_ON_HOLD, SUBSCRIPTION_PAUSED, SUBSCRIPTION_EXPIRED,
    PLAN_CHANGED, LICENSE_KEY_DISABLED, PLATFORM_EXTERNAL;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Either<GrantorError, RevocationReason> parse(String field, String candidate) {
        return Stream.of(values()).find(r -> r.wire().equals(candidate))
                .toEither(() -> ValidationFailed.of(field, "must be one of " + Stream.of(values()).map(RevocationReason::wire).mkString(", ")));
    }
}

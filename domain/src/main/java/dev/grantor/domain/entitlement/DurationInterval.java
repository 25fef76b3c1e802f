package dev.grantor.domain.entitlement;

import dev.grantor.domain.shared.GrantorError;
import dev.grantor.domain.shared.GrantorError.ValidationFailed;
import io.vavr.collection.Stream;
import io.vavr.control.Either;
import java.time.temporal.ChronoUnit;

public enum DurationInterval {
    DAY("Day", ChronoUnit.DAYS),
    WEEK("Week", ChronoUnit.WEEKS),
    MONTH("Month", ChronoUnit.MONTHS),
    YEAR("Year", ChronoUnit.YEARS);

    private final String wire;
    private final ChronoUnit unit;

    DurationInterval(String wire, ChronoUnit unit) {
        this.wire = wire;
        this.unit = unit;
    }

    public String wire() {
        return wire;
    }

    ChronoUnit unit() {
        return unit;
    }

    public static Either<GrantorError, DurationInterval> parse(String candidate) {
        return Stream.of(values()).find(i -> i.wire.equals(candidate))
                .toEither(() -> ValidationFailed.ofValue("must be one of Day, Week, Month, Year"));
    }
}

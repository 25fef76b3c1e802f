package dev.grantor.domain.entitlement;

import dev.grantor.domain.shared.GrantorError;
import dev.grantor.domain.shared.GrantorError.ValidationFailed;
import dev.grantor.domain.shared.Timestamps;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneOffset;
import org.jmolecules.ddd.annotation.ValueObject;

/**
 * How long an issued key stays valid, counted from delivery. Calendar arithmetic in UTC: 31 January plus
 * one month is the last day of February, never 3 March.
 */
@ValueObject
public record LicenseDuration(int count, DurationInterval interval) {

    /** Far enough for any licence (100 years in days); in years, the expiry stops at the end of 9999. */
    public static final int MAX_COUNT = 36_500;

    public LicenseDuration {
        if (count < 1 || count > MAX_COUNT || interval == null) {
            throw new IllegalArgumentException("duration must be 1.." + MAX_COUNT + " of Day, Week, Month or Year");
        }
    }

    /** A count and an interval read from a caller; problems name the part, {@code count} or {@code interval}. */
    public static Either<GrantorError, LicenseDuration> parse(long count, String interval) {
        if (count < 1 || count > MAX_COUNT) {
            return Either.left(ValidationFailed.of("count", "must be between 1 and " + MAX_COUNT));
        }
        return DurationInterval.parse(interval).mapLeft(problem -> problem.at("interval"))
                .map(i -> new LicenseDuration((int) count, i));
    }

    /**
     * Capped at the end of year 9999: 36,500 years is a duration a merchant may set (Dodo accepts it), and a key that
     * lasts until 9999 is one that never expires for anyone who holds it, while a later instant could not be written
     * back as an RFC 3339 timestamp.
     */
    public Instant expiryFrom(Instant start) {
        try {
            Instant expiry = start.atZone(ZoneOffset.UTC).plus(count, interval.unit()).toInstant();
            return expiry.isAfter(Timestamps.LATEST_WRITTEN) ? Timestamps.LATEST_WRITTEN : expiry;
        } catch (DateTimeException | ArithmeticException beyondTime) {
            return Timestamps.LATEST_WRITTEN;
        }
    }
}

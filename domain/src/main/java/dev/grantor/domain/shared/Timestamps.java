package dev.grantor.domain.shared;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The instants Grantor keeps: years 1970 through 9999 in UTC, the range every timestamp it writes back as
 * {@code YYYY-MM-DDTHH:MM:SS.sssZ} (RFC 3339) can express; a later year would need a sign and a fifth digit.
 */
public final class Timestamps {

    public static final Instant EARLIEST = Instant.EPOCH;
    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");
    /** The last instant the wire writes exactly, where an expiry computed beyond the range stops. */
    public static final Instant LATEST_WRITTEN = LATEST.truncatedTo(ChronoUnit.MILLIS);

    private Timestamps() {}

    public static boolean inRange(Instant at) {
        return !at.isBefore(EARLIEST) && !at.isAfter(LATEST);
    }
}

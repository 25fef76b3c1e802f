package dev.grantor.application.view;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * How a customer reads a moment, in the emails it gets and on the portal's pages alike ("4 December 2026, 09:30 UTC"):
 * a key's expiry in its delivery email must read as the portal shows it. In UTC, since neither knows the customer's
 * zone, and saying so.
 */
public final class CustomerDates {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMMM uuuu", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MOMENT = DateTimeFormatter.ofPattern("d MMMM uuuu, HH:mm 'UTC'", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    private CustomerDates() {}

    /** "4 December 2026". */
    public static String day(Instant at) {
        return DAY.format(at);
    }

    /** "4 December 2026, 09:30 UTC". */
    public static String moment(Instant at) {
        return MOMENT.format(at);
    }
}

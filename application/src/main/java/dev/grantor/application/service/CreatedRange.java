package dev.grantor.application.service;

import io.vavr.control.Option;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;

/**
 * The inclusive {@code created_at_gte} and {@code created_at_lte} bounds of the list endpoints. Answers show instants
 * to the millisecond while rows keep finer ones, so an upper bound covers its whole millisecond: a row's own
 * {@code created_at}, given back as {@code created_at_lte}, finds the row.
 */
final class CreatedRange {

    private CreatedRange() {}

    static Option<Instant> from(OffsetDateTime gte) {
        return Option.of(gte).map(OffsetDateTime::toInstant);
    }

    static Option<Instant> upTo(OffsetDateTime lte) {
        return Option.of(lte).map(bound -> bound.toInstant().truncatedTo(ChronoUnit.MILLIS).plusNanos(999_999));
    }
}

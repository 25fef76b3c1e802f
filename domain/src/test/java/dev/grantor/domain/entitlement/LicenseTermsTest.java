package dev.grantor.domain.entitlement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.grantor.domain.shared.ErrorCode;
import io.vavr.control.Option;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import dev.grantor.domain.shared.GrantorError;
import dev.grantor.domain.shared.Timestamps;
import java.util.List;
import java.util.stream.Stream;
import org.instancio.Instancio;
import org.instancio.settings.Keys;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The limit and the validity of issued keys: activations limit and license duration. */
class LicenseTermsTest {

    @Nested
    class ActivationsLimits {

        static Stream<Long> valid() {
            return Stream.concat(Instancio.gen().withSetting(Keys.SEED, 1L).longs().range(1L, (long) Integer.MAX_VALUE).list(100).stream(),
                    Stream.of(1L, 2L, (long) Integer.MAX_VALUE));
        }

        static Stream<Long> tooSmall() {
            return Stream.concat(Instancio.gen().withSetting(Keys.SEED, 2L).longs().range(Long.MIN_VALUE, 0L).list(100).stream(),
                    Stream.of(0L, -1L, Long.MIN_VALUE));
        }

        static Stream<Long> tooLarge() {
            return Stream.concat(Instancio.gen().withSetting(Keys.SEED, 3L).longs().range(Integer.MAX_VALUE + 1L, Long.MAX_VALUE).list(100).stream(),
                    Stream.of(Integer.MAX_VALUE + 1L, Long.MAX_VALUE));
        }

        @ParameterizedTest
        @MethodSource("valid")
        void a_limit_of_one_or_more_is_kept(Long candidate) {
            var limit = ActivationsLimit.parse(candidate).get().get();

            assertThat((long) limit.value()).isEqualTo(candidate);
            assertThat(limit.allowsAnother(limit.value() - 1)).isTrue();
            assertThat(limit.allowsAnother(limit.value())).isFalse();
        }

        @ParameterizedTest
        @MethodSource("tooSmall")
        void a_limit_below_one_fails_validation(Long candidate) {
            var result = ActivationsLimit.parse(candidate);

            assertThat(result.getLeft().code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
            assertThat(result.getLeft().message()).isEqualTo("must be >= 1");
            assertThat(result.getLeft().at("activations_limit").message()).isEqualTo("activations_limit must be >= 1");
        }

        @ParameterizedTest
        @MethodSource("tooLarge")
        void a_huge_limit_fails_validation_instead_of_wrapping_around(Long candidate) {
            assertThat(ActivationsLimit.parse(candidate).getLeft().code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
        }

        @Test
        void no_limit_is_unlimited() {
            assertThat(ActivationsLimit.parse(null)).contains(Option.none());
        }

        @Test
        void the_constructor_refuses_what_parsing_refuses() {
            assertThatThrownBy(() -> new ActivationsLimit(0)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new ActivationsLimit(Integer.MIN_VALUE)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    class Durations {

        /** An oracle written without java.time's plus: calendar months by hand, leap years by the Gregorian rule. */
        static Instant byHand(Instant start, int count, DurationInterval interval) {
            var t = LocalDateTime.ofInstant(start, ZoneOffset.UTC);
            return switch (interval) {
                case DAY -> start.plusSeconds(86_400L * count);
                case WEEK -> start.plusSeconds(7 * 86_400L * count);
                case MONTH, YEAR -> {
                    long months = t.getYear() * 12L + (t.getMonthValue() - 1) + (interval == DurationInterval.YEAR ? 12L * count : count);
                    int year = (int) Math.floorDiv(months, 12);
                    int month = (int) Math.floorMod(months, 12) + 1;
                    int day = Math.min(t.getDayOfMonth(), daysIn(year, month));
                    yield LocalDateTime.of(year, month, day, t.getHour(), t.getMinute(), t.getSecond(), t.getNano()).toInstant(ZoneOffset.UTC);
                }
            };
        }

        static int daysIn(int year, int month) {
            boolean leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
            return switch (month) {
                case 2 -> leap ? 29 : 28;
                case 4, 6, 9, 11 -> 30;
                default -> 31;
            };
        }

        record Case(Instant start, int count, DurationInterval interval) {}

        static List<Case> cases() {
            var gen = Instancio.gen().withSetting(Keys.SEED, 36_500L);
            var starts = gen.longs().range(0L, Instant.parse("2400-12-31T23:59:59Z").getEpochSecond()).list(400);
            var counts = gen.ints().range(1, LicenseDuration.MAX_COUNT).list(400);
            var small = gen.ints().range(1, 30).list(400);
            var intervals = gen.enumOf(DurationInterval.class).list(400);
            return java.util.stream.IntStream.range(0, 400).mapToObj(i -> new Case(
                    // month ends are where calendars go wrong: every fourth start is the last day of a month
                    i % 4 == 0 ? lastDayOfMonth(Instant.ofEpochSecond(starts.get(i))) : Instant.ofEpochSecond(starts.get(i), i * 1_000L),
                    i % 2 == 0 ? small.get(i) : counts.get(i), intervals.get(i))).toList();
        }

        static Instant lastDayOfMonth(Instant at) {
            var t = LocalDateTime.ofInstant(at, ZoneOffset.UTC);
            return t.withDayOfMonth(daysIn(t.getYear(), t.getMonthValue())).toInstant(ZoneOffset.UTC);
        }

        @ParameterizedTest
        @MethodSource("cases")
        void the_expiry_is_calendar_correct(Case c) {
            var duration = new LicenseDuration(c.count(), c.interval());

            Instant byHand = byHand(c.start(), c.count(), c.interval());
            assertThat(duration.expiryFrom(c.start()))
                    .isEqualTo(byHand.isAfter(Timestamps.LATEST_WRITTEN) ? Timestamps.LATEST_WRITTEN : byHand);
            assertThat(duration.expiryFrom(c.start())).isAfter(c.start());
        }

        @ParameterizedTest
        @CsvSource({
                "2026-01-31T10:00:00Z, 1, MONTH, 2026-02-28T10:00:00Z",
                "2028-01-31T10:00:00Z, 1, MONTH, 2028-02-29T10:00:00Z",
                "2100-01-31T00:00:00Z, 1, MONTH, 2100-02-28T00:00:00Z",
                "2000-01-31T00:00:00Z, 1, MONTH, 2000-02-29T00:00:00Z",
                "2026-03-31T23:59:59Z, 1, MONTH, 2026-04-30T23:59:59Z",
                "2026-08-31T12:00:00Z, 6, MONTH, 2027-02-28T12:00:00Z",
                "2024-02-29T08:00:00Z, 1, YEAR, 2025-02-28T08:00:00Z",
                "2024-02-29T08:00:00Z, 4, YEAR, 2028-02-29T08:00:00Z",
                "2026-12-31T23:00:00Z, 1, DAY, 2027-01-01T23:00:00Z",
                "2028-02-28T00:00:00Z, 1, DAY, 2028-02-29T00:00:00Z",
                "2026-12-28T00:00:00Z, 1, WEEK, 2027-01-04T00:00:00Z",
                "2026-03-28T01:30:00Z, 1, DAY, 2026-03-29T01:30:00Z"})
        void month_ends_and_leap_years(Instant start, int count, DurationInterval interval, Instant expiry) {
            assertThat(new LicenseDuration(count, interval).expiryFrom(start)).isEqualTo(expiry);
        }

        @Test
        void an_expiry_beyond_9999_stops_at_its_last_written_millisecond_not_an_exception() {
            var end = Instant.parse("9999-12-31T23:59:59.999Z");
            assertThat(Timestamps.LATEST_WRITTEN).isEqualTo(end);
            assertThat(new LicenseDuration(LicenseDuration.MAX_COUNT, DurationInterval.YEAR).expiryFrom(Instant.MAX)).isEqualTo(end);
            assertThat(new LicenseDuration(LicenseDuration.MAX_COUNT, DurationInterval.YEAR).expiryFrom(Instant.EPOCH)).isEqualTo(end);
            assertThat(new LicenseDuration(LicenseDuration.MAX_COUNT, DurationInterval.DAY).expiryFrom(Instant.parse("2026-12-02T00:00:00Z")))
                    .as("100 years in days is far from the cap").isEqualTo(Instant.parse("2126-11-08T00:00:00Z"));
            assertThat(new LicenseDuration(7_973, DurationInterval.YEAR).expiryFrom(Instant.parse("2026-12-31T23:59:59.999Z"))).as("exactly at the cap").isEqualTo(end);
            assertThat(new LicenseDuration(7_974, DurationInterval.YEAR).expiryFrom(Instant.parse("2026-01-01T00:00:00Z")))
                    .as("one year past it").isEqualTo(end);
            assertThat(new LicenseDuration(7_973, DurationInterval.YEAR).expiryFrom(Instant.parse("2026-01-01T00:00:00Z")))
                    .as("under it, exact").isEqualTo(Instant.parse("9999-01-01T00:00:00Z"));
        }

        @ParameterizedTest
        @CsvSource(nullValues = "null", value = {
                "0, Day", "-1, Week", "36501, Year", "9223372036854775807, Month", "-9223372036854775808, Day",
                "1, day", "1, Days", "1, Fortnight", "1, ''", "1, ' Day'", "1, null"})
        void an_out_of_range_duration_fails_validation_naming_its_part(long count, String interval) {
            var problem = LicenseDuration.parse(count, interval).getLeft();

            assertThat(problem.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
            assertThat(((GrantorError.ValidationFailed) problem).details().map(GrantorError.FieldProblem::field))
                    .containsExactly(count < 1 || count > LicenseDuration.MAX_COUNT ? "count" : "interval");
        }

        @Test
        void every_generated_count_and_interval_is_accepted_exactly_when_both_are_in_range() {
            var counts = Instancio.gen().withSetting(Keys.SEED, 11L).longs().range(-100L, LicenseDuration.MAX_COUNT + 100L).list(2000);
            var words = Instancio.gen().withSetting(Keys.SEED, 12L).oneOf("Day", "Week", "Month", "Year", "day", "YEAR", "Days", "",
                    " Week", "Fortnight").list(2000);

            for (int i = 0; i < counts.size(); i++) {
                long count = counts.get(i);
                String interval = words.get(i);
                boolean countFits = count >= 1 && count <= LicenseDuration.MAX_COUNT;
                boolean intervalFits = List.of("Day", "Week", "Month", "Year").contains(interval);
                var result = LicenseDuration.parse(count, interval);

                assertThat(result.isRight()).as("%d %s", count, interval).isEqualTo(countFits && intervalFits);
                if (result.isLeft()) {
                    assertThat(((GrantorError.ValidationFailed) result.getLeft()).details().map(GrantorError.FieldProblem::field))
                            .containsExactly(countFits ? "interval" : "count");
                } else {
                    assertThat(result.get().count()).isEqualTo((int) count);
                    assertThat(result.get().interval().wire()).isEqualTo(interval);
                }
            }
        }

        @ParameterizedTest
        @CsvSource({"1, Day, DAY", "36500, Year, YEAR", "12, Month, MONTH", "52, Week, WEEK"})
        void both_parts_make_a_duration(long count, String interval, DurationInterval expected) {
            assertThat(LicenseDuration.parse(count, interval)).contains(new LicenseDuration((int) count, expected));
        }

        @Test
        void a_day_is_always_24_hours_in_utc() {
            var start = Instant.parse("2026-10-25T00:30:00Z");

            assertThat(Duration.between(start, new LicenseDuration(1, DurationInterval.DAY).expiryFrom(start))).isEqualTo(Duration.ofHours(24));
        }
    }
}

package dev.grantor.domain.grant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.grantor.domain.Hostile;
import dev.grantor.domain.Hostile.Draw;
import dev.grantor.domain.shared.ErrorCode;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class LicenseKeyValueTest {

    static List<Draw> draws() {
        return Hostile.draws(20261127L, 150);
    }

    static Stream<String> invisibleOrControl() {
        return Hostile.INVISIBLE_OR_CONTROL.stream();
    }

    static ErrorCode rejection(String candidate) {
        var result = LicenseKeyValue.parse("key", candidate);
        assertThat(result.isLeft()).as("accepted %s", result).isTrue();
        return result.getLeft().code();
    }

    @Nested
    class Accepted {

        @ParameterizedTest
        @MethodSource("dev.grantor.domain.grant.LicenseKeyValueTest#draws")
        void a_key_in_any_script_is_kept_exactly_once_trimmed(Draw draw) {
            String key = draw.fitting(draw.visible(), LicenseKeyValue.MAX_LENGTH);

            var parsed = LicenseKeyValue.parse("key", draw.padded(key));

            assertThat(parsed.map(LicenseKeyValue::value)).contains(key);
            assertThat(new LicenseKeyValue(key)).isEqualTo(parsed.get());
        }

        @Test
        void a_key_of_255_characters_counts_code_points_not_chars() {
            String emoji = "🔑".repeat(255);

            assertThat(emoji.length()).isEqualTo(510);
            assertThat(LicenseKeyValue.parse("key", emoji).isRight()).isTrue();
            assertThat(rejection("🔑".repeat(256))).isEqualTo(ErrorCode.VALIDATION_FAILED);
        }

        @Test
        void right_to_left_text_without_direction_marks_is_a_key() {
            assertThat(LicenseKeyValue.parse("key", " مفتاح-١٢٣ ").map(LicenseKeyValue::value)).contains("مفتاح-١٢٣");
        }

        @Test
        void a_one_character_key_is_a_key() {
            assertThat(LicenseKeyValue.parse("key", "K").isRight()).isTrue();
        }
    }

    @Nested
    class Rejected {

        @ParameterizedTest
        @MethodSource("dev.grantor.domain.grant.LicenseKeyValueTest#draws")
        void a_key_with_an_invisible_or_control_character_inside_fails_validation(Draw draw) {
            String key = draw.withHostileInside(draw.fitting(draw.visible(), 200));

            assertThat(rejection(key)).isEqualTo(ErrorCode.VALIDATION_FAILED);
            assertThatThrownBy(() -> new LicenseKeyValue(key)).isInstanceOf(IllegalArgumentException.class);
        }

        @ParameterizedTest
        @MethodSource("dev.grantor.domain.grant.LicenseKeyValueTest#draws")
        void a_key_over_255_characters_fails_validation(Draw draw) {
            String key = draw.visible() + "x".repeat(256 + draw.count() % 500);

            assertThat(rejection(key)).isEqualTo(ErrorCode.VALIDATION_FAILED);
        }

        @ParameterizedTest
        @MethodSource("dev.grantor.domain.grant.LicenseKeyValueTest#invisibleOrControl")
        void a_lone_hostile_character_is_not_a_key(String hostile) {
            assertThat(LicenseKeyValue.parse("key", hostile).isLeft()).isTrue();
            assertThat(LicenseKeyValue.parse("key", "AB" + hostile + "CD").isLeft()).isTrue();
        }

        @ParameterizedTest
        @ValueSource(strings = {"", " ", "\t\n", "\u3000", "   \r\n  "})
        void a_blank_key_is_an_invalid_request(String blank) {
            assertThat(rejection(blank)).isEqualTo(ErrorCode.INVALID_REQUEST);
        }

        @Test
        void a_missing_key_is_an_invalid_request() {
            assertThat(rejection(null)).isEqualTo(ErrorCode.INVALID_REQUEST);
        }

        @Test
        void a_ten_megabyte_key_fails_validation() {
            assertThat(rejection(Hostile.tenMegabytesOf("K"))).isEqualTo(ErrorCode.VALIDATION_FAILED);
            assertThat(rejection(Hostile.tenMegabytesOf("🔑"))).isEqualTo(ErrorCode.VALIDATION_FAILED);
        }

        @Test
        void ten_megabytes_of_white_space_is_blank() {
            assertThat(rejection(Hostile.tenMegabytesOf(" "))).isEqualTo(ErrorCode.INVALID_REQUEST);
        }

        @Test
        void a_lone_surrogate_is_not_half_a_key() {
            assertThat(rejection("KEY\uD83D")).isEqualTo(ErrorCode.VALIDATION_FAILED);
            assertThat(rejection("\uDD11KEY")).isEqualTo(ErrorCode.VALIDATION_FAILED);
        }

        @Test
        void the_constructor_accepts_only_the_trimmed_form() {
            assertThatThrownBy(() -> new LicenseKeyValue(" KEY")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new LicenseKeyValue("")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new LicenseKeyValue(null)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    /** The ending a page, an API answer or an email shows in place of a key never shows a key whole, whatever its length. */
    @ParameterizedTest
    @MethodSource("dev.grantor.domain.grant.LicenseKeyValueTest#draws")
    void no_ending_shown_in_place_of_a_key_is_more_than_a_quarter_of_it(Draw draw) {
        for (int length = 1; length <= 40; length++) {
            String key = draw.fitting(draw.visible().repeat(40), length);
            var value = new LicenseKeyValue(key);
            int shown = value.suffix().codePointCount(0, value.suffix().length());

            assertThat(shown).as("%d characters", length).isEqualTo(length >= 16 ? 4 : 0).isLessThan(length);
            assertThat(key).endsWith(value.suffix());
            assertThat(value.masked()).isEqualTo("…" + value.suffix());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"A", "AB", "ABC", "ABCD", "鍵", "🔑🔑🔑🔑", "ABCDE", "ABCD-EFGH-IJKLM"})
    void a_key_under_16_characters_is_named_by_none_of_them(String key) {
        assertThat(new LicenseKeyValue(key).suffix()).isEmpty();
    }

    @Test
    void a_key_too_short_to_spare_four_characters_shows_none_of_them() {
        assertThat(new LicenseKeyValue("ab").masked()).isEqualTo("…");
        assertThat(new LicenseKeyValue("ABCD").masked()).isEqualTo("…");
        assertThat(new LicenseKeyValue("ABCD-EFGH-IJKLM").masked()).isEqualTo("…");
    }

    @Test
    void a_long_key_shows_only_its_last_four_characters() {
        assertThat(new LicenseKeyValue("ABCD-EFGH-IJKL-MN").masked()).isEqualTo("…L-MN");
        assertThat(new LicenseKeyValue("SECRET-SECRET-SECRET🔑🔑🔑🔑").masked()).isEqualTo("…🔑🔑🔑🔑");
    }
}

package dev.grantor.domain.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.grantor.domain.Hostile;
import dev.grantor.domain.Hostile.Draw;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class EmailAddressTest {

    static List<Draw> draws() {
        return Hostile.draws(254L, 100);
    }

    static String address(Draw draw) {
        return draw.ascii() + "." + draw.word() + "@" + draw.ascii().toLowerCase(Locale.ROOT) + ".example";
    }

    static ErrorCode rejection(String candidate) {
        var result = EmailAddress.parse("email", candidate);
        assertThat(result.isLeft()).as("accepted %s", result).isTrue();
        return result.getLeft().code();
    }

    @ParameterizedTest
    @MethodSource("draws")
    void an_address_is_kept_as_given_once_trimmed_and_matched_case_insensitively(Draw draw) {
        String address = address(draw);

        var parsed = EmailAddress.parse("email", draw.padded(address)).get();

        assertThat(parsed.value()).isEqualTo(address);
        assertThat(parsed.matchKey()).isEqualTo(EmailAddress.parse("email", address.toUpperCase(Locale.ROOT)).get().matchKey());
    }

    @ParameterizedTest
    @MethodSource("draws")
    void an_address_with_an_invisible_or_control_character_fails_validation(Draw draw) {
        String address = draw.withHostileInside(address(draw));

        assertThat(rejection(address)).isEqualTo(ErrorCode.VALIDATION_FAILED);
        assertThatThrownBy(() -> new EmailAddress(address)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"plainaddress", "@example.com", "user@", "user@@example.com", "a@b@example.com", "user@example",
            "user@.example.com", "user@example.com.", "user@exa..mple.com", "us er@example.com", "<user@example.com>",
            "user@example.com,other@example.com", "user@example.com\r\nBcc: victim@example.com", "\"user\"@example.com",
            "user;x@example.com", "user@[127.0.0.1]", "user(comment)@example.com", "user\\@example.com",
            "us\u00A0er@example.com", "user\u202F\u2192\u202Fother@example.com", "user@exa\u2007mple.com"})
    void what_a_mail_header_could_be_split_on_is_not_an_address(String candidate) {
        assertThat(rejection(candidate)).isEqualTo(ErrorCode.VALIDATION_FAILED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\t\r\n", "\u3000"})
    void a_blank_address_is_an_invalid_request(String blank) {
        assertThat(rejection(blank)).isEqualTo(ErrorCode.INVALID_REQUEST);
    }

    @Test
    void a_missing_address_is_an_invalid_request() {
        assertThat(rejection(null)).isEqualTo(ErrorCode.INVALID_REQUEST);
    }

    @Test
    void an_address_over_254_characters_fails_validation() {
        String local = "a".repeat(64);
        String domain = "d".repeat(254 - 64 - 1 - 4) + ".com";

        assertThat(EmailAddress.parse("email", local + "@" + domain).isRight()).isTrue();
        assertThat(rejection(local + "x@" + domain)).isEqualTo(ErrorCode.VALIDATION_FAILED);
        assertThat(rejection(Hostile.TEN_MEGABYTES_OF_A + "@example.com")).isEqualTo(ErrorCode.VALIDATION_FAILED);
    }

    @Test
    void an_internationalised_address_is_an_address() {
        assertThat(EmailAddress.parse("email", "ユーザー@例え.jp").isRight()).isTrue();
        assertThat(EmailAddress.parse("email", "مستخدم@مثال.com").isRight()).isTrue();
    }
}

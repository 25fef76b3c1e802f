package dev.grantor.domain.customer;

import static dev.grantor.domain.Examples.BUSINESS;
import static dev.grantor.domain.Examples.CUSTOMER;
import static dev.grantor.domain.Examples.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.grantor.domain.Hostile;
import dev.grantor.domain.Hostile.Draw;
import dev.grantor.domain.shared.EmailAddress;
import dev.grantor.domain.shared.ErrorCode;
import io.vavr.control.Option;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class CustomerNameTest {

    static List<Draw> draws() {
        return Hostile.draws(200L, 100);
    }

    @ParameterizedTest
    @MethodSource("draws")
    void a_name_in_any_script_is_kept_once_trimmed(Draw draw) {
        String name = draw.fitting(draw.word() + " " + draw.ascii(), CustomerName.MAX_LENGTH);

        assertThat(CustomerName.parse("name", draw.padded(name))).contains(Option.some(new CustomerName(name)));
    }

    @ParameterizedTest
    @MethodSource("draws")
    void a_name_with_an_invisible_or_control_character_fails_validation(Draw draw) {
        String name = draw.withHostileInside(draw.fitting(draw.visible(), 100));

        assertThat(CustomerName.parse("name", name).getLeft().code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
        assertThatThrownBy(() -> new CustomerName(name)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @MethodSource("draws")
    void a_name_over_200_characters_fails_validation(Draw draw) {
        String name = draw.visible() + "n".repeat(CustomerName.MAX_LENGTH + draw.count() % 300);

        assertThat(CustomerName.parse("name", name).getLeft().code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\t", "\u3000\n", "\u00A0", " \u2007\u202F "})
    void a_blank_name_is_no_name(String blank) {
        assertThat(CustomerName.parse("name", blank)).contains(Option.none());
        assertThat(CustomerName.parse("name", null)).contains(Option.none());
    }

    @Test
    void two_hundred_emoji_are_two_hundred_characters() {
        assertThat(CustomerName.parse("name", "😀".repeat(200)).isRight()).isTrue();
        assertThat(CustomerName.parse("name", "😀".repeat(201)).isLeft()).isTrue();
        assertThat(CustomerName.parse("name", Hostile.TEN_MEGABYTES_OF_A).getLeft().code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
    }

    @Test
    void a_purchase_updates_the_contact_and_an_absent_name_keeps_the_known_one() {
        var ada = Customer.register(CUSTOMER, BUSINESS, new EmailAddress("ada@example.com"), Option.some(new CustomerName("Ada")), T0);

        var moved = ada.updateContact(new EmailAddress("ada@lovelace.example"), Option.none(), T0.plusSeconds(5));

        assertThat(moved.name()).contains(new CustomerName("Ada"));
        assertThat(moved.email().value()).isEqualTo("ada@lovelace.example");
        assertThat(moved.updatedAt()).isEqualTo(T0.plusSeconds(5));
        assertThat(moved.updateContact(moved.email(), Option.none(), T0.plusSeconds(9))).isSameAs(moved);
    }
}

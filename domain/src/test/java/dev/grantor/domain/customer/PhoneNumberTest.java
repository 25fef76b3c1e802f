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
import dev.grantor.domain.shared.Metadata;
import io.vavr.collection.LinkedHashMap;
import io.vavr.control.Option;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class PhoneNumberTest {

    static List<Draw> draws() {
        return Hostile.draws(321L, 100);
    }

    @ParameterizedTest
    @ValueSource(strings = {"+1 (555) 010-0199", "+44 20 7946 0000", "030.1234.5678", "911", "+49-30-901820"})
    void a_number_written_with_the_usual_separators_is_kept_as_written(String number) {
        assertThat(PhoneNumber.parse("phone_number", " " + number + "\t")).contains(Option.some(new PhoneNumber(number)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\t", "\u3000\n"})
    void a_blank_number_is_none(String blank) {
        assertThat(PhoneNumber.parse("phone_number", blank)).contains(Option.none());
        assertThat(PhoneNumber.parse("phone_number", null)).contains(Option.none());
    }

    @ParameterizedTest
    @ValueSource(strings = {"call me", "+1-800-FLOWERS", "1+234", "++1 555 0100", "12", "+ ( ) - .", "555 0100 ext. 7", "٠١٢٣٤٥"})
    void anything_but_digits_separators_and_a_leading_plus_fails_validation(String number) {
        var problem = PhoneNumber.parse("phone_number", number).getLeft();

        assertThat(problem.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
        assertThat(problem.message()).startsWith("phone_number must be a phone number");
        assertThatThrownBy(() -> new PhoneNumber(number)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @MethodSource("draws")
    void a_hostile_character_inside_a_number_fails_validation(Draw draw) {
        String number = draw.withHostileInside("+1 555 010 0199");

        assertThat(PhoneNumber.parse("phone_number", number).getLeft().code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
    }

    @ParameterizedTest
    @MethodSource("draws")
    void a_number_over_32_characters_fails_validation_whatever_it_holds(Draw draw) {
        String number = "1".repeat(PhoneNumber.MAX_LENGTH + 1 + draw.count() % 300);

        assertThat(PhoneNumber.parse("phone_number", number).getLeft().message())
                .isEqualTo("phone_number must be at most 32 characters");
        assertThat(PhoneNumber.parse("phone_number", "1".repeat(PhoneNumber.MAX_LENGTH)).isRight()).isTrue();
        assertThat(PhoneNumber.parse("phone_number", Hostile.TEN_MEGABYTES_OF_A).getLeft().code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
    }

    @Test
    void a_merchant_s_change_replaces_the_parts_given_and_keeps_the_rest() {
        var metadata = new Metadata(LinkedHashMap.of("tier", (Metadata.Value) new Metadata.Text("gold")));
        var grace = Customer.register(CUSTOMER, BUSINESS, new EmailAddress("grace@example.com"), Option.some(new CustomerName("Grace")),
                Option.some(new PhoneNumber("+1 555 0100")), metadata, T0);

        var renamed = grace.change(new CustomerChange(Option.none(), Option.some(Option.some(new CustomerName("Grace H"))),
                Option.none(), Option.none()), T0.plusSeconds(5));
        var unreachable = renamed.change(new CustomerChange(Option.none(), Option.none(), Option.some(Option.none()),
                Option.some(Metadata.EMPTY)), T0.plusSeconds(9));

        assertThat(renamed.name()).contains(new CustomerName("Grace H"));
        assertThat(renamed.phoneNumber()).contains(new PhoneNumber("+1 555 0100"));
        assertThat(renamed.metadata()).isEqualTo(metadata);
        assertThat(renamed.updatedAt()).isEqualTo(T0.plusSeconds(5));
        assertThat(unreachable.phoneNumber()).isEmpty();
        assertThat(unreachable.metadata()).isEqualTo(Metadata.EMPTY);
        assertThat(unreachable.name()).contains(new CustomerName("Grace H"));
        assertThat(unreachable.createdAt()).isEqualTo(T0);
        var same = new CustomerChange(Option.some(unreachable.email()), Option.some(unreachable.name()), Option.some(Option.none()),
                Option.some(Metadata.EMPTY));
        assertThat(unreachable.change(same, T0.plusSeconds(20))).as("nothing new: the same customer, untouched").isSameAs(unreachable);
    }
}

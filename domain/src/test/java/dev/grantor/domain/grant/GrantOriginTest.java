package dev.grantor.domain.grant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.grantor.domain.Hostile;
import dev.grantor.domain.Hostile.Draw;
import dev.grantor.domain.shared.ErrorCode;
import dev.grantor.domain.shared.GrantorError;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class GrantOriginTest {

    static List<Draw> draws() {
        return Hostile.draws(100L, 100);
    }

    @ParameterizedTest
    @MethodSource("draws")
    void a_payment_or_a_subscription_reference_is_kept_exactly(Draw draw) {
        String reference = draw.fitting(draw.visible(), GrantOrigin.MAX_REFERENCE);

        assertThat(GrantOrigin.parse(reference, null)).contains(new GrantOrigin.Payment(reference));
        assertThat(GrantOrigin.parse(null, reference)).contains(new GrantOrigin.Subscription(reference));
        assertThat(GrantOrigin.parse(reference, null).get().payment()).contains(reference);
        assertThat(GrantOrigin.parse(null, reference).get().isSubscription()).isTrue();
    }

    @ParameterizedTest
    @MethodSource("draws")
    void a_reference_with_an_invisible_or_control_character_fails_validation(Draw draw) {
        String reference = draw.withHostileInside(draw.fitting(draw.visible(), 50));

        assertThat(GrantOrigin.parse(reference, null).getLeft().code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
        assertThat(GrantOrigin.parse(null, reference).getLeft().code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
        assertThatThrownBy(() -> new GrantOrigin.Payment(reference)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @MethodSource("draws")
    void a_reference_over_100_characters_fails_validation(Draw draw) {
        String reference = draw.visible() + "r".repeat(GrantOrigin.MAX_REFERENCE + draw.count() % 100);

        assertThat(GrantOrigin.parse(reference, null).getLeft().code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", " pay_1", "pay_1 ", "\tpay_1"})
    void a_blank_or_padded_reference_fails_validation(String reference) {
        assertThat(GrantOrigin.parse(reference, null).getLeft().code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
        assertThat(GrantOrigin.parse(null, reference).getLeft().code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
    }

    @Test
    void a_payment_and_a_subscription_together_are_the_callers_mistake() {
        assertThatThrownBy(() -> GrantOrigin.parse("pay_1", "sub_1")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_problem_names_the_part_in_the_models_words() {
        assertThat(((GrantorError.ValidationFailed) GrantOrigin.parse(" ", null).getLeft()).details().map(GrantorError.FieldProblem::field))
                .containsExactly("paymentId");
        assertThat(((GrantorError.ValidationFailed) GrantOrigin.parse(null, " ").getLeft()).details().map(GrantorError.FieldProblem::field))
                .containsExactly("subscriptionId");
        assertThat(GrantOrigin.parse(" ", null).getLeft().renamed("paymentId", "payment_id").message())
                .isEqualTo("payment_id must be 1 to 100 visible characters");
    }

    @Test
    void neither_is_a_direct_grant() {
        var origin = GrantOrigin.parse(null, null).get();

        assertThat(origin).isEqualTo(new GrantOrigin.Direct());
        assertThat(origin.payment()).isEmpty();
        assertThat(origin.subscription()).isEmpty();
        assertThat(origin.isSubscription()).isFalse();
    }

    @Test
    void a_ten_megabyte_reference_fails_validation() {
        assertThat(GrantOrigin.parse(Hostile.TEN_MEGABYTES_OF_A, null).getLeft().code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
    }
}

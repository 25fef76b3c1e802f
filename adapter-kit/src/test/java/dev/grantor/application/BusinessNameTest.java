package dev.grantor.application;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.port.in.CustomerManagement.CreateCustomer;
import dev.grantor.domain.shared.ErrorCode;
import dev.grantor.domain.shared.GrantorError.ValidationFailed;
import io.vavr.control.Option;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A business's name, given to the facade as a host does: the rule customer and API key names follow, with the same
 * refusal, and nothing written when it fails.
 */
class BusinessNameTest {

    private final EngineFixture engine = new EngineFixture();

    /** Refused: controls, a line separator, bidi overrides and marks, zero-width ones, private use, unassigned, a lone surrogate. */
    private static final List<String> REFUSED = List.of("\u0007", "\u001B", "\u0085", "\t", "\u2028", "\u202E", "\u202D", "\u2066",
            "\u200F", "\u200B", "\u200D", "\uFEFF", "\u2060", "\uE000", "\uDB80\uDC00", "\u0378", "\uFFFF", "\uD800");
    /** Kept: accents (precomposed and combining), CJK, Hangul, Cyrillic, Arabic, Hebrew, emoji. */
    private static final List<String> KEPT = List.of("é", "e\u0301", "Å", "ß", "鍵", "열쇠", "Ключ", "مفتاح", "מפתח", "😀",
            "\uD83D\uDD11");

    static List<InsertedCharacter> draws() {
        return InsertedCharacter.draws(120, 36L, KEPT, REFUSED);
    }

    @ParameterizedTest
    @MethodSource("draws")
    void a_business_name_follows_the_rule_of_customer_and_api_key_names(InsertedCharacter draw) {
        String name = draw.text();
        var before = engine.grantor.accessAdministration().businesses();

        var business = engine.grantor.access().createBusiness("  " + name + "\u00A0");
        var customer = engine.grantor.customers().create(engine.business,
                new CreateCustomer("c" + draw.position() + "@example.com", name, null, Map.of()));
        var apiKey = engine.grantor.access().createApiKey(engine.business, false, Option.some(name));

        if (draw.allowed()) {
            assertThat(business.get().name()).isEqualTo(name);
            assertThat(customer.isRight()).isTrue();
            assertThat(apiKey.isRight()).isTrue();
            return;
        }
        assertThat(business.getLeft().code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
        assertThat(business.getLeft())
                .isEqualTo(ValidationFailed.of("name", "must be 1 to 200 characters without control or invisible characters"));
        assertThat(engine.grantor.accessAdministration().businesses()).as("nothing written").isEqualTo(before);
        assertThat(customer.getLeft().code()).as("a customer's name, the same rule").isEqualTo(ErrorCode.VALIDATION_FAILED);
        assertThat(apiKey.getLeft()).as("an API key's name, the same rule")
                .isEqualTo(ValidationFailed.of("name", "must be 1 to 60 characters without control or invisible characters"));
    }
}

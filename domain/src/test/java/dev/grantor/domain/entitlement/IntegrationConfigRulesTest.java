package dev.grantor.domain.entitlement;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.domain.Hostile;
import dev.grantor.domain.Hostile.Draw;
import dev.grantor.domain.entitlement.IntegrationConfig.LicenseKeyConfig;
import dev.grantor.domain.shared.GrantorError;
import dev.grantor.domain.shared.GrantorError.FieldProblem;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.util.List;
import org.instancio.Instancio;
import org.instancio.settings.Keys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The rules a caller's integration config values meet, in the model's words: each problem is the value's
 * own (an empty field), so the reader of the wire form names the field. The wire reader's own tests run
 * the same rules through the JSON shape.
 */
class IntegrationConfigRulesTest {

    static List<Draw> draws() {
        return Hostile.draws(21L, 200);
    }

    static void ownProblem(Either<GrantorError, ?> result, String message) {
        assertThat(result.isLeft()).as("accepted: %s", result).isTrue();
        assertThat(((GrantorError.ValidationFailed) result.getLeft()).details()).containsExactly(new FieldProblem("", message));
    }

    @ParameterizedTest
    @MethodSource("draws")
    void a_reference_is_visible_text_of_bounded_length(Draw draw) {
        String fits = draw.fitting(draw.visible(), IntegrationConfig.MAX_REFERENCE_LENGTH);

        assertThat(IntegrationConfig.reference(fits)).contains(fits);
        ownProblem(IntegrationConfig.reference(draw.withHostileInside(fits)), "must not contain control or invisible characters");
        ownProblem(IntegrationConfig.reference(fits + "r".repeat(IntegrationConfig.MAX_REFERENCE_LENGTH + 1 - fits.codePointCount(0, fits.length()))),
                "must be at most 500 characters");
    }

    @ParameterizedTest
    @MethodSource("draws")
    void a_file_id_is_trimmed_visible_text_and_its_untrimmed_length_counts(Draw draw) {
        String fits = draw.fitting(draw.visible(), IntegrationConfig.MAX_REFERENCE_LENGTH - 2);

        assertThat(IntegrationConfig.fileId(" " + fits + " ")).contains(fits);
        ownProblem(IntegrationConfig.fileId(draw.withHostileInside(fits)), "entries must be visible text of at most 500 characters");
        ownProblem(IntegrationConfig.fileId(fits + " ".repeat(IntegrationConfig.MAX_REFERENCE_LENGTH)),
                "entries must be visible text of at most 500 characters");
    }

    @ParameterizedTest
    @MethodSource("draws")
    void free_text_keeps_line_breaks_and_refuses_other_controls(Draw draw) {
        String text = draw.word() + "\n\t" + draw.ascii();

        assertThat(IntegrationConfig.freeText(text, 2500)).contains(Option.some(text));
        assertThat(IntegrationConfig.freeText(" \t\r\n".repeat(1 + draw.count() % 5), 2500)).contains(Option.none());
        ownProblem(IntegrationConfig.freeText(text + "\u0000", 2500), "must not contain control characters");
        ownProblem(IntegrationConfig.freeText("x".repeat(11), 10), "must be at most 10 characters");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://files.example/a", "files.example/a", "https:///nohost", "http://", "mailto:a@example.com", "https://a b"})
    void an_external_url_is_absolute_http_or_https(String candidate) {
        ownProblem(IntegrationConfig.externalUrl(candidate), "must be an absolute http or https URL");
    }

    @Test
    void an_external_url_with_a_host_is_kept() {
        assertThat(IntegrationConfig.externalUrl("HTTPS://files.example/d?x=1").get().getHost()).isEqualTo("files.example");
        assertThat(IntegrationConfig.externalUrl("http://files.example").isRight()).isTrue();
    }

    @Test
    void every_generated_file_count_and_min_key_length_is_accepted_exactly_within_its_bounds() {
        var counts = Instancio.gen().withSetting(Keys.SEED, 22L).ints().range(0, 300).list(1000);
        for (int count : counts) {
            assertThat(IntegrationConfig.fileCount(count).isRight()).as("%d files", count).isEqualTo(count <= IntegrationConfig.MAX_FILES);
        }
        ownProblem(IntegrationConfig.fileCount(IntegrationConfig.MAX_FILES + 1), "must have at most 100 entries");

        var lengths = Instancio.gen().withSetting(Keys.SEED, 23L).longs().range(-50L, 400L).list(1000);
        for (long length : lengths) {
            var result = LicenseKeyConfig.minKeyLength(length);
            assertThat(result.isRight()).as("min length %d", length).isEqualTo(length >= 1 && length <= LicenseKeyConfig.MAX_MIN_KEY_LENGTH);
            result.forEach(kept -> assertThat((long) kept).isEqualTo(length));
        }
        assertThat(LicenseKeyConfig.minKeyLength(null)).contains(LicenseKeyConfig.DEFAULT_MIN_KEY_LENGTH);
        ownProblem(LicenseKeyConfig.minKeyLength(Long.MAX_VALUE), "must be between 1 and 255");
    }
}

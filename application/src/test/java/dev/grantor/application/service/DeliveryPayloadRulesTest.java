package dev.grantor.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.port.in.GrantFulfillment.ReportDelivery;
import dev.grantor.application.port.in.GrantFulfillment.DeliveredFile;
import dev.grantor.application.port.in.GrantFulfillment.DigitalProductDelivery;
import dev.grantor.application.port.in.GrantFulfillment.Feature;
import dev.grantor.domain.shared.ErrorCode;
import dev.grantor.domain.shared.GrantorError.FieldProblem;
import dev.grantor.domain.shared.GrantorError.InvalidRequest;
import dev.grantor.domain.shared.GrantorError.ValidationFailed;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeliveryPayloadRulesTest {

    static DeliveredFile file(String id, String name, String url, Long size) {
        return new DeliveredFile(id, name, url, null, null, size);
    }

    @Test
    void reads_files_oauth_and_feature_trimmed() {
        var payload = DeliveryPayloadRules.payload(new ReportDelivery(
                new DigitalProductDelivery(List.of(file(" f1 ", "book.pdf", "https://x.test/f1", 1024L)), null, "read me"),
                "https://oauth.test", OffsetDateTime.parse("2027-01-01T00:00:00Z"), new Feature("beta", "boolean"))).get();

        assertThat(payload.digitalProductDelivery().get().files().head().fileId()).isEqualTo("f1");
        assertThat(payload.digitalProductDelivery().get().files().head().fileSize().get()).isEqualTo(1024L);
        assertThat(payload.digitalProductDelivery().get().instructions().get()).isEqualTo("read me");
        assertThat(payload.oauth().get().url()).isEqualTo("https://oauth.test");
        assertThat(payload.feature().get().featureId()).isEqualTo("beta");
    }

    @Test
    void a_file_missing_its_url_is_an_invalid_request_naming_its_property_path() {
        var error = DeliveryPayloadRules.payload(new ReportDelivery(
                new DigitalProductDelivery(List.of(file("f1", "book.pdf", null, null)), null, null), null, null, null)).getLeft();

        assertThat(error).isEqualTo(InvalidRequest.of("digitalProductDelivery.files[0].downloadUrl", "is required"));
    }

    @Test
    void the_first_problem_in_writing_order_is_the_answer() {
        var files = List.of(file("f1", "a", "https://x.test/a", -1L), file("f2", " ", "https://x.test/b", null));

        var error = DeliveryPayloadRules.payload(new ReportDelivery(new DigitalProductDelivery(files, null, null), null, null,
                new Feature(null, "flag"))).getLeft();

        assertThat(error.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
        assertThat(((ValidationFailed) error).details()).containsExactly(new FieldProblem("digitalProductDelivery.files[0].fileSize",
                "must be >= 0"));
    }

    @Test
    void texts_are_bounded_and_free_of_control_characters() {
        var tooLong = DeliveryPayloadRules.payload(new ReportDelivery(null, "x".repeat(2001), null, null)).getLeft();
        var control = DeliveryPayloadRules.payload(new ReportDelivery(null, null, null, new Feature("a\u0007b", "flag"))).getLeft();

        assertThat(tooLong).isEqualTo(ValidationFailed.of("oauthUrl", "must be at most 2000 characters"));
        assertThat(control).isEqualTo(ValidationFailed.of("feature.featureId", "must not contain control characters"));
    }

    @Test
    void an_expiry_without_a_link_is_refused_and_an_empty_report_is_no_payload() {
        var error = DeliveryPayloadRules.payload(new ReportDelivery(null, null, OffsetDateTime.parse("2027-01-01T00:00:00Z"), null));

        assertThat(error.getLeft()).isEqualTo(ValidationFailed.of("oauthExpiresAt", "needs an oauthUrl"));
        assertThat(DeliveryPayloadRules.payload(new ReportDelivery(null, null, null, null)).get().digitalProductDelivery()).isEmpty();
    }
}

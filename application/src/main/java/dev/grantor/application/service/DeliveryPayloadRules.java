package dev.grantor.application.service;

import dev.grantor.application.port.in.GrantFulfillment;
import dev.grantor.application.port.in.GrantFulfillment.ReportDelivery;
import dev.grantor.domain.grant.DeliveryPayload;
import dev.grantor.domain.grant.DeliveryPayload.DeliveredFile;
import dev.grantor.domain.grant.DeliveryPayload.DigitalProductDelivery;
import dev.grantor.domain.grant.DeliveryPayload.Feature;
import dev.grantor.domain.grant.DeliveryPayload.OAuthAccess;
import dev.grantor.domain.shared.GrantorError;
import dev.grantor.domain.shared.GrantorError.InvalidRequest;
import dev.grantor.domain.shared.GrantorError.ValidationFailed;
import dev.grantor.domain.shared.Text;
import io.vavr.collection.List;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.time.OffsetDateTime;

/**
 * The payload a host reports for a non-license grant, judged part by part in the order it is written; the first
 * problem is the answer. Fields are named by their property path in the command ({@code feature.featureId}).
 */
final class DeliveryPayloadRules {

    static final int MAX_TEXT = 2000;

    private DeliveryPayloadRules() {}

    static Either<GrantorError, DeliveryPayload> payload(ReportDelivery reported) {
        try {
            var digital = Option.of(reported.digitalProductDelivery()).map(DeliveryPayloadRules::digitalProductDelivery);
            var oauth = Option.of(reported.oauthUrl()).map(url -> new OAuthAccess(text("oauthUrl", url),
                    Option.of(reported.oauthExpiresAt()).map(OffsetDateTime::toInstant)));
            if (reported.oauthUrl() == null && reported.oauthExpiresAt() != null) {
                throw new Rejected(ValidationFailed.of("oauthExpiresAt", "needs an oauthUrl"));
            }
            var feature = Option.of(reported.feature()).map(f -> new Feature(required("feature.featureId", f.featureId()),
                    required("feature.featureType", f.featureType())));
            return Either.right(new DeliveryPayload(digital, oauth, feature));
        } catch (Rejected rejected) {
            return Either.left(rejected.error);
        }
    }

    private static DigitalProductDelivery digitalProductDelivery(GrantFulfillment.DigitalProductDelivery reported) {
        String prefix = "digitalProductDelivery.";
        var files = List.<DeliveredFile>empty();
        int index = 0;
        for (var file : reported.files() == null ? java.util.List.<GrantFulfillment.DeliveredFile>of() : reported.files()) {
            String at = prefix + "files[" + index++ + "]";
            if (file == null) {
                throw new Rejected(InvalidRequest.of(at, "must be an object"));
            }
            files = files.append(new DeliveredFile(required(at + ".fileId", file.fileId()), required(at + ".filename", file.filename()),
                    required(at + ".downloadUrl", file.downloadUrl()), notNegative(at + ".expiresIn", file.expiresIn()),
                    optional(at + ".contentType", file.contentType()), notNegative(at + ".fileSize", file.fileSize())));
        }
        return new DigitalProductDelivery(files, optional(prefix + "externalUrl", reported.externalUrl()),
                optional(prefix + "instructions", reported.instructions()));
    }

    private static String required(String path, String value) {
        return optional(path, value).getOrElseThrow(() -> new Rejected(InvalidRequest.of(path, "is required")));
    }

    private static Option<String> optional(String path, String value) {
        if (value == null) {
            return Option.none();
        }
        if (value.isBlank()) {
            throw new Rejected(InvalidRequest.of(path, "must not be blank"));
        }
        return Option.some(text(path, value));
    }

    private static Option<Long> notNegative(String path, Long value) {
        if (value != null && value < 0) {
            throw new Rejected(ValidationFailed.of(path, "must be >= 0"));
        }
        return Option.of(value);
    }

    private static String text(String path, String value) {
        String trimmed = Text.trim(value);
        if (trimmed.isEmpty()) {
            throw new Rejected(InvalidRequest.of(path, "must not be blank"));
        }
        if (Text.length(trimmed) > MAX_TEXT) {
            throw new Rejected(ValidationFailed.of(path, "must be at most " + MAX_TEXT + " characters"));
        }
        if (Text.hasControl(trimmed, true)) {
            throw new Rejected(ValidationFailed.of(path, "must not contain control characters"));
        }
        return trimmed;
    }

    private static final class Rejected extends RuntimeException {
        private final transient GrantorError error;

        Rejected(GrantorError error) {
            super(null, null, false, false);
            this.error = error;
        }
    }
}

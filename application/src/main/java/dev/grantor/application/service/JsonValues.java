package dev.grantor.application.service;

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
import java.util.Map;

/**
 * Plain JSON values (String, Number, Boolean, List, Map, null) as commands carry them, read into domain
 * values. A value of the wrong JSON type is {@code INVALID_REQUEST}; the domain judges the rest.
 */
final class JsonValues {

    static final int MAX_TEXT = 2000;

    private JsonValues() {}

    /** The payload a host reports for a non-license grant; every part optional. */
    static Either<GrantorError, DeliveryPayload> deliveryPayload(Map<String, Object> digitalProductDelivery, String oauthUrl,
                                                                 OffsetDateTime oauthExpiresAt, Map<String, Object> feature) {
        try {
            var files = digitalProductDelivery == null ? Option.<DigitalProductDelivery>none()
                    : Option.some(digitalProductDelivery(digitalProductDelivery));
            var oauth = oauthUrl == null ? Option.<OAuthAccess>none()
                    : Option.some(new OAuthAccess(text("oauth_url", oauthUrl),
                            Option.of(oauthExpiresAt).map(OffsetDateTime::toInstant)));
            if (oauthUrl == null && oauthExpiresAt != null) {
                throw new Rejected(ValidationFailed.of("oauth_expires_at", "needs an oauth_url"));
            }
            var flag = feature == null ? Option.<Feature>none()
                    : Option.some(new Feature(requiredText(feature, "feature.feature_id"), requiredText(feature, "feature.feature_type")));
            return Either.right(new DeliveryPayload(files, oauth, flag));
        } catch (Rejected rejected) {
            return Either.left(rejected.error);
        }
    }

    private static DigitalProductDelivery digitalProductDelivery(Map<String, Object> raw) {
        String prefix = "digital_product_delivery.";
        var files = List.<DeliveredFile>empty();
        Object rawFiles = raw.get("files");
        if (rawFiles != null && !(rawFiles instanceof java.util.List<?>)) {
            throw new Rejected(InvalidRequest.of(prefix + "files", "must be an array"));
        }
        if (rawFiles instanceof java.util.List<?> items) {
            int index = 0;
            for (Object item : items) {
                String at = prefix + "files[" + index++ + "].";
                if (!(item instanceof Map<?, ?> file)) {
                    throw new Rejected(InvalidRequest.of(at.substring(0, at.length() - 1), "must be an object"));
                }
                files = files.append(new DeliveredFile(requiredText(file, at + "file_id"), requiredText(file, at + "filename"),
                        requiredText(file, at + "download_url"), optionalInteger(file, at + "expires_in"),
                        optionalText(file, at + "content_type"), optionalInteger(file, at + "file_size")));
            }
        }
        return new DigitalProductDelivery(files, optionalText(raw, prefix + "external_url"), optionalText(raw, prefix + "instructions"));
    }

    private static String requiredText(Map<?, ?> raw, String path) {
        return optionalText(raw, path).getOrElseThrow(() -> new Rejected(InvalidRequest.of(path, "is required")));
    }

    private static Option<String> optionalText(Map<?, ?> raw, String path) {
        Object value = raw.get(leaf(path));
        if (value == null) {
            return Option.none();
        }
        if (!(value instanceof String s)) {
            throw new Rejected(InvalidRequest.of(path, "must be a string"));
        }
        if (s.isBlank()) {
            throw new Rejected(InvalidRequest.of(path, "must not be blank"));
        }
        return Option.some(text(path, s));
    }

    private static Option<Long> optionalInteger(Map<?, ?> raw, String path) {
        Object value = raw.get(leaf(path));
        if (value == null) {
            return Option.none();
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            long n = ((Number) value).longValue();
            if (n < 0) {
                throw new Rejected(ValidationFailed.of(path, "must be >= 0"));
            }
            return Option.some(n);
        }
        throw new Rejected(InvalidRequest.of(path, "must be an integer"));
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

    private static String leaf(String path) {
        return path.substring(path.lastIndexOf('.') + 1);
    }

    private static final class Rejected extends RuntimeException {
        private final transient GrantorError error;

        Rejected(GrantorError error) {
            super(null, null, false, false);
            this.error = error;
        }
    }
}

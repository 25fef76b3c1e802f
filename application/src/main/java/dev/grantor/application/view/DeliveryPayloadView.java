package dev.grantor.application.view;

import dev.grantor.domain.grant.DeliveryPayload;
import io.vavr.collection.List;
import io.vavr.control.Option;
import java.time.Instant;

/**
 * A grant's delivery payload as its JSON column holds it. Its {@link DigitalProductDelivery} and {@link Feature}
 * are also the grant's {@code digital_product_delivery} and {@code feature} on the wire (the same members), while
 * the wire flattens the OAuth link into {@code oauth_url} and {@code oauth_expires_at}.
 */
public record DeliveryPayloadView(DigitalProductDelivery digitalProductDelivery, OAuth oauth, Feature feature) {

    public static DeliveryPayloadView of(DeliveryPayload payload) {
        return new DeliveryPayloadView(payload.digitalProductDelivery().map(DigitalProductDelivery::of).getOrNull(),
                payload.oauth().map(OAuth::of).getOrNull(), payload.feature().map(Feature::of).getOrNull());
    }

    public DeliveryPayload payload() {
        return new DeliveryPayload(Option.of(digitalProductDelivery).map(DigitalProductDelivery::delivery),
                Option.of(oauth).map(OAuth::access), Option.of(feature).map(Feature::feature));
    }

    public record DigitalProductDelivery(java.util.List<DeliveredFile> files, String externalUrl, String instructions) {

        public static DigitalProductDelivery of(DeliveryPayload.DigitalProductDelivery delivery) {
            return new DigitalProductDelivery(delivery.files().map(DeliveredFile::of).toJavaList(),
                    delivery.externalUrl().getOrNull(), delivery.instructions().getOrNull());
        }

        public DeliveryPayload.DigitalProductDelivery delivery() {
            return new DeliveryPayload.DigitalProductDelivery(files == null ? List.empty() : List.ofAll(files).map(DeliveredFile::file),
                    Option.of(externalUrl), Option.of(instructions));
        }
    }

    public record DeliveredFile(String fileId, String filename, String downloadUrl, Long expiresIn, String contentType,
                                Long fileSize) {

        public static DeliveredFile of(DeliveryPayload.DeliveredFile file) {
            return new DeliveredFile(file.fileId(), file.filename(), file.downloadUrl(), file.expiresIn().getOrNull(),
                    file.contentType().getOrNull(), file.fileSize().getOrNull());
        }

        public DeliveryPayload.DeliveredFile file() {
            return new DeliveryPayload.DeliveredFile(fileId, filename, downloadUrl, Option.of(expiresIn), Option.of(contentType),
                    Option.of(fileSize));
        }
    }

    /**
     * {@code expiresAt} is the instant's full ISO-8601 text ({@link Instant#toString}, down to the nanosecond), as
     * stored rows already hold it; the wire shows the same instant in its millisecond form.
     */
    public record OAuth(String url, String expiresAt) {

        public static OAuth of(DeliveryPayload.OAuthAccess access) {
            return new OAuth(access.url(), access.expiresAt().map(Instant::toString).getOrNull());
        }

        public DeliveryPayload.OAuthAccess access() {
            return new DeliveryPayload.OAuthAccess(url, Option.of(expiresAt).map(Instant::parse));
        }
    }

    public record Feature(String featureId, String featureType) {

        public static Feature of(DeliveryPayload.Feature feature) {
            return new Feature(feature.featureId(), feature.featureType());
        }

        public DeliveryPayload.Feature feature() {
            return new DeliveryPayload.Feature(featureId, featureType);
        }
    }
}

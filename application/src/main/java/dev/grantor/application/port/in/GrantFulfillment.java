package dev.grantor.application.port.in;

import dev.grantor.domain.grant.DeliveryPayload;
import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.GrantorError;
import io.vavr.collection.List;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.time.OffsetDateTime;

/** Moves grants through their lifecycle: manual key fulfillment, host-reported outcomes, revocation. */
public interface GrantFulfillment {

    /** {@code activationsLimit} and {@code expiresAt} null mean "from the entitlement". */
    record FulfillLicenseKey(String key, Long activationsLimit, OffsetDateTime expiresAt) {}

    /**
     * The payload as the host reports it; every part optional, and each only for its integration (files for
     * {@code digital_files}, a link for the invite platforms). Its texts are trimmed and judged by the use case
     * (at most 2,000 characters, no control characters, not blank), its sizes and lifetimes must not be negative,
     * and {@code oauthExpiresAt} needs an {@code oauthUrl}.
     */
    record ReportDelivery(DigitalProductDelivery digitalProductDelivery, String oauthUrl, OffsetDateTime oauthExpiresAt,
                          Feature feature) {}

    /**
     * Files to download, as a host reports them; the same record is the grant's {@code digital_product_delivery} on
     * the wire and in the delivery payload's column, so the three cannot drift apart.
     */
    record DigitalProductDelivery(java.util.List<DeliveredFile> files, String externalUrl, String instructions) {

        public static DigitalProductDelivery of(DeliveryPayload.DigitalProductDelivery delivery) {
            return new DigitalProductDelivery(delivery.files().map(DeliveredFile::of).toJavaList(),
                    delivery.externalUrl().getOrNull(), delivery.instructions().getOrNull());
        }

        public DeliveryPayload.DigitalProductDelivery delivery() {
            return new DeliveryPayload.DigitalProductDelivery(files == null ? List.empty() : List.ofAll(files).map(DeliveredFile::file),
                    Option.of(externalUrl), Option.of(instructions));
        }
    }

    record DeliveredFile(String fileId, String filename, String downloadUrl, Long expiresIn, String contentType, Long fileSize) {

        public static DeliveredFile of(DeliveryPayload.DeliveredFile file) {
            return new DeliveredFile(file.fileId(), file.filename(), file.downloadUrl(), file.expiresIn().getOrNull(),
                    file.contentType().getOrNull(), file.fileSize().getOrNull());
        }

        public DeliveryPayload.DeliveredFile file() {
            return new DeliveryPayload.DeliveredFile(fileId, filename, downloadUrl, Option.of(expiresIn), Option.of(contentType),
                    Option.of(fileSize));
        }
    }

    /** A feature flag's id and type: reported, shown and stored in this one shape. */
    record Feature(String featureId, String featureType) {

        public static Feature of(DeliveryPayload.Feature feature) {
            return new Feature(feature.featureId(), feature.featureType());
        }

        public DeliveryPayload.Feature feature() {
            return new DeliveryPayload.Feature(featureId, featureType);
        }
    }

    record ReportFailure(String errorCode, String errorMessage) {}

    /**
     * {@code reason} is a wire revocation reason ({@code manual} when null), except {@code license_key_disabled}, which
     * only disabling the key gives (enabling it undoes that revocation alone). {@code entitlementId}, when given, must
     * be the grant's entitlement, deleted or not, or the grant is not found.
     */
    record RevokeGrant(String entitlementId, String reason) {}

    /** The six rules of manual fulfillment, in order; see shared/spec/README.md. */
    Either<GrantorError, GrantView> fulfillLicenseKey(BusinessId business, String grantId, FulfillLicenseKey command);

    Either<GrantorError, GrantView> reportDelivery(BusinessId business, String grantId, ReportDelivery command);

    Either<GrantorError, GrantView> reportFailure(BusinessId business, String grantId, ReportFailure command);

    /** Idempotent: revoking a revoked grant answers it unchanged. */
    Either<GrantorError, GrantView> revoke(BusinessId business, String grantId, RevokeGrant command);
}

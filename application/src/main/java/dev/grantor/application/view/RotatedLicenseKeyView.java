package dev.grantor.application.view;

import dev.grantor.domain.grant.Grant;
import dev.grantor.domain.grant.LicenseKey;
import dev.grantor.domain.shared.BrandId;
import io.vavr.control.Option;
import java.time.Instant;

/**
 * The data of {@code license_key.rotated}: the {@link LicenseKeyView} of the key with its new value, member for
 * member, and of the old value only its suffix.
 */
public record RotatedLicenseKeyView(String id, String key, String status, int activationsUsed, Integer activationsLimit,
                                    Instant expiresAt, String businessId, String brandId, String grantId, String customerId,
                                    String entitlementId, String productId, int instancesCount, String paymentId,
                                    String subscriptionId, String source, Instant createdAt, String previousKeySuffix)
        implements EventPayload {

    public static RotatedLicenseKeyView of(LicenseKey key, String previousKeySuffix, BrandId brandId, Option<Grant> grant,
                                           Instant readAt) {
        var k = LicenseKeyView.of(key, brandId, grant, readAt);
        return new RotatedLicenseKeyView(k.id(), k.key(), k.status(), k.activationsUsed(), k.activationsLimit(), k.expiresAt(),
                k.businessId(), k.brandId(), k.grantId(), k.customerId(), k.entitlementId(), k.productId(), k.instancesCount(),
                k.paymentId(), k.subscriptionId(), k.source(), k.createdAt(), previousKeySuffix);
    }
}

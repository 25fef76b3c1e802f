package dev.grantor.application.view;

import dev.grantor.application.port.in.LicenseKeyManagement.KeyView;
import dev.grantor.domain.entitlement.ActivationsLimit;
import dev.grantor.domain.grant.Grant;
import dev.grantor.domain.grant.LicenseKey;
import dev.grantor.domain.shared.BrandId;
import dev.grantor.domain.shared.GrantId;
import io.vavr.control.Option;
import java.time.Instant;

/**
 * Dodo's {@code LicenseKey} object, for the {@code /license_keys} endpoints and the data of {@code license_key.created}:
 * the grant's {@link EntitlementGrantView.KeySummary key summary} first, then Dodo's members ({@code product_id} is the
 * entitlement, {@code instances_count} the activations) with Grantor's {@code grant_id} and {@code entitlement_id}
 * beside them, which tie the key to its grant without another call. A key imported without a grant carries its
 * business's default brand and no payment or subscription.
 */
public record LicenseKeyView(String id, String key, String status, int activationsUsed, Integer activationsLimit,
                             Instant expiresAt, String businessId, String brandId, String grantId, String customerId,
                             String entitlementId, String productId, int instancesCount, String paymentId,
                             String subscriptionId, String source, Instant createdAt) implements EventPayload {

    public static LicenseKeyView of(KeyView view) {
        return of(view.licenseKey(), view.brandId(), view.grant(), view.readAt());
    }

    /** The data of a {@code license_key.created} event: a key is created with its grant. */
    public static LicenseKeyView of(LicenseKey key, Grant grant, Instant readAt) {
        return of(key, grant.brandId(), Option.some(grant), readAt);
    }

    public static LicenseKeyView of(LicenseKey key, BrandId brandId, Option<Grant> grant, Instant readAt) {
        return new LicenseKeyView(key.id().value(), key.value().value(), key.statusAt(readAt).wire(), key.activationsUsed(),
                key.activationsLimit().map(ActivationsLimit::value).getOrNull(), key.expiresAt().getOrNull(),
                key.businessId().value(), brandId.value(), key.grantId().map(GrantId::value).getOrNull(), key.customerId().value(),
                key.entitlementId().value(), key.entitlementId().value(), key.activationsUsed(),
                grant.flatMap(g -> g.origin().payment()).getOrNull(), grant.flatMap(g -> g.origin().subscription()).getOrNull(),
                key.source().wire(), key.createdAt());
    }
}

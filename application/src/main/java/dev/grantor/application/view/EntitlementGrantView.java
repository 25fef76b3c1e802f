package dev.grantor.application.view;

import dev.grantor.application.port.in.GrantFulfillment;
import dev.grantor.application.port.in.GrantView;
import dev.grantor.domain.entitlement.ActivationsLimit;
import dev.grantor.domain.grant.DeliveryPayload;
import dev.grantor.domain.grant.DeliveryPayload.OAuthAccess;
import dev.grantor.domain.grant.Grant;
import dev.grantor.domain.grant.GrantState.Failed;
import dev.grantor.domain.grant.GrantState.Revoked;
import dev.grantor.domain.grant.LicenseKey;
import dev.grantor.domain.shared.Metadata;
import io.vavr.control.Option;
import java.time.Instant;

/**
 * The {@code EntitlementGrant} object: what {@code GET /grants/{grant_id}} answers and the {@code data} of every
 * {@code entitlement_grant.*} event, so the two are the same bytes. Its license key's status is read at the view's
 * instant.
 */
public record EntitlementGrantView(String id, String brandId, String businessId, String customerId, String entitlementId,
                                   String integrationType, String status, Metadata metadata, Instant createdAt,
                                   Instant updatedAt, Instant deliveredAt, Instant revokedAt, String revocationReason,
                                   String errorCode, String errorMessage, String paymentId, String subscriptionId,
                                   KeySummary licenseKey, GrantFulfillment.DigitalProductDelivery digitalProductDelivery,
                                   GrantFulfillment.Feature feature, String oauthUrl, Instant oauthExpiresAt)
        implements EventPayload {

    public static EntitlementGrantView of(GrantView view) {
        return of(view.grant(), view.licenseKey(), view.readAt());
    }

    /** {@code licenseKey} shows only when it is the grant's own key. */
    public static EntitlementGrantView of(Grant grant, Option<LicenseKey> licenseKey, Instant readAt) {
        var revocation = grant.revocation();
        var failure = grant.failure();
        var payload = grant.payload().getOrElse(DeliveryPayload.NONE);
        return new EntitlementGrantView(grant.id().value(), grant.brandId().value(), grant.businessId().value(),
                grant.customerId().value(), grant.entitlementId().value(), grant.integrationType().wire(), grant.status().wire(),
                grant.metadata(), grant.createdAt(), grant.updatedAt(), grant.deliveredAt().getOrNull(),
                revocation.map(Revoked::revokedAt).getOrNull(), revocation.map(r -> r.reason().wire()).getOrNull(),
                failure.map(Failed::errorCode).getOrNull(), failure.map(Failed::errorMessage).getOrNull(),
                grant.origin().payment().getOrNull(), grant.origin().subscription().getOrNull(),
                licenseKey.filter(k -> grant.licenseKeyId().contains(k.id())).map(k -> KeySummary.of(k, readAt)).getOrNull(),
                payload.digitalProductDelivery().map(GrantFulfillment.DigitalProductDelivery::of).getOrNull(),
                payload.feature().map(GrantFulfillment.Feature::of).getOrNull(),
                payload.oauth().map(OAuthAccess::url).getOrNull(),
                payload.oauth().flatMap(OAuthAccess::expiresAt).getOrNull());
    }

    /** The grant's {@code license_key} sub-object; {@code status} is derived at {@code readAt}. */
    public record KeySummary(String id, String key, String status, int activationsUsed, Integer activationsLimit,
                             Instant expiresAt) {

        public static KeySummary of(LicenseKey key, Instant readAt) {
            return new KeySummary(key.id().value(), key.value().value(), key.statusAt(readAt).wire(), key.activationsUsed(),
                    key.activationsLimit().map(ActivationsLimit::value).getOrNull(), key.expiresAt().getOrNull());
        }
    }
}

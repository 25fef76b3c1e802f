package dev.grantor.adapter.web.portal;

import dev.grantor.application.view.CustomerDates;
import dev.grantor.domain.entitlement.ActivationsLimit;
import dev.grantor.domain.grant.Grant;
import dev.grantor.domain.grant.GrantState;
import dev.grantor.domain.grant.RevocationReason;
import dev.grantor.domain.grant.LicenseKey;
import java.time.Instant;

/** What the portal says to a buyer, in words: a purchase's state, a key's expiry and activations, the limit. */
final class PortalWording {


    private PortalWording() {}

    static String date(Instant at) {
        return CustomerDates.day(at);
    }

    static String status(Grant grant) {
        return switch (grant.state()) {
            case GrantState.Pending pending -> "Your key will be sent as soon as it is ready.";
            case GrantState.Delivered delivered -> "Delivered on " + date(delivered.deliveredAt()) + ".";
            case GrantState.Failed failed -> "The shop could not deliver this: " + failed.errorMessage();
            case GrantState.Revoked revoked -> revocation(revoked.reason());
        };
    }

    static String revocation(RevocationReason reason) {
        return switch (reason) {
            case MANUAL -> "The shop revoked this purchase.";
            case REFUND -> "Revoked because the payment was refunded.";
            case SUBSCRIPTION_CANCELLED -> "Revoked because the subscription was cancelled.";
            case SUBSCRIPTION_ON_HOLD -> "Revoked while the subscription is on hold (a payment did not go through).";
            case SUBSCRIPTION_PAUSED -> "Revoked while the subscription is paused.";
            case SUBSCRIPTION_EXPIRED -> "Revoked because the subscription ended.";
            case PLAN_CHANGED -> "Revoked because the plan changed.";
            case LICENSE_KEY_DISABLED -> "The shop disabled this key.";
            case PLATFORM_EXTERNAL -> "Revoked by the platform the shop sells through.";
        };
    }

    static String expiry(LicenseKey key, Instant now) {
        return key.expiresAt().map(at -> (at.isAfter(now) ? "Expires on " : "Expired on ") + CustomerDates.moment(at))
                .getOrElse("Does not expire");
    }

    static String activations(LicenseKey key) {
        int used = key.activationsUsed();
        return key.activationsLimit().map(ActivationsLimit::value)
                .map(limit -> used + " of " + limit + " activations used")
                .getOrElse(used + (used == 1 ? " activation" : " activations") + ", no limit");
    }

    /** Empty unless every seat is taken. */
    static String limitMessage(LicenseKey key, boolean canDeactivate) {
        int used = key.activationsUsed();
        return key.activationsLimit().map(ActivationsLimit::value).filter(limit -> used >= limit)
                .map(limit -> (limit == 1 ? "The key's one activation is in use" : "All " + limit + " activations are in use")
                        + ", so a new device cannot be activated. "
                        + (canDeactivate ? "Deactivate a device you no longer use to free its seat."
                                : "Ask the shop to free a seat."))
                .getOrElse("");
    }
}

package dev.grantor.domain.grant;

import dev.grantor.domain.event.GrantEvent;
import dev.grantor.domain.event.GrantorEvent;
import dev.grantor.domain.event.LicenseKeyEvent;

/** The tests' own names for events, kept apart from the application's wire names so the tables stay independent. */
final class EventNames {

    private EventNames() {}

    static String of(GrantorEvent event) {
        return switch (event) {
            case GrantEvent.GrantCreated e -> "entitlement_grant.created";
            case GrantEvent.GrantDelivered e -> "entitlement_grant.delivered";
            case GrantEvent.GrantFailed e -> "entitlement_grant.failed";
            case GrantEvent.GrantRevoked e -> "entitlement_grant.revoked";
            case LicenseKeyEvent.LicenseKeyCreated e -> "license_key.created";
            case LicenseKeyEvent.InstanceActivated e -> "license_key_instance.activated";
            case LicenseKeyEvent.InstanceDeactivated e -> "license_key_instance.deactivated";
        };
    }
}

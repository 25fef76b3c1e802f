package dev.grantor.application.outbox;

import dev.grantor.domain.grant.GrantEvent;
import dev.grantor.domain.grant.LicenseKeyEvent;
import dev.grantor.domain.grant.KeyPoolEvent;
import dev.grantor.domain.grant.GrantorEvent;

/**
 * The topic each domain event travels under in the outbox and on webhooks: the wire's name for it, which
 * the domain does not know. Each switch lists every event type without a fallback, so a
 * new event does not compile until it has a topic.
 */
public final class EventTopics {

    private EventTopics() {}

    public static String of(GrantorEvent event) {
        return switch (event) {
            case GrantEvent e -> of(e);
            case LicenseKeyEvent e -> of(e);
            case KeyPoolEvent e -> of(e);
        };
    }

    public static String of(GrantEvent event) {
        return switch (event) {
            case GrantEvent.GrantCreated e -> "entitlement_grant.created";
            case GrantEvent.GrantDelivered e -> "entitlement_grant.delivered";
            case GrantEvent.GrantFailed e -> "entitlement_grant.failed";
            case GrantEvent.GrantRevoked e -> "entitlement_grant.revoked";
        };
    }

    public static String of(LicenseKeyEvent event) {
        return switch (event) {
            case LicenseKeyEvent.LicenseKeyCreated e -> "license_key.created";
            case LicenseKeyEvent.InstanceActivated e -> "license_key_instance.activated";
            case LicenseKeyEvent.InstanceDeactivated e -> "license_key_instance.deactivated";
            case LicenseKeyEvent.LicenseKeyRotated e -> "license_key.rotated";
        };
    }

    public static String of(KeyPoolEvent event) {
        return switch (event) {
            case KeyPoolEvent.LowStock e -> "key_pool.low_stock";
            case KeyPoolEvent.Empty e -> "key_pool.empty";
        };
    }
}

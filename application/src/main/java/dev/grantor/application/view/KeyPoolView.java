package dev.grantor.application.view;

import dev.grantor.application.port.in.KeyPoolManagement.PoolView;
import java.time.Instant;

/** A key pool with its stock and the grants of its entitlement that wait for a key. */
public record KeyPoolView(String id, String entitlementId, long available, long assigned, long voided, int lowStockThreshold,
                          long waitingGrants, Instant createdAt) {

    public static KeyPoolView of(PoolView view) {
        return new KeyPoolView(view.pool().id().value(), view.pool().entitlementId().value(), view.available(), view.assigned(),
                view.voided(), view.pool().lowStockThreshold(), view.waitingGrants(), view.pool().createdAt());
    }
}

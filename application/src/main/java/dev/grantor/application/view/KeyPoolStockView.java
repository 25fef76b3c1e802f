package dev.grantor.application.view;

import dev.grantor.domain.grant.KeyPoolEvent;

/** The data of {@code key_pool.low_stock} and {@code key_pool.empty}: the pool's stock as the claim left it. */
public record KeyPoolStockView(String poolId, String entitlementId, long available, int lowStockThreshold, long waitingGrants)
        implements EventPayload {

    public static KeyPoolStockView of(KeyPoolEvent event) {
        return new KeyPoolStockView(event.pool().id().value(), event.pool().entitlementId().value(), event.available(),
                event.pool().lowStockThreshold(), event.waitingGrants());
    }
}

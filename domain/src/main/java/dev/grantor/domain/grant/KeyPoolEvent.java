package dev.grantor.domain.grant;

import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.grant.GrantorEvent;
import java.time.Instant;

/** A pool's stock crossed a line the merchant wants to hear about; each fires once per crossing. */
public sealed interface KeyPoolEvent extends GrantorEvent {

    KeyPool pool();

    long available();

    long waitingGrants();

    @Override
    default BusinessId businessId() {
        return pool().businessId();
    }

    record LowStock(KeyPool pool, long available, long waitingGrants, Instant occurredAt) implements KeyPoolEvent {}

    record Empty(KeyPool pool, long available, long waitingGrants, Instant occurredAt) implements KeyPoolEvent {}
}

package dev.grantor.domain.grant;

import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.grant.GrantorEvent;
import java.time.Instant;

/** The grant's lifecycle events; each carries the grant as of the event. */
public sealed interface GrantEvent extends GrantorEvent {

    Grant grant();

    @Override
    default BusinessId businessId() {
        return grant().businessId();
    }

    record GrantCreated(Grant grant, Instant occurredAt) implements GrantEvent {}

    record GrantDelivered(Grant grant, Instant occurredAt) implements GrantEvent {}

    record GrantFailed(Grant grant, Instant occurredAt) implements GrantEvent {}

    record GrantRevoked(Grant grant, Instant occurredAt) implements GrantEvent {}
}

package dev.grantor.domain.shared;

import java.time.Instant;
import org.jmolecules.event.types.DomainEvent;

/**
 * Something that happened to a grant or a license key, returned by the transition that raised it. The
 * application records each one in the outbox with an id of its own, so receivers can drop duplicates.
 */
public interface GrantorEvent extends DomainEvent {

    /** The topic on the wire, such as {@code entitlement_grant.delivered}. */
    String type();

    BusinessId businessId();

    Instant occurredAt();
}

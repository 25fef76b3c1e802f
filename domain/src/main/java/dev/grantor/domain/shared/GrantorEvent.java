package dev.grantor.domain.shared;

import java.time.Instant;
import org.jmolecules.event.types.DomainEvent;

/**
 * Something that happened to a grant or a license key, returned by the transition that raised it. The
 * application records each one in the outbox with an id of its own, so receivers can drop duplicates,
 * under a topic name the application gives it: the domain names events by their type alone.
 */
public interface GrantorEvent extends DomainEvent {

    BusinessId businessId();

    Instant occurredAt();
}

package dev.grantor.domain.event;

import dev.grantor.domain.shared.BusinessId;

import java.time.Instant;
import org.jmolecules.event.types.DomainEvent;

/**
 * Something that happened to a grant or a license key, returned by the transition that raised it. The
 * application records each one in the outbox with an id of its own, so receivers can drop duplicates.
 * Sealed, so every switch over events names each kind and a new kind breaks compilation where it matters;
 * the name an event has on the wire is the application's business, not the model's.
 */
public sealed interface GrantorEvent extends DomainEvent permits GrantEvent, LicenseKeyEvent {

    BusinessId businessId();

    Instant occurredAt();
}

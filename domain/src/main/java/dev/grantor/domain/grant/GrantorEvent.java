package dev.grantor.domain.grant;

import dev.grantor.domain.shared.BusinessId;
import java.time.Instant;
import org.jmolecules.event.types.DomainEvent;

/**
 * Something that happened to a grant, a license key or a key pool, returned by the transition that raised it. The
 * application records each one in the outbox with an id of its own, so receivers can drop duplicates,
 * under a topic name the application gives it: the domain names events by their type alone.
 *
 * <p>Sealed, so that a switch over an event needs no {@code default}: on the class path a sealed type's subtypes
 * must share its package, which is why grants, license keys, pools and their events are one package.
 */
public sealed interface GrantorEvent extends DomainEvent permits GrantEvent, LicenseKeyEvent, KeyPoolEvent {

    BusinessId businessId();

    Instant occurredAt();
}

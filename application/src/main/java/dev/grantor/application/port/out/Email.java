package dev.grantor.application.port.out;

import dev.grantor.domain.shared.EmailAddress;

/**
 * An email the relay hands to the {@link Mailer}: a key's delivery, or a way into the customer portal. Each knows
 * the outbox message it came from (its stable id) and how to hide its secret in text that may be stored or logged.
 */
public sealed interface Email permits DeliveryEmail, PortalEmail {

    String outboxId();

    EmailAddress to();

    /** {@code text} with this email's secret (a key, a code, a link) replaced by a mask: for error texts kept or logged. */
    String masked(String text);
}

package dev.grantor.adapter.mail;

/**
 * What the mailers report, one call per message and per connection; bootstrap binds it to a metrics
 * registry. Kept apart from the relay's {@code DeliveryMetrics} (sent, failed, parked per outbox kind), which
 * counts the same messages from the outbox's side: reporting here too would count each of them twice.
 * Every method does nothing by default, so a binding counts only what it needs.
 */
public interface MailMetrics {

    /** The server (or the pickup directory) took the message. */
    default void accepted() {}

    /** A failure worth retrying: a 4xx reply, a timeout, a refused connection, an I/O error. */
    default void deferred() {}

    /** A failure no retry will fix: a 5xx reply, an invalid address. */
    default void rejected() {}

    /** A new SMTP connection; with connection reuse, far fewer than accepted messages. */
    default void connectionOpened() {}

    MailMetrics NONE = new MailMetrics() {};
}

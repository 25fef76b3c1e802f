package dev.grantor.adapter.mail;

/**
 * What the mailers report, one call per message and per connection; bootstrap binds it to a metrics
 * registry. Kept apart from the relay's {@code DeliveryMetrics} (sent, failed, parked per outbox kind), which
 * counts the same messages from the outbox's side: reporting here too would count each of them twice.
 */
public interface MailMetrics {

    /** The server (or the pickup directory) took the message. */
    void accepted();

    /** A failure worth retrying: a 4xx reply, a timeout, a refused connection, an I/O error. */
    void deferred();

    /** A failure no retry will fix: a 5xx reply, an invalid address. */
    void rejected();

    /** A new SMTP connection; with connection reuse, far fewer than accepted messages. */
    void connectionOpened();

    MailMetrics NONE = new MailMetrics() {
        @Override
        public void accepted() {}

        @Override
        public void deferred() {}

        @Override
        public void rejected() {}

        @Override
        public void connectionOpened() {}
    };
}

package dev.grantor.bootstrap;

import dev.grantor.application.port.out.EventSink;
import dev.grantor.application.port.out.PublishedEvent;
import dev.grantor.application.port.out.SendOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One log line per event, type and id, once the engine has recorded its webhook deliveries (the engine hands an
 * event to its host's sink only after that). The body stays out of the log: a {@code license_key.created} event
 * carries the key, and grants carry the customer's email.
 */
final class LoggedEvents implements EventSink {

    private static final Logger LOG = LoggerFactory.getLogger("grantor.events");

    @Override
    public SendOutcome publish(PublishedEvent event) {
        LOG.info("event {} {} (business {})", event.type(), event.id(), event.businessId().value());
        return SendOutcome.SENT;
    }
}

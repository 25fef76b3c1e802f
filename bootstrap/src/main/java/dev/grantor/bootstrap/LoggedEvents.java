package dev.grantor.bootstrap;

import dev.grantor.application.port.out.EventSink;
import dev.grantor.application.port.out.PublishedEvent;
import dev.grantor.application.port.out.SendOutcome;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One log line per event handed on, type and id, in front of the sink that does the work (the webhook
 * fan-out). The body stays out of the log: a {@code license_key.created} event carries the key, and grants
 * carry the customer's email.
 */
final class LoggedEvents implements EventSink {

    private static final Logger LOG = LoggerFactory.getLogger("grantor.events");

    private final EventSink next;

    LoggedEvents(EventSink next) {
        this.next = Objects.requireNonNull(next, "next");
    }

    @Override
    public SendOutcome publish(PublishedEvent event) {
        var outcome = next.publish(event);
        if (outcome instanceof SendOutcome.Sent) {
            LOG.info("event {} {} (business {})", event.type(), event.id(), event.businessId().value());
        } else {
            LOG.warn("event {} {} (business {}) not handed on ({})", event.type(), event.id(), event.businessId().value(),
                    outcome.getClass().getSimpleName());
        }
        return outcome;
    }
}

package dev.grantor.application.port.out;

import io.vavr.collection.List;

/** Where events go after commit: a log, a message broker, webhook fan-out. */
public interface EventSink {

    SendOutcome publish(PublishedEvent event);

    /**
     * The events of one relay pass, oldest first, with one outcome each in the same order: a sink may share work
     * between them (the webhook fan-out reads a business's endpoints once). By default one by one; an event that
     * throws is a temporary failure of that event alone.
     */
    default List<SendOutcome> publish(List<PublishedEvent> events) {
        return events.map(event -> {
            try {
                var outcome = publish(event);
                return outcome == null ? new SendOutcome.TemporaryFailure("event sink answered nothing") : outcome;
            } catch (RuntimeException e) {
                return new SendOutcome.TemporaryFailure(e.getClass().getName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
            }
        });
    }
}

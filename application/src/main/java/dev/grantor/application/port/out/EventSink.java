package dev.grantor.application.port.out;

/** Where events go after commit: a log, a message broker, webhook fan-out. */
public interface EventSink {

    /** For a host that wants no events: each one is acknowledged and dropped, so the outbox does not fill up. */
    EventSink NONE = event -> SendOutcome.SENT;

    SendOutcome publish(PublishedEvent event);
}

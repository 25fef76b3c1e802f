package dev.grantor.application.port.out;

/** Where events go after commit: a log, a message broker, webhook fan-out. */
public interface EventSink {

    SendOutcome publish(PublishedEvent event);
}

package dev.grantor.application.port.out;

/** What a {@link Mailer} or {@link EventSink} made of one message; the relay decides what happens next. */
public sealed interface SendOutcome {

    record Sent() implements SendOutcome {}

    /** Worth another try later: a timeout, a refused connection, a 4xx SMTP reply. */
    record TemporaryFailure(String reason) implements SendOutcome {}

    /** No retry will help: an unknown mailbox, a rejected recipient. The message is parked at once. */
    record PermanentFailure(String reason) implements SendOutcome {}

    SendOutcome SENT = new Sent();
}

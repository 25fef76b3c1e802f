package dev.grantor.application.port.out;

import io.vavr.collection.List;

/**
 * Sends the engine's emails: key deliveries and ways into the customer portal. Gets a batch so an adapter can
 * reuse one connection; answers one outcome per email, in order. Must not throw for a failure of one message:
 * that is an outcome.
 */
public interface Mailer {

    List<SendOutcome> send(List<? extends Email> emails);
}

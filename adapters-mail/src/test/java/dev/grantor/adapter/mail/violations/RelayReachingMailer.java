package dev.grantor.adapter.mail.violations;

import dev.grantor.application.outbox.OutboxRelay;

/** Breaks the mail adapter's rule on purpose: a mailer that drives the engine's relay instead of serving it. */
final class RelayReachingMailer {

    int sendNow(OutboxRelay relay) {
        return relay.runOnce();
    }
}

package dev.grantor.adapter.web.violations;

import dev.grantor.adapter.mail.Sender;

/** Breaks the web adapter's rules on purpose: a page that picks the mail adapter's sender instead of asking the engine. */
final class MailingPage {

    String from() {
        return Sender.EMBEDDED_DEFAULT.toString();
    }
}

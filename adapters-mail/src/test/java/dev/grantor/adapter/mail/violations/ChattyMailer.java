package dev.grantor.adapter.mail.violations;

/** Breaks the mail adapter's rule on purpose: a mailer that prints what it sends, where a key would show. */
final class ChattyMailer {

    void sent(String recipient) {
        System.out.println("sent to " + recipient);
    }
}

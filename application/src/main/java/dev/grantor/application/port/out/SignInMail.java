package dev.grantor.application.port.out;

import dev.grantor.domain.shared.EmailAddress;
import java.time.Instant;

/** Sends a one-time sign-in link to a person: an operator of a business (the console). */
public interface SignInMail {

    /** {@code link} is the whole URL, secret included; it works once, until {@code expiresAt}. */
    record SignInEmail(EmailAddress to, String businessName, String link, Instant expiresAt) {
        public SignInEmail {
            if (to == null || businessName == null || link == null || expiresAt == null) {
                throw new IllegalArgumentException("a sign-in email needs every fact");
            }
        }
    }

    /** Must not throw for a failure to send: that is an outcome. */
    SendOutcome send(SignInEmail email);
}

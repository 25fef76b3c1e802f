package dev.grantor.application.port.in;

import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.GrantorError;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.time.Duration;
import java.time.Instant;

/**
 * Signing in to the web faces: a one-time link opens a server-side session. Secrets are 256 random bits, shown once
 * (the link's in its URL, the session's in a cookie) and stored only as their SHA-256. Each realm has its own
 * lifetimes: a console link lives {@value #CONSOLE_LINK_MINUTES} minutes and a console session ends after
 * {@value #CONSOLE_IDLE_HOURS} hours without use; a portal link lives 24 hours and a portal session 1 hour idle.
 */
public interface SignIn {

    int CONSOLE_LINK_MINUTES = 15;
    int CONSOLE_IDLE_HOURS = 8;

    /** The subject of a console link minted on the command line without an operator: the business's owner. */
    String OWNER = "owner";

    /** Which web face a link or session belongs to: a session of one is never found in the other. */
    enum Realm { CONSOLE, PORTAL }

    /**
     * Who signed in: in the console an operator of the business ({@code subject} an operator id, or {@link #OWNER} for
     * a link minted on the command line); in the portal a customer of it (a customer id).
     */
    record Principal(Realm realm, BusinessId business, String subject) {
        public Principal {
            if (realm == null || business == null || subject == null || subject.isBlank()) {
                throw new IllegalArgumentException("a principal is a realm, a business and a subject");
            }
        }
    }

    /** A link's secret, for the URL that carries it, and when it stops working. */
    record LoginLink(String token, Instant expiresAt) {}

    /** A session's secret, for the cookie that carries it, and whose session it is. */
    record OpenedSession(String token, Principal principal) {}

    /**
     * Whom and where a session is, in the words its pages show: the business's name, and the email address of the
     * operator or customer signed in. A console session opened by a command-line link names no one ({@code email}
     * none): it is the business's owner's, and only the principal's subject {@code owner} says so. {@code mayChange}:
     * whether the pages offer the console's change forms ({@link OperatorAccess#mayChange}, read with the rest), false
     * for a viewer; a change itself asks again in its own unit. A customer in the portal changes only what is its own:
     * true there.
     */
    record Identity(String businessName, Option<String> email, boolean mayChange) {
        public Identity {
            if (businessName == null || email == null) {
                throw new IllegalArgumentException("an identity is a business's name and an optional email address");
            }
        }
    }

    /** A live session, as a request finds it, with whom and where it is. */
    record Session(Principal principal, Identity identity, Instant createdAt, Instant lastSeenAt) {}

    static Duration linkValidity(Realm realm) {
        return switch (realm) {
            case CONSOLE -> Duration.ofMinutes(CONSOLE_LINK_MINUTES);
            case PORTAL -> Duration.ofHours(24);
        };
    }

    static Duration idleTimeout(Realm realm) {
        return switch (realm) {
            case CONSOLE -> Duration.ofHours(CONSOLE_IDLE_HOURS);
            case PORTAL -> Duration.ofHours(1);
        };
    }

    /** {@code NOT_FOUND} for an unknown business. */
    Either<GrantorError, LoginLink> mintLink(Principal principal);

    /**
     * Opens a session with a link of {@code realm}; the link never works again. Unknown, used, expired or of another
     * realm: {@code UNAUTHORIZED}, the same for each, so an answer tells nothing about a link.
     */
    Either<GrantorError, OpenedSession> redeem(Realm realm, String linkToken);

    /**
     * The session of this secret in {@code realm}, when it exists and was used within the realm's idle timeout, read
     * with its {@link Identity} in one unit, so a page names the business and the person the session is really of.
     */
    Option<Session> resume(Realm realm, String sessionToken);

    /** Ends the session on the server: its cookie never works again. Ending an unknown one does nothing. */
    void end(Realm realm, String sessionToken);
}

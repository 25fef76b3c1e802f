package dev.grantor.application.port.out;

import dev.grantor.domain.shared.BusinessId;
import io.vavr.control.Option;
import java.time.Instant;

/**
 * The web faces' sign-ins: one-time links and the sessions they open, each kept only as the SHA-256 of its secret
 * and tied to one realm, so a console session is never a portal session and the other way round.
 */
public interface SignIns {

    /** Which web face a link or session belongs to. */
    enum Realm { CONSOLE, PORTAL }

    /** Whose link or session it is: a subject (an operator's or a customer's id) of a business, in one realm. */
    record Principal(Realm realm, BusinessId business, String subject) {
        public Principal {
            if (realm == null || business == null || subject == null || subject.isBlank()) {
                throw new IllegalArgumentException("a principal is a realm, a business and a subject");
            }
        }
    }

    record StoredSession(String tokenHash, Principal principal, Instant createdAt, Instant lastSeenAt) {
        public StoredSession {
            if (tokenHash == null || principal == null || createdAt == null || lastSeenAt == null) {
                throw new IllegalArgumentException("a session needs every fact");
            }
        }
    }

    record StoredLink(String tokenHash, Principal principal, Instant createdAt, Instant expiresAt, Option<Instant> usedAt) {
        public StoredLink {
            if (tokenHash == null || principal == null || createdAt == null || expiresAt == null || usedAt == null) {
                throw new IllegalArgumentException("a login link needs every fact, absent ones as Option.none()");
            }
        }
    }

    /** Throws {@link DuplicateRecord} when the hash is taken. */
    void insertSession(StoredSession session);

    /** Only within its realm: a portal cookie never finds a console session. */
    Option<StoredSession> findSession(Realm realm, String tokenHash);

    /** Moves the session's last use forward to {@code at} (never back). False when there is no such session. */
    boolean touchSession(String tokenHash, Instant at);

    /** False when there was no such session. */
    boolean deleteSession(String tokenHash);

    /** Throws {@link DuplicateRecord} when the hash is taken. */
    void insertLink(StoredLink link);

    /**
     * Marks the link used at {@code at} when it is in {@code realm}, unused and not expired at {@code at}, and answers
     * it; otherwise nothing changes and nothing is answered. Of concurrent redeemers of one link exactly one gets it.
     */
    Option<StoredLink> redeemLink(Realm realm, String tokenHash, Instant at);

    /**
     * Deletes every session and every link, used or not, of {@code principal}: what it opened ends and what was minted
     * for it never opens anything. Answers how many sessions ended.
     */
    int forget(Principal principal);

    /** Deletes up to {@code limit} sessions of {@code realm} last seen before {@code cutoff}, the oldest first; answers how many. */
    int forgetSessionsSeenBefore(Realm realm, Instant cutoff, int limit);

    /**
     * Deletes up to {@code limit} links, used or not, that expired before {@code cutoff}, the oldest first; answers how
     * many.
     */
    int forgetLinksExpiredBefore(Instant cutoff, int limit);
}

package dev.grantor.adapter.persistence;

import dev.grantor.application.port.out.SignIns;
import dev.grantor.domain.shared.BusinessId;
import io.vavr.control.Option;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/** Login links and sessions by the hash of their secret; a link is redeemed by one conditional update. */
final class JdbcSignIns implements SignIns {

    private static final String LINK_COLUMNS = "token_hash, realm, business_id, subject, created_at, expires_at, used_at";
    private static final String SESSION_COLUMNS = "token_hash, realm, business_id, subject, created_at, last_seen_at";

    /** A realm's sessions by their last use, and links by their expiry (V18): the purges walk them from the oldest. */
    static final String IDLE_INDEX = "web_sessions_idle";
    static final String EXPIRY_INDEX = "web_login_links_expiry";

    private final JdbcTransactions transactions;
    private final Map<Realm, String> sessionsPurge = new EnumMap<>(Realm.class);
    private final String linksPurge;

    JdbcSignIns(JdbcTransactions transactions, Dialect dialect) {
        this.transactions = transactions;
        for (Realm realm : Realm.values()) {
            sessionsPurge.put(realm, sessionsPurge(dialect, realm));
        }
        this.linksPurge = linksPurge(dialect);
    }

    static String sessionsPurge(Dialect dialect, Realm realm) {
        // the realm is one of the enum's names, so it goes in the statement as a literal
        return dialect.purgeOlder("web_sessions", IDLE_INDEX, "last_seen_at", "realm = '" + realm.name() + "' AND ");
    }

    static String linksPurge(Dialect dialect) {
        return dialect.purgeOlder("web_login_links", EXPIRY_INDEX, "expires_at", "");
    }

    @Override
    public void insertSession(StoredSession session) {
        transactions.writing(handle -> handle.createUpdate("INSERT INTO web_sessions (" + SESSION_COLUMNS + ") VALUES"
                        + " (:token_hash, :realm, :business_id, :subject, :created_at, :last_seen_at)")
                .bind("token_hash", session.tokenHash())
                .bind("realm", session.principal().realm().name())
                .bind("business_id", session.principal().business().value())
                .bind("subject", session.principal().subject())
                .bind("created_at", Columns.nanos(session.createdAt()))
                .bind("last_seen_at", Columns.nanos(session.lastSeenAt()))
                .execute());
    }

    @Override
    public Option<StoredSession> findSession(Realm realm, String tokenHash) {
        return transactions.reading(handle -> handle.createQuery("SELECT " + SESSION_COLUMNS + " FROM web_sessions"
                        + " WHERE token_hash = :token_hash AND realm = :realm")
                .bind("token_hash", tokenHash)
                .bind("realm", realm.name())
                .map((rs, ctx) -> new StoredSession(rs.getString("token_hash"), principal(rs),
                        Columns.instant(rs, "created_at"), Columns.instant(rs, "last_seen_at")))
                .findOne()
                .map(Option::some).orElse(Option.none()));
    }

    @Override
    public boolean touchSession(String tokenHash, Instant at) {
        return transactions.writing(handle -> {
            handle.createUpdate("UPDATE web_sessions SET last_seen_at = :at WHERE token_hash = :token_hash"
                            + " AND last_seen_at < :at")
                    .bind("at", Columns.nanos(at))
                    .bind("token_hash", tokenHash)
                    .execute();
            return handle.createQuery("SELECT 1 FROM web_sessions WHERE token_hash = :token_hash")
                    .bind("token_hash", tokenHash)
                    .mapTo(Integer.class)
                    .findOne()
                    .isPresent();
        });
    }

    @Override
    public boolean deleteSession(String tokenHash) {
        return transactions.writing(handle -> handle.createUpdate("DELETE FROM web_sessions WHERE token_hash = :token_hash")
                .bind("token_hash", tokenHash)
                .execute() > 0);
    }

    @Override
    public void insertLink(StoredLink link) {
        transactions.writing(handle -> handle.createUpdate("INSERT INTO web_login_links (" + LINK_COLUMNS + ") VALUES"
                        + " (:token_hash, :realm, :business_id, :subject, :created_at, :expires_at, :used_at)")
                .bind("token_hash", link.tokenHash())
                .bind("realm", link.principal().realm().name())
                .bind("business_id", link.principal().business().value())
                .bind("subject", link.principal().subject())
                .bind("created_at", Columns.nanos(link.createdAt()))
                .bind("expires_at", Columns.nanos(link.expiresAt()))
                .bind("used_at", Columns.nanos(link.usedAt()))
                .execute());
    }

    @Override
    public Option<StoredLink> redeemLink(Realm realm, String tokenHash, Instant at) {
        return transactions.writing(handle -> {
            int marked = handle.createUpdate("UPDATE web_login_links SET used_at = :at WHERE token_hash = :token_hash"
                            + " AND realm = :realm AND used_at IS NULL AND expires_at > :at")
                    .bind("at", Columns.nanos(at))
                    .bind("token_hash", tokenHash)
                    .bind("realm", realm.name())
                    .execute();
            if (marked == 0) {
                return Option.<StoredLink>none();
            }
            return handle.createQuery("SELECT " + LINK_COLUMNS + " FROM web_login_links WHERE token_hash = :token_hash")
                    .bind("token_hash", tokenHash)
                    .map((rs, ctx) -> new StoredLink(rs.getString("token_hash"), principal(rs), Columns.instant(rs, "created_at"),
                            Columns.instant(rs, "expires_at"), Columns.optionalInstant(rs, "used_at")))
                    .findOne()
                    .map(Option::some).orElse(Option.none());
        });
    }

    private static Principal principal(ResultSet rs) throws SQLException {
        return new Principal(Realm.valueOf(rs.getString("realm")), new BusinessId(rs.getString("business_id")),
                rs.getString("subject"));
    }

    /** A rare owner's act on tables kept small by their retention: a scan costs less than an index on every insert. */
    @Override
    public int forget(Principal principal) {
        return transactions.writing(handle -> {
            handle.createUpdate("DELETE FROM web_login_links WHERE realm = :realm AND business_id = :business_id"
                            + " AND subject = :subject")
                    .bind("realm", principal.realm().name())
                    .bind("business_id", principal.business().value())
                    .bind("subject", principal.subject())
                    .execute();
            return handle.createUpdate("DELETE FROM web_sessions WHERE realm = :realm AND business_id = :business_id"
                            + " AND subject = :subject")
                    .bind("realm", principal.realm().name())
                    .bind("business_id", principal.business().value())
                    .bind("subject", principal.subject())
                    .execute();
        });
    }

    @Override
    public int forgetSessionsSeenBefore(Realm realm, Instant cutoff, int limit) {
        return OldRows.purge(transactions, sessionsPurge.get(realm), cutoff, limit);
    }

    @Override
    public int forgetLinksExpiredBefore(Instant cutoff, int limit) {
        return OldRows.purge(transactions, linksPurge, cutoff, limit);
    }
}

package dev.grantor.application.memory;

import dev.grantor.application.memory.Tables.Slot;
import dev.grantor.application.port.out.DuplicateRecord;
import dev.grantor.application.port.out.SignIns;
import io.vavr.Tuple;
import io.vavr.collection.HashMap;
import io.vavr.collection.List;
import io.vavr.collection.Map;
import io.vavr.control.Option;
import java.time.Instant;

final class InMemorySignIns implements SignIns {

    private static final Slot<Map<String, StoredSession>> SESSIONS = new Slot<>("web sessions", HashMap.empty());
    private static final Slot<Map<String, StoredLink>> LINKS = new Slot<>("login links", HashMap.empty());

    private final InMemoryTransactions tx;

    InMemorySignIns(InMemoryTransactions tx) {
        this.tx = tx;
    }

    @Override
    public void insertSession(StoredSession session) {
        tx.apply(t -> {
            var rows = t.get(SESSIONS);
            if (rows.containsKey(session.tokenHash())) {
                throw new DuplicateRecord(DuplicateRecord.Rule.OTHER, "a session with this secret exists");
            }
            return t.with(SESSIONS, rows.put(session.tokenHash(), session));
        });
    }

    @Override
    public Option<StoredSession> findSession(Realm realm, String tokenHash) {
        return tx.query(t -> t.get(SESSIONS).get(tokenHash).filter(s -> s.principal().realm() == realm));
    }

    @Override
    public boolean touchSession(String tokenHash, Instant at) {
        return tx.change(t -> {
            var rows = t.get(SESSIONS);
            var stored = rows.get(tokenHash);
            if (stored.isEmpty()) {
                return Tuple.of(false, t);
            }
            var s = stored.get();
            if (!s.lastSeenAt().isBefore(at)) {
                return Tuple.of(true, t);
            }
            return Tuple.of(true, t.with(SESSIONS, rows.put(tokenHash, new StoredSession(s.tokenHash(), s.principal(),
                    s.createdAt(), at))));
        });
    }

    @Override
    public boolean deleteSession(String tokenHash) {
        return tx.change(t -> {
            var rows = t.get(SESSIONS);
            return Tuple.of(rows.containsKey(tokenHash), t.with(SESSIONS, rows.remove(tokenHash)));
        });
    }

    @Override
    public void insertLink(StoredLink link) {
        tx.apply(t -> {
            var rows = t.get(LINKS);
            if (rows.containsKey(link.tokenHash())) {
                throw new DuplicateRecord(DuplicateRecord.Rule.OTHER, "a login link with this secret exists");
            }
            return t.with(LINKS, rows.put(link.tokenHash(), link));
        });
    }

    @Override
    public Option<StoredLink> redeemLink(Realm realm, String tokenHash, Instant at) {
        return tx.change(t -> {
            var rows = t.get(LINKS);
            var usable = rows.get(tokenHash).filter(l -> l.principal().realm() == realm && l.usedAt().isEmpty()
                    && l.expiresAt().isAfter(at));
            if (usable.isEmpty()) {
                return Tuple.of(Option.<StoredLink>none(), t);
            }
            var l = usable.get();
            var used = new StoredLink(l.tokenHash(), l.principal(), l.createdAt(), l.expiresAt(), Option.some(at));
            return Tuple.of(Option.some(used), t.with(LINKS, rows.put(tokenHash, used)));
        });
    }

    @Override
    public int forget(Principal principal) {
        return tx.change(t -> {
            var sessions = t.get(SESSIONS).filter((hash, s) -> s.principal().equals(principal)).keySet();
            var links = t.get(LINKS).filter((hash, l) -> l.principal().equals(principal)).keySet();
            return Tuple.of(sessions.size(), t.with(SESSIONS, t.get(SESSIONS).removeAll(sessions))
                    .with(LINKS, t.get(LINKS).removeAll(links)));
        });
    }

    @Override
    public int forgetSessionsSeenBefore(Realm realm, Instant cutoff, int limit) {
        return tx.change(t -> {
            var gone = t.get(SESSIONS).values().filter(s -> s.principal().realm() == realm && s.lastSeenAt().isBefore(cutoff))
                    .sortBy(StoredSession::lastSeenAt).take(Math.max(limit, 0)).map(StoredSession::tokenHash);
            return Tuple.of(gone.size(), t.with(SESSIONS, t.get(SESSIONS).removeAll(gone)));
        });
    }

    /** Every stored login link, used or not, the oldest first. */
    List<StoredLink> allLinks() {
        return tx.query(t -> List.ofAll(t.get(LINKS).values()).sortBy(StoredLink::createdAt));
    }

    @Override
    public int forgetLinksExpiredBefore(Instant cutoff, int limit) {
        return tx.change(t -> {
            var gone = t.get(LINKS).values().filter(l -> l.expiresAt().isBefore(cutoff))
                    .sortBy(StoredLink::expiresAt).take(Math.max(limit, 0)).map(StoredLink::tokenHash);
            return Tuple.of(gone.size(), t.with(LINKS, t.get(LINKS).removeAll(gone)));
        });
    }
}

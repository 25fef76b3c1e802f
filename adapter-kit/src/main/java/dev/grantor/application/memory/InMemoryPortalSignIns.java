package dev.grantor.application.memory;

import dev.grantor.application.memory.Tables.Slot;
import dev.grantor.application.port.out.DuplicateRecord;
import dev.grantor.application.port.out.PortalSignIns;
import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.CustomerId;
import io.vavr.Tuple;
import io.vavr.collection.HashMap;
import io.vavr.collection.Map;
import io.vavr.control.Option;
import java.time.Instant;

final class InMemoryPortalSignIns implements PortalSignIns {

    private record StoredLink(SignInLink link, boolean used) {}

    private record CodeKey(BusinessId business, String emailKey) {}

    private static final Slot<Map<String, StoredLink>> LINKS = new Slot<>("portal links", HashMap.empty());
    private static final Slot<Map<CodeKey, SignInCode>> CODES = new Slot<>("portal codes", HashMap.empty());

    private final InMemoryTransactions tx;

    InMemoryPortalSignIns(InMemoryTransactions tx) {
        this.tx = tx;
    }

    @Override
    public void insertLink(SignInLink link) {
        tx.apply(t -> {
            var links = t.get(LINKS);
            if (links.containsKey(link.tokenHash())) {
                throw new DuplicateRecord(DuplicateRecord.Rule.OTHER, "a link with this token exists");
            }
            return t.with(LINKS, links.put(link.tokenHash(), new StoredLink(link, false)));
        });
    }

    @Override
    public Option<SignInLink> takeLink(String tokenHash, Instant now) {
        return tx.change(t -> {
            var links = t.get(LINKS);
            var live = links.get(tokenHash).filter(s -> !s.used() && s.link().expiresAt().isAfter(now));
            return live.isEmpty() ? Tuple.of(Option.<SignInLink>none(), t)
                    : Tuple.of(live.map(StoredLink::link), t.with(LINKS, links.put(tokenHash, new StoredLink(live.get().link(), true))));
        });
    }

    @Override
    public void putCode(SignInCode code) {
        tx.apply(t -> t.with(CODES, t.get(CODES).put(new CodeKey(code.businessId(), code.emailKey()), code)));
    }

    @Override
    public Option<SignInCode> findCode(BusinessId business, String emailKey) {
        return tx.query(t -> t.get(CODES).get(new CodeKey(business, emailKey)));
    }

    @Override
    public boolean useCode(BusinessId business, String emailKey, String codeHash) {
        var key = new CodeKey(business, emailKey);
        return tx.change(t -> {
            var codes = t.get(CODES);
            boolean matches = codes.get(key).exists(c -> c.codeHash().equals(codeHash));
            return matches ? Tuple.of(true, t.with(CODES, codes.remove(key))) : Tuple.of(false, t);
        });
    }

    @Override
    public int countWrongTry(BusinessId business, String emailKey, String codeHash, int burnAt) {
        var key = new CodeKey(business, emailKey);
        return tx.change(t -> {
            var codes = t.get(CODES);
            var code = codes.get(key).filter(c -> c.codeHash().equals(codeHash));
            if (code.isEmpty()) {
                return Tuple.of(0, t);
            }
            var c = code.get();
            int tries = c.wrongTries() + 1;
            return Tuple.of(tries, t.with(CODES, tries >= burnAt ? codes.remove(key)
                    : codes.put(key, new SignInCode(c.businessId(), c.emailKey(), c.codeHash(), c.createdAt(), c.expiresAt(), tries))));
        });
    }

    @Override
    public int forgetLinksOf(BusinessId business, CustomerId customer) {
        return tx.change(t -> {
            var links = t.get(LINKS);
            var gone = links.values().map(StoredLink::link)
                    .filter(l -> l.businessId().equals(business) && l.customerId().equals(customer)).map(SignInLink::tokenHash);
            return Tuple.of(gone.size(), t.with(LINKS, links.removeAll(gone)));
        });
    }

    @Override
    public int forgetLinksExpiredBefore(Instant cutoff, int limit) {
        return tx.change(t -> {
            var links = t.get(LINKS);
            var gone = links.values().map(StoredLink::link).filter(l -> l.expiresAt().isBefore(cutoff))
                    .sortBy(SignInLink::expiresAt).take(Math.max(limit, 0)).map(SignInLink::tokenHash);
            return Tuple.of(gone.size(), t.with(LINKS, links.removeAll(gone)));
        });
    }

    @Override
    public int forgetCodesExpiredBefore(Instant cutoff, int limit) {
        return tx.change(t -> {
            var codes = t.get(CODES);
            var gone = codes.filterValues(c -> c.expiresAt().isBefore(cutoff)).toList()
                    .sortBy(entry -> entry._2.expiresAt()).take(Math.max(limit, 0)).map(entry -> entry._1);
            return Tuple.of(gone.size(), t.with(CODES, codes.removeAll(gone)));
        });
    }
}

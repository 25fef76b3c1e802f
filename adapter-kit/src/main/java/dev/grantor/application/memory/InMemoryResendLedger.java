package dev.grantor.application.memory;

import dev.grantor.application.memory.Tables.Slot;
import dev.grantor.application.port.out.Before;
import dev.grantor.application.port.out.ResendLedger;
import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.GrantId;
import io.vavr.Tuple;
import io.vavr.collection.HashMap;
import io.vavr.collection.List;
import io.vavr.collection.Map;
import io.vavr.control.Option;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;

final class InMemoryResendLedger implements ResendLedger {

    private record Window(GrantId grant, String policy) {}

    private record Used(Instant openedAt, int uses) {}

    private static final Slot<Map<Window, Used>> WINDOWS = new Slot<>("resend windows", HashMap.empty());
    private static final Slot<List<Entry>> ENTRIES = new Slot<>("resends", List.empty());

    private final InMemoryTransactions tx;

    InMemoryResendLedger(InMemoryTransactions tx) {
        this.tx = tx;
    }

    @Override
    public Claim claim(BusinessId business, GrantId grant, String policy, int count, Duration window, Instant now) {
        var key = new Window(grant, policy);
        return tx.change(t -> {
            var windows = t.get(WINDOWS);
            var used = windows.get(key).filter(u -> now.isBefore(u.openedAt().plus(window)));
            if (used.isEmpty()) {
                return Tuple.of((Claim) new Claim.Granted(), t.with(WINDOWS, windows.put(key, new Used(now, 1))));
            }
            if (used.get().uses() >= count) {
                return Tuple.of((Claim) new Claim.Refused(used.get().openedAt().plus(window)), t);
            }
            return Tuple.of((Claim) new Claim.Granted(),
                    t.with(WINDOWS, windows.put(key, new Used(used.get().openedAt(), used.get().uses() + 1))));
        });
    }

    @Override
    public void record(Entry entry) {
        tx.apply(t -> t.with(ENTRIES, t.get(ENTRIES).append(entry)));
    }

    @Override
    public List<Entry> list(BusinessId business, GrantId grant) {
        return tx.query(t -> t.get(ENTRIES)
                .filter(e -> e.businessId().equals(business) && e.grantId().equals(grant))
                .sorted(Comparator.comparing(Entry::requestedAt).thenComparing(Entry::outboxMessageId).reversed()));
    }

    @Override
    public List<Entry> latest(BusinessId business, GrantId grant, Option<Before> before, int limit) {
        return list(business, grant).filter(e -> before.forAll(b -> b.admits(e.requestedAt(), e.outboxMessageId())))
                .take(Math.max(0, limit));
    }
}

package dev.grantor.application.memory;

import dev.grantor.application.memory.Tables.Slot;
import dev.grantor.application.port.out.IdempotencyRecords;
import dev.grantor.domain.shared.BusinessId;
import io.vavr.Tuple;
import io.vavr.collection.HashMap;
import io.vavr.collection.Map;
import io.vavr.control.Option;
import java.time.Duration;
import java.time.Instant;

final class InMemoryIdempotencyRecords implements IdempotencyRecords {

    private record Key(BusinessId business, String key) {}

    /** Age counts from the claim, for completed records and abandoned claims alike. */
    private record Entry(String fingerprint, Instant claimedAt, Option<StoredResponse> response) {}

    private static final Slot<Map<Key, Entry>> ROWS = new Slot<>("idempotency records", HashMap.empty());

    private final InMemoryTransactions tx;

    InMemoryIdempotencyRecords(InMemoryTransactions tx) {
        this.tx = tx;
    }

    @Override
    public Claim claim(BusinessId business, String key, String fingerprint, Instant now, Duration ttl, Duration abandonedAfter) {
        var id = new Key(business, key);
        return tx.change(t -> {
            var rows = t.get(ROWS);
            // forgotten once older than the time to live: exactly that old it still answers, as the purge's cutoff keeps it
            var live = rows.get(id).filter(e -> !e.claimedAt().plus(ttl).isBefore(now));
            if (live.isEmpty()) {
                return Tuple.of((Claim) new Claim.Claimed(), t.with(ROWS, rows.put(id, new Entry(fingerprint, now, Option.none()))));
            }
            var entry = live.get();
            if (entry.fingerprint().equals(fingerprint) && entry.response().isEmpty()
                    && !entry.claimedAt().plus(abandonedAfter).isAfter(now)) {
                return Tuple.of((Claim) new Claim.Claimed(), t.with(ROWS, rows.put(id, new Entry(fingerprint, now, Option.none()))));
            }
            Claim answer = !entry.fingerprint().equals(fingerprint) ? new Claim.Mismatch()
                    : entry.response().isDefined() ? new Claim.Replay(entry.response().get())
                    : new Claim.InProgress();
            return Tuple.of(answer, t);
        });
    }

    @Override
    public void complete(BusinessId business, String key, StoredResponse response, Instant at) {
        var id = new Key(business, key);
        tx.apply(t -> {
            var rows = t.get(ROWS);
            return rows.get(id)
                    .map(e -> t.with(ROWS, rows.put(id, new Entry(e.fingerprint(), e.claimedAt(), Option.some(response)))))
                    .getOrElse(t);
        });
    }

    @Override
    public void release(BusinessId business, String key) {
        var id = new Key(business, key);
        tx.apply(t -> t.with(ROWS, t.get(ROWS).remove(id)));
    }

    @Override
    public int forgetClaimedBefore(Instant cutoff, int limit) {
        return tx.change(t -> {
            var gone = t.get(ROWS).filter(row -> row._2.claimedAt().isBefore(cutoff)).toList()
                    .sortBy(row -> row._2.claimedAt()).take(Math.max(limit, 0)).map(row -> row._1);
            return Tuple.of(gone.size(), t.with(ROWS, t.get(ROWS).removeAll(gone)));
        });
    }
}

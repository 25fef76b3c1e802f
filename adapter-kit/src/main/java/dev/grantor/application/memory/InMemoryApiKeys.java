package dev.grantor.application.memory;

import dev.grantor.application.memory.Tables.Slot;
import dev.grantor.application.port.out.ApiKeys;
import dev.grantor.application.port.out.DuplicateRecord;
import dev.grantor.domain.shared.BusinessId;
import io.vavr.Tuple;
import io.vavr.collection.HashMap;
import io.vavr.collection.List;
import java.util.Comparator;
import io.vavr.collection.Map;
import io.vavr.control.Option;
import java.time.Instant;

final class InMemoryApiKeys implements ApiKeys {

    private static final Slot<Map<String, ApiKey>> ROWS = new Slot<>("api keys", HashMap.empty());
    private static final Slot<Map<String, String>> HASHES = new Slot<>("api keys by token hash", HashMap.empty());

    private final InMemoryTransactions tx;

    InMemoryApiKeys(InMemoryTransactions tx) {
        this.tx = tx;
    }

    @Override
    public void insert(ApiKey key) {
        tx.apply(t -> {
            var rows = t.get(ROWS);
            var hashes = t.get(HASHES);
            if (rows.containsKey(key.id()) || hashes.containsKey(key.tokenHash())) {
                throw new DuplicateRecord(DuplicateRecord.Rule.OTHER, "api key " + key.id() + " or its token exists");
            }
            refuseTakenName(rows, key);
            return t.with(ROWS, rows.put(key.id(), key)).with(HASHES, hashes.put(key.tokenHash(), key.id()));
        });
    }

    @Override
    public Option<ApiKey> findByTokenHash(String tokenHash) {
        return tx.query(t -> t.get(HASHES).get(tokenHash).flatMap(t.get(ROWS)::get));
    }

    @Override
    public Option<ApiKey> find(BusinessId business, String id) {
        return tx.query(t -> t.get(ROWS).get(id).filter(k -> k.businessId().equals(business)));
    }

    @Override
    public boolean revoke(BusinessId business, String id, Instant at) {
        return changeOwn(business, id, k -> k.revokedAt().isDefined() ? k
                : new ApiKey(k.id(), k.businessId(), k.tokenHash(), k.readOnly(), k.createdAt(), Option.some(at),
                        k.tokenPrefix(), k.lastUsedAt(), k.name()));
    }

    @Override
    public boolean rename(BusinessId business, String id, Option<String> name) {
        return changeOwn(business, id, k -> new ApiKey(k.id(), k.businessId(), k.tokenHash(), k.readOnly(), k.createdAt(),
                k.revokedAt(), k.tokenPrefix(), k.lastUsedAt(), name));
    }

    /** The stores' partial unique index on a business's unrevoked keys' {@link ApiKeys#nameKey}s, {@code key} excluded. */
    private static void refuseTakenName(Map<String, ApiKey> rows, ApiKey key) {
        if (key.revokedAt().isDefined() || key.name().isEmpty()) {
            return;
        }
        String wanted = ApiKeys.nameKey(key.name().get());
        if (rows.values().exists(other -> !other.id().equals(key.id()) && other.businessId().equals(key.businessId())
                && other.revokedAt().isEmpty() && other.name().exists(name -> ApiKeys.nameKey(name).equals(wanted)))) {
            throw new DuplicateRecord(DuplicateRecord.Rule.API_KEY_NAME, "another unrevoked key of the business is named " + wanted);
        }
    }

    /** The store's units take turns: a unit holds everything it reads. */
    @Override
    public Option<ApiKey> hold(String id) {
        return find(id);
    }

    /**
     * {@code false} when the business has no key {@code id}; otherwise the key becomes what {@code change} makes of it,
     * held to the stores' rule on names as an insert is.
     */
    private boolean changeOwn(BusinessId business, String id, java.util.function.UnaryOperator<ApiKey> change) {
        return tx.change(t -> {
            var rows = t.get(ROWS);
            var stored = rows.get(id).filter(k -> k.businessId().equals(business));
            if (stored.isEmpty()) {
                return Tuple.of(false, t);
            }
            var changed = change.apply(stored.get());
            refuseTakenName(rows, changed);
            return Tuple.of(true, t.with(ROWS, rows.put(id, changed)));
        });
    }

    @Override
    public Option<ApiKey> find(String id) {
        return tx.query(t -> t.get(ROWS).get(id));
    }

    @Override
    public List<ApiKey> list(BusinessId business) {
        return tx.query(t -> t.get(ROWS).values().toList()
                .filter(k -> k.businessId().equals(business))
                .sorted(Comparator.comparing(ApiKey::createdAt).thenComparing(ApiKey::id)));
    }

    @Override
    public boolean markUsed(String id, Instant at, Instant staleBefore) {
        return tx.change(t -> {
            var rows = t.get(ROWS);
            var stale = rows.get(id).filter(k -> k.lastUsedAt().forAll(used -> used.isBefore(staleBefore)));
            if (stale.isEmpty()) {
                return Tuple.of(false, t);
            }
            var k = stale.get();
            var used = new ApiKey(k.id(), k.businessId(), k.tokenHash(), k.readOnly(), k.createdAt(), k.revokedAt(),
                    k.tokenPrefix(), Option.some(at), k.name());
            return Tuple.of(true, t.with(ROWS, rows.put(id, used)));
        });
    }
}

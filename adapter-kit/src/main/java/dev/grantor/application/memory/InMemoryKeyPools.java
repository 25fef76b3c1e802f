package dev.grantor.application.memory;

import dev.grantor.application.memory.Tables.Slot;
import dev.grantor.application.port.out.ConcurrentUpdate;
import dev.grantor.application.port.out.DuplicateRecord;
import dev.grantor.application.port.out.KeyPools;
import dev.grantor.application.port.out.Page;
import dev.grantor.domain.grant.GrantStatus;
import dev.grantor.domain.grant.LicenseKeyValue;
import dev.grantor.domain.grant.KeyPool;
import dev.grantor.domain.grant.PooledKey;
import dev.grantor.domain.grant.PooledKeyStatus;
import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.EntitlementId;
import dev.grantor.domain.shared.KeyPoolId;
import dev.grantor.domain.shared.PooledKeyId;
import io.vavr.collection.HashMap;
import io.vavr.collection.List;
import io.vavr.collection.Map;
import io.vavr.collection.Set;
import io.vavr.control.Option;
import java.time.Instant;
import java.util.Comparator;

/** Pools and their keys; the writer lock of {@link InMemoryTransactions} is the pool lock. */
final class InMemoryKeyPools implements KeyPools {

    private static final Slot<Map<KeyPoolId, KeyPool>> POOLS = new Slot<>("key pools", HashMap.empty());
    private static final Slot<Map<EntitlementId, KeyPoolId>> BY_ENTITLEMENT = new Slot<>("key pools by entitlement", HashMap.empty());
    static final Slot<Map<PooledKeyId, PooledKey>> KEYS = new Slot<>("pooled keys", HashMap.empty());
    static final Slot<Map<LicenseKeyValue, PooledKeyId>> VALUES = new Slot<>("pooled keys by value", HashMap.empty());

    private static final Comparator<PooledKey> OLDEST_FIRST =
            Comparator.comparing(PooledKey::createdAt).thenComparing(key -> key.id().value());

    private final InMemoryTransactions tx;

    InMemoryKeyPools(InMemoryTransactions tx) {
        this.tx = tx;
    }

    @Override
    public void insert(KeyPool pool) {
        tx.apply(t -> {
            if (t.get(BY_ENTITLEMENT).containsKey(pool.entitlementId())) {
                throw new DuplicateRecord(DuplicateRecord.Rule.KEY_POOL, "entitlement " + pool.entitlementId() + " has a pool");
            }
            if (t.get(POOLS).containsKey(pool.id())) {
                throw new DuplicateRecord(DuplicateRecord.Rule.OTHER, "key pool " + pool.id() + " exists");
            }
            return t.with(POOLS, t.get(POOLS).put(pool.id(), atVersion(pool, 0)))
                    .with(BY_ENTITLEMENT, t.get(BY_ENTITLEMENT).put(pool.entitlementId(), pool.id()));
        });
    }

    @Override
    public void update(KeyPool pool) {
        tx.apply(t -> {
            var stored = t.get(POOLS).get(pool.id());
            if (stored.isEmpty() || stored.get().version() != pool.version()) {
                throw new ConcurrentUpdate("key pool " + pool.id() + " is not at version " + pool.version());
            }
            return t.with(POOLS, t.get(POOLS).put(pool.id(), atVersion(pool, pool.version() + 1)));
        });
    }

    @Override
    public Option<KeyPool> find(BusinessId business, EntitlementId entitlement) {
        return tx.query(t -> t.get(BY_ENTITLEMENT).get(entitlement).flatMap(t.get(POOLS)::get)
                .filter(pool -> pool.businessId().equals(business)));
    }

    @Override
    public Option<KeyPool> lock(EntitlementId entitlement) {
        return tx.query(t -> t.get(BY_ENTITLEMENT).get(entitlement).flatMap(t.get(POOLS)::get));
    }

    @Override
    public List<KeyPool> all() {
        return tx.query(t -> t.get(POOLS).values().toList().sorted(Comparator.comparing(KeyPool::createdAt)
                .thenComparing(pool -> pool.id().value())));
    }

    @Override
    public List<KeyPool> list(BusinessId business) {
        return all().filter(pool -> pool.businessId().equals(business));
    }

    @Override
    public List<PoolStock> stocks(BusinessId business, Instant at) {
        return tx.query(t -> list(business).map(pool -> new PoolStock(pool, stock(pool.id(), at), t.get(InMemoryGrants.ROWS)
                .values().count(grant -> grant.entitlementId().equals(pool.entitlementId())
                        && grant.status() == GrantStatus.PENDING))));
    }

    @Override
    public long availableUpTo(KeyPoolId pool, Instant at, long most) {
        return Math.max(0, Math.min(most, tx.query(t -> t.get(KEYS).values()
                .count(key -> key.poolId().equals(pool) && key.status() == PooledKeyStatus.AVAILABLE && unexpired(key, at)))));
    }

    @Override
    public Stock stock(KeyPoolId pool, Instant at) {
        return tx.query(t -> {
            var keys = t.get(KEYS).values().filter(key -> key.poolId().equals(pool));
            return new Stock(keys.count(key -> key.status() == PooledKeyStatus.AVAILABLE && unexpired(key, at)),
                    keys.count(key -> key.status() == PooledKeyStatus.ASSIGNED),
                    keys.count(key -> key.status() == PooledKeyStatus.VOIDED));
        });
    }

    @Override
    public void insertKeys(List<PooledKey> keys) {
        tx.apply(t -> {
            var rows = t.get(KEYS);
            var values = t.get(VALUES);
            for (var key : keys) {
                if (values.containsKey(key.value())) {
                    throw new DuplicateRecord(DuplicateRecord.Rule.POOLED_KEY_VALUE, "this key is in a pool already");
                }
                if (rows.containsKey(key.id())) {
                    throw new DuplicateRecord(DuplicateRecord.Rule.OTHER, "pooled key " + key.id() + " exists");
                }
                rows = rows.put(key.id(), atVersion(key, 0));
                values = values.put(key.value(), key.id());
            }
            return t.with(KEYS, rows).with(VALUES, values);
        });
    }

    @Override
    public Option<PooledKey> oldestAvailable(KeyPoolId pool, Instant at) {
        return tx.query(t -> t.get(KEYS).values()
                .filter(key -> key.poolId().equals(pool) && key.status() == PooledKeyStatus.AVAILABLE
                        && unexpired(key, at))
                .minBy(OLDEST_FIRST));
    }

    @Override
    public Option<Offered> oldestAvailable(KeyPoolId pool, Instant at, long most) {
        return oldestAvailable(pool, at).map(key -> new Offered(key, availableUpTo(pool, at, most)));
    }

    private static boolean unexpired(PooledKey key, Instant at) {
        return key.expiresAt().forAll(expiry -> expiry.isAfter(at));
    }

    @Override
    public void updateKey(PooledKey key) {
        tx.apply(t -> {
            var stored = t.get(KEYS).get(key.id());
            if (stored.isEmpty() || stored.get().version() != key.version()) {
                throw new ConcurrentUpdate("pooled key " + key.id() + " is not at version " + key.version());
            }
            return t.with(KEYS, t.get(KEYS).put(key.id(), atVersion(key, key.version() + 1)));
        });
    }

    @Override
    public Option<PooledKey> findKey(KeyPoolId pool, PooledKeyId id) {
        return tx.query(t -> t.get(KEYS).get(id).filter(key -> key.poolId().equals(pool)));
    }

    @Override
    public List<PooledKey> keys(KeyPoolId pool, Option<PooledKeyStatus> status, Page page) {
        return tx.query(t -> Paging.newestFirst(t.get(KEYS).values()
                        .filter(key -> key.poolId().equals(pool) && status.forAll(s -> key.status() == s)),
                PooledKey::createdAt, key -> key.id().value(), page));
    }

    @Override
    public Map<KeyPoolId, List<PooledKey>> newestAvailable(BusinessId business, int most) {
        return tx.query(t -> io.vavr.collection.LinkedHashMap.ofEntries(list(business)
                .map(pool -> io.vavr.Tuple.of(pool.id(), keys(pool.id(), Option.some(PooledKeyStatus.AVAILABLE), new Page(0, most))))
                .filter(entry -> !entry._2.isEmpty())));
    }

    @Override
    public Set<LicenseKeyValue> existingValues(List<LicenseKeyValue> candidates) {
        return tx.query(t -> candidates.filter(t.get(VALUES)::containsKey).toSet());
    }

    private static KeyPool atVersion(KeyPool p, long version) {
        return new KeyPool(p.id(), p.businessId(), p.entitlementId(), p.lowStockThreshold(), p.lowStockArmed(), p.emptyArmed(),
                p.createdAt(), p.updatedAt(), version);
    }

    private static PooledKey atVersion(PooledKey k, long version) {
        return new PooledKey(k.id(), k.poolId(), k.businessId(), k.entitlementId(), k.value(), k.activationsLimit(),
                k.expiresAt(), k.state(), k.createdAt(), version);
    }
}

package dev.grantor.application.port.out;

import dev.grantor.domain.grant.LicenseKeyValue;
import dev.grantor.domain.grant.KeyPool;
import dev.grantor.domain.grant.PooledKey;
import dev.grantor.domain.grant.PooledKeyStatus;
import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.EntitlementId;
import dev.grantor.domain.shared.KeyPoolId;
import dev.grantor.domain.shared.PooledKeyId;
import io.vavr.collection.List;
import io.vavr.collection.Map;
import io.vavr.collection.Set;
import io.vavr.control.Option;
import java.time.Instant;

/**
 * The key pools of manual license-key entitlements, with their keys. Key values are unique across every pool
 * of the deployment; rows are never deleted.
 */
public interface KeyPools {

    /** How many keys of a pool are in each state, {@code available} counting only the keys that can still be handed out. */
    record Stock(long available, long assigned, long voided) {
        public Stock {
            if (available < 0 || assigned < 0 || voided < 0) {
                throw new IllegalArgumentException("a stock counts from zero");
            }
        }
    }

    /** Throws {@link DuplicateRecord} ({@code KEY_POOL}) when the entitlement has a pool already. */
    void insert(KeyPool pool);

    /** Replaces the pool at {@code pool.version()}; {@link ConcurrentUpdate} when it moved on. */
    void update(KeyPool pool);

    Option<KeyPool> find(BusinessId business, EntitlementId entitlement);

    /**
     * The entitlement's pool, held for the caller's unit of work: a second unit locking the same pool waits
     * until the first ends (PostgreSQL: {@code FOR UPDATE}; SQLite: the single writer). Every unit that takes
     * keys out of a pool or puts keys in locks it first, so stock counts read after the lock are exact.
     */
    Option<KeyPool> lock(EntitlementId entitlement);

    /** Every pool of every business, for gauges. */
    List<KeyPool> all();

    /** The business's pools, oldest first. */
    List<KeyPool> list(BusinessId business);

    /**
     * The pool's stock at {@code at}: an available key whose expiry has passed is not counted, by the same test as
     * {@link #oldestAvailable}, so a pool that can hand out nothing reads empty (and its alerts fire).
     */
    Stock stock(KeyPoolId pool, Instant at);

    /**
     * The business's pools as {@link #list} orders them, each with its {@link #stock} at {@code at} and its waiting grants
     * (as {@link Grants#countPending} counts them), in one read: a page of pools costs one statement, not a few per pool.
     */
    List<PoolStock> stocks(BusinessId business, Instant at);

    /** A pool with its stock and how many of its entitlement's grants wait for a key. */
    record PoolStock(KeyPool pool, Stock stock, long waitingGrants) {
        public PoolStock {
            if (pool == null || stock == null || waitingGrants < 0) {
                throw new IllegalArgumentException("a pool, its stock and a count from zero");
            }
        }
    }

    /**
     * The pool's available keys at {@code at} (as {@link #stock} counts them), counted no further than {@code most}:
     * what a take needs to know whether an alert's line was crossed, read in as many rows as the line is high rather
     * than the pool's thousands.
     */
    long availableUpTo(KeyPoolId pool, Instant at, long most);

    /** Throws {@link DuplicateRecord} ({@code POOLED_KEY_VALUE}) when a value is in some pool already; stores none then. */
    void insertKeys(List<PooledKey> keys);

    /**
     * The oldest {@code available} key ({@code created_at}, then id) that has not expired at {@code at}, skipping
     * keys another unit has locked.
     */
    Option<PooledKey> oldestAvailable(KeyPoolId pool, Instant at);

    /**
     * The oldest available key as {@link #oldestAvailable(KeyPoolId, Instant)} offers it, with the pool's available keys
     * at {@code at} counted as {@link #availableUpTo} counts them, this key among them, no further than {@code most}: a take
     * and whether it crosses an alert's line in one read.
     */
    Option<Offered> oldestAvailable(KeyPoolId pool, Instant at, long most);

    /** A pool's oldest available key, and its available keys counted up to a bound (the key itself among them). */
    record Offered(PooledKey key, long availableUpTo) {
        public Offered {
            if (key == null || availableUpTo < 0) {
                throw new IllegalArgumentException("an offered key, and a count from zero");
            }
        }
    }

    /** Replaces the key's state at {@code key.version()}; {@link ConcurrentUpdate} when it moved on. */
    void updateKey(PooledKey key);

    Option<PooledKey> findKey(KeyPoolId pool, PooledKeyId id);

    /** The pool's keys, newest first ({@code created_at} desc, then id desc), of one status when given. */
    List<PooledKey> keys(KeyPoolId pool, Option<PooledKeyStatus> status, Page page);

    /**
     * The {@code most} newest {@code available} keys of each of the business's pools, as {@link #keys} reads them one pool
     * at a time (status {@code available}, an expired one among them; newest first), in one read: the Pools page's lists
     * cost one statement, not one a pool. Pools in {@link #list}'s order; a pool without such keys is absent.
     */
    Map<KeyPoolId, List<PooledKey>> newestAvailable(BusinessId business, int most);

    /** Which of these values are in some pool of the deployment, whatever their state. */
    Set<LicenseKeyValue> existingValues(List<LicenseKeyValue> candidates);
}

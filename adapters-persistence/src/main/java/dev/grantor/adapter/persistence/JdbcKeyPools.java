package dev.grantor.adapter.persistence;

import dev.grantor.application.port.out.ConcurrentUpdate;
import dev.grantor.application.port.out.KeyPools;
import dev.grantor.application.port.out.Page;
import dev.grantor.domain.entitlement.ActivationsLimit;
import dev.grantor.domain.grant.LicenseKeyValue;
import dev.grantor.domain.grant.KeyPool;
import dev.grantor.domain.grant.PooledKey;
import dev.grantor.domain.grant.PooledKeyState;
import dev.grantor.domain.grant.PooledKeyStatus;
import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.EntitlementId;
import dev.grantor.domain.shared.GrantId;
import dev.grantor.domain.shared.KeyPoolId;
import dev.grantor.domain.shared.PooledKeyId;
import io.vavr.collection.LinkedHashMap;
import io.vavr.collection.List;
import io.vavr.collection.Map;
import io.vavr.collection.Set;
import io.vavr.control.Option;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Locale;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * Pools and their keys. {@link #lock} is {@code SELECT ... FOR UPDATE} on PostgreSQL, so units that take or add
 * keys of one pool queue on its row, on any number of nodes; on SQLite the single writer already queues them.
 */
final class JdbcKeyPools implements KeyPools {

    private static final String POOL_COLUMNS = "id, business_id, entitlement_id, low_stock_threshold, low_stock_armed,"
            + " empty_armed, created_at, updated_at, version";
    private static final String KEY_COLUMNS = "id, pool_id, business_id, entitlement_id, value, activations_limit,"
            + " expires_at_second, expires_at_nano, status, grant_id, assigned_at, voided_at, created_at, version";
    /** A key that can still be handed out at {@code :at_second}/{@code :at_nano}: the claim and the stock count agree. */
    private static final String UNEXPIRED = "(expires_at_second IS NULL OR expires_at_second > :at_second"
            + " OR (expires_at_second = :at_second AND expires_at_nano > :at_nano))";

    private final JdbcTransactions transactions;
    private final Dialect dialect;

    JdbcKeyPools(JdbcTransactions transactions, Dialect dialect) {
        this.transactions = transactions;
        this.dialect = dialect;
    }

    @Override
    public void insert(KeyPool pool) {
        transactions.writing(handle -> handle.createUpdate("INSERT INTO key_pools (" + POOL_COLUMNS + ") VALUES (:id,"
                        + " :business_id, :entitlement_id, :low_stock_threshold, :low_stock_armed, :empty_armed, :created_at,"
                        + " :updated_at, 0)")
                .bind("id", pool.id().value())
                .bind("business_id", pool.businessId().value())
                .bind("entitlement_id", pool.entitlementId().value())
                .bind("low_stock_threshold", pool.lowStockThreshold())
                .bind("low_stock_armed", pool.lowStockArmed())
                .bind("empty_armed", pool.emptyArmed())
                .bind("created_at", Columns.nanos(pool.createdAt()))
                .bind("updated_at", Columns.nanos(pool.updatedAt()))
                .execute());
    }

    @Override
    public void update(KeyPool pool) {
        transactions.writing(handle -> {
            int updated = handle.createUpdate("UPDATE key_pools SET low_stock_threshold = :low_stock_threshold,"
                            + " low_stock_armed = :low_stock_armed, empty_armed = :empty_armed, updated_at = :updated_at,"
                            + " version = version + 1 WHERE id = :id AND version = :version")
                    .bind("id", pool.id().value())
                    .bind("low_stock_threshold", pool.lowStockThreshold())
                    .bind("low_stock_armed", pool.lowStockArmed())
                    .bind("empty_armed", pool.emptyArmed())
                    .bind("updated_at", Columns.nanos(pool.updatedAt()))
                    .bind("version", pool.version())
                    .execute();
            if (updated != 1) {
                throw new ConcurrentUpdate("key pool " + pool.id().value() + " is no longer at version " + pool.version());
            }
            return null;
        });
    }

    @Override
    public Option<KeyPool> find(BusinessId business, EntitlementId entitlement) {
        return transactions.reading(handle -> Option.ofOptional(handle.createQuery("SELECT " + POOL_COLUMNS
                        + " FROM key_pools WHERE entitlement_id = :entitlement_id AND business_id = :business_id")
                .bind("entitlement_id", entitlement.value())
                .bind("business_id", business.value())
                .map((rs, ctx) -> pool(rs))
                .findOne()));
    }

    @Override
    public Option<KeyPool> lock(EntitlementId entitlement) {
        return transactions.writing(handle -> Option.ofOptional(handle.createQuery("SELECT " + POOL_COLUMNS
                        + " FROM key_pools WHERE entitlement_id = :entitlement_id"
                        + dialect.rowLock())
                .bind("entitlement_id", entitlement.value())
                .map((rs, ctx) -> pool(rs))
                .findOne()));
    }

    @Override
    public List<KeyPool> all() {
        return transactions.reading(handle -> List.ofAll(handle.createQuery("SELECT " + POOL_COLUMNS
                        + " FROM key_pools ORDER BY created_at, id")
                .map((rs, ctx) -> pool(rs))
                .list()));
    }

    @Override
    public List<KeyPool> list(BusinessId business) {
        return transactions.reading(handle -> List.ofAll(handle.createQuery("SELECT " + POOL_COLUMNS
                        + " FROM key_pools WHERE business_id = :business_id ORDER BY created_at, id")
                .bind("business_id", business.value())
                .map((rs, ctx) -> pool(rs))
                .list()));
    }

    @Override
    public List<PoolStock> stocks(BusinessId business, Instant at) {
        return transactions.reading(handle -> List.ofAll(handle.createQuery(STOCKS)
                .bind("business_id", business.value())
                .bind("at_second", at.getEpochSecond())
                .bind("at_nano", at.getNano())
                .map((rs, ctx) -> new PoolStock(pool(rs), new Stock(rs.getLong("available"), rs.getLong("assigned"),
                        rs.getLong("voided")), rs.getLong("waiting_grants")))
                .list()));
    }

    /**
     * Each count a subquery on the pool's row, through the same indexes {@link #stock} and {@code countPending} walk
     * ({@code pooled_keys_by_status}, {@code grants_by_entitlement_status_newest}): the reads of one pool are as before,
     * only the round trips per pool are gone.
     */
    static final String STOCKS = "SELECT " + POOL_COLUMNS
            + ", (SELECT COUNT(*) FROM pooled_keys k WHERE k.pool_id = key_pools.id AND k.status = 'available' AND "
            + UNEXPIRED + ") AS available"
            + ", (SELECT COUNT(*) FROM pooled_keys k WHERE k.pool_id = key_pools.id AND k.status = 'assigned') AS assigned"
            + ", (SELECT COUNT(*) FROM pooled_keys k WHERE k.pool_id = key_pools.id AND k.status = 'voided') AS voided"
            + ", (SELECT COUNT(*) FROM grants g WHERE g.entitlement_id = key_pools.entitlement_id AND g.status = 'Pending')"
            + " AS waiting_grants FROM key_pools WHERE business_id = :business_id ORDER BY created_at, id";

    @Override
    public long availableUpTo(KeyPoolId pool, Instant at, long most) {
        if (most <= 0) {
            return 0;
        }
        return transactions.reading(handle -> handle.createQuery(AVAILABLE_UP_TO)
                .bind("pool_id", pool.value())
                .bind("at_second", at.getEpochSecond())
                .bind("at_nano", at.getNano())
                .bind("most", most)
                .mapTo(Long.class)
                .one());
    }

    static final String AVAILABLE_UP_TO = "SELECT COUNT(*) FROM (SELECT 1 FROM pooled_keys WHERE pool_id = :pool_id"
            + " AND status = 'available' AND " + UNEXPIRED + " LIMIT :most) up_to";

    @Override
    public Stock stock(KeyPoolId pool, Instant at) {
        return transactions.reading(handle -> {
            long[] counts = new long[PooledKeyStatus.values().length];
            handle.createQuery("SELECT status, COUNT(*) AS n FROM pooled_keys WHERE pool_id = :pool_id"
                            + " AND (status <> 'available' OR " + UNEXPIRED + ") GROUP BY status")
                    .bind("pool_id", pool.value())
                    .bind("at_second", at.getEpochSecond())
                    .bind("at_nano", at.getNano())
                    .map((rs, ctx) -> {
                        counts[status(rs.getString("status")).ordinal()] = rs.getLong("n");
                        return null;
                    })
                    .list();
            return new Stock(counts[PooledKeyStatus.AVAILABLE.ordinal()], counts[PooledKeyStatus.ASSIGNED.ordinal()],
                    counts[PooledKeyStatus.VOIDED.ordinal()]);
        });
    }

    @Override
    public void insertKeys(List<PooledKey> keys) {
        if (keys.isEmpty()) {
            return;
        }
        transactions.writing(handle -> {
            var batch = handle.prepareBatch("INSERT INTO pooled_keys (" + KEY_COLUMNS + ") VALUES (:id, :pool_id, :business_id,"
                    + " :entitlement_id, :value, :activations_limit, :expires_at_second, :expires_at_nano, :status, :grant_id,"
                    + " :assigned_at, :voided_at, :created_at, 0)");
            for (var key : keys) {
                batch.bind("id", key.id().value())
                        .bind("pool_id", key.poolId().value())
                        .bind("business_id", key.businessId().value())
                        .bind("entitlement_id", key.entitlementId().value())
                        .bind("value", key.value().value())
                        .bind("activations_limit", key.activationsLimit().map(ActivationsLimit::value).getOrNull())
                        .bind("expires_at_second", key.expiresAt().map(Instant::getEpochSecond).getOrNull())
                        .bind("expires_at_nano", key.expiresAt().map(Instant::getNano).getOrNull())
                        .bind("status", key.status().wire())
                        .bind("grant_id", key.grantId().map(GrantId::value).getOrNull())
                        .bind("assigned_at", Columns.nanos(key.assignedAt()))
                        .bind("voided_at", Columns.nanos(key.voidedAt()))
                        .bind("created_at", Columns.nanos(key.createdAt()))
                        .add();
            }
            batch.execute();
            return null;
        });
    }

    @Override
    public Option<PooledKey> oldestAvailable(KeyPoolId pool, Instant at) {
        return transactions.writing(handle -> Option.ofOptional(handle.createQuery(oldestAvailable(dialect, KEY_COLUMNS))
                .bind("pool_id", pool.value())
                .bind("at_second", at.getEpochSecond())
                .bind("at_nano", at.getNano())
                .map((rs, ctx) -> key(rs))
                .findOne()));
    }

    /**
     * The pool's oldest available key that has not expired, through the partial index of available keys (pinned: unpinned,
     * SQLite took {@code pooled_keys_newest}, every key of the pool oldest first, and passed over every key the pool had
     * already handed out, so each take cost more than the last).
     */
    static String oldestAvailable(Dialect dialect, String columns) {
        return "SELECT " + columns + " FROM pooled_keys" + dialect.pinnedTo("pooled_keys_claim")
                + " WHERE pool_id = :pool_id AND status = 'available' AND " + UNEXPIRED
                + " ORDER BY created_at, id LIMIT 1"
                + dialect.rowLockSkippingHeld();
    }

    @Override
    public Option<Offered> oldestAvailable(KeyPoolId pool, Instant at, long most) {
        return transactions.writing(handle -> Option.ofOptional(handle.createQuery(OLDEST_AVAILABLE_COUNTED[dialect.ordinal()])
                .bind("pool_id", pool.value())
                .bind("at_second", at.getEpochSecond())
                .bind("at_nano", at.getNano())
                .bind("most", Math.max(0, most))
                .map((rs, ctx) -> offered(rs, ""))
                .findOne()));
    }

    private static final String[] OLDEST_AVAILABLE_COUNTED = java.util.Arrays.stream(Dialect.values())
            .map(dialect -> oldestAvailableCounted(dialect, "")).toArray(String[]::new);

    /**
     * {@link #oldestAvailable(Dialect, String)} with {@link #AVAILABLE_UP_TO} beside the key's columns, each named
     * {@code prefix} + its own name (none: as they are): the count is not locked (a lock applies to the outer statement's
     * rows), and every unit that takes keys holds the pool first.
     */
    static String oldestAvailableCounted(Dialect dialect, String prefix) {
        String columns = prefix.isEmpty() ? KEY_COLUMNS
                : Columns.names(KEY_COLUMNS).map(column -> column + " AS " + prefix + column).mkString(", ");
        return oldestAvailable(dialect, columns + ", (" + AVAILABLE_UP_TO + ") AS " + prefix + "available_up_to");
    }

    /** A pooled key's change from the version it was read at; named parameters, as {@link #bindUpdate} binds them. */
    static final String UPDATE_KEY = "UPDATE pooled_keys SET status = :status, grant_id = :grant_id,"
            + " assigned_at = :assigned_at, voided_at = :voided_at, version = version + 1"
            + " WHERE id = :id AND version = :version";

    @Override
    public void updateKey(PooledKey key) {
        keyUpdated(key, transactions.writing(handle -> bindUpdate(handle.createUpdate(UPDATE_KEY), key, "").execute()));
    }

    /** Binds {@link #UPDATE_KEY}'s parameters, each name after {@code prefix}. */
    static <S extends SqlStatement<S>> S bindUpdate(S statement, PooledKey key, String prefix) {
        return statement.bind(prefix + "id", key.id().value())
                .bind(prefix + "status", key.status().wire())
                .bind(prefix + "grant_id", key.grantId().map(GrantId::value).getOrNull())
                .bind(prefix + "assigned_at", Columns.nanos(key.assignedAt()))
                .bind(prefix + "voided_at", Columns.nanos(key.voidedAt()))
                .bind(prefix + "version", key.version());
    }

    /** The version check of {@link #UPDATE_KEY}: anything but the one row means another unit changed the key first. */
    static void keyUpdated(PooledKey key, int rows) {
        if (rows != 1) {
            throw new ConcurrentUpdate("pooled key " + key.id().value() + " is no longer at version " + key.version());
        }
    }

    @Override
    public Option<PooledKey> findKey(KeyPoolId pool, PooledKeyId id) {
        return transactions.reading(handle -> Option.ofOptional(handle.createQuery("SELECT " + KEY_COLUMNS
                        + " FROM pooled_keys WHERE id = :id AND pool_id = :pool_id")
                .bind("id", id.value())
                .bind("pool_id", pool.value())
                .map((rs, ctx) -> key(rs))
                .findOne()));
    }

    @Override
    public List<PooledKey> keys(KeyPoolId pool, Option<PooledKeyStatus> status, Page page) {
        return transactions.reading(handle -> {
            var query = handle.createQuery("SELECT " + KEY_COLUMNS + " FROM pooled_keys WHERE pool_id = :pool_id"
                            + (status.isDefined() ? " AND status = :status" : "")
                            + " ORDER BY created_at DESC, id DESC LIMIT :limit OFFSET :offset")
                    .bind("pool_id", pool.value())
                    .bind("limit", page.size())
                    .bind("offset", page.offset());
            status.forEach(s -> query.bind("status", s.wire()));
            return List.ofAll(query.map((rs, ctx) -> key(rs)).list());
        });
    }

    @Override
    public Map<KeyPoolId, List<PooledKey>> newestAvailable(BusinessId business, int most) {
        if (most <= 0) {
            return LinkedHashMap.empty();
        }
        // a plain builder: a page of pools holds up to fifty keys each, and a persistent map appends in linear time
        var byPool = new java.util.LinkedHashMap<KeyPoolId, java.util.List<PooledKey>>();
        transactions.reading(handle -> handle.createQuery(NEWEST_AVAILABLE[dialect.ordinal()])
                .bind("business_id", business.value())
                .bind("most", most)
                .map((rs, ctx) -> key(rs))
                .list())
                .forEach(key -> byPool.computeIfAbsent(key.poolId(), pool -> new java.util.ArrayList<>()).add(key));
        return LinkedHashMap.ofAll(byPool).mapValues(List::ofAll);
    }

    private static final String[] NEWEST_AVAILABLE = java.util.Arrays.stream(Dialect.values())
            .map(JdbcKeyPools::newestAvailable).toArray(String[]::new);

    /**
     * Each of the business's pools ({@code key_pools_by_business}) with its newest available keys, read as {@link #keys}
     * reads one pool's: a walk of the pool's available keys from its newest that stops after {@code :most}, never the
     * pool's thousands. PostgreSQL joins the walk {@code LATERAL}; SQLite has no {@code LATERAL}, and a window numbering
     * each pool's keys would number every one of them first, so each pool's walk is a correlated list of ids (on the partial
     * index of available keys, pinned as the take's is: on {@code pooled_keys_by_status} SQLite would sort every available
     * key of the pool first) whose rows are then read by primary key.
     */
    static String newestAvailable(Dialect dialect) {
        String columns = Columns.names(KEY_COLUMNS).map(column -> "k." + column).mkString(", ");
        String newest = " WHERE pool_id = p.id AND status = 'available' ORDER BY created_at DESC, id DESC LIMIT :most";
        String keys = dialect == Dialect.POSTGRESQL
                ? " CROSS JOIN LATERAL (SELECT " + KEY_COLUMNS + " FROM pooled_keys" + newest + ") k"
                : " JOIN pooled_keys k ON k.id IN (SELECT id FROM pooled_keys" + dialect.pinnedTo("pooled_keys_claim") + newest + ")";
        return "SELECT " + columns + " FROM key_pools p" + keys + " WHERE p.business_id = :business_id"
                + " ORDER BY p.created_at, p.id, k.created_at DESC, k.id DESC";
    }

    @Override
    public Set<LicenseKeyValue> existingValues(List<LicenseKeyValue> candidates) {
        return transactions.readingInParts(candidates, (handle, part) -> handle
                        .createQuery("SELECT value FROM pooled_keys WHERE value IN (<values>)")
                        .bindList("values", part.map(LicenseKeyValue::value).asJava())
                        .mapTo(String.class)
                        .list())
                .map(LicenseKeyValue::new)
                .toSet();
    }

    private static KeyPool pool(ResultSet rs) throws SQLException {
        return new KeyPool(new KeyPoolId(rs.getString("id")), new BusinessId(rs.getString("business_id")),
                new EntitlementId(rs.getString("entitlement_id")), rs.getInt("low_stock_threshold"),
                rs.getBoolean("low_stock_armed"), rs.getBoolean("empty_armed"), Columns.instant(rs, "created_at"),
                Columns.instant(rs, "updated_at"), rs.getLong("version"));
    }

    private static PooledKey key(ResultSet rs) throws SQLException {
        return key(rs, "");
    }

    /** The key in the row's columns named {@code prefix} + its own column names (as a join names them). */
    private static PooledKey key(ResultSet rs, String prefix) throws SQLException {
        long expirySecond = rs.getLong(prefix + "expires_at_second");
        Option<Instant> expiresAt = rs.wasNull() ? Option.none()
                : Option.some(Instant.ofEpochSecond(expirySecond, rs.getInt(prefix + "expires_at_nano")));
        PooledKeyState state = switch (status(rs.getString(prefix + "status"))) {
            case AVAILABLE -> new PooledKeyState.Available();
            case ASSIGNED -> new PooledKeyState.Assigned(new GrantId(rs.getString(prefix + "grant_id")),
                    Columns.instant(rs, prefix + "assigned_at"));
            case VOIDED -> new PooledKeyState.Voided(Columns.instant(rs, prefix + "voided_at"));
        };
        return new PooledKey(new PooledKeyId(rs.getString(prefix + "id")), new KeyPoolId(rs.getString(prefix + "pool_id")),
                new BusinessId(rs.getString(prefix + "business_id")), new EntitlementId(rs.getString(prefix + "entitlement_id")),
                new LicenseKeyValue(rs.getString(prefix + "value")),
                Columns.optionalInt(rs, prefix + "activations_limit").map(ActivationsLimit::new),
                expiresAt, state, Columns.instant(rs, prefix + "created_at"), rs.getLong(prefix + "version"));
    }

    /** A key {@link #oldestAvailableCounted(Dialect, String)} offered, in the row's columns named {@code prefix} + their own. */
    static Offered offered(ResultSet rs, String prefix) throws SQLException {
        return new Offered(key(rs, prefix), rs.getLong(prefix + "available_up_to"));
    }

    private static PooledKeyStatus status(String wire) {
        return PooledKeyStatus.valueOf(wire.toUpperCase(Locale.ROOT));
    }
}

package dev.grantor.adapter.persistence;

import dev.grantor.application.port.out.Before;
import dev.grantor.application.port.out.ConcurrentUpdate;
import dev.grantor.application.port.out.LicenseKeys;
import dev.grantor.application.port.out.Page;
import dev.grantor.domain.entitlement.ActivationsLimit;
import dev.grantor.domain.grant.GrantStatus;
import dev.grantor.domain.grant.LicenseKey;
import dev.grantor.domain.grant.LicenseKeyInstance;
import dev.grantor.domain.grant.LicenseKeySource;
import dev.grantor.domain.grant.LicenseKeyStatus;
import dev.grantor.domain.grant.LicenseKeyValue;
import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.CustomerId;
import dev.grantor.domain.shared.EntitlementId;
import dev.grantor.domain.shared.GrantId;
import dev.grantor.domain.shared.InstanceId;
import dev.grantor.domain.shared.LicenseKeyId;
import dev.grantor.domain.grant.Grant;
import io.vavr.collection.List;
import io.vavr.collection.Map;
import io.vavr.collection.Set;
import io.vavr.control.Option;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Locale;
import java.util.function.Predicate;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * License keys with their instances in a child table, kept in the key's order. The expiry is seconds plus
 * nanos rather than one number: a key may be valid for centuries.
 */
final class JdbcLicenseKeys implements LicenseKeys {

    private static final String PAST_VALUE_COLUMNS = "license_key_id, business_id, value_sha256, replaced_at, replaced_by";
    private static final Keyset PAST_NEWEST = new Keyset("replaced_at", "value_sha256");

    private static final String COLUMNS = "id, business_id, grant_id, customer_id, entitlement_id, value, source,"
            + " activations_limit, expires_at_second, expires_at_nano, disabled_at, created_at, updated_at, version";

    /** A new key's row, without its instances; named parameters, as {@link #bindKey} binds them. */
    static final String INSERT = "INSERT INTO license_keys (" + COLUMNS + ") VALUES (:id, :business_id, :grant_id,"
            + " :customer_id, :entitlement_id, :value, :source, :activations_limit, :expires_at_second,"
            + " :expires_at_nano, :disabled_at, :created_at, :updated_at, 0)";

    private final JdbcTransactions transactions;

    JdbcLicenseKeys(JdbcTransactions transactions) {
        this.transactions = transactions;
    }

    @Override
    public void insert(LicenseKey key) {
        transactions.writing(handle -> {
            bindKey(handle.createUpdate(INSERT), key, "").execute();
            insertInstances(handle, key);
            return null;
        });
    }

    @Override
    public void update(LicenseKey key) {
        transactions.writing(handle -> {
            int updated = bindKey(handle.createUpdate("UPDATE license_keys SET value = :value, activations_limit = :activations_limit,"
                    + " expires_at_second = :expires_at_second, expires_at_nano = :expires_at_nano,"
                    + " disabled_at = :disabled_at, updated_at = :updated_at, version = version + 1"
                    + " WHERE id = :id AND version = :version"), key, "")
                    .bind("version", key.version())
                    .execute();
            if (updated != 1) {
                throw new ConcurrentUpdate("license key " + key.id().value() + " is no longer at version " + key.version());
            }
            updateInstances(handle, key);
            return null;
        });
    }

    /**
     * Writes only what changed among the key's instances (an activation inserts one row, a deactivation deletes one, a
     * rename updates one) rather than rewriting them all, O(1) writes instead of O(n). Instances keep their order by
     * position: one that arrived after those stored takes the next position. Anything else (an order the stored
     * positions cannot express) rewrites them all.
     */
    private static void updateInstances(Handle handle, LicenseKey key) {
        record Stored(String id, int position, String name) {}
        var stored = List.ofAll(handle.createQuery("SELECT id, position, name FROM license_key_instances"
                        + " WHERE license_key_id = :id ORDER BY position")
                .bind("id", key.id().value())
                .map((rs, ctx) -> new Stored(rs.getString("id"), rs.getInt("position"), rs.getString("name")))
                .list());
        var wantedIds = key.instances().map(instance -> instance.id().value()).toSet();
        var kept = stored.filter(row -> wantedIds.contains(row.id()));
        var keptIds = kept.map(Stored::id).toSet();
        var arrived = key.instances().filter(instance -> !keptIds.contains(instance.id().value()));
        boolean appendedOnly = key.instances().take(kept.size()).map(instance -> instance.id().value()).equals(kept.map(Stored::id));
        if (!appendedOnly) {
            handle.createUpdate("DELETE FROM license_key_instances WHERE license_key_id = :id").bind("id", key.id().value()).execute();
            insertInstances(handle, key.instances(), key, 0);
            return;
        }
        stored.filter(row -> !wantedIds.contains(row.id())).forEach(gone -> handle
                .createUpdate("DELETE FROM license_key_instances WHERE id = :id").bind("id", gone.id()).execute());
        kept.zip(key.instances()).filter(pair -> !pair._1.name().equals(pair._2.name())).forEach(pair -> handle
                .createUpdate("UPDATE license_key_instances SET name = :name WHERE id = :id")
                .bind("name", pair._2.name())
                .bind("id", pair._1.id())
                .execute());
        insertInstances(handle, arrived, key, stored.isEmpty() ? 0 : stored.last().position() + 1);
    }

    @Override
    public Option<LicenseKey> find(LicenseKeyId id) {
        return findWhere(BY_ID, id.value());
    }

    @Override
    public Option<LicenseKey> findByValue(LicenseKeyValue value) {
        return findWhere(BY_VALUE, value.value());
    }

    /** Key, instances and the grant's status in ONE statement: every validation runs it. */
    @Override
    public Option<CheckedKey> findForCheck(LicenseKeyValue value, Predicate<LicenseKey> grantRevoked) {
        return transactions.readingOnePlain(FOR_CHECK, statement -> {
            statement.setString(1, value.value());
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? Option.some(checked(rs)) : Option.none();
            }
        });
    }

    /** Key, the named instance if the key holds it, and the grant's status: one row, nothing to sort. */
    @Override
    public Option<CheckedKey> findForValidation(LicenseKeyValue value, Option<InstanceId> named,
                                                Predicate<LicenseKey> grantRevoked) {
        return transactions.readingOnePlain(named.isDefined() ? FOR_VALIDATION_OF_INSTANCE : FOR_VALIDATION, statement -> {
            // the named instance's id comes first in the statement: it is part of the instances' join
            int valueAt = 1;
            if (named.isDefined()) {
                statement.setString(valueAt++, named.get().value());
            }
            statement.setString(valueAt, value.value());
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? Option.some(checked(rs)) : Option.none();
            }
        });
    }

    private static CheckedKey checked(ResultSet rs) throws SQLException {
        String grantStatus = rs.getString("grant_status");
        boolean revoked = grantStatus != null && JdbcGrants.status(grantStatus) == GrantStatus.REVOKED;
        return new CheckedKey(keyFromRows(rs), revoked);
    }

    @Override
    public boolean valueExists(LicenseKeyValue value) {
        return transactions.readingOnePlain("SELECT 1 FROM license_keys WHERE value = ?", statement -> {
            statement.setString(1, value.value());
            try (var rs = statement.executeQuery()) {
                return rs.next();
            }
        });
    }

    @Override
    public Set<LicenseKeyValue> existingValues(List<LicenseKeyValue> candidates) {
        return transactions.readingInParts(candidates, (handle, part) -> handle
                        .createQuery("SELECT value FROM license_keys WHERE value IN (<values>)")
                        .bindList("values", part.map(LicenseKeyValue::value).asJava())
                        .mapTo(String.class)
                        .list())
                .map(LicenseKeyValue::new)
                .toSet();
    }

    @Override
    public Map<LicenseKeyId, LicenseKey> ofAll(List<Grant> grants) {
        var ids = grants.flatMap(Grant::licenseKeyId).distinct().map(LicenseKeyId::value);
        return transactions.readingInParts(ids, (handle, part) -> {
            String sql = "SELECT " + KEY_WITH_INSTANCES + WITH_INSTANCES + " WHERE k.id IN ("
                    + part.map(id -> "?").mkString(", ") + ") ORDER BY k.id, i.position";
            try (PreparedStatement prepared = handle.getConnection().prepareStatement(sql)) {
                for (int i = 0; i < part.size(); i++) {
                    prepared.setString(i + 1, part.get(i));
                }
                try (ResultSet rs = prepared.executeQuery()) {
                    return keysFromRows(rs);
                }
            } catch (SQLException e) {
                throw new IllegalStateException("reading license keys failed: " + e.getMessage(), e);
            }
        }).toMap(LicenseKey::id, key -> key);
    }

    /** Every key of the rows, ordered by key, each with the instances of its rows (one row per instance, or one without any). */
    private static List<LicenseKey> keysFromRows(ResultSet rs) throws SQLException {
        var keys = new java.util.ArrayList<LicenseKey>();
        LicenseKey current = null;
        var instances = new java.util.ArrayList<LicenseKeyInstance>();
        while (rs.next()) {
            if (current == null || !current.id().value().equals(rs.getString("id"))) {
                if (current != null) {
                    keys.add(withStored(current, List.ofAll(instances)));
                }
                current = key(rs, List.empty());
                instances = new java.util.ArrayList<>();
            }
            String instance = rs.getString("instance_id");
            if (instance != null) {
                instances.add(new LicenseKeyInstance(new InstanceId(instance), rs.getString("instance_name"),
                        Columns.instant(rs, "instance_created_at")));
            }
        }
        if (current != null) {
            keys.add(withStored(current, List.ofAll(instances)));
        }
        return List.ofAll(keys);
    }

    private Option<LicenseKey> findWhere(String statement, String match) {
        return transactions.readingOnePlain(statement, prepared -> findWhere(prepared, match));
    }

    /**
     * Below this many expired keys, a page of expired keys reads them all through {@code license_keys_by_expiry} and
     * sorts them (at most this many rows); from it on, it walks the keys that can expire newest first ({@link #listing}),
     * which finds its page quickly wherever expired keys are many among the newest.
     */
    static final int FEW_EXPIRED = 1_000;

    /**
     * An expired key at :at_second and :at_nano, said so that {@code license_keys_by_expiry} reads from the business's
     * earliest expiry up to the instant and stops there: the bound on the second alone is a range the index serves, the
     * rest decides the instant's own second. The first two terms are the index's condition.
     */
    private static final String EXPIRED_BY_EXPIRY = " AND disabled_at IS NULL AND expires_at_second IS NOT NULL"
            + " AND expires_at_second <= :at_second AND (expires_at_second < :at_second OR expires_at_nano <= :at_nano)";

    /**
     * The business's expired keys counted up to :cap. Ordered by the index's columns so that even PostgreSQL's generic
     * plan, which knows neither the instant nor the cap, walks the index rather than scanning the table.
     */
    static final String EXPIRED_COUNT = "SELECT count(*) FROM (SELECT 1 FROM license_keys WHERE business_id = :business_id"
            + EXPIRED_BY_EXPIRY + " ORDER BY expires_at_second, expires_at_nano LIMIT :cap) expired";

    /**
     * A page of the business's keys under {@code filter}, newest first. The source is written into the statement, not
     * bound, with the condition of the index that holds the keys not issued automatically, so a plan can see that a
     * {@code manual} or {@code import} page reads that index, not every key; the condition of the disabled keys' index is
     * the disabled filter's own, and the expiring keys' index's condition is a term of the expired filter. No index holds
     * the keys expired at the read's instant in their order: this statement's expired page walks the keys that have an
     * expiry newest first until it is full, passing over those not yet expired ({@link #fewExpired} when they are few).
     */
    static String listing(Filter filter) {
        // the status is derived at the filter's instant exactly as LicenseKey.statusAt derives it
        String notExpired = " AND (expires_at_second IS NULL OR expires_at_second > :at_second"
                + " OR (expires_at_second = :at_second AND expires_at_nano > :at_nano))";
        String status = filter.status().map(s -> switch (s) {
            case DISABLED -> " AND disabled_at IS NOT NULL";
            case ACTIVE -> " AND disabled_at IS NULL" + notExpired;
            // "has an expiry" said as a term of its own, the condition of license_keys_expiring_newest, so the walk for
            // the page reads only the keys that can expire (both planners match a partial index by such a term); the
            // expiry's comparisons under a unary plus, which no index serves, or SQLite (without statistics) would read
            // the expired keys through license_keys_by_expiry, an equality and a range, and sort them all
            case EXPIRED -> " AND disabled_at IS NULL AND expires_at_second IS NOT NULL AND (+expires_at_second < :at_second"
                    + " OR (+expires_at_second = :at_second AND expires_at_nano <= :at_nano))";
        }).getOrElse("");
        return "SELECT " + COLUMNS + " FROM license_keys WHERE business_id = :business_id" + narrowed(filter, status)
                + " ORDER BY created_at DESC, id DESC LIMIT :limit OFFSET :offset";
    }

    /**
     * A page of the business's expired keys under {@code filter} when they are fewer than :cap: all of them read through
     * {@code license_keys_by_expiry} (ordered by its columns, so that the generic plan walks it too), then narrowed by
     * the filter's other terms and sorted as {@link #listing} orders them. The same rows, order and paging.
     */
    static String fewExpired(Filter filter) {
        return "SELECT " + COLUMNS + " FROM (SELECT " + COLUMNS + " FROM license_keys"
                + " WHERE business_id = :business_id" + EXPIRED_BY_EXPIRY
                + " ORDER BY expires_at_second, expires_at_nano LIMIT :cap) expired WHERE business_id = :business_id"
                + narrowed(filter, "") + " ORDER BY created_at DESC, id DESC LIMIT :limit OFFSET :offset";
    }

    /** The filter's terms, its status's given as {@code status}. */
    private static String narrowed(Filter filter, String status) {
        var sql = new StringBuilder();
        filter.customer().forEach(c -> sql.append(" AND customer_id = :customer_id"));
        filter.entitlement().forEach(e -> sql.append(" AND entitlement_id = :entitlement_id"));
        filter.source().forEach(s -> sql.append(" AND source = '").append(s.wire()).append("'")
                .append(s == LicenseKeySource.AUTO ? "" : " AND source <> 'auto'"));
        sql.append(status);
        filter.createdFrom().forEach(from -> sql.append(" AND created_at >= :created_from"));
        filter.createdTo().forEach(to -> sql.append(" AND created_at <= :created_to"));
        return sql.toString();
    }

    /**
     * An expired page counts the business's expired keys up to {@link #FEW_EXPIRED} first, in the same unit as the page,
     * so that the few-expired read holds them all: a read of its own sees one view of the keys (a repeatable-read
     * transaction on PostgreSQL, a transaction on SQLite); a host's read-committed unit joined could see a key imported
     * already expired in between, which at the cap could leave one key off that page.
     */
    @Override
    public List<LicenseKey> list(BusinessId business, Filter filter, Page page) {
        return transactions.reading(handle -> {
            boolean fewExpired = filter.status().contains(LicenseKeyStatus.EXPIRED)
                    && handle.createQuery(EXPIRED_COUNT)
                            .bind("business_id", business.value())
                            .bind("at_second", filter.at().getEpochSecond())
                            .bind("at_nano", filter.at().getNano())
                            .bind("cap", FEW_EXPIRED)
                            .mapTo(Integer.class).one() < FEW_EXPIRED;
            var query = handle.createQuery(fewExpired ? fewExpired(filter) : listing(filter))
                    .bind("business_id", business.value())
                    .bind("limit", page.size())
                    .bind("offset", page.offset());
            if (fewExpired) {
                query.bind("cap", FEW_EXPIRED);
            }
            filter.customer().forEach(c -> query.bind("customer_id", c.value()));
            filter.entitlement().forEach(e -> query.bind("entitlement_id", e.value()));
            filter.status().filter(s -> s != LicenseKeyStatus.DISABLED).forEach(s -> query
                    .bind("at_second", filter.at().getEpochSecond())
                    .bind("at_nano", filter.at().getNano()));
            filter.createdFrom().forEach(from -> query.bind("created_from", Columns.bound(from)));
            filter.createdTo().forEach(to -> query.bind("created_to", Columns.bound(to)));
            var keys = query.map((rs, ctx) -> key(rs, List.empty())).list();
            return List.ofAll(keys).map(key -> withInstances(handle, key));
        });
    }

    @Override
    public Option<LicenseKey> findByInstance(BusinessId business, InstanceId instance) {
        return transactions.reading(handle -> {
            var found = handle.createQuery("SELECT " + prefixed("k.") + " FROM license_keys k"
                            + " JOIN license_key_instances i ON i.license_key_id = k.id"
                            + " WHERE i.id = :instance AND k.business_id = :business_id")
                    .bind("instance", instance.value())
                    .bind("business_id", business.value())
                    .map((rs, ctx) -> key(rs, List.empty()))
                    .findOne();
            return found.isEmpty() ? Option.<LicenseKey>none() : Option.some(withInstances(handle, found.get()));
        });
    }

    /**
     * A page of the business's instances under {@code filter}, newest first: with no filter, a walk of the business's own
     * part of the instances' index, which stops after the page. An instance carries its key's business for that walk;
     * before, the walk went over every business's instances newest first, so a small business beside a big one read the
     * big one's instances for each page.
     */
    static String instanceListing(InstanceFilter filter) {
        // By key or by grant, the key's few instances come through the key's index and are sorted; the business is then
        // compared as an expression, which no index serves, or SQLite (without statistics) walked the business's index
        // instead, for the order, reading every instance of the business.
        boolean ofKeys = filter.licenseKey().isDefined() || filter.grant().isDefined();
        var sql = new StringBuilder("SELECT i.id AS instance_id, i.license_key_id AS key_id FROM license_key_instances i"
                + " WHERE i.business_id" + (ofKeys ? " || ''" : "") + " = :business_id");
        filter.licenseKey().forEach(k -> sql.append(" AND i.license_key_id = :license_key_id"));
        filter.grant().forEach(g -> sql.append(" AND i.license_key_id IN (SELECT id FROM license_keys WHERE grant_id = :grant_id)"));
        return sql.append(" ORDER BY i.created_at DESC, i.id DESC LIMIT :limit OFFSET :offset").toString();
    }

    @Override
    public List<LicenseKey.Held> listInstances(BusinessId business, InstanceFilter filter, Page page) {
        String sql = instanceListing(filter);
        return transactions.reading(handle -> {
            var query = handle.createQuery(sql)
                    .bind("business_id", business.value())
                    .bind("limit", page.size())
                    .bind("offset", page.offset());
            filter.licenseKey().forEach(k -> query.bind("license_key_id", k.value()));
            filter.grant().forEach(g -> query.bind("grant_id", g.value()));
            var rows = List.ofAll(query.map((rs, ctx) -> io.vavr.Tuple.of(new InstanceId(rs.getString("instance_id")),
                    new LicenseKeyId(rs.getString("key_id")))).list());
            var keys = new java.util.HashMap<LicenseKeyId, LicenseKey>();
            return rows.map(row -> {
                var key = keys.computeIfAbsent(row._2, id -> onConnection(handle, BY_ID, id.value()).get());
                return new LicenseKey.Held(key, key.instance(row._1).get());
            });
        });
    }

    @Override
    public void recordPastValue(PastValue pastValue) {
        transactions.writing(handle -> handle.createUpdate("INSERT INTO license_key_past_values"
                        + " (license_key_id, business_id, value_sha256, replaced_at, replaced_by)"
                        + " VALUES (:license_key_id, :business_id, :value_sha256, :replaced_at, :replaced_by)")
                .bind("license_key_id", pastValue.licenseKey().value())
                .bind("business_id", pastValue.business().value())
                .bind("value_sha256", pastValue.valueSha256())
                .bind("replaced_at", Columns.nanos(pastValue.replacedAt()))
                .bind("replaced_by", pastValue.replacedBy())
                .execute());
    }

    /** The primary key (license_key_id, replaced_at, value_sha256), read backwards, gives the page in order. */
    @Override
    public List<PastValue> latestPastValues(LicenseKeyId licenseKey, Option<Before> before, int limit) {
        if (limit <= 0) {
            return List.empty();
        }
        return transactions.reading(handle -> List.ofAll(Keyset.bind(handle.createQuery("SELECT " + PAST_VALUE_COLUMNS
                        + " FROM license_key_past_values WHERE license_key_id = :id" + PAST_NEWEST.condition(before)
                        + " ORDER BY replaced_at DESC, value_sha256 DESC LIMIT :limit"), before)
                .bind("id", licenseKey.value())
                .bind("limit", limit)
                .map((rs, ctx) -> pastValue(rs))
                .list()));
    }

    private static PastValue pastValue(ResultSet rs) throws SQLException {
        return new PastValue(new LicenseKeyId(rs.getString("license_key_id")), new BusinessId(rs.getString("business_id")),
                rs.getString("value_sha256"), Columns.instant(rs, "replaced_at"), rs.getString("replaced_by"));
    }

    /**
     * One key with its instances in ONE statement (a row per instance, or one row without any): validation and
     * activation read a key on every call, and one statement is one consistent view without a unit around it. Plain
     * JDBC, built once; a license check also joins the grant's status ({@link #findForCheck}).
     */
    private static final String KEY_WITH_INSTANCES = prefixed("k.") + ", i.id AS instance_id, i.name AS instance_name,"
            + " i.created_at AS instance_created_at";
    private static final String WITH_INSTANCES = " FROM license_keys k LEFT JOIN license_key_instances i ON i.license_key_id = k.id";
    private static final String FIND = "SELECT " + KEY_WITH_INSTANCES + WITH_INSTANCES + " WHERE k.";
    static final String BY_ID = FIND + "id = ? ORDER BY i.position";
    private static final String BY_VALUE = FIND + "value = ? ORDER BY i.position";
    private static final String WITH_GRANT_STATUS = " LEFT JOIN grants g ON " + OwnRow.joinedBy("g.", "k.grant_id", "k.business_id");
    static final String FOR_CHECK = "SELECT " + KEY_WITH_INSTANCES + ", g.status AS grant_status" + WITH_INSTANCES
            + WITH_GRANT_STATUS + " WHERE k.value = ? ORDER BY i.position";
    /** No instance named: the instance columns are empty, so {@link #keyFromRows} reads the key as one without any. */
    static final String FOR_VALIDATION = "SELECT " + prefixed("k.")
            + ", NULL AS instance_id, NULL AS instance_name, NULL AS instance_created_at, g.status AS grant_status"
            + " FROM license_keys k" + WITH_GRANT_STATUS + " WHERE k.value = ?";
    static final String FOR_VALIDATION_OF_INSTANCE = "SELECT " + KEY_WITH_INSTANCES + ", g.status AS grant_status"
            + " FROM license_keys k LEFT JOIN license_key_instances i ON i.license_key_id = k.id AND i.id = ?"
            + WITH_GRANT_STATUS + " WHERE k.value = ?";

    private static Option<LicenseKey> onConnection(Handle handle, String statement, String match) {
        try (PreparedStatement prepared = handle.getConnection().prepareStatement(statement)) {
            return findWhere(prepared, match);
        } catch (SQLException e) {
            throw new IllegalStateException("reading a license key failed: " + e.getMessage(), e);
        }
    }

    private static Option<LicenseKey> findWhere(PreparedStatement statement, String match) throws SQLException {
        statement.setString(1, match);
        try (ResultSet rs = statement.executeQuery()) {
            return rs.next() ? Option.some(keyFromRows(rs)) : Option.none();
        }
    }

    /** The key of the current row with the instances of it and every following row (one row per instance, or one without any). */
    private static LicenseKey keyFromRows(ResultSet rs) throws SQLException {
        var key = key(rs, List.empty());
        var instances = new java.util.ArrayList<LicenseKeyInstance>();
        do {
            String instance = rs.getString("instance_id");
            if (instance != null) {
                instances.add(new LicenseKeyInstance(new InstanceId(instance), rs.getString("instance_name"),
                        Columns.instant(rs, "instance_created_at")));
            }
        } while (rs.next());
        return withStored(key, List.ofAll(instances));
    }

    /** The key as read with the instances stored for it. */
    private static LicenseKey withStored(LicenseKey key, List<LicenseKeyInstance> instances) {
        return new LicenseKey(key.id(), key.businessId(), key.grantId(), key.customerId(),
                key.entitlementId(), key.value(), key.source(), key.activationsLimit(), key.expiresAt(),
                key.disabledAt(), instances, key.createdAt(), key.updatedAt(), key.version());
    }

    private static String prefixed(String alias) {
        return Columns.names(COLUMNS).map(column -> alias + column).mkString(", ");
    }

    private static LicenseKey withInstances(Handle handle, LicenseKey key) {
        var instances = List.ofAll(handle.createQuery("SELECT id, name, created_at FROM license_key_instances"
                        + " WHERE license_key_id = :id ORDER BY position")
                .bind("id", key.id().value())
                .map((rs, ctx) -> new LicenseKeyInstance(new InstanceId(rs.getString("id")), rs.getString("name"),
                        Columns.instant(rs, "created_at")))
                .list());
        return new LicenseKey(key.id(), key.businessId(), key.grantId(), key.customerId(),
                key.entitlementId(), key.value(), key.source(), key.activationsLimit(), key.expiresAt(),
                key.disabledAt(), instances, key.createdAt(), key.updatedAt(), key.version());
    }

    private static void insertInstances(Handle handle, LicenseKey key) {
        insertInstances(handle, key.instances(), key, 0);
    }

    private static void insertInstances(Handle handle, List<LicenseKeyInstance> instances, LicenseKey key, int firstPosition) {
        if (instances.isEmpty()) {
            return;
        }
        var batch = handle.prepareBatch("INSERT INTO license_key_instances (id, license_key_id, business_id, position, name,"
                + " created_at) VALUES (:id, :license_key_id, :business_id, :position, :name, :created_at)");
        int position = firstPosition;
        for (LicenseKeyInstance instance : instances) {
            batch.bind("id", instance.id().value())
                    .bind("license_key_id", key.id().value())
                    .bind("business_id", key.businessId().value())
                    .bind("position", position++)
                    .bind("name", instance.name())
                    .bind("created_at", Columns.nanos(instance.createdAt()))
                    .add();
        }
        batch.execute();
    }

    /** Binds a key's columns, each name after {@code prefix}. */
    static <S extends SqlStatement<S>> S bindKey(S statement, LicenseKey key, String prefix) {
        return statement
                .bind(prefix + "id", key.id().value())
                .bind(prefix + "business_id", key.businessId().value())
                .bind(prefix + "grant_id", key.grantId().map(GrantId::value).getOrNull())
                .bind(prefix + "customer_id", key.customerId().value())
                .bind(prefix + "entitlement_id", key.entitlementId().value())
                .bind(prefix + "value", key.value().value())
                .bind(prefix + "source", key.source().wire())
                .bind(prefix + "activations_limit", key.activationsLimit().map(ActivationsLimit::value).getOrNull())
                .bind(prefix + "expires_at_second", key.expiresAt().map(Instant::getEpochSecond).getOrNull())
                .bind(prefix + "expires_at_nano", key.expiresAt().map(Instant::getNano).getOrNull())
                .bind(prefix + "disabled_at", Columns.nanos(key.disabledAt()))
                .bind(prefix + "created_at", Columns.nanos(key.createdAt()))
                .bind(prefix + "updated_at", Columns.nanos(key.updatedAt()));
    }

    private static LicenseKey key(ResultSet rs, List<LicenseKeyInstance> instances) throws SQLException {
        long expirySecond = rs.getLong("expires_at_second");
        Option<Instant> expiresAt = rs.wasNull() ? Option.none()
                : Option.some(Instant.ofEpochSecond(expirySecond, rs.getInt("expires_at_nano")));
        return new LicenseKey(new LicenseKeyId(rs.getString("id")), new BusinessId(rs.getString("business_id")),
                Option.of(rs.getString("grant_id")).map(GrantId::new), new CustomerId(rs.getString("customer_id")),
                new EntitlementId(rs.getString("entitlement_id")), new LicenseKeyValue(rs.getString("value")),
                LicenseKeySource.valueOf(rs.getString("source").toUpperCase(Locale.ROOT)),
                Columns.optionalInt(rs, "activations_limit").map(ActivationsLimit::new), expiresAt,
                Columns.optionalInstant(rs, "disabled_at"), instances, Columns.instant(rs, "created_at"),
                Columns.instant(rs, "updated_at"), rs.getLong("version"));
    }
}

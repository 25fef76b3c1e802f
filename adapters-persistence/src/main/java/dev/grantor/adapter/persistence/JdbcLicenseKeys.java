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
    private final Dialect dialect;

    /** PostgreSQL's validations read together while every lane is out (null on SQLite, where a read costs no round trip). */
    private final SharedReads<Validation, Option<CheckedKey>> validations;

    JdbcLicenseKeys(JdbcTransactions transactions, Dialect dialect) {
        this.transactions = transactions;
        this.dialect = dialect;
        this.validations = dialect == Dialect.POSTGRESQL
                ? new SharedReads<>(this::validateTogether, VALIDATION_LANES, VALIDATIONS_TOGETHER) : null;
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
        if (validations != null && transactions.readsAlone()) {
            return validations.read(new Validation(value, named));
        }
        return validateAlone(value, named);
    }

    /** PostgreSQL's shared validation reads, for tests to see that callers shared them; none on SQLite. */
    Option<SharedReads<?, ?>> sharedValidations() {
        return Option.of(validations);
    }

    private Option<CheckedKey> validateAlone(LicenseKeyValue value, Option<InstanceId> named) {
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

    /** One validation's question: a key's value and the instance it names, if any. */
    private record Validation(LicenseKeyValue value, Option<InstanceId> instance) {}

    /**
     * Validations asked together, in one statement: each question's key found by its value with the instance it names if
     * the key holds it, so each is answered as {@link #FOR_VALIDATION} or {@link #FOR_VALIDATION_OF_INSTANCE} answers it.
     */
    private java.util.List<Option<CheckedKey>> validateTogether(java.util.List<Validation> asked) {
        if (asked.size() == 1) {
            return java.util.List.of(validateAlone(asked.getFirst().value(), asked.getFirst().instance()));
        }
        int rows = Integer.highestOneBit(asked.size() * 2 - 1);
        return transactions.readingOnePlain(FOR_VALIDATIONS[Integer.numberOfTrailingZeros(rows)], statement -> {
            for (int i = 0; i < rows; i++) {
                // a padding row asks for no value, so it finds nothing
                var question = i < asked.size() ? Option.some(asked.get(i)) : Option.<Validation>none();
                statement.setString(2 * i + 1, question.map(Validation::value).map(LicenseKeyValue::value).getOrNull());
                statement.setString(2 * i + 2, question.flatMap(Validation::instance).map(InstanceId::value).getOrNull());
            }
            var answers = new java.util.ArrayList<Option<CheckedKey>>(java.util.Collections.nCopies(asked.size(), Option.none()));
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    var found = new CheckedKey(key(rs, instanceOnRow(rs).toList()), grantRevoked(rs));
                    answers.set(rs.getInt("asked_row"), Option.some(found));
                }
            }
            return answers;
        });
    }

    /** The key of the current row and the following ones (its instances), and whether its grant is revoked. */
    private static CheckedKey checked(ResultSet rs) throws SQLException {
        boolean revoked = grantRevoked(rs);
        return new CheckedKey(keyFromRows(rs), revoked);
    }

    private static boolean grantRevoked(ResultSet rs) throws SQLException {
        String grantStatus = rs.getString("grant_status");
        return grantStatus != null && JdbcGrants.status(grantStatus) == GrantStatus.REVOKED;
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

    /** The length of an expiry month in {@code license_keys_by_expiry_month}, in seconds (30 days). */
    static final long MONTH_SECONDS = 2_592_000;

    /**
     * The most keys a read by month may read (months times the page's reach); past it the page walks as before without
     * counting. A key read by month costs about twice a key passed over by the walk (its whole row is kept and sorted),
     * and the count before it one more: on store H (98,000 unexpired keys newer than the expired ones, three months) the
     * page at offset 10,000 took 86 ms walked and 162 ms counted and read by month. A deep page costs what precedes it
     * either way.
     */
    static final long MOST_BY_MONTH = 5_000;

    /** A key's expiry month, spelled as {@code license_keys_by_expiry_month} holds it (integer division on both databases). */
    private static final String MONTH = "expires_at_second / 2592000";

    /** The condition of {@code license_keys_by_expiry_month}: the keys that can be listed as expired. */
    private static final String CAN_EXPIRE = " AND disabled_at IS NULL AND expires_at_second IS NOT NULL";

    /**
     * The business's expiry months up to :month (the read's), one a row, each found by one step of the index from the
     * last: a business with years of keys has a few dozen, however many keys each holds. Ordered by the month alone so
     * that even PostgreSQL's generic plan reads the first entry past the last month and stops.
     */
    private static final String MONTHS = "WITH RECURSIVE months(m) AS (SELECT (SELECT " + MONTH + " FROM license_keys"
            + " WHERE business_id = :business_id" + CAN_EXPIRE + " AND " + MONTH + " <= :month ORDER BY " + MONTH + " LIMIT 1)"
            + " UNION ALL SELECT (SELECT " + MONTH + " FROM license_keys WHERE business_id = :business_id" + CAN_EXPIRE
            + " AND " + MONTH + " > months.m AND " + MONTH + " <= :month ORDER BY " + MONTH + " LIMIT 1)"
            + " FROM months WHERE months.m IS NOT NULL)";

    /** How many expiry months the business's keys have up to :month. */
    static final String EXPIRY_MONTHS = MONTHS + " SELECT count(m) FROM months";

    /**
     * The business's keys that expire after :month (none of them expired), counted up to :cap: enough of them, and the
     * walk newest first would pass over more keys than a read by month reads.
     */
    static final String LATER_COUNT = "SELECT count(*) FROM (SELECT 1 FROM license_keys WHERE business_id = :business_id"
            + CAN_EXPIRE + " AND " + MONTH + " > :month ORDER BY " + MONTH + " LIMIT :cap) later";

    /**
     * A page of the business's expired keys under {@code filter}, read month by month: each expiry month up to the
     * read's gives its :reach (the page's offset plus its size) newest keys expired at the read and kept by the filter,
     * through {@code license_keys_by_expiry_month} in the page's order, and only those are sorted. The page's keys are
     * among them, since each is among the newest :reach of its own month; so the same rows, order and paging as
     * {@link #listing}, reading at most months times :reach keys however many are not expired. Every month before the
     * read's is wholly expired; the instant is compared in all of them all the same, on a row read for its columns
     * anyway. PostgreSQL reads each month in a {@code LATERAL} subquery; SQLite, which has none, in a subquery of the
     * month's row ids, pinned to the index.
     */
    static String byMonth(Dialect dialect, Filter filter) {
        String month = " WHERE business_id = :business_id" + CAN_EXPIRE + " AND " + MONTH + " = months.m"
                + " AND (expires_at_second < :at_second OR (expires_at_second = :at_second AND expires_at_nano <= :at_nano))"
                + narrowed(filter, "") + " ORDER BY created_at DESC, id DESC LIMIT :reach";
        String newest = " ORDER BY created_at DESC, id DESC LIMIT :limit OFFSET :offset";
        return switch (dialect) {
            case POSTGRESQL -> MONTHS + " SELECT " + COLUMNS + " FROM months CROSS JOIN LATERAL (SELECT " + COLUMNS
                    + " FROM license_keys" + month + ") expired" + newest;
            case SQLITE -> MONTHS + " SELECT " + COLUMNS + " FROM months CROSS JOIN license_keys WHERE license_keys.rowid IN"
                    + " (SELECT rowid FROM license_keys INDEXED BY license_keys_by_expiry_month" + month + ")" + newest;
        };
    }

    /**
     * A page of the business's keys under {@code filter}, newest first. The source is written into the statement, not
     * bound, with the condition of the index that holds the keys not issued automatically, so a plan can see that a
     * {@code manual} or {@code import} page reads that index, not every key; the condition of the disabled keys' index is
     * the disabled filter's own, and the expiring keys' index's condition is a term of the expired filter. No index holds
     * the keys expired at the read's instant in their order: this statement's expired page walks the keys that have an
     * expiry newest first until it is full, passing over those not yet expired ({@link #byMonth} when they are many).
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
            // the expired keys by their expiry and sort them all
            case EXPIRED -> " AND disabled_at IS NULL AND expires_at_second IS NOT NULL AND (+expires_at_second < :at_second"
                    + " OR (+expires_at_second = :at_second AND expires_at_nano <= :at_nano))";
        }).getOrElse("");
        return "SELECT " + COLUMNS + " FROM license_keys WHERE business_id = :business_id" + narrowed(filter, status)
                + " ORDER BY created_at DESC, id DESC LIMIT :limit OFFSET :offset";
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
     * An expired page chooses between the walk newest first ({@link #listing}) and the read by month ({@link #byMonth})
     * by what each would read: the walk passes over the keys not yet expired that are newer than the page's last, the read
     * by month reads up to its months times the page's reach, and no more than {@link #MOST_BY_MONTH}. With no expiry
     * month up to the read's, no key is expired. The counts run in the page's unit, one view of the keys in a read of its
     * own; either read gives the same page, so a host's read-committed unit joined can at worst choose the dearer one.
     */
    @Override
    public List<LicenseKey> list(BusinessId business, Filter filter, Page page) {
        return transactions.reading(handle -> {
            boolean expired = filter.status().contains(LicenseKeyStatus.EXPIRED);
            long month = filter.at().getEpochSecond() / MONTH_SECONDS;
            long reach = page.offset() + page.size();
            boolean byMonth = false;
            if (expired) {
                long months = handle.createQuery(EXPIRY_MONTHS)
                        .bind("business_id", business.value())
                        .bind("month", month)
                        .mapTo(Long.class).one();
                if (months == 0) {
                    return List.empty();
                }
                // months x reach at most MOST_BY_MONTH, said without a product that could overflow
                byMonth = reach <= MOST_BY_MONTH / months && handle.createQuery(LATER_COUNT)
                        .bind("business_id", business.value())
                        .bind("month", month)
                        .bind("cap", months * reach)
                        .mapTo(Long.class).one() >= months * reach;
            }
            var query = handle.createQuery(byMonth ? byMonth(dialect, filter) : listing(filter))
                    .bind("business_id", business.value())
                    .bind("limit", page.size())
                    .bind("offset", page.offset());
            if (byMonth) {
                query.bind("month", month).bind("reach", reach);
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

    private static String forValidations(int rows) {
        return "SELECT asked.asked_row, found.* FROM (VALUES " + java.util.stream.IntStream.range(0, rows)
                .mapToObj(row -> "(" + row + ", CAST(? AS text), CAST(? AS text))").collect(java.util.stream.Collectors.joining(", "))
                + ") AS asked(asked_row, value, instance) CROSS JOIN LATERAL (SELECT " + KEY_WITH_INSTANCES
                + ", g.status AS grant_status FROM license_keys k"
                + " LEFT JOIN license_key_instances i ON i.license_key_id = k.id AND i.id = asked.instance"
                + WITH_GRANT_STATUS + " WHERE k.value = asked.value OFFSET 0) found";
    }

    /**
     * Validations out at once on PostgreSQL before callers wait to share one. One: a validation's statement costs both
     * ends less CPU than its round trip does (on loopback the sender pays for both ends of TCP), so under load one read
     * at a time answering everyone who waited serves the most (16 clients on two cores, one run each in session 47: one
     * lane 18,170 validations a second, two 11,561, every caller alone 7,207; issue 19's notes).
     */
    static final int VALIDATION_LANES = 1;
    /** The most validations one shared read answers: a power of two (see {@link #FOR_VALIDATIONS}). */
    static final int VALIDATIONS_TOGETHER = 64;
    /**
     * {@link #FOR_VALIDATION_OF_INSTANCE} for many questions at once, by the number of questions' rows: 1, 2, 4... up to
     * {@link #VALIDATIONS_TOGETHER} (fewer questions fill the rest with rows that ask for nothing), so a connection
     * keeps few statements. Each question is its own row of plain parameters, looked up on its own ({@code LATERAL},
     * kept apart by {@code OFFSET 0}) and answered under its row's number: a plan made for the bound values then rates
     * the statement as the generic plan does, and PostgreSQL settles on the generic one (values passed as an array had
     * it plan afresh on every run, its estimate of the array's length differing from the plan made for the values), and
     * no plan joins the questions to {@code grants} or {@code license_keys} as a whole.
     */
    static final String[] FOR_VALIDATIONS = java.util.stream.IntStream.rangeClosed(0, Integer.numberOfTrailingZeros(VALIDATIONS_TOGETHER))
            .mapToObj(power -> forValidations(1 << power)).toArray(String[]::new);

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

    /** The instance on the current row, if the row has one (rows of a key without instances have none). */
    private static Option<LicenseKeyInstance> instanceOnRow(ResultSet rs) throws SQLException {
        String instance = rs.getString("instance_id");
        return instance == null ? Option.none() : Option.some(new LicenseKeyInstance(new InstanceId(instance),
                rs.getString("instance_name"), Columns.instant(rs, "instance_created_at")));
    }

    /** The key of the current row with the instances of it and every following row (one row per instance, or one without any). */
    private static LicenseKey keyFromRows(ResultSet rs) throws SQLException {
        var key = key(rs, List.empty());
        var instances = new java.util.ArrayList<LicenseKeyInstance>();
        do {
            instanceOnRow(rs).forEach(instances::add);
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

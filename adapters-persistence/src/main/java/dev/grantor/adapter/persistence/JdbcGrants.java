package dev.grantor.adapter.persistence;

import dev.grantor.application.port.out.Before;
import dev.grantor.application.port.out.ConcurrentUpdate;
import dev.grantor.application.port.out.Grants;
import dev.grantor.application.port.out.Page;
import dev.grantor.domain.grant.Grant;
import dev.grantor.domain.grant.GrantOrigin;
import dev.grantor.domain.grant.GrantState;
import dev.grantor.domain.grant.GrantState.Delivered;
import dev.grantor.domain.grant.GrantState.Failed;
import dev.grantor.domain.grant.GrantState.KeyDelivery;
import dev.grantor.domain.grant.GrantState.PayloadDelivery;
import dev.grantor.domain.grant.GrantState.Pending;
import dev.grantor.domain.grant.GrantState.Revocable;
import dev.grantor.domain.grant.GrantState.Revoked;
import dev.grantor.domain.grant.GrantStatus;
import dev.grantor.domain.grant.RevocationReason;
import dev.grantor.domain.grant.LicenseKeyValue;
import dev.grantor.domain.shared.BrandId;
import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.CustomerId;
import dev.grantor.domain.shared.EntitlementId;
import dev.grantor.domain.shared.GrantId;
import dev.grantor.domain.shared.LicenseKeyId;
import io.vavr.collection.List;
import io.vavr.control.Option;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * Grants in one row each. The sealed state is spread over nullable columns: {@code status} is the state's
 * projection, {@code ended_status} the live state or, for a revoked grant, the state its revocation
 * ended, whose data stays in its columns.
 */
final class JdbcGrants implements Grants {

    static final String COLUMNS = "id, business_id, brand_id, customer_id, entitlement_id, integration_type,"
            + " payment_id, subscription_id, metadata, created_at, updated_at, status, ended_status, delivered_at,"
            + " license_key_id, license_key, delivery_payload, failed_at, error_code, error_message, revoked_at,"
            + " revocation_reason, version";

    private final JdbcTransactions transactions;
    private final Dialect dialect;

    JdbcGrants(JdbcTransactions transactions, Dialect dialect) {
        this.transactions = transactions;
        this.dialect = dialect;
    }

    @Override
    public void insert(Grant grant) {
        transactions.writing(handle -> bindGrant(handle.createUpdate("INSERT INTO grants (" + COLUMNS + ") VALUES (:id,"
                + " :business_id, :brand_id, :customer_id, :entitlement_id, :integration_type, :payment_id,"
                + " :subscription_id, :metadata, :created_at, :updated_at, :status, :ended_status, :delivered_at,"
                + " :license_key_id, :license_key, :delivery_payload, :failed_at, :error_code, :error_message,"
                + " :revoked_at, :revocation_reason, 0)"), grant, "").execute());
    }

    private static final Keyset BY_CREATION = new Keyset("created_at", "id");

    static final String FIND = "SELECT " + COLUMNS + " FROM grants WHERE " + OwnRow.BY_ID;

    /** A grant's change from the version it was read at; named parameters, as {@link #bindUpdate} binds them. */
    static final String UPDATE = "UPDATE grants SET"
            + " brand_id = :brand_id, metadata = :metadata, updated_at = :updated_at, status = :status,"
            + " ended_status = :ended_status, delivered_at = :delivered_at, license_key_id = :license_key_id,"
            + " license_key = :license_key, delivery_payload = :delivery_payload, failed_at = :failed_at,"
            + " error_code = :error_code, error_message = :error_message, revoked_at = :revoked_at,"
            + " revocation_reason = :revocation_reason, version = version + 1"
            + " WHERE " + OwnRow.BY_ID + " AND version = :version";

    @Override
    public void update(Grant grant) {
        updated(grant, transactions.writing(handle -> bindUpdate(handle.createUpdate(UPDATE), grant, "").execute()));
    }

    /** Binds {@link #UPDATE}'s parameters, each name after {@code prefix}. */
    static <S extends SqlStatement<S>> S bindUpdate(S statement, Grant grant, String prefix) {
        return bindGrant(statement, grant, prefix).bind(prefix + "version", grant.version());
    }

    /** The version check of {@link #UPDATE}: anything but the one row means another unit changed the grant first. */
    static void updated(Grant grant, int rows) {
        if (rows != 1) {
            throw new ConcurrentUpdate("grant " + grant.id().value() + " is no longer at version " + grant.version());
        }
    }

    @Override
    public Option<Grant> find(BusinessId business, GrantId id) {
        return transactions.readingOne(handle -> handle.createQuery(FIND)
                .bind("id", id.value())
                .bind("business_id", business.value())
                .map((rs, ctx) -> grant(rs))
                .findOne()
                .map(Option::some).orElse(Option.none()));
    }

    @Override
    public Option<Grant> findByOrigin(EntitlementId entitlement, CustomerId customer, GrantOrigin origin) {
        String column = switch (origin) {
            case GrantOrigin.Payment p -> "payment_id";
            case GrantOrigin.Subscription s -> "subscription_id";
            case GrantOrigin.Direct d -> null;
        };
        if (column == null) {
            return Option.none();
        }
        String reference = origin.payment().orElse(origin.subscription()).get();
        return transactions.reading(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM grants"
                        + " WHERE entitlement_id = :entitlement_id AND customer_id = :customer_id AND " + column + " = :reference")
                .bind("entitlement_id", entitlement.value())
                .bind("customer_id", customer.value())
                .bind("reference", reference)
                .map((rs, ctx) -> grant(rs))
                .findOne()
                .map(Option::some).orElse(Option.none()));
    }

    /** A page of the business's grants under {@code filter}, newest first. */
    static String listing(Filter filter) {
        var sql = new StringBuilder("SELECT " + COLUMNS + " FROM grants WHERE business_id = :business_id");
        filter.entitlement().forEach(e -> sql.append(" AND entitlement_id = :entitlement_id"));
        filter.customer().forEach(c -> sql.append(" AND customer_id = :customer_id"));
        filter.status().forEach(s -> sql.append(" AND status = :status"));
        filter.integrationType().forEach(t -> sql.append(" AND integration_type = :integration_type"));
        return sql.append(" ORDER BY created_at DESC, id DESC LIMIT :limit OFFSET :offset").toString();
    }

    @Override
    public List<Grant> list(BusinessId business, Filter filter, Page page) {
        String sql = listing(filter);
        return transactions.reading(handle -> {
            var query = handle.createQuery(sql)
                    .bind("business_id", business.value())
                    .bind("limit", page.size())
                    .bind("offset", page.offset());
            filter.entitlement().forEach(e -> query.bind("entitlement_id", e.value()));
            filter.customer().forEach(c -> query.bind("customer_id", c.value()));
            filter.status().forEach(s -> query.bind("status", s.wire()));
            filter.integrationType().forEach(t -> query.bind("integration_type", t.wire()));
            return List.ofAll(query.map((rs, ctx) -> grant(rs)).list());
        });
    }

    @Override
    public List<Grant> search(BusinessId business, Sought sought, Option<GrantStatus> status, Option<Before> before, int limit) {
        String sql = search(dialect, sought, status.isDefined(), before);
        return transactions.reading(handle -> {
            var query = handle.createQuery(sql)
                    .bind("business_id", business.value())
                    .bind("limit", limit);
            switch (sought) {
                case Sought.Every every -> { }
                case Sought.Origin origin -> query.bind("reference", origin.reference());
                case Sought.OfCustomer of -> query.bind("customer_id", of.customer().value());
                case Sought.KeyEnding ending -> query.bind("ending", ending.ending()).bind("shortest", ending.shortestKey());
            }
            status.forEach(s -> query.bind("status", s.wire()));
            return List.ofAll(Keyset.bind(query, before).map((rs, ctx) -> grant(rs)).list());
        });
    }

    /**
     * The origin a grant was issued for, whichever kind it is (a grant has at most one): what {@code
     * grants_by_origin_newest} indexes, so one index answers a payment id and a subscription id.
     */
    static final String ORIGIN = "COALESCE(payment_id, subscription_id)";

    /** The SQL of {@link #search}: named parameters, as it binds them. */
    static String search(Dialect dialect, Sought sought, boolean byStatus, Option<Before> before) {
        if (sought instanceof Sought.KeyEnding) {
            // the grants whose key ends in the ending's last four characters, newest first through grants_by_key_tail_newest,
            // until the page is full: the whole ending is compared on the walk, so a common tail reads about a page (the
            // same expression on both sides, so the database counts characters alike on both). The grant's copy of its
            // key's value is the key's current one: a rotation rewrites both in one unit
            String tail = dialect == Dialect.POSTGRESQL ? "right(%s, 4)" : "substr(%s, -4)";
            String ends = dialect == Dialect.POSTGRESQL ? "right(g.license_key, char_length(:ending)) = :ending"
                    : "substr(g.license_key, -length(:ending)) = :ending";
            String length = dialect == Dialect.POSTGRESQL ? "char_length(g.license_key)" : "length(g.license_key)";
            return "SELECT " + List.of(COLUMNS.split(", ")).map(c -> "g." + c).mkString(", ")
                    // the grants first, then each one's key by its id (CROSS JOIN keeps SQLite's order as written)
                    + " FROM grants g" + dialect.pinnedTo("grants_by_key_tail_newest")
                    + (dialect == Dialect.SQLITE ? " CROSS JOIN" : ",") + " license_keys k"
                    + " WHERE g.business_id = :business_id AND g.license_key IS NOT NULL"
                    + " AND " + tail.formatted("g.license_key") + " = " + tail.formatted(":ending") + " AND " + ends
                    + " AND " + length + " >= :shortest"
                    + (byStatus ? " AND g.status = :status" : "")
                    + new Keyset("g.created_at", "g.id").condition(before)
                    + " AND k.id = g.license_key_id AND k.grant_id = g.id AND k.business_id = :business_id"
                    + " ORDER BY g.created_at DESC, g.id DESC LIMIT :limit";
        }
        String condition = switch (sought) {
            case Sought.Origin origin -> " AND " + ORIGIN + " = :reference";
            case Sought.OfCustomer of -> " AND customer_id = :customer_id";
            default -> "";
        };
        return "SELECT " + COLUMNS + " FROM grants WHERE business_id = :business_id" + condition
                + (byStatus ? " AND status = :status" : "")
                + BY_CREATION.condition(before)
                + " ORDER BY created_at DESC, id DESC LIMIT :limit";
    }

    @Override
    public List<Grant> oldestFirst(BusinessId business, Filter filter, Option<java.time.Instant> createdBefore, int offset,
                                   int limit) {
        var sql = new StringBuilder("SELECT " + COLUMNS + " FROM grants WHERE business_id = :business_id");
        filtered(sql, filter, createdBefore);
        sql.append(" ORDER BY created_at, id LIMIT :limit OFFSET :offset");
        return transactions.reading(handle -> {
            var query = handle.createQuery(sql.toString())
                    .bind("business_id", business.value())
                    .bind("limit", limit)
                    .bind("offset", offset);
            bindFilter(query, filter, createdBefore);
            return List.ofAll(query.map((rs, ctx) -> grant(rs)).list());
        });
    }

    @Override
    public int count(BusinessId business, Filter filter, Option<java.time.Instant> createdBefore) {
        var sql = new StringBuilder("SELECT COUNT(*) FROM grants WHERE business_id = :business_id");
        filtered(sql, filter, createdBefore);
        return transactions.reading(handle -> {
            var query = handle.createQuery(sql.toString()).bind("business_id", business.value());
            bindFilter(query, filter, createdBefore);
            return query.mapTo(Integer.class).one();
        });
    }

    /**
     * The entitlement ids of a business's pending grants. {@code || ''} keeps SQLite from answering the distinct ids
     * in order by walking {@code grants_by_entitlement_newest}, every grant of the business whatever its status, where
     * {@code grants_by_status_newest} reads only the pending ones (the rows the queue's count reads).
     */
    static final String WITH_PENDING = "SELECT DISTINCT entitlement_id || '' FROM grants"
            + " WHERE business_id = :business_id AND status = 'Pending' LIMIT :limit";

    @Override
    public List<EntitlementId> withPending(BusinessId business, int limit) {
        return transactions.reading(handle -> List.ofAll(handle.createQuery(WITH_PENDING)
                .bind("business_id", business.value())
                .bind("limit", limit)
                .mapTo(String.class)
                .list()).map(EntitlementId::new));
    }

    private static void filtered(StringBuilder sql, Filter filter, Option<java.time.Instant> createdBefore) {
        filter.entitlement().forEach(e -> sql.append(" AND entitlement_id = :entitlement_id"));
        filter.customer().forEach(c -> sql.append(" AND customer_id = :customer_id"));
        filter.status().forEach(s -> sql.append(" AND status = :status"));
        filter.integrationType().forEach(t -> sql.append(" AND integration_type = :integration_type"));
        createdBefore.forEach(t -> sql.append(" AND created_at < :created_before"));
    }

    private static void bindFilter(org.jdbi.v3.core.statement.Query query, Filter filter, Option<java.time.Instant> createdBefore) {
        filter.entitlement().forEach(e -> query.bind("entitlement_id", e.value()));
        filter.customer().forEach(c -> query.bind("customer_id", c.value()));
        filter.status().forEach(s -> query.bind("status", s.wire()));
        filter.integrationType().forEach(t -> query.bind("integration_type", t.wire()));
        createdBefore.forEach(t -> query.bind("created_before", Columns.bound(t)));
    }

    @Override
    public List<Grant> oldestPending(EntitlementId entitlement, int limit) {
        return transactions.reading(handle -> List.ofAll(handle.createQuery("SELECT " + COLUMNS + " FROM grants WHERE "
                        + oldestPending("", ":limit"))
                .bind("entitlement_id", entitlement.value())
                .bind("limit", limit)
                .map((rs, ctx) -> grant(rs))
                .list()));
    }

    /**
     * The condition and order of an entitlement's {@code Pending} grants oldest first, up to {@code limit} (a parameter or
     * a number), for the grants table under {@code alias} ({@code "g."} in a join): the walk of
     * {@code grants_by_entitlement_status_newest}, read backwards, that a pool serves.
     */
    static String oldestPending(String alias, String limit) {
        return alias + "entitlement_id = :entitlement_id AND " + alias + "status = 'Pending' ORDER BY " + alias + "created_at, "
                + alias + "id LIMIT " + limit;
    }

    @Override
    public long countPending(EntitlementId entitlement) {
        return transactions.reading(handle -> handle.createQuery("SELECT COUNT(*) FROM grants"
                        + " WHERE entitlement_id = :entitlement_id AND status = 'Pending'")
                .bind("entitlement_id", entitlement.value())
                .mapTo(Long.class)
                .one());
    }

    // ---- rows -----------------------------------------------------------------------------------------

    private static <S extends SqlStatement<S>> S bindGrant(S statement, Grant grant, String prefix) {
        Revocable live = switch (grant.state()) {
            case Revocable revocable -> revocable;
            case Revoked revoked -> revoked.ended();
        };
        Long deliveredAt = null;
        String keyId = null;
        String key = null;
        String payload = null;
        Long failedAt = null;
        String errorCode = null;
        String errorMessage = null;
        switch (live) {
            case Pending pending -> { }
            case Delivered delivered -> {
                deliveredAt = Columns.nanos(delivered.deliveredAt());
                switch (delivered.delivery()) {
                    case KeyDelivery k -> {
                        keyId = k.licenseKeyId().value();
                        key = k.key().value();
                    }
                    case PayloadDelivery p -> payload = Columns.payload(p.payload());
                }
            }
            case Failed failed -> {
                failedAt = Columns.nanos(failed.failedAt());
                errorCode = failed.errorCode();
                errorMessage = failed.errorMessage();
            }
        }
        var revocation = grant.revocation();
        return statement
                .bind(prefix + "id", grant.id().value())
                .bind(prefix + "business_id", grant.businessId().value())
                .bind(prefix + "brand_id", grant.brandId().value())
                .bind(prefix + "customer_id", grant.customerId().value())
                .bind(prefix + "entitlement_id", grant.entitlementId().value())
                .bind(prefix + "integration_type", grant.integrationType().wire())
                .bind(prefix + "payment_id", grant.origin().payment().getOrNull())
                .bind(prefix + "subscription_id", grant.origin().subscription().getOrNull())
                .bind(prefix + "metadata", Columns.metadata(grant.metadata()))
                .bind(prefix + "created_at", Columns.nanos(grant.createdAt()))
                .bind(prefix + "updated_at", Columns.nanos(grant.updatedAt()))
                .bind(prefix + "status", grant.status().wire())
                .bind(prefix + "ended_status", live.status().wire())
                .bind(prefix + "delivered_at", deliveredAt)
                .bind(prefix + "license_key_id", keyId)
                .bind(prefix + "license_key", key)
                .bind(prefix + "delivery_payload", payload)
                .bind(prefix + "failed_at", failedAt)
                .bind(prefix + "error_code", errorCode)
                .bind(prefix + "error_message", errorMessage)
                .bind(prefix + "revoked_at", Columns.nanos(revocation.map(Revoked::revokedAt)))
                .bind(prefix + "revocation_reason", revocation.map(r -> r.reason().wire()).getOrNull());
    }

    static Grant grant(ResultSet rs) throws SQLException {
        var type = Columns.integrationType(rs.getString("integration_type"));
        GrantOrigin origin = rs.getString("payment_id") != null ? new GrantOrigin.Payment(rs.getString("payment_id"))
                : rs.getString("subscription_id") != null ? new GrantOrigin.Subscription(rs.getString("subscription_id"))
                : new GrantOrigin.Direct();
        Revocable live = switch (status(rs.getString("ended_status"))) {
            case PENDING -> new Pending();
            case DELIVERED -> new Delivered(Columns.instant(rs, "delivered_at"), rs.getString("license_key_id") != null
                    ? new KeyDelivery(new LicenseKeyId(rs.getString("license_key_id")), new LicenseKeyValue(rs.getString("license_key")))
                    : new PayloadDelivery(Columns.payload(rs.getString("delivery_payload"))));
            case FAILED -> new Failed(Columns.instant(rs, "failed_at"), rs.getString("error_code"), rs.getString("error_message"));
            case REVOKED -> throw new IllegalStateException("a revocation cannot end a revocation");
        };
        GrantState state = status(rs.getString("status")) == GrantStatus.REVOKED
                ? new Revoked(Columns.instant(rs, "revoked_at"),
                        RevocationReason.valueOf(rs.getString("revocation_reason").toUpperCase(Locale.ROOT)), live)
                : live;
        return new Grant(new GrantId(rs.getString("id")), new BusinessId(rs.getString("business_id")),
                new BrandId(rs.getString("brand_id")), new CustomerId(rs.getString("customer_id")),
                new EntitlementId(rs.getString("entitlement_id")), type, origin, Columns.metadata(rs.getString("metadata")),
                Columns.instant(rs, "created_at"), Columns.instant(rs, "updated_at"), state, rs.getLong("version"));
    }

    static GrantStatus status(String wire) {
        for (GrantStatus status : GrantStatus.values()) {
            if (status.wire().equals(wire)) {
                return status;
            }
        }
        throw new IllegalStateException("unknown stored grant status " + wire);
    }
}

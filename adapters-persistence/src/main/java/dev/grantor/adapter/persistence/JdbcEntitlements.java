package dev.grantor.adapter.persistence;

import dev.grantor.application.port.out.ConcurrentUpdate;
import dev.grantor.application.port.out.Entitlements;
import dev.grantor.application.port.out.Page;
import dev.grantor.domain.entitlement.Entitlement;
import dev.grantor.domain.entitlement.EntitlementDetails;
import dev.grantor.domain.entitlement.IntegrationType;
import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.EntitlementId;
import io.vavr.collection.List;
import io.vavr.collection.Map;
import io.vavr.control.Option;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.jdbi.v3.core.statement.SqlStatement;

/** Entitlements in one row each; the integration config is its wire JSON, read back by the domain's reader. */
final class JdbcEntitlements implements Entitlements {

    static final String COLUMNS = "id, business_id, name, description, integration_type, integration_config,"
            + " metadata, created_at, updated_at, deleted_at, version";

    private final JdbcTransactions transactions;

    JdbcEntitlements(JdbcTransactions transactions) {
        this.transactions = transactions;
    }

    @Override
    public void insert(Entitlement entitlement) {
        transactions.writing(handle -> bind(handle.createUpdate("INSERT INTO entitlements (" + COLUMNS + ") VALUES (:id,"
                + " :business_id, :name, :description, :integration_type, :integration_config, :metadata, :created_at,"
                + " :updated_at, :deleted_at, 0)"), entitlement).execute());
    }

    @Override
    public void update(Entitlement entitlement) {
        int updated = transactions.writing(handle -> bind(handle.createUpdate("UPDATE entitlements SET name = :name,"
                + " description = :description, integration_config = :integration_config, metadata = :metadata,"
                + " updated_at = :updated_at, deleted_at = :deleted_at, version = version + 1"
                + " WHERE " + OwnRow.BY_ID + " AND integration_type = :integration_type"
                + " AND version = :version"), entitlement)
                .bind("version", entitlement.version())
                .execute());
        if (updated != 1) {
            throw new ConcurrentUpdate("entitlement " + entitlement.id().value() + " is no longer at version "
                    + entitlement.version());
        }
    }

    @Override
    public Option<Entitlement> find(BusinessId business, EntitlementId id) {
        return transactions.reading(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM entitlements"
                        + " WHERE " + OwnRow.BY_ID)
                .bind("id", id.value())
                .bind("business_id", business.value())
                .map((rs, ctx) -> entitlement(rs))
                .findOne()
                .map(Option::some).orElse(Option.none()));
    }

    @Override
    public Map<EntitlementId, Entitlement> ofAll(BusinessId business, List<EntitlementId> ids) {
        return transactions.readingInParts(ids.distinct().map(EntitlementId::value), (handle, part) -> handle
                        .createQuery(OF_ALL)
                        .bind("business_id", business.value())
                        .bindList("ids", part.toJavaList())
                        .map((rs, ctx) -> entitlement(rs))
                        .list())
                .toMap(Entitlement::id, entitlement -> entitlement);
    }

    /** The entitlements of the ids through the primary key, the business compared as {@link JdbcCustomers#OF_ALL} does. */
    static final String OF_ALL = "SELECT " + COLUMNS + " FROM entitlements WHERE id IN (<ids>) AND business_id || '' = :business_id";

    @Override
    public List<Entitlement> listActive(BusinessId business, Option<IntegrationType> type, Page page) {
        String sql = "SELECT " + COLUMNS + " FROM entitlements WHERE business_id = :business_id AND deleted_at IS NULL"
                + (type.isDefined() ? " AND integration_type = :integration_type" : "")
                + " ORDER BY created_at DESC, id DESC LIMIT :limit OFFSET :offset";
        return transactions.reading(handle -> {
            var query = handle.createQuery(sql)
                    .bind("business_id", business.value())
                    .bind("limit", page.size())
                    .bind("offset", page.offset());
            type.forEach(t -> query.bind("integration_type", t.wire()));
            return List.ofAll(query.map((rs, ctx) -> entitlement(rs)).list());
        });
    }

    private static <S extends SqlStatement<S>> S bind(S statement, Entitlement entitlement) {
        return statement
                .bind("id", entitlement.id().value())
                .bind("business_id", entitlement.businessId().value())
                .bind("name", entitlement.details().name())
                .bind("description", entitlement.details().description().getOrNull())
                .bind("integration_type", entitlement.integrationType().wire())
                .bind("integration_config", Columns.config(entitlement.config()))
                .bind("metadata", Columns.metadata(entitlement.metadata()))
                .bind("created_at", Columns.nanos(entitlement.createdAt()))
                .bind("updated_at", Columns.nanos(entitlement.updatedAt()))
                .bind("deleted_at", Columns.nanos(entitlement.deletedAt()));
    }

    private static Entitlement entitlement(ResultSet rs) throws SQLException {
        return entitlement(rs, "");
    }

    /** The entitlement in the row's columns named {@code prefix} + its own column names (as a join names them). */
    static Entitlement entitlement(ResultSet rs, String prefix) throws SQLException {
        var type = Columns.integrationType(rs.getString(prefix + "integration_type"));
        return new Entitlement(new EntitlementId(rs.getString(prefix + "id")), new BusinessId(rs.getString(prefix + "business_id")),
                new EntitlementDetails(rs.getString(prefix + "name"), Columns.optionalText(rs, prefix + "description")),
                Columns.config(type, rs.getString(prefix + "integration_config")), Columns.metadata(rs.getString(prefix + "metadata")),
                Columns.instant(rs, prefix + "created_at"), Columns.instant(rs, prefix + "updated_at"),
                Columns.optionalInstant(rs, prefix + "deleted_at"), rs.getLong(prefix + "version"));
    }
}

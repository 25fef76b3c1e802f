package dev.grantor.adapter.persistence;

import dev.grantor.application.port.out.GrantParties;
import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.EntitlementId;
import dev.grantor.domain.shared.GrantId;
import io.vavr.control.Option;

/**
 * A grant (by its id, or an entitlement's oldest waiting one) with its entitlement and customer in one statement, joined
 * by their primary keys (both are foreign keys of the grant, so the join never loses a grant). The entitlement's and
 * customer's columns come back under a prefix and are read by their ports' own mappers. {@link JdbcStorage} uses it on PostgreSQL only: on SQLite, where a statement
 * costs no round trip, preparing the join for each fulfillment cost more than the three plain reads it replaces.
 */
final class JdbcGrantParties implements GrantParties {

    private static final String JOINED = "SELECT " + columns("g.", JdbcGrants.COLUMNS, "") + ", "
            + columns("e.", JdbcEntitlements.COLUMNS, "e_") + ", " + columns("c.", JdbcCustomers.COLUMNS, "c_")
            + " FROM grants g JOIN entitlements e ON e.id = g.entitlement_id JOIN customers c ON c.id = g.customer_id";

    static final String SQL = JOINED + " WHERE " + OwnRow.byId("g.");

    /** The business compared as an expression, as {@link OwnRow} does: the walk is the pool's queue, not a business's listing. */
    static final String OLDEST_PENDING = JOINED + " WHERE g.business_id || '' = :business_id AND "
            + JdbcGrants.oldestPending("g.");

    private final JdbcTransactions transactions;

    JdbcGrantParties(JdbcTransactions transactions) {
        this.transactions = transactions;
    }

    @Override
    public Option<Parties> find(BusinessId business, GrantId id) {
        return transactions.readingOne(handle -> handle.createQuery(SQL)
                .bind("id", id.value())
                .bind("business_id", business.value())
                .map((rs, ctx) -> parties(rs))
                .findOne()
                .map(Option::some).orElse(Option.none()));
    }

    @Override
    public Option<Parties> oldestPending(BusinessId business, EntitlementId entitlement) {
        return transactions.readingOne(handle -> handle.createQuery(OLDEST_PENDING)
                .bind("entitlement_id", entitlement.value())
                .bind("business_id", business.value())
                .bind("limit", 1)
                .map((rs, ctx) -> parties(rs))
                .findOne()
                .map(Option::some).orElse(Option.none()));
    }

    private static Parties parties(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Parties(JdbcGrants.grant(rs), JdbcEntitlements.entitlement(rs, "e_"), JdbcCustomers.customer(rs, "c_"));
    }

    private static String columns(String table, String columns, String alias) {
        return Columns.names(columns)
                .map(column -> table + column + (alias.isEmpty() ? "" : " AS " + alias + column))
                .mkString(", ");
    }
}

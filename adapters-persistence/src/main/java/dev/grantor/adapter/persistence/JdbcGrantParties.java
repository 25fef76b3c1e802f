package dev.grantor.adapter.persistence;

import dev.grantor.application.port.out.GrantParties;
import dev.grantor.domain.grant.KeyPool;
import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.GrantId;
import io.vavr.control.Option;
import java.time.Instant;

/**
 * A grant (by its id, or a pool's oldest waiting one with the key it takes) with its entitlement and customer in one
 * statement, joined by their primary keys (both are foreign keys of the grant, so the join never loses a grant). The
 * entitlement's, customer's and key's columns come back under a prefix and are read by their ports' own mappers.
 * {@link JdbcStorage} uses it on PostgreSQL only: on SQLite, where a statement costs no round trip, preparing the join
 * for each fulfillment cost more than the three plain reads it replaces.
 */
final class JdbcGrantParties implements GrantParties {

    private static final String JOINED = "SELECT " + columns("g.", JdbcGrants.COLUMNS, "") + ", "
            + columns("e.", JdbcEntitlements.COLUMNS, "e_") + ", " + columns("c.", JdbcCustomers.COLUMNS, "c_")
            + " FROM grants g JOIN entitlements e ON e.id = g.entitlement_id JOIN customers c ON c.id = g.customer_id";

    static final String SQL = JOINED + " WHERE " + OwnRow.byId("g.");

    /**
     * The pool's queue walked on its own ({@code grants_by_entitlement_status_newest} read backwards, one entry), then that
     * grant found by its id as {@link OwnRow} finds a business's row. With the business checked inside the walk, a generic
     * plan (which cannot see the bound values) could rate the walk at one row, the expression's guessed selectivity: on
     * some stores it then read all of the pool's waiting grants, joined and sorted them to keep one, for each grant a
     * restock drained (5,000 waiting: 30,000 buffers and 22 ms a read, against 16 buffers and 0.1 ms;
     * {@code PostgresNextFulfillmentPlansTest}). The business stays an expression, out of the walk: compared plainly in it,
     * a store where most grants wait among many businesses had the planner bound {@code grants_by_entitlement_newest} by
     * business and entitlement and walk every grant the pool had served. The limit is written, not bound, so no plan
     * guesses it. An entitlement's grants are its business's, so checking the business on the one grant found skips none;
     * were the oldest another's, the drain would stop rather than serve it.
     */
    static final String OLDEST_PENDING = JOINED + " WHERE " + OwnRow.joinedBy("g.", "(SELECT id FROM grants WHERE "
            + JdbcGrants.oldestPending("", "1") + ")", ":business_id");

    /**
     * The pool's oldest waiting grant with its parties beside its oldest key with the counted stock, one row or none: a
     * drained grant's reads in one round trip. Both halves keep their own plans (each a walk of its own index, one row),
     * and the key's row lock ({@code FOR UPDATE SKIP LOCKED}) stays inside its half. It cannot take the pool's lock as
     * well: a statement that waits for a lock reads what was there before the wait, so it would miss what the unit
     * holding the pool wrote.
     */
    static final String NEXT_FULFILLMENT = "SELECT * FROM (" + OLDEST_PENDING + ") waiting CROSS JOIN ("
            + JdbcKeyPools.oldestAvailableCounted(Dialect.POSTGRESQL, "k_") + ") offered";

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
    public Option<NextFulfillment> nextFulfillment(KeyPool pool, Instant at, long most) {
        return transactions.writing(handle -> handle.createQuery(NEXT_FULFILLMENT)
                .bind("entitlement_id", pool.entitlementId().value())
                .bind("business_id", pool.businessId().value())
                .bind("pool_id", pool.id().value())
                .bind("at_second", at.getEpochSecond())
                .bind("at_nano", at.getNano())
                .bind("most", Math.max(0, most))
                .map((rs, ctx) -> new NextFulfillment(parties(rs), JdbcKeyPools.offered(rs, "k_")))
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

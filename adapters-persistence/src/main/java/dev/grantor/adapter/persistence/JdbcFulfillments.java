package dev.grantor.adapter.persistence;

import dev.grantor.application.port.out.ConcurrentUpdate;
import dev.grantor.application.port.out.Fulfillments;
import dev.grantor.application.port.out.OutboxMessage;
import dev.grantor.domain.grant.Grant;
import dev.grantor.domain.grant.LicenseKey;
import dev.grantor.domain.grant.PooledKey;
import io.vavr.collection.List;
import io.vavr.control.Option;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fulfillment's writes in one PostgreSQL statement: the grant's versioned UPDATE, with the key's and the outbox rows'
 * INSERTs, and a pooled key's versioned UPDATE when the key came from a pool, as data-modifying WITH queries beside it.
 * The statements are the ports' own, their named parameters under a prefix each, so this class repeats no column. One
 * round trip where the ports take three or four; the statement answers the grant UPDATE's row count, so the version
 * check is the grant port's, and a pooled key that moved on makes that UPDATE find no row either. A stale grant or
 * pooled key, or a taken key value, fails the statement as a whole, and the caller's unit rolls back whatever its other
 * parts wrote. The license key's trigger sees the pooled key assigned to the grant (it runs when the statement's
 * writes are done), so the value stays the pool's. {@link JdbcStorage} uses it on PostgreSQL only: SQLite has no
 * data-modifying WITH, and in process a statement costs no round trip.
 */
final class JdbcFulfillments implements Fulfillments {

    /** Enough for a fulfillment's messages (two events, two stock alerts and the email); more go through the ports. */
    static final int MAX_MESSAGES = 8;

    private static final Pattern PARAMETER = Pattern.compile("(?<![:\\w]):(\\w+)");
    private static final String KEY = "k_";
    private static final String GRANT = "g_";
    private static final String MESSAGES = "o_";
    private static final String TAKEN = "p_";
    /** By messages: a fulfillment with a key of its own, then one with a key taken from a pool. */
    private static final String[] SQL = new String[MAX_MESSAGES + 1];
    private static final String[] SQL_TAKEN = new String[MAX_MESSAGES + 1];

    static {
        for (int rows = 0; rows <= MAX_MESSAGES; rows++) {
            SQL[rows] = sql(rows, false);
            SQL_TAKEN[rows] = sql(rows, true);
        }
    }

    private final JdbcTransactions transactions;
    private final Fulfillments separately;

    JdbcFulfillments(JdbcTransactions transactions, Fulfillments separately) {
        this.transactions = transactions;
        this.separately = separately;
    }

    @Override
    public void record(LicenseKey key, Grant grant, Option<PooledKey> taken, List<OutboxMessage> messages) {
        if (!key.instances().isEmpty() || messages.size() > MAX_MESSAGES) {
            separately.record(key, grant, taken, messages);
            return;
        }
        int updated = transactions.writing(handle -> {
            var statement = handle.createUpdate((taken.isDefined() ? SQL_TAKEN : SQL)[messages.size()]);
            JdbcLicenseKeys.bindKey(statement, key, KEY);
            JdbcGrants.bindUpdate(statement, grant, GRANT);
            JdbcOutbox.bindRows(statement, messages, MESSAGES);
            taken.forEach(pooled -> JdbcKeyPools.bindUpdate(statement, pooled, TAKEN));
            return statement.execute();
        });
        if (updated != 1 && taken.isDefined()) {
            throw new ConcurrentUpdate("grant " + grant.id().value() + " is no longer at version " + grant.version()
                    + ", or pooled key " + taken.get().id().value() + " at version " + taken.get().version());
        }
        JdbcGrants.updated(grant, updated);
    }

    static String sql(int messages, boolean taken) {
        return "WITH fulfilled_key AS (" + prefixed(JdbcLicenseKeys.INSERT, KEY) + ")"
                + (taken ? ", taken_key AS (" + prefixed(JdbcKeyPools.UPDATE_KEY, TAKEN) + " RETURNING id)" : "")
                + (messages == 0 ? "" : ", fulfillment_messages AS (" + JdbcOutbox.insertOf(messages, MESSAGES) + ")")
                // the grant's UPDATE ends in its WHERE: the pooled key's row count joins its version check
                + " " + prefixed(JdbcGrants.UPDATE, GRANT) + (taken ? " AND EXISTS (SELECT 1 FROM taken_key)" : "");
    }

    private static String prefixed(String sql, String prefix) {
        return PARAMETER.matcher(sql).replaceAll(Matcher.quoteReplacement(":" + prefix) + "$1");
    }
}

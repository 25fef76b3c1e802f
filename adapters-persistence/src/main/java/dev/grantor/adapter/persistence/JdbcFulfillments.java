package dev.grantor.adapter.persistence;

import dev.grantor.application.port.out.Fulfillments;
import dev.grantor.application.port.out.OutboxMessage;
import dev.grantor.domain.grant.Grant;
import dev.grantor.domain.grant.LicenseKey;
import io.vavr.collection.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fulfillment's three writes in one PostgreSQL statement: the grant's versioned UPDATE, with the key's and the outbox
 * rows' INSERTs as data-modifying WITH queries beside it. The statements are the ports' own, their named parameters
 * under a prefix each, so this class repeats no column. One round trip where the three ports take three; the statement
 * answers the UPDATE's row count, so the version check is the grant port's. A stale grant or a taken key value fails
 * the statement as a whole, and the caller's unit rolls back whatever its other parts wrote.
 * {@link JdbcStorage} uses it on PostgreSQL only: SQLite has no data-modifying WITH, and in process a statement costs
 * no round trip.
 */
final class JdbcFulfillments implements Fulfillments {

    /** Enough for a fulfillment's messages (two events and the email); more go through the ports. */
    static final int MAX_MESSAGES = 8;

    private static final Pattern PARAMETER = Pattern.compile("(?<![:\\w]):(\\w+)");
    private static final String KEY = "k_";
    private static final String GRANT = "g_";
    private static final String MESSAGES = "o_";
    private static final String[] SQL = new String[MAX_MESSAGES + 1];

    static {
        for (int rows = 0; rows <= MAX_MESSAGES; rows++) {
            SQL[rows] = sql(rows);
        }
    }

    private final JdbcTransactions transactions;
    private final Fulfillments separately;

    JdbcFulfillments(JdbcTransactions transactions, Fulfillments separately) {
        this.transactions = transactions;
        this.separately = separately;
    }

    @Override
    public void record(LicenseKey key, Grant grant, List<OutboxMessage> messages) {
        if (!key.instances().isEmpty() || messages.size() > MAX_MESSAGES) {
            separately.record(key, grant, messages);
            return;
        }
        int updated = transactions.writing(handle -> {
            var statement = handle.createUpdate(SQL[messages.size()]);
            JdbcLicenseKeys.bindKey(statement, key, KEY);
            JdbcGrants.bindUpdate(statement, grant, GRANT);
            JdbcOutbox.bindRows(statement, messages, MESSAGES);
            return statement.execute();
        });
        JdbcGrants.updated(grant, updated);
    }

    static String sql(int messages) {
        return "WITH fulfilled_key AS (" + prefixed(JdbcLicenseKeys.INSERT, KEY) + ")"
                + (messages == 0 ? "" : ", fulfillment_messages AS (" + JdbcOutbox.insertOf(messages, MESSAGES) + ")")
                + " " + prefixed(JdbcGrants.UPDATE, GRANT);
    }

    private static String prefixed(String sql, String prefix) {
        return PARAMETER.matcher(sql).replaceAll(Matcher.quoteReplacement(":" + prefix) + "$1");
    }
}

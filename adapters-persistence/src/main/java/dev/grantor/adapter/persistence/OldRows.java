package dev.grantor.adapter.persistence;

import java.time.Instant;

/**
 * The purge of rows past their time: a queue's settled rows ({@link Dialect#purgeSettled}, the outbox and the webhook
 * deliveries) and expired records ({@link Dialect#purgeOlder}, idempotency records, sessions, sign-in links, the
 * portal's links and codes, throttle windows).
 */
final class OldRows {

    private OldRows() {
    }

    /** Runs {@code purge} in a write unit of its own for rows from before {@code cutoff}; answers how many went. */
    static int purge(JdbcTransactions transactions, String purge, Instant cutoff, int limit) {
        if (limit <= 0) {
            return 0;
        }
        return transactions.writing(handle -> handle.createUpdate(purge)
                .bind("cutoff", Columns.nanos(cutoff))
                .bind("limit", limit)
                .execute());
    }
}

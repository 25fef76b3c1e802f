package dev.grantor.adapter.persistence;

import java.time.Instant;

/** The purge of a queue's settled rows ({@link Dialect#purgeSettled}), as the outbox and the webhook deliveries run it. */
final class SettledRows {

    private SettledRows() {
    }

    /** Runs {@code purge} in a write unit of its own for rows created before {@code createdBefore}; answers how many went. */
    static int purge(JdbcTransactions transactions, String purge, Instant createdBefore, int limit) {
        if (limit <= 0) {
            return 0;
        }
        return transactions.writing(handle -> handle.createUpdate(purge)
                .bind("cutoff", Columns.nanos(createdBefore))
                .bind("limit", limit)
                .execute());
    }
}

package dev.grantor.adapter.persistence;

import dev.grantor.application.port.out.Throttles;
import io.vavr.collection.List;
import java.time.Instant;

/** Attempt counters: one upsert that returns the count, atomic on both dialects (a row lock on PostgreSQL). */
final class JdbcThrottles implements Throttles {

    /** Windows by their start (V10): the purge walks them from the oldest. */
    static final String START_INDEX = "throttle_windows_start";

    private final JdbcTransactions transactions;
    private final String purge;

    JdbcThrottles(JdbcTransactions transactions, Dialect dialect) {
        this.transactions = transactions;
        this.purge = purge(dialect);
    }

    static String purge(Dialect dialect) {
        return dialect.purgeOlder("throttle_windows", START_INDEX, "window_start", "");
    }

    @Override
    public long count(String bucket, Instant windowStart) {
        return transactions.writing(handle -> handle.createQuery("INSERT INTO throttle_windows (bucket, window_start, attempts)"
                        + " VALUES (:bucket, :window_start, 1) ON CONFLICT (bucket, window_start)"
                        + " DO UPDATE SET attempts = throttle_windows.attempts + 1 RETURNING attempts")
                .bind("bucket", bucket)
                .bind("window_start", Columns.nanos(windowStart))
                .mapTo(Long.class)
                .one());
    }

    @Override
    public List<Window> windowsSince(String bucket, Instant since) {
        return transactions.reading(handle -> List.ofAll(handle.createQuery("SELECT window_start, attempts FROM throttle_windows"
                        + " WHERE bucket = :bucket AND window_start >= :since ORDER BY window_start")
                .bind("bucket", bucket)
                .bind("since", Columns.nanos(since))
                .map((rs, ctx) -> new Window(Columns.instant(rs, "window_start"), rs.getLong("attempts")))
                .list()));
    }

    @Override
    public int forgetBefore(Instant cutoff, int limit) {
        return OldRows.purge(transactions, purge, cutoff, limit);
    }
}

package dev.grantor.adapter.persistence;

import dev.grantor.application.port.out.IdempotencyRecords;
import dev.grantor.domain.shared.BusinessId;
import java.time.Duration;
import io.vavr.control.Option;
import java.time.Instant;
import org.jdbi.v3.core.Handle;

/**
 * Stored responses keyed by (business, idempotency key). A claim is an insert that does nothing when the
 * key exists, so of two concurrent claims the database lets exactly one through, on both databases.
 */
final class JdbcIdempotencyRecords implements IdempotencyRecords {

    /** The oldest claims first, along index idempotency_records_claimed (V1). */
    static final String CLAIMED_INDEX = "idempotency_records_claimed";

    private final JdbcTransactions transactions;
    private final String purge;

    JdbcIdempotencyRecords(JdbcTransactions transactions, Dialect dialect) {
        this.transactions = transactions;
        this.purge = purge(dialect);
    }

    static String purge(Dialect dialect) {
        return dialect.purgeOlder("idempotency_records", CLAIMED_INDEX, "claimed_at", "");
    }

    private record Stored(String fingerprint, Instant claimedAt, Option<Integer> status, String body) {}

    @Override
    public Claim claim(BusinessId business, String key, String fingerprint, Instant now, Duration ttl, Duration abandonedAfter) {
        return transactions.writing(handle -> {
            if (insertClaim(handle, business, key, fingerprint, now)) {
                return new Claim.Claimed();
            }
            var stored = handle.createQuery("SELECT fingerprint, claimed_at, response_status, response_body"
                            + " FROM idempotency_records WHERE business_id = :business_id AND idempotency_key = :key")
                    .bind("business_id", business.value())
                    .bind("key", key)
                    .map((rs, ctx) -> new Stored(rs.getString("fingerprint"), Columns.instant(rs, "claimed_at"),
                            Columns.optionalInt(rs, "response_status"), rs.getString("response_body")))
                    .one();
            if (stored.claimedAt().plus(ttl).isBefore(now)) {
                // forgotten: too old, completed or not; the key starts a new life with this request
                handle.createUpdate("UPDATE idempotency_records SET fingerprint = :fingerprint, claimed_at = :now,"
                                + " completed_at = NULL, response_status = NULL, response_body = NULL"
                                + " WHERE business_id = :business_id AND idempotency_key = :key")
                        .bind("fingerprint", fingerprint)
                        .bind("now", Columns.nanos(now))
                        .bind("business_id", business.value())
                        .bind("key", key)
                        .execute();
                return new Claim.Claimed();
            }
            if (!stored.fingerprint().equals(fingerprint)) {
                return new Claim.Mismatch();
            }
            if (stored.status().isEmpty() && !stored.claimedAt().plus(abandonedAfter).isAfter(now)) {
                // taken over only from the claim read here: of two takers the second finds the first's claim instead
                int taken = handle.createUpdate("UPDATE idempotency_records SET claimed_at = :now"
                                + " WHERE business_id = :business_id AND idempotency_key = :key AND claimed_at = :seen"
                                + " AND response_status IS NULL")
                        .bind("now", Columns.nanos(now))
                        .bind("business_id", business.value())
                        .bind("key", key)
                        .bind("seen", Columns.nanos(stored.claimedAt()))
                        .execute();
                return taken == 1 ? new Claim.Claimed() : new Claim.InProgress();
            }
            return stored.status()
                    .<Claim>map(status -> new Claim.Replay(new StoredResponse(status, stored.body())))
                    .getOrElse(Claim.InProgress::new);
        });
    }

    private static boolean insertClaim(Handle handle, BusinessId business, String key, String fingerprint, Instant now) {
        return handle.createUpdate("INSERT INTO idempotency_records (business_id, idempotency_key, fingerprint, claimed_at)"
                        + " VALUES (:business_id, :key, :fingerprint, :now) ON CONFLICT (business_id, idempotency_key) DO NOTHING")
                .bind("business_id", business.value())
                .bind("key", key)
                .bind("fingerprint", fingerprint)
                .bind("now", Columns.nanos(now))
                .execute() == 1;
    }

    @Override
    public void complete(BusinessId business, String key, StoredResponse response, Instant at) {
        transactions.writing(handle -> handle.createUpdate("UPDATE idempotency_records SET completed_at = :at,"
                        + " response_status = :status, response_body = :body"
                        + " WHERE business_id = :business_id AND idempotency_key = :key")
                .bind("at", Columns.nanos(at))
                .bind("status", response.status())
                .bind("body", response.body())
                .bind("business_id", business.value())
                .bind("key", key)
                .execute());
    }

    @Override
    public void release(BusinessId business, String key) {
        transactions.writing(handle -> handle.createUpdate("DELETE FROM idempotency_records"
                        + " WHERE business_id = :business_id AND idempotency_key = :key")
                .bind("business_id", business.value())
                .bind("key", key)
                .execute());
    }

    @Override
    public int forgetClaimedBefore(Instant cutoff, int limit) {
        return OldRows.purge(transactions, purge, cutoff, limit);
    }
}

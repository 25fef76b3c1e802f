package dev.grantor.adapter.persistence;

import dev.grantor.application.port.out.Before;
import dev.grantor.application.port.out.ResendLedger;
import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.GrantId;
import io.vavr.collection.List;
import io.vavr.control.Option;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;

/**
 * Resend windows claimed by one conditional upsert: the row is created, restarted when its window has passed, or
 * counted up while uses remain, and left alone otherwise (no row changed = refused). The database serialises
 * concurrent upserts of one row, and each re-checks the condition against the row the other committed, so two
 * requests cannot both take a window's last use, on either database.
 */
final class JdbcResendLedger implements ResendLedger {

    private static final String COLUMNS = "outbox_message_id, business_id, grant_id, policy, requested_by, requested_at";
    private static final Keyset NEWEST = new Keyset("requested_at", "outbox_message_id");

    private static final String CLAIM = "INSERT INTO resend_windows (grant_id, policy, business_id, opened_at, uses)"
            + " VALUES (:grant_id, :policy, :business_id, :now, 1)"
            + " ON CONFLICT (grant_id, policy) DO UPDATE SET"
            + " opened_at = CASE WHEN resend_windows.opened_at <= :closed_before THEN :now ELSE resend_windows.opened_at END,"
            + " uses = CASE WHEN resend_windows.opened_at <= :closed_before THEN 1 ELSE resend_windows.uses + 1 END"
            + " WHERE resend_windows.opened_at <= :closed_before OR resend_windows.uses < :count";

    private final JdbcTransactions transactions;

    JdbcResendLedger(JdbcTransactions transactions) {
        this.transactions = transactions;
    }

    @Override
    public Claim claim(BusinessId business, GrantId grant, String policy, int count, Duration window, Instant now) {
        return transactions.writing(handle -> {
            int changed = handle.createUpdate(CLAIM)
                    .bind("grant_id", grant.value())
                    .bind("policy", policy)
                    .bind("business_id", business.value())
                    .bind("now", Columns.nanos(now))
                    .bind("closed_before", Columns.nanos(now.minus(window)))
                    .bind("count", count)
                    .execute();
            if (changed == 1) {
                return new Claim.Granted();
            }
            long openedAt = handle.createQuery("SELECT opened_at FROM resend_windows WHERE grant_id = :grant_id AND policy = :policy")
                    .bind("grant_id", grant.value())
                    .bind("policy", policy)
                    .mapTo(Long.class)
                    .one();
            return new Claim.Refused(Columns.instant(openedAt).plus(window));
        });
    }

    @Override
    public void record(Entry entry) {
        transactions.writing(handle -> handle.createUpdate("INSERT INTO delivery_resends"
                        + " (outbox_message_id, business_id, grant_id, policy, requested_by, requested_at)"
                        + " VALUES (:outbox_message_id, :business_id, :grant_id, :policy, :requested_by, :requested_at)")
                .bind("outbox_message_id", entry.outboxMessageId())
                .bind("business_id", entry.businessId().value())
                .bind("grant_id", entry.grantId().value())
                .bind("policy", entry.policy())
                .bind("requested_by", entry.requestedBy())
                .bind("requested_at", Columns.nanos(entry.requestedAt()))
                .execute());
    }

    @Override
    public List<Entry> list(BusinessId business, GrantId grant) {
        return transactions.reading(handle -> List.ofAll(handle.createQuery("SELECT " + COLUMNS + " FROM delivery_resends"
                        + " WHERE business_id = :business_id AND grant_id = :grant_id"
                        + " ORDER BY requested_at DESC, outbox_message_id DESC")
                .bind("business_id", business.value())
                .bind("grant_id", grant.value())
                .map((rs, ctx) -> entry(rs))
                .list()));
    }

    /** The index by grant (grant, requested_at desc, outbox_message_id desc) reads the page in order. */
    @Override
    public List<Entry> latest(BusinessId business, GrantId grant, Option<Before> before, int limit) {
        if (limit <= 0) {
            return List.empty();
        }
        return transactions.reading(handle -> List.ofAll(Keyset.bind(handle.createQuery("SELECT " + COLUMNS
                        + " FROM delivery_resends WHERE business_id = :business_id AND grant_id = :grant_id"
                        + NEWEST.condition(before) + " ORDER BY requested_at DESC, outbox_message_id DESC LIMIT :limit"), before)
                .bind("business_id", business.value())
                .bind("grant_id", grant.value())
                .bind("limit", limit)
                .map((rs, ctx) -> entry(rs))
                .list()));
    }

    private static Entry entry(ResultSet rs) throws SQLException {
        return new Entry(rs.getString("outbox_message_id"), new BusinessId(rs.getString("business_id")),
                new GrantId(rs.getString("grant_id")), rs.getString("policy"), rs.getString("requested_by"),
                Columns.instant(rs, "requested_at"));
    }
}

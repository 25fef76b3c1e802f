package dev.grantor.adapter.persistence;

import dev.grantor.application.port.out.Claim;
import dev.grantor.application.port.out.WebhookDeliveries;
import dev.grantor.application.port.out.Before;
import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.GrantId;
import io.vavr.collection.List;
import io.vavr.control.Option;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import org.jdbi.v3.core.Handle;

/**
 * Webhook deliveries. A claim is a lease, as in the outbox: the delivery stays {@code PENDING} with its next
 * attempt pushed to the lease's end; on PostgreSQL rows another dispatcher holds are skipped, not waited for. The claim
 * also marks the row held until that end ({@code claimed_until}, V39 / SQLite V36), and every settlement clears the mark.
 */
final class JdbcWebhookDeliveries implements WebhookDeliveries {

    private static final String COLUMNS = "id, business_id, endpoint_id, event_id, event_type, payload, created_at, status,"
            + " attempts, next_attempt_at, last_response_code, last_error, last_attempt_at, grant_id";

    /**
     * What a claim writes on each delivery it takes: its lease's end, as the next attempt (what keeps other claims off
     * it) and as the mark of its hold (what keeps a retry off it: a next attempt that near may be a short backoff too).
     */
    static final String HOLDS = "next_attempt_at = :leaseEnd, claimed_until = :leaseEnd";

    /** The plain claim, earliest due first ({@link Shares#UNLIMITED}). */
    static String claimDue(Dialect dialect) {
        return dialect.claimDue("webhook_deliveries", "webhook_deliveries_due", "next_attempt_at, id", HOLDS, COLUMNS);
    }

    /** The fair claim's write: the chosen ids, re-checked under the claim (held since, they are no longer due). */
    static String claimChosen(Dialect dialect) {
        return "UPDATE webhook_deliveries SET " + HOLDS + " WHERE id IN (SELECT id FROM webhook_deliveries WHERE id IN"
                + " (<ids>) AND status = 'PENDING' AND next_attempt_at <= :now" + dialect.rowLockSkippingHeld()
                + ") RETURNING " + COLUMNS;
    }

    private final JdbcTransactions transactions;
    private final Dialect dialect;

    JdbcWebhookDeliveries(JdbcTransactions transactions, Dialect dialect) {
        this.transactions = transactions;
        this.dialect = dialect;
    }

    @Override
    public void record(List<WebhookDelivery> deliveries) {
        if (deliveries.isEmpty()) {
            return;
        }
        transactions.writing(handle -> {
            var batch = handle.prepareBatch("INSERT INTO webhook_deliveries (" + COLUMNS + ") VALUES (:id, :business_id,"
                    + " :endpoint_id, :event_id, :event_type, :payload, :created_at, :status, :attempts, :next_attempt_at,"
                    + " :last_response_code, :last_error, :last_attempt_at, :grant_id) ON CONFLICT (id) DO NOTHING");
            for (var d : deliveries) {
                batch.bind("id", d.id())
                        .bind("business_id", d.businessId().value())
                        .bind("endpoint_id", d.endpointId())
                        .bind("event_id", d.eventId())
                        .bind("event_type", d.eventType())
                        .bind("payload", d.payload())
                        .bind("created_at", Columns.nanos(d.createdAt()))
                        .bind("status", d.status().name())
                        .bind("attempts", d.attempts())
                        .bind("next_attempt_at", Columns.nanos(d.nextAttemptAt()))
                        .bind("last_response_code", d.lastResponseCode().getOrNull())
                        .bind("last_error", d.lastError().getOrNull())
                        .bind("last_attempt_at", Columns.nanos(d.lastAttemptAt()))
                        .bind("grant_id", d.grantId().map(GrantId::value).getOrNull())
                        .add();
            }
            return batch.execute();
        });
    }

    @Override
    public List<WebhookDelivery> claimDue(Instant now, int limit, Duration lease, Shares shares) {
        if (limit <= 0) {
            return List.empty();
        }
        return transactions.writing(handle -> claimDue(handle, now, limit, lease, shares));
    }

    @Override
    public DeliveredAndClaimed markDeliveredAndClaimDue(List<Delivered> delivered, Instant now, int limit, Duration lease,
                                                        Shares shares) {
        if (delivered.isEmpty() && limit <= 0) {
            return new DeliveredAndClaimed(List.empty(), List.empty());
        }
        return transactions.writing(handle -> new DeliveredAndClaimed(markDelivered(handle, delivered),
                limit <= 0 ? List.empty() : claimDue(handle, now, limit, lease, shares)));
    }

    private List<WebhookDelivery> claimDue(org.jdbi.v3.core.Handle handle, Instant now, int limit, Duration lease, Shares shares) {
        if (shares.equals(Shares.UNLIMITED)) {
            return List.ofAll(handle.createQuery(claimDue(dialect))
                            .bind("leaseEnd", Columns.nanos(now.plus(lease)))
                            .bind("now", Columns.nanos(now))
                            .bind("limit", limit)
                            .map((rs, ctx) -> delivery(rs))
                            .list())
                    .sorted(Comparator.comparing(WebhookDelivery::createdAt).thenComparing(WebhookDelivery::id));
        }
        int perBusiness = Math.min(shares.perBusiness(), limit);
        int due = dueUpTo(handle, now, FEW_DUE);
        if (due == 0) {
            return List.<WebhookDelivery>empty();
        }
        var candidates = due < FEW_DUE ? numbered(handle, now, perBusiness, shares)
                : dialect == Dialect.POSTGRESQL ? firstDueOfEveryBusiness(handle, now, perBusiness, shares)
                : firstDueOfEarliestBusinesses(handle, now, limit, perBusiness, shares);
        // one turn of every business before a second of any, each turn earliest due first: the fair order
        candidates.sort(Comparator.comparingInt(Candidate::turn).thenComparingLong(Candidate::due)
                .thenComparing(Candidate::id));
        var ids = candidates.stream().limit(limit).map(Candidate::id).toList();
        if (ids.isEmpty()) {
            return List.<WebhookDelivery>empty();
        }
        // re-checked under the claim: a row another dispatcher claimed since has its next attempt in the future
        var claimed = List.ofAll(handle.createQuery(claimChosen(dialect))
                .bind("leaseEnd", Columns.nanos(now.plus(lease)))
                .bind("now", Columns.nanos(now))
                .bindList("ids", ids)
                .map((rs, ctx) -> delivery(rs))
                .list());
        var order = new java.util.HashMap<String, Integer>();
        for (int i = 0; i < ids.size(); i++) {
            order.put(ids.get(i), i);
        }
        return claimed.sortBy(d -> order.get(d.id()));
    }

    /**
     * Below this many due deliveries a claim numbers them all per business in one statement (reading at most this many
     * rows); from it on, it reads each business's first ones instead, which costs a probe per business with anything
     * pending, however many are due. Each way is the cheaper one where it is used.
     */
    static final int FEW_DUE = 1_000;

    /** How many deliveries are due, counting no further than {@code cap}: a walk of the due index that stops. */
    private int dueUpTo(org.jdbi.v3.core.Handle handle, Instant now, int cap) {
        return handle.createQuery("SELECT COUNT(*) FROM (SELECT 1 FROM webhook_deliveries"
                        + dialect.pinnedTo("webhook_deliveries_due") + " WHERE status = 'PENDING' AND next_attempt_at <= :now LIMIT :cap) due")
                .bind("now", Columns.nanos(now))
                .bind("cap", cap)
                .mapTo(Integer.class)
                .one();
    }

    /** Every due delivery numbered within its business in due order, in one statement: for fewer than {@link #FEW_DUE}. */
    private static java.util.List<Candidate> numbered(org.jdbi.v3.core.Handle handle, Instant now, int perBusiness,
                                                      Shares shares) {
        return handle.createQuery("SELECT id, business_id, next_attempt_at, turn FROM (SELECT id, business_id,"
                        + " next_attempt_at, ROW_NUMBER() OVER (PARTITION BY business_id ORDER BY next_attempt_at, id) AS turn"
                        + " FROM webhook_deliveries WHERE status = 'PENDING' AND next_attempt_at <= :now) due"
                        + " WHERE turn <= :per_business")
                .bind("now", Columns.nanos(now))
                .bind("per_business", perBusiness)
                .map((rs, ctx) -> new Candidate(rs.getString("id"), rs.getString("business_id"), rs.getInt("turn") - 1,
                        rs.getLong("next_attempt_at")))
                .list().stream()
                .filter(candidate -> candidate.turn() < room(shares, candidate.business(), perBusiness))
                .collect(java.util.stream.Collectors.toCollection(java.util.ArrayList::new));
    }

    /** PostgreSQL, many due: each business's first {@code perBusiness} due in one statement, its room applied here. */
    private static java.util.List<Candidate> firstDueOfEveryBusiness(org.jdbi.v3.core.Handle handle, Instant now,
                                                                     int perBusiness, Shares shares) {
        var candidates = new java.util.ArrayList<Candidate>();
        var turns = new java.util.HashMap<String, Integer>();
        // the rows come by business, then due time: a business's n-th row is its turn n
        for (var row : handle.createQuery(FIRST_DUE_OF_EVERY_BUSINESS).bind("now", Columns.nanos(now))
                .bind("per_business", perBusiness)
                .map((rs, ctx) -> new Candidate(rs.getString("id"), rs.getString("business_id"), 0, rs.getLong("next_attempt_at")))
                .list()) {
            int turn = turns.merge(row.business(), 1, Integer::sum) - 1;
            if (turn < room(shares, row.business(), perBusiness)) {
                candidates.add(new Candidate(row.id(), row.business(), turn, row.due()));
            }
        }
        return candidates;
    }

    /**
     * SQLite, many due: the businesses with something due and room for it, by their earliest due delivery; when they
     * are at least {@code limit}, the first turn fills the claim and only the first {@code limit} of them (and any tied
     * with the last) are read further, so a claim runs a statement for at most about {@code limit} businesses.
     */
    private java.util.List<Candidate> firstDueOfEarliestBusinesses(org.jdbi.v3.core.Handle handle, Instant now, int limit,
                                                                   int perBusiness, Shares shares) {
        var due = new java.util.ArrayList<EarliestDue>();
        for (var business : earliestDueByBusiness(handle, now)) {
            if (room(shares, business.business(), perBusiness) > 0) {
                due.add(business);
            }
        }
        due.sort(Comparator.comparingLong(EarliestDue::due));
        var candidates = new java.util.ArrayList<Candidate>();
        for (int i = 0; i < due.size(); i++) {
            if (i >= limit && due.get(i).due() > due.get(limit - 1).due()) {
                break;
            }
            var business = due.get(i).business();
            candidates.addAll(firstDue(handle, business, now, room(shares, business, perBusiness)));
        }
        return candidates;
    }

    /** How many of the business's due deliveries this claim may take: its share's room, and never more than a turn each. */
    private static int room(Shares shares, String business, int perBusiness) {
        return Math.min(shares.room(new BusinessId(business)), perBusiness);
    }

    /** A due delivery and its place in its business's line: turn 0 for the earliest due, 1 for the next, and so on. */
    private record Candidate(String id, String business, int turn, long due) {}

    /**
     * The businesses with a pending delivery, one probe of {@code webhook_deliveries_pending_by_business} (V16) each:
     * the next business after the last, rather than a read of every pending delivery. The first step of both forms.
     */
    static final String BUSINESSES_WITH_PENDING = "WITH RECURSIVE b (business_id) AS ("
            + " SELECT MIN(business_id) FROM webhook_deliveries WHERE status = 'PENDING'"
            + " UNION ALL SELECT (SELECT MIN(d.business_id) FROM webhook_deliveries d WHERE d.status = 'PENDING'"
            + " AND d.business_id > b.business_id) FROM b WHERE b.business_id IS NOT NULL)"
            + " SELECT business_id FROM b WHERE business_id IS NOT NULL";

    /**
     * PostgreSQL's form of the two steps in one round trip: for each business found as above, its first
     * {@code :per_business} due deliveries in due order ({@code CROSS JOIN LATERAL}), ordered by business then due time.
     */
    static final String FIRST_DUE_OF_EVERY_BUSINESS = BUSINESSES_WITH_PENDING.replace(
            " SELECT business_id FROM b WHERE business_id IS NOT NULL",
            " SELECT d.id, d.business_id, d.next_attempt_at FROM b CROSS JOIN LATERAL (SELECT w.id, w.business_id,"
                    + " w.next_attempt_at FROM webhook_deliveries w WHERE w.business_id = b.business_id"
                    + " AND w.status = 'PENDING' AND w.next_attempt_at <= :now ORDER BY w.next_attempt_at, w.id"
                    + " LIMIT :per_business) d WHERE b.business_id IS NOT NULL ORDER BY d.business_id, d.next_attempt_at, d.id");

    /** A business with a due delivery, and when its earliest fell due. */
    private record EarliestDue(String business, long due) {}

    /**
     * SQLite's first step: each business with a pending delivery (found as above), kept when it has one due, with its
     * earliest due time; one probe of the index per business, inside one statement, however many wait for a retry.
     */
    static final String EARLIEST_DUE_BY_BUSINESS = "SELECT business_id, earliest FROM (" + BUSINESSES_WITH_PENDING.replace(
            " SELECT business_id FROM b WHERE business_id IS NOT NULL",
            " SELECT b.business_id, (SELECT MIN(w.next_attempt_at) FROM webhook_deliveries w"
                    + Dialect.SQLITE.pinnedTo("webhook_deliveries_pending_by_business") + " WHERE w.business_id = b.business_id"
                    + " AND w.status = 'PENDING' AND w.next_attempt_at <= :now) AS earliest FROM b"
                    + " WHERE b.business_id IS NOT NULL") + ") WHERE earliest IS NOT NULL";

    private static java.util.List<EarliestDue> earliestDueByBusiness(org.jdbi.v3.core.Handle handle, Instant now) {
        return handle.createQuery(EARLIEST_DUE_BY_BUSINESS)
                .bind("now", Columns.nanos(now))
                .map((rs, ctx) -> new EarliestDue(rs.getString("business_id"), rs.getLong("earliest")))
                .list();
    }

    /** A business's first due deliveries: a walk of its part of the index (pinned, see {@link Dialect#pinnedTo}). */
    static String firstDueOfBusiness(Dialect dialect) {
        return "SELECT id, next_attempt_at FROM webhook_deliveries" + dialect.pinnedTo("webhook_deliveries_pending_by_business")
                + " WHERE business_id = :business_id AND status = 'PENDING' AND next_attempt_at <= :now"
                + " ORDER BY next_attempt_at, id LIMIT :room";
    }

    /** The business's first {@code room} due deliveries, earliest due first: a walk of its part of the index, no more. */
    private java.util.List<Candidate> firstDue(org.jdbi.v3.core.Handle handle, String business, Instant now, int room) {
        var turn = new java.util.concurrent.atomic.AtomicInteger();
        return handle.createQuery(firstDueOfBusiness(dialect))
                .bind("business_id", business)
                .bind("now", Columns.nanos(now))
                .bind("room", room)
                .map((rs, ctx) -> new Candidate(rs.getString("id"), business, turn.getAndIncrement(), rs.getLong("next_attempt_at")))
                .list();
    }

    @Override
    public Backlog backlog(Instant now) {
        // the pending rows only, through the due index's own condition, however many finished ones are kept
        return transactions.reading(handle -> handle.createQuery("SELECT COUNT(*) AS pending,"
                        + " MIN(CASE WHEN next_attempt_at <= :now THEN created_at END) AS oldest_due"
                        + " FROM webhook_deliveries WHERE status = 'PENDING'")
                .bind("now", Columns.nanos(now))
                .map((rs, ctx) -> new Backlog(rs.getLong("pending"), Columns.optionalInstant(rs, "oldest_due")))
                .one());
    }

    /**
     * What every settlement requires of its row besides its id: the claim it names still holds it ({@link Claim}), pending with the lease's end that claim wrote as its next attempt. A claim
     * since wrote a later end (and its own mark, which a late settlement would otherwise clear); a settlement since,
     * another status or schedule. Read by primary key like the id.
     */
    static final String HELD_BY_THE_CLAIM = "status = 'PENDING' AND next_attempt_at = :lease_end";

    @Override
    public boolean markDelivered(Claim claim, int attempts, int responseCode, Instant at) {
        return transactions.writing(handle -> markDelivered(handle, List.of(new Delivered(claim, attempts, responseCode, at))))
                .isEmpty();
    }

    /** The accepted attempts in one batch of one statement; answers the ids not marked, their claim superseded. */
    private static List<String> markDelivered(org.jdbi.v3.core.Handle handle, List<Delivered> delivered) {
        if (delivered.isEmpty()) {
            return List.empty();
        }
        var batch = handle.prepareBatch("UPDATE webhook_deliveries SET status = 'DELIVERED', attempts = :attempts,"
                + " last_response_code = :code, last_error = NULL, last_attempt_at = :at, claimed_until = NULL WHERE id = :id"
                + " AND " + HELD_BY_THE_CLAIM);
        for (var attempt : delivered) {
            batch.bind("id", attempt.id())
                    .bind("lease_end", Columns.nanos(attempt.claim().leaseEnd()))
                    .bind("attempts", attempt.attempts())
                    .bind("code", attempt.responseCode())
                    .bind("at", Columns.nanos(attempt.at()))
                    .add();
        }
        int[] marked = batch.execute();
        return delivered.zipWithIndex().filter(attempt -> marked[attempt._2] == 0).map(attempt -> attempt._1.id());
    }

    @Override
    public boolean reschedule(Claim claim, int attempts, Option<Integer> responseCode, String error, Instant at,
                              Instant nextAttemptAt) {
        return transactions.writing(handle -> handle.createUpdate("UPDATE webhook_deliveries SET attempts = :attempts,"
                        + " last_response_code = :code, last_error = :error, last_attempt_at = :at, next_attempt_at = :next,"
                        + " claimed_until = NULL WHERE id = :id AND " + HELD_BY_THE_CLAIM)
                .bind("id", claim.id())
                .bind("lease_end", Columns.nanos(claim.leaseEnd()))
                .bind("attempts", attempts)
                .bind("code", responseCode.getOrNull())
                .bind("error", error)
                .bind("at", Columns.nanos(at))
                .bind("next", Columns.nanos(nextAttemptAt))
                .execute()) == 1;
    }

    @Override
    public boolean fail(Claim claim, int attempts, Option<Integer> responseCode, String error, Instant at) {
        return transactions.writing(handle -> handle.createUpdate("UPDATE webhook_deliveries SET status = 'FAILED',"
                        + " attempts = :attempts, last_response_code = :code, last_error = :error, last_attempt_at = :at,"
                        + " claimed_until = NULL WHERE id = :id AND " + HELD_BY_THE_CLAIM)
                .bind("id", claim.id())
                .bind("lease_end", Columns.nanos(claim.leaseEnd()))
                .bind("attempts", attempts)
                .bind("code", responseCode.getOrNull())
                .bind("error", error)
                .bind("at", Columns.nanos(at))
                .execute()) == 1;
    }

    @Override
    public Option<WebhookDelivery> find(BusinessId business, String id) {
        return transactions.reading(handle -> byId(handle, business, id, ""));
    }

    @Override
    public Option<WebhookDelivery> hold(BusinessId business, String id) {
        return transactions.writing(handle -> byId(handle, business, id, dialect.rowLock()));
    }

    private static Option<WebhookDelivery> byId(Handle handle, BusinessId business, String id, String lock) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM webhook_deliveries WHERE " + OwnRow.BY_ID + lock)
                .bind("business_id", business.value())
                .bind("id", id)
                .map((rs, ctx) -> delivery(rs))
                .findOne()
                .map(Option::some).orElse(Option.none());
    }

    @Override
    public List<WebhookDelivery> recent(BusinessId business, String endpointId, int limit) {
        return transactions.reading(handle -> List.ofAll(handle.createQuery("SELECT " + COLUMNS + " FROM webhook_deliveries"
                        + " WHERE endpoint_id = :endpoint_id AND business_id = :business_id"
                        + " ORDER BY created_at DESC, id DESC LIMIT :limit")
                .bind("endpoint_id", endpointId)
                .bind("business_id", business.value())
                .bind("limit", limit)
                .map((rs, ctx) -> delivery(rs))
                .list()));
    }

    private static final Keyset NEWEST = new Keyset("created_at", "id");

    /**
     * The deliveries of a grant's events, newest first, from the partial index of the deliveries that name a grant
     * (webhook_deliveries_by_grant: per business, grant, creation newest first), so a page reads its rows and no others.
     */
    static String aboutGrant(Option<Before> before) {
        return "SELECT " + COLUMNS + " FROM webhook_deliveries WHERE business_id = :business_id AND grant_id = :grant_id"
                + NEWEST.condition(before) + " ORDER BY created_at DESC, id DESC LIMIT :limit";
    }

    @Override
    public List<WebhookDelivery> aboutGrant(BusinessId business, GrantId grant, Option<Before> before, int limit) {
        if (limit <= 0) {
            return List.empty();
        }
        return transactions.reading(handle -> List.ofAll(Keyset.bind(handle.createQuery(aboutGrant(before)), before)
                .bind("business_id", business.value())
                .bind("grant_id", grant.value())
                .bind("limit", limit)
                .map((rs, ctx) -> delivery(rs))
                .list()));
    }

    @Override
    public boolean requeue(BusinessId business, String id, Instant now) {
        return transactions.writing(handle -> handle.createUpdate("UPDATE webhook_deliveries SET status = 'PENDING',"
                        + " attempts = 0, next_attempt_at = :now, claimed_until = NULL WHERE " + OwnRow.BY_ID
                        + " AND status <> 'PENDING'")
                .bind("id", id)
                .bind("business_id", business.value())
                .bind("now", Columns.nanos(now))
                .execute()) == 1;
    }

    @Override
    public boolean bringForward(BusinessId business, String id, Instant now) {
        // the hold in the statement's own condition: a claim that commits first leaves the row failing it (PostgreSQL
        // re-reads a row it waited for before it writes), so no held delivery is ever made due; a mark no later than
        // now is a lease that ran out, as the claim itself treats it (the row is due again at that very instant)
        return transactions.writing(handle -> handle.createUpdate(BRING_FORWARD)
                .bind("id", id)
                .bind("business_id", business.value())
                .bind("now", Columns.nanos(now))
                .execute()) == 1;
    }

    static final String BRING_FORWARD = "UPDATE webhook_deliveries SET next_attempt_at = :now WHERE " + OwnRow.BY_ID
            + " AND status = 'PENDING' AND next_attempt_at > :now AND (claimed_until IS NULL OR claimed_until <= :now)";

    static final String FINISHED_INDEX = "webhook_deliveries_finished_oldest";

    static String purge(Dialect dialect) {
        return dialect.purgeSettled("webhook_deliveries", FINISHED_INDEX, "'DELIVERED', 'FAILED'");
    }

    @Override
    public int purgeFinished(Instant createdBefore, int limit) {
        return OldRows.purge(transactions, purge(dialect), createdBefore, limit);
    }

    private static WebhookDelivery delivery(ResultSet rs) throws SQLException {
        return new WebhookDelivery(rs.getString("id"), new BusinessId(rs.getString("business_id")), rs.getString("endpoint_id"),
                rs.getString("event_id"), rs.getString("event_type"), rs.getString("payload"), Columns.instant(rs, "created_at"),
                Status.valueOf(rs.getString("status")), rs.getInt("attempts"), Columns.instant(rs, "next_attempt_at"),
                Columns.optionalInt(rs, "last_response_code"), Columns.optionalText(rs, "last_error"),
                Columns.optionalInstant(rs, "last_attempt_at"), Columns.optionalText(rs, "grant_id").map(GrantId::new));
    }
}

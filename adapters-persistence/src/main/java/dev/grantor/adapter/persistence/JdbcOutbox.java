package dev.grantor.adapter.persistence;

import dev.grantor.application.port.out.Claim;
import dev.grantor.application.port.out.Outbox;
import dev.grantor.application.port.out.OutboxMessage;
import dev.grantor.application.port.out.OutboxMessage.Kind;
import dev.grantor.application.port.out.OutboxMessage.Status;
import dev.grantor.application.port.out.Page;
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
import java.util.stream.IntStream;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * The transactional outbox. A claim is a lease: the message stays {@code PENDING} and its {@code claimed_until} is the
 * lease's end, so no other claimer takes it until then, and a relay that dies mid-batch leaves it to be claimed again
 * when the lease runs out. The claim writes no indexed column (PostgreSQL V43, SQLite V40): on PostgreSQL the row's new
 * version can stay on its page without a new entry in any index (a HOT update; the table keeps room for it), where
 * moving {@code next_attempt_at} put an entry in every one of the outbox's indexes for each message claimed. A held
 * message's next attempt, as read, is its lease's end, as when the claim moved it.
 */
final class JdbcOutbox implements Outbox {

    private static final String COLUMNS = "id, business_id, kind, topic, payload, created_at, attempts, next_attempt_at,"
            + " status, last_error, grant_id";
    /** {@link #COLUMNS} as read: the next attempt of a message a claim holds is when the claim's lease ends. */
    private static final String READ = COLUMNS.replace("next_attempt_at,", nextAttempt() + " AS next_attempt_at,");

    /**
     * On PostgreSQL a unit's messages go in one multi-row INSERT: a batch of single-row inserts is one round trip too,
     * but the server runs it as one execution per row, and the one statement was cheaper (OutboxAppendBenchmark; so was
     * it than the driver's reWriteBatchedInserts, which splits 3 rows into 2 + 1). On SQLite, in process, the batch of
     * the one-row statement measured cheaper, so it stays. 100 rows of 11 parameters stay far below PostgreSQL's limit
     * of 65,535 parameters per statement. The grant a message is about rides in the same row ({@code grant_id}), so
     * linking a fulfillment's messages to its grant costs a parameter per row, not a statement.
     */
    private static final int ROWS_PER_INSERT = 100;
    private static final List<String> COLUMN_NAMES = Columns.names(COLUMNS);
    private static final String INSERT_ONE = insertOf(1, "");

    /**
     * The INSERT of {@code rows} rows, built when a unit needs it (a few hundred characters against a round trip). Row
     * {@code i}'s parameters are named {@code prefix + "r" + i + "_" + column}, as {@link #bindRows} binds them.
     */
    static String insertOf(int rows, String prefix) {
        var values = new StringBuilder("INSERT INTO outbox (" + COLUMNS + ") VALUES ");
        for (int row = 0; row < rows; row++) {
            var names = prefix + "r" + row + "_";
            values.append(row == 0 ? "(" : ", (")
                    .append(COLUMN_NAMES.map(column -> ":" + names + column).mkString(", "))
                    .append(')');
        }
        return values.toString();
    }

    /** Settling a message of a secret topic erases its payload in the same statement (the port's rule). */
    private static final String ERASING = "payload = CASE WHEN topic IN (<secret_topics>) THEN :erased ELSE payload END";
    private static final java.util.List<String> SECRET_TOPICS = Outbox.SECRET_TOPICS.toJavaList();

    /** The order of index outbox_pending_due (V15): a claim walks it and reads only what it claims. */
    static final String CLAIM_ORDER = "next_attempt_at, id";
    static final String CLAIM_INDEX = "outbox_pending_due";
    /** A pending message no claim holds at :now; held ones stay in the claim's index, and its walk passes over them. */
    static final String FREE = "(claimed_until IS NULL OR claimed_until <= :now)";

    /** The relay's claim: marks each message it takes held until :leaseEnd, and nothing the claim's index holds. */
    static String claim(Dialect dialect) {
        return dialect.claimDue("outbox", CLAIM_INDEX, CLAIM_ORDER, "claimed_until = :leaseEnd", " AND " + FREE, READ);
    }

    static String purge(Dialect dialect) {
        return dialect.purgeSettled("outbox", "outbox_by_status_newest", "'SENT'");
    }

    /**
     * A page of one status's messages, newest first. The status is written into the statement, not bound: on PostgreSQL
     * the index that serves sent and parked messages holds no pending ones (V19), and only a plan that sees the status
     * can use it; a generic plan for a bound status would read and sort the whole outbox. It is one of three names.
     */
    static String listing(Status status) {
        return "SELECT " + READ + " FROM outbox WHERE status = '" + status.name() + "'"
                + " ORDER BY created_at DESC, id DESC LIMIT :limit OFFSET :offset";
    }

    private static final int MARK_SENT_CHUNK = 1_000;

    private final JdbcTransactions transactions;
    private final Dialect dialect;

    JdbcOutbox(JdbcTransactions transactions, Dialect dialect) {
        this.transactions = transactions;
        this.dialect = dialect;
    }

    @Override
    public void append(List<OutboxMessage> messages) {
        if (messages.isEmpty()) {
            return;
        }
        transactions.writing(handle -> dialect == Dialect.POSTGRESQL ? insertRows(handle, messages) : insertBatch(handle, messages));
    }

    private static int insertRows(Handle handle, List<OutboxMessage> messages) {
        int inserted = 0;
        for (List<OutboxMessage> rows : messages.grouped(ROWS_PER_INSERT)) {
            inserted += bindRows(handle.createUpdate(insertOf(rows.size(), "")), rows, "").execute();
        }
        return inserted;
    }

    private static int insertBatch(Handle handle, List<OutboxMessage> messages) {
        var batch = handle.prepareBatch(INSERT_ONE);
        for (OutboxMessage message : messages) {
            bind(batch, "r0_", message);
            batch.add();
        }
        return IntStream.of(batch.execute()).sum();
    }

    /** Binds the parameters of {@link #insertOf}{@code (messages.size(), prefix)}. */
    static <S extends SqlStatement<S>> S bindRows(S statement, List<OutboxMessage> messages, String prefix) {
        int row = 0;
        for (OutboxMessage message : messages) {
            bind(statement, prefix + "r" + row++ + "_", message);
        }
        return statement;
    }

    private static void bind(SqlStatement<?> statement, String names, OutboxMessage message) {
        statement.bind(names + "id", message.id())
                .bind(names + "business_id", message.businessId().value())
                .bind(names + "kind", message.kind().name())
                .bind(names + "topic", message.topic())
                .bind(names + "payload", message.payload())
                .bind(names + "created_at", Columns.nanos(message.createdAt()))
                .bind(names + "attempts", message.attempts())
                .bind(names + "next_attempt_at", Columns.nanos(message.nextAttemptAt()))
                .bind(names + "status", message.status().name())
                .bind(names + "last_error", message.lastError().getOrNull())
                .bind(names + "grant_id", message.grantId().map(GrantId::value).getOrNull());
    }

    @Override
    public List<OutboxMessage> claimDue(Instant now, int limit, Duration lease) {
        if (limit <= 0) {
            return List.empty();
        }
        return transactions.writing(handle -> claimDue(handle, now, limit, lease));
    }

    @Override
    public SentAndClaimed markSentAndClaimDue(List<Claim> sent, Instant now, int limit, Duration lease) {
        if (sent.isEmpty() && limit <= 0) {
            return new SentAndClaimed(List.empty(), List.empty());
        }
        return transactions.writing(handle -> new SentAndClaimed(sent.isEmpty() ? List.empty() : markSent(handle, sent, now),
                limit <= 0 ? List.empty() : claimDue(handle, now, limit, lease)));
    }

    private List<OutboxMessage> claimDue(Handle handle, Instant now, int limit, Duration lease) {
        return List.ofAll(handle.createQuery(claim(dialect))
                        .bind("leaseEnd", Columns.nanos(now.plus(lease)))
                        .bind("now", Columns.nanos(now))
                        .bind("limit", limit)
                        .map((rs, ctx) -> message(rs))
                        .list())
                .sorted(Comparator.comparing(OutboxMessage::createdAt).thenComparing(OutboxMessage::id));
    }

    /**
     * What every settlement requires of its row besides its id: the claim it names still holds it ({@link Claim}), pending
     * with its next attempt as read the lease's end that claim wrote as its mark. A claim since wrote a later end; a
     * settlement since, another status or schedule (a reschedule and a requeue clear the mark). Read by primary key like
     * the id, so the plans stay a lookup per id.
     */
    static final String HELD_BY_THE_CLAIM = "status = 'PENDING' AND " + nextAttempt() + " = :lease_end";

    /** A message's next attempt as read: a held message's is its lease's end, as when the claim moved next_attempt_at. */
    private static String nextAttempt() {
        return "CASE WHEN claimed_until > next_attempt_at THEN claimed_until ELSE next_attempt_at END";
    }

    @Override
    public boolean markSent(Claim claim, Instant at) {
        return transactions.writing(handle -> handle.createUpdate("UPDATE outbox SET status = 'SENT', finished_at = :at, "
                        + ERASING + " WHERE id = :id AND " + HELD_BY_THE_CLAIM)
                .bindList("secret_topics", SECRET_TOPICS)
                .bind("erased", Outbox.ERASED_PAYLOAD)
                .bind("id", claim.id())
                .bind("lease_end", Columns.nanos(claim.leaseEnd()))
                .bind("at", Columns.nanos(at))
                .execute()) == 1;
    }

    @Override
    public List<String> markSent(List<Claim> claims, Instant at) {
        if (claims.isEmpty()) {
            return List.empty();
        }
        return transactions.writing(handle -> markSent(handle, claims, at));
    }

    /**
     * One statement per lease's end: a relay settles what one claim took, so a pass's batch is one statement (the claim
     * wrote one end on all of it). Answers the ids not marked, their claim superseded.
     */
    static String markSent() {
        return "UPDATE outbox SET status = 'SENT', finished_at = :at, " + ERASING + " WHERE id IN (<ids>) AND "
                + HELD_BY_THE_CLAIM + " RETURNING id";
    }

    private static List<String> markSent(Handle handle, List<Claim> claims, Instant at) {
        var marked = new java.util.HashSet<String>();
        // one parameter per id, and PostgreSQL refuses a statement of more than 65,535 (a relay batch has no upper bound)
        for (var claim : claims.groupBy(Claim::leaseEnd)) {
            for (var chunk : claim._2.map(Claim::id).grouped(MARK_SENT_CHUNK)) {
                marked.addAll(handle.createQuery(markSent())
                        .bindList("secret_topics", SECRET_TOPICS)
                        .bind("erased", Outbox.ERASED_PAYLOAD)
                        .bindList("ids", chunk.asJava())
                        .bind("lease_end", Columns.nanos(claim._1))
                        .bind("at", Columns.nanos(at))
                        .mapTo(String.class)
                        .list());
            }
        }
        return claims.map(Claim::id).filter(id -> !marked.contains(id));
    }

    @Override
    public boolean reschedule(Claim claim, int attempts, Instant nextAttemptAt, String error) {
        return transactions.writing(handle -> handle.createUpdate("UPDATE outbox SET attempts = :attempts,"
                        + " next_attempt_at = :next_attempt_at, claimed_until = NULL, last_error = :error"
                        + " WHERE id = :id AND " + HELD_BY_THE_CLAIM)
                .bind("id", claim.id())
                .bind("lease_end", Columns.nanos(claim.leaseEnd()))
                .bind("attempts", attempts)
                .bind("next_attempt_at", Columns.nanos(nextAttemptAt))
                .bind("error", error)
                .execute()) == 1;
    }

    @Override
    public boolean park(Claim claim, int attempts, String error, Instant at) {
        return transactions.writing(handle -> handle.createUpdate("UPDATE outbox SET status = 'PARKED', attempts = :attempts,"
                        + " last_error = :error, finished_at = :at, " + ERASING + " WHERE id = :id AND " + HELD_BY_THE_CLAIM)
                .bindList("secret_topics", SECRET_TOPICS)
                .bind("erased", Outbox.ERASED_PAYLOAD)
                .bind("id", claim.id())
                .bind("lease_end", Columns.nanos(claim.leaseEnd()))
                .bind("attempts", attempts)
                .bind("error", error)
                .bind("at", Columns.nanos(at))
                .execute()) == 1;
    }

    @Override
    public boolean requeue(String id, Instant now) {
        return transactions.writing(handle -> handle.createUpdate("UPDATE outbox SET status = 'PENDING', attempts = 0,"
                        + " next_attempt_at = :now, claimed_until = NULL, finished_at = NULL WHERE id = :id AND status = 'PARKED'"
                        + " AND topic NOT IN (<secret_topics>)")
                .bindList("secret_topics", SECRET_TOPICS)
                .bind("id", id)
                .bind("now", Columns.nanos(now))
                .execute()) == 1;
    }

    /**
     * The operator's send-now: the hold in the statement's own condition, as the claim's {@link #FREE}, so a claim that
     * commits first leaves the row failing it (PostgreSQL re-reads a row it waited for before it writes). The mark is
     * cleared with the schedule, as a reschedule clears it: only a lapsed one can be there.
     */
    static final String BRING_FORWARD = "UPDATE outbox SET next_attempt_at = :now, claimed_until = NULL"
            + " WHERE id = :id AND business_id = :business_id AND status = 'PENDING' AND next_attempt_at > :now AND " + FREE;

    @Override
    public BringForward bringForward(BusinessId business, String id, Instant now) {
        return transactions.writing(handle -> {
            if (handle.createUpdate(BRING_FORWARD)
                    .bind("id", id)
                    .bind("business_id", business.value())
                    .bind("now", Columns.nanos(now))
                    .execute() == 1) {
                return BringForward.BROUGHT_FORWARD;
            }
            return handle.createQuery("SELECT status, next_attempt_at, claimed_until FROM outbox"
                            + " WHERE id = :id AND business_id = :business_id")
                    .bind("id", id)
                    .bind("business_id", business.value())
                    .map((rs, ctx) -> why(Status.valueOf(rs.getString("status")), Columns.instant(rs, "next_attempt_at"),
                            Columns.optionalInstant(rs, "claimed_until"), now))
                    .findOne()
                    .orElse(BringForward.NOT_FOUND);
        });
    }

    /** Why a pending message was not brought forward: held, or due already (one that waits again changed in between). */
    private static BringForward why(Status status, Instant nextAttemptAt, Option<Instant> claimedUntil, Instant now) {
        return switch (status) {
            case SENT -> BringForward.SENT;
            case PARKED -> BringForward.PARKED;
            case PENDING -> nextAttemptAt.isAfter(now) || claimedUntil.exists(until -> until.isAfter(now))
                    ? BringForward.BEING_SENT : BringForward.ALREADY_DUE;
        };
    }

    @Override
    public int purgeSent(Instant createdBefore, int limit) {
        return OldRows.purge(transactions, purge(dialect), createdBefore, limit);
    }

    @Override
    public Option<OutboxMessage> find(String id) {
        return transactions.reading(handle -> handle.createQuery("SELECT " + READ + " FROM outbox WHERE id = :id")
                .bind("id", id)
                .map((rs, ctx) -> message(rs))
                .findOne()
                .map(Option::some).orElse(Option.none()));
    }

    @Override
    public Option<OutboxMessage> hold(BusinessId business, String id) {
        return transactions.writing(handle -> handle.createQuery("SELECT " + READ + " FROM outbox"
                        + " WHERE id = :id AND business_id = :business_id" + dialect.rowLock())
                .bind("id", id)
                .bind("business_id", business.value())
                .map((rs, ctx) -> message(rs))
                .findOne()
                .map(Option::some).orElse(Option.none()));
    }

    /** The order of index outbox_emails_by_grant (PostgreSQL V38, SQLite V35): the timeline's read walks it. */
    private static final Keyset NEWEST = new Keyset("created_at", "id");

    /**
     * A grant's emails, newest first, from the partial index of the emails that name a grant (per business, grant,
     * creation newest first): a page reads its rows and no others. The kind is written into the statement, as the
     * index's condition, so every plan sees the index applies.
     */
    static String emailsAbout(Option<Before> before) {
        return "SELECT id, topic, created_at, status, attempts, last_error, finished_at, " + nextAttempt() + " AS next_attempt_at"
                + " FROM outbox"
                + " WHERE business_id = :business_id AND grant_id = :grant_id AND kind = 'EMAIL'" + NEWEST.condition(before)
                + " ORDER BY created_at DESC, id DESC LIMIT :limit";
    }

    @Override
    public List<GrantEmail> emailsAbout(BusinessId business, GrantId grant, Option<Before> before, int limit) {
        if (limit <= 0) {
            return List.empty();
        }
        return transactions.reading(handle -> List.ofAll(Keyset.bind(handle.createQuery(emailsAbout(before)), before)
                .bind("business_id", business.value())
                .bind("grant_id", grant.value())
                .bind("limit", limit)
                .map((rs, ctx) -> new GrantEmail(rs.getString("id"), rs.getString("topic"), Columns.instant(rs, "created_at"),
                        Status.valueOf(rs.getString("status")), rs.getInt("attempts"), Columns.optionalText(rs, "last_error"),
                        Columns.optionalInstant(rs, "finished_at"), Status.valueOf(rs.getString("status")) == Status.PENDING
                                ? Option.some(Columns.instant(rs, "next_attempt_at")) : Option.none()))
                .list()));
    }

    @Override
    public List<OutboxMessage> list(Status status, Page page) {
        return transactions.reading(handle -> List.ofAll(handle.createQuery(listing(status))
                .bind("limit", page.size())
                .bind("offset", page.offset())
                .map((rs, ctx) -> message(rs))
                .list()));
    }

    @Override
    public List<OutboxMessage> list(BusinessId business, Status status, Page page) {
        return transactions.reading(handle -> List.ofAll(handle.createQuery("SELECT " + READ + " FROM outbox"
                        + " WHERE status = '" + status.name() + "' AND business_id = :business_id"
                        + " ORDER BY created_at DESC, id DESC LIMIT :limit OFFSET :offset")
                .bind("business_id", business.value())
                .bind("limit", page.size())
                .bind("offset", page.offset())
                .map((rs, ctx) -> message(rs))
                .list()));
    }

    @Override
    public Depth depth(Instant now) {
        return transactions.reading(handle -> handle.createQuery("SELECT"
                        + " SUM(CASE WHEN status = 'PENDING' THEN 1 ELSE 0 END) AS pending,"
                        + " SUM(CASE WHEN status = 'PARKED' THEN 1 ELSE 0 END) AS parked,"
                        + " MIN(CASE WHEN status = 'PENDING' AND next_attempt_at <= :now AND " + FREE + " THEN created_at END) AS oldest_due"
                        + " FROM outbox WHERE status <> 'SENT'")
                .bind("now", Columns.nanos(now))
                .map((rs, ctx) -> new Depth(rs.getLong("pending"), rs.getLong("parked"),
                        Columns.optionalInstant(rs, "oldest_due")))
                .one());
    }

    private static OutboxMessage message(ResultSet rs) throws SQLException {
        return new OutboxMessage(rs.getString("id"), new BusinessId(rs.getString("business_id")),
                Kind.valueOf(rs.getString("kind")), rs.getString("topic"), rs.getString("payload"),
                Columns.instant(rs, "created_at"), rs.getInt("attempts"), Columns.instant(rs, "next_attempt_at"),
                Status.valueOf(rs.getString("status")), Columns.optionalText(rs, "last_error"),
                Columns.optionalText(rs, "grant_id").map(GrantId::new));
    }
}

package dev.grantor.adapter.persistence;

import dev.grantor.application.port.out.WebhookDeliveries;
import dev.grantor.domain.shared.BusinessId;
import io.vavr.collection.List;
import io.vavr.control.Option;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;

/**
 * Webhook deliveries. A claim is a lease, as in the outbox: the delivery stays {@code PENDING} with its next
 * attempt pushed to the lease's end; on PostgreSQL rows another dispatcher holds are skipped, not waited for.
 */
final class JdbcWebhookDeliveries implements WebhookDeliveries {

    private static final String COLUMNS = "id, business_id, endpoint_id, event_id, event_type, payload, created_at, status,"
            + " attempts, next_attempt_at, last_response_code, last_error, last_attempt_at";

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
                    + " :last_response_code, :last_error, :last_attempt_at) ON CONFLICT (id) DO NOTHING");
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
        if (shares.equals(Shares.UNLIMITED)) {
            String sql = dialect.claimDue("webhook_deliveries", "webhook_deliveries_due", "next_attempt_at, id", COLUMNS);
            return transactions.writing(handle -> List.ofAll(handle.createQuery(sql)
                            .bind("leaseEnd", Columns.nanos(now.plus(lease)))
                            .bind("now", Columns.nanos(now))
                            .bind("limit", limit)
                            .map((rs, ctx) -> delivery(rs))
                            .list())
                    .sorted(Comparator.comparing(WebhookDelivery::createdAt).thenComparing(WebhookDelivery::id)));
        }
        return transactions.writing(handle -> {
            var full = List.ofAll(shares.full()).map(BusinessId::value);
            // each business's due deliveries numbered in due order: one turn of every business before a second of any
            var query = handle.createQuery("SELECT id, business_id FROM (SELECT id, business_id, next_attempt_at,"
                            + " ROW_NUMBER() OVER (PARTITION BY business_id ORDER BY next_attempt_at, id) AS turn"
                            + " FROM webhook_deliveries WHERE status = 'PENDING' AND next_attempt_at <= :now"
                            + (full.isEmpty() ? "" : " AND business_id NOT IN (<full>)")
                            + ") due WHERE turn <= :perBusiness ORDER BY turn, next_attempt_at, id LIMIT :scan")
                    .bind("now", Columns.nanos(now))
                    .bind("perBusiness", Math.min(shares.perBusiness(), limit))
                    .bind("scan", limit + shares.busy().values().stream().mapToInt(Integer::intValue).sum());
            if (!full.isEmpty()) {
                query.bindList("full", full.asJava());
            }
            var candidates = query.map((rs, ctx) -> new String[] {rs.getString("id"), rs.getString("business_id")}).list();
            var taken = new java.util.HashMap<String, Integer>();
            var ids = new java.util.ArrayList<String>();
            for (var candidate : candidates) {
                int room = shares.room(new BusinessId(candidate[1]));
                if (ids.size() < limit && taken.merge(candidate[1], 1, Integer::sum) <= room) {
                    ids.add(candidate[0]);
                }
            }
            if (ids.isEmpty()) {
                return List.<WebhookDelivery>empty();
            }
            // re-checked under the claim: a row another dispatcher claimed since has its next attempt in the future
            var claimed = List.ofAll(handle.createQuery("UPDATE webhook_deliveries SET next_attempt_at = :leaseEnd WHERE id IN"
                            + " (SELECT id FROM webhook_deliveries WHERE id IN (<ids>) AND status = 'PENDING'"
                            + " AND next_attempt_at <= :now" + (dialect == Dialect.POSTGRESQL ? " FOR UPDATE SKIP LOCKED" : "")
                            + ") RETURNING " + COLUMNS)
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
        });
    }

    @Override
    public void markDelivered(String id, int attempts, int responseCode, Instant at) {
        transactions.writing(handle -> handle.createUpdate("UPDATE webhook_deliveries SET status = 'DELIVERED',"
                        + " attempts = :attempts, last_response_code = :code, last_error = NULL, last_attempt_at = :at WHERE id = :id")
                .bind("id", id)
                .bind("attempts", attempts)
                .bind("code", responseCode)
                .bind("at", Columns.nanos(at))
                .execute());
    }

    @Override
    public void reschedule(String id, int attempts, Option<Integer> responseCode, String error, Instant at, Instant nextAttemptAt) {
        transactions.writing(handle -> handle.createUpdate("UPDATE webhook_deliveries SET attempts = :attempts,"
                        + " last_response_code = :code, last_error = :error, last_attempt_at = :at, next_attempt_at = :next"
                        + " WHERE id = :id AND status = 'PENDING'")
                .bind("id", id)
                .bind("attempts", attempts)
                .bind("code", responseCode.getOrNull())
                .bind("error", error)
                .bind("at", Columns.nanos(at))
                .bind("next", Columns.nanos(nextAttemptAt))
                .execute());
    }

    @Override
    public void fail(String id, int attempts, Option<Integer> responseCode, String error, Instant at) {
        transactions.writing(handle -> handle.createUpdate("UPDATE webhook_deliveries SET status = 'FAILED',"
                        + " attempts = :attempts, last_response_code = :code, last_error = :error, last_attempt_at = :at"
                        + " WHERE id = :id AND status = 'PENDING'")
                .bind("id", id)
                .bind("attempts", attempts)
                .bind("code", responseCode.getOrNull())
                .bind("error", error)
                .bind("at", Columns.nanos(at))
                .execute());
    }

    @Override
    public Option<WebhookDelivery> find(BusinessId business, String id) {
        return transactions.reading(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM webhook_deliveries"
                        + " WHERE business_id = :business_id AND id = :id")
                .bind("business_id", business.value())
                .bind("id", id)
                .map((rs, ctx) -> delivery(rs))
                .findOne()
                .map(Option::some).orElse(Option.none()));
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

    @Override
    public boolean requeue(BusinessId business, String id, Instant now) {
        return transactions.writing(handle -> handle.createUpdate("UPDATE webhook_deliveries SET status = 'PENDING',"
                        + " attempts = 0, next_attempt_at = :now WHERE id = :id AND business_id = :business_id"
                        + " AND status <> 'PENDING'")
                .bind("id", id)
                .bind("business_id", business.value())
                .bind("now", Columns.nanos(now))
                .execute()) == 1;
    }

    private static WebhookDelivery delivery(ResultSet rs) throws SQLException {
        return new WebhookDelivery(rs.getString("id"), new BusinessId(rs.getString("business_id")), rs.getString("endpoint_id"),
                rs.getString("event_id"), rs.getString("event_type"), rs.getString("payload"), Columns.instant(rs, "created_at"),
                Status.valueOf(rs.getString("status")), rs.getInt("attempts"), Columns.instant(rs, "next_attempt_at"),
                Columns.optionalInt(rs, "last_response_code"), Columns.optionalText(rs, "last_error"),
                Columns.optionalInstant(rs, "last_attempt_at"));
    }
}

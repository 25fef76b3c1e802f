package dev.grantor.adapter.persistence;

import dev.grantor.application.port.out.ConcurrentUpdate;
import dev.grantor.application.port.out.WebhookEndpoints;
import dev.grantor.domain.shared.BusinessId;
import io.vavr.collection.List;
import io.vavr.control.Option;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.jdbi.v3.core.statement.SqlStatement;

/** Webhook endpoints; filter types and headers as JSON text, the secret as handed out. */
final class JdbcWebhookEndpoints implements WebhookEndpoints {

    private static final String COLUMNS = "id, business_id, url, description, metadata, disabled, filter_types, headers,"
            + " rate_limit, secret, retiring_secret, retiring_until, created_at, updated_at, version";

    private final JdbcTransactions transactions;
    private final Dialect dialect;

    JdbcWebhookEndpoints(JdbcTransactions transactions, Dialect dialect) {
        this.transactions = transactions;
        this.dialect = dialect;
    }

    @Override
    public boolean insert(WebhookEndpoint endpoint, int maxPerBusiness) {
        return transactions.writing(handle -> {
            if (dialect == Dialect.POSTGRESQL) {
                // READ COMMITTED lets two inserts each count the other out; this lock makes them count in turn.
                // SQLite needs none: its writers already take turns.
                handle.createQuery("SELECT 1 FROM (SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))) AS locked")
                        .bind("key", "webhook_endpoints:" + endpoint.businessId().value())
                        .mapTo(Integer.class).one();
            }
            long existing = handle.createQuery("SELECT count(*) FROM webhook_endpoints WHERE business_id = :business_id")
                    .bind("business_id", endpoint.businessId().value())
                    .mapTo(Long.class).one();
            if (existing >= maxPerBusiness) {
                return false;
            }
            bind(handle.createUpdate("INSERT INTO webhook_endpoints (" + COLUMNS + ") VALUES (:id,"
                    + " :business_id, :url, :description, :metadata, :disabled, :filter_types, :headers, :rate_limit,"
                    + " :secret, :retiring_secret, :retiring_until, :created_at, :updated_at, 0)"), endpoint).execute();
            return true;
        });
    }

    @Override
    public void update(WebhookEndpoint endpoint) {
        int changed = transactions.writing(handle -> bind(handle.createUpdate("UPDATE webhook_endpoints SET url = :url,"
                + " description = :description, metadata = :metadata, disabled = :disabled, filter_types = :filter_types,"
                + " headers = :headers, rate_limit = :rate_limit, secret = :secret, retiring_secret = :retiring_secret,"
                + " retiring_until = :retiring_until, updated_at = :updated_at, version = version + 1"
                + " WHERE " + OwnRow.BY_ID + " AND version = :version"), endpoint)
                .bind("version", endpoint.version())
                .execute());
        if (changed != 1) {
            throw new ConcurrentUpdate("webhook endpoint " + endpoint.id() + " moved on from version " + endpoint.version());
        }
    }

    @Override
    public Option<WebhookEndpoint> find(BusinessId business, String id) {
        return transactions.reading(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM webhook_endpoints"
                        + " WHERE " + OwnRow.BY_ID)
                .bind("business_id", business.value())
                .bind("id", id)
                .map((rs, ctx) -> endpoint(rs))
                .findOne()
                .map(Option::some).orElse(Option.none()));
    }

    @Override
    public List<WebhookEndpoint> list(BusinessId business, Option<String> after, int limit) {
        return transactions.reading(handle -> List.ofAll(handle.createQuery("SELECT " + COLUMNS + " FROM webhook_endpoints"
                        + " WHERE business_id = :business_id AND id > :after ORDER BY id LIMIT :limit")
                .bind("business_id", business.value())
                .bind("after", after.getOrElse(""))
                .bind("limit", limit)
                .map((rs, ctx) -> endpoint(rs))
                .list()));
    }

    @Override
    public List<WebhookEndpoint> enabled(BusinessId business) {
        return transactions.readingOne(handle -> List.ofAll(handle.createQuery("SELECT " + COLUMNS + " FROM webhook_endpoints"
                        + " WHERE business_id = :business_id AND disabled = :disabled ORDER BY id")
                .bind("business_id", business.value())
                .bind("disabled", false)
                .map((rs, ctx) -> endpoint(rs))
                .list()));
    }

    @Override
    public boolean delete(BusinessId business, String id) {
        return transactions.writing(handle -> {
            handle.createUpdate("DELETE FROM webhook_deliveries WHERE business_id = :business_id AND endpoint_id = :id")
                    .bind("business_id", business.value())
                    .bind("id", id)
                    .execute();
            return handle.createUpdate("DELETE FROM webhook_endpoints WHERE " + OwnRow.BY_ID)
                    .bind("business_id", business.value())
                    .bind("id", id)
                    .execute() == 1;
        });
    }

    private static <S extends SqlStatement<S>> S bind(S statement, WebhookEndpoint endpoint) {
        return statement
                .bind("id", endpoint.id())
                .bind("business_id", endpoint.businessId().value())
                .bind("url", endpoint.url())
                .bind("description", endpoint.description().getOrNull())
                .bind("metadata", Columns.metadata(endpoint.metadata()))
                .bind("disabled", endpoint.disabled())
                .bind("filter_types", Columns.texts(endpoint.filterTypes()))
                .bind("headers", Columns.headers(endpoint.headers()))
                .bind("rate_limit", endpoint.rateLimit().getOrNull())
                .bind("secret", endpoint.secret())
                .bind("retiring_secret", endpoint.retiring().map(WebhookEndpoints.RetiringSecret::secret).getOrNull())
                .bind("retiring_until", Columns.nanos(endpoint.retiring().map(WebhookEndpoints.RetiringSecret::until)))
                .bind("created_at", Columns.nanos(endpoint.createdAt()))
                .bind("updated_at", Columns.nanos(endpoint.updatedAt()));
    }

    private static WebhookEndpoint endpoint(ResultSet rs) throws SQLException {
        return new WebhookEndpoint(rs.getString("id"), new BusinessId(rs.getString("business_id")), rs.getString("url"),
                Columns.optionalText(rs, "description"), Columns.metadata(rs.getString("metadata")), rs.getBoolean("disabled"),
                Columns.texts(rs.getString("filter_types")), Columns.headers(rs.getString("headers")),
                Columns.optionalInt(rs, "rate_limit"), rs.getString("secret"), retiring(rs), Columns.instant(rs, "created_at"),
                Columns.instant(rs, "updated_at"), rs.getLong("version"));
    }

    private static Option<WebhookEndpoints.RetiringSecret> retiring(ResultSet rs) throws SQLException {
        var secret = Columns.optionalText(rs, "retiring_secret");
        var until = Columns.optionalInstant(rs, "retiring_until");
        return secret.isEmpty() || until.isEmpty() ? Option.none()
                : Option.some(new WebhookEndpoints.RetiringSecret(secret.get(), until.get()));
    }
}

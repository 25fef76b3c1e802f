package dev.grantor.adapter.persistence;

import dev.grantor.application.port.out.ApiKeys;
import dev.grantor.domain.shared.BusinessId;
import io.vavr.collection.List;
import io.vavr.control.Option;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/**
 * API keys by the hash of their token; revoking keeps the first revocation time. Each name is written with its {@code
 * name_key} ({@link ApiKeys#nameKey}), which the partial unique index {@code api_keys_live_name_unique} holds unique
 * among a business's unrevoked keys (sqlite V26, postgresql V29); rows named before have none and are outside it.
 */
final class JdbcApiKeys implements ApiKeys {

    private static final String COLUMNS = "id, business_id, token_hash, read_only, created_at, revoked_at, token_prefix, last_used_at, name";

    private final JdbcTransactions transactions;
    private final Dialect dialect;

    JdbcApiKeys(JdbcTransactions transactions, Dialect dialect) {
        this.transactions = transactions;
        this.dialect = dialect;
    }

    @Override
    public void insert(ApiKey key) {
        transactions.writing(handle -> handle.createUpdate("INSERT INTO api_keys (" + COLUMNS + ", name_key) VALUES (:id,"
                        + " :business_id, :token_hash, :read_only, :created_at, :revoked_at, :token_prefix, :last_used_at, :name,"
                        + " :name_key)")
                .bind("id", key.id())
                .bind("business_id", key.businessId().value())
                .bind("token_hash", key.tokenHash())
                .bind("read_only", key.readOnly())
                .bind("created_at", Columns.nanos(key.createdAt()))
                .bind("revoked_at", Columns.nanos(key.revokedAt()))
                .bind("token_prefix", key.tokenPrefix().getOrNull())
                .bind("last_used_at", Columns.nanos(key.lastUsedAt()))
                .bind("name", key.name().getOrNull())
                .bind("name_key", key.name().map(ApiKeys::nameKey).getOrNull())
                .execute());
    }

    @Override
    public Option<ApiKey> findByTokenHash(String tokenHash) {
        return transactions.readingOne(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM api_keys"
                        + " WHERE token_hash = :token_hash")
                .bind("token_hash", tokenHash)
                .map((rs, ctx) -> apiKey(rs))
                .findOne()
                .map(Option::some).orElse(Option.none()));
    }

    @Override
    public Option<ApiKey> find(BusinessId business, String id) {
        return transactions.reading(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM api_keys"
                        + " WHERE " + OwnRow.BY_ID)
                .bind("business_id", business.value())
                .bind("id", id)
                .map((rs, ctx) -> apiKey(rs))
                .findOne()
                .map(Option::some).orElse(Option.none()));
    }

    @Override
    public Option<ApiKey> find(String id) {
        return transactions.reading(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM api_keys WHERE id = :id")
                .bind("id", id)
                .map((rs, ctx) -> apiKey(rs))
                .findOne()
                .map(Option::some).orElse(Option.none()));
    }

    @Override
    public Option<ApiKey> hold(String id) {
        return transactions.writing(handle -> Option.ofOptional(handle.createQuery("SELECT " + COLUMNS + " FROM api_keys"
                        + " WHERE id = :id" + dialect.rowLock())
                .bind("id", id)
                .map((rs, ctx) -> apiKey(rs))
                .findOne()));
    }

    @Override
    public List<ApiKey> list(BusinessId business) {
        return transactions.reading(handle -> List.ofAll(handle.createQuery("SELECT " + COLUMNS + " FROM api_keys"
                        + " WHERE business_id = :business_id ORDER BY created_at, id")
                .bind("business_id", business.value())
                .map((rs, ctx) -> apiKey(rs))
                .list()));
    }

    @Override
    public boolean markUsed(String id, Instant at, Instant staleBefore) {
        return transactions.writing(handle -> handle.createUpdate("UPDATE api_keys SET last_used_at = :at WHERE id = :id"
                        + " AND (last_used_at IS NULL OR last_used_at < :stale_before)")
                .bind("at", Columns.nanos(at))
                .bind("id", id)
                .bind("stale_before", Columns.nanos(staleBefore))
                .execute() > 0);
    }

    @Override
    public boolean revoke(BusinessId business, String id, Instant at) {
        return transactions.writing(handle -> {
            handle.createUpdate("UPDATE api_keys SET revoked_at = :at WHERE " + OwnRow.BY_ID
                            + " AND revoked_at IS NULL")
                    .bind("at", Columns.nanos(at))
                    .bind("business_id", business.value())
                    .bind("id", id)
                    .execute();
            return handle.createQuery("SELECT 1 FROM api_keys WHERE " + OwnRow.BY_ID)
                    .bind("business_id", business.value())
                    .bind("id", id)
                    .mapTo(Integer.class)
                    .findOne()
                    .isPresent();
        });
    }

    @Override
    public boolean rename(BusinessId business, String id, Option<String> name) {
        return transactions.writing(handle -> handle.createUpdate("UPDATE api_keys SET name = :name, name_key = :name_key"
                        + " WHERE " + OwnRow.BY_ID)
                .bind("name", name.getOrNull())
                .bind("name_key", name.map(ApiKeys::nameKey).getOrNull())
                .bind("business_id", business.value())
                .bind("id", id)
                .execute() > 0);
    }

    private static ApiKey apiKey(ResultSet rs) throws SQLException {
        return new ApiKey(rs.getString("id"), new BusinessId(rs.getString("business_id")), rs.getString("token_hash"),
                rs.getBoolean("read_only"), Columns.instant(rs, "created_at"), Columns.optionalInstant(rs, "revoked_at"),
                Columns.optionalText(rs, "token_prefix"), Columns.optionalInstant(rs, "last_used_at"),
                Columns.optionalText(rs, "name"));
    }
}

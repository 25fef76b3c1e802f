package dev.grantor.adapter.persistence;

import dev.grantor.application.port.out.ApiKeys;
import dev.grantor.domain.shared.BusinessId;
import io.vavr.control.Option;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/** API keys by the hash of their token; revoking keeps the first revocation time. */
final class JdbcApiKeys implements ApiKeys {

    private static final String COLUMNS = "id, business_id, token_hash, read_only, created_at, revoked_at";

    private final JdbcTransactions transactions;

    JdbcApiKeys(JdbcTransactions transactions) {
        this.transactions = transactions;
    }

    @Override
    public void insert(ApiKey key) {
        transactions.writing(handle -> handle.createUpdate("INSERT INTO api_keys (" + COLUMNS + ") VALUES (:id,"
                        + " :business_id, :token_hash, :read_only, :created_at, :revoked_at)")
                .bind("id", key.id())
                .bind("business_id", key.businessId().value())
                .bind("token_hash", key.tokenHash())
                .bind("read_only", key.readOnly())
                .bind("created_at", Columns.nanos(key.createdAt()))
                .bind("revoked_at", Columns.nanos(key.revokedAt()))
                .execute());
    }

    @Override
    public Option<ApiKey> findByTokenHash(String tokenHash) {
        return transactions.reading(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM api_keys"
                        + " WHERE token_hash = :token_hash")
                .bind("token_hash", tokenHash)
                .map((rs, ctx) -> apiKey(rs))
                .findOne()
                .map(Option::some).orElse(Option.none()));
    }

    @Override
    public Option<ApiKey> find(BusinessId business, String id) {
        return transactions.reading(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM api_keys"
                        + " WHERE business_id = :business_id AND id = :id")
                .bind("business_id", business.value())
                .bind("id", id)
                .map((rs, ctx) -> apiKey(rs))
                .findOne()
                .map(Option::some).orElse(Option.none()));
    }

    @Override
    public boolean revoke(BusinessId business, String id, Instant at) {
        return transactions.writing(handle -> {
            handle.createUpdate("UPDATE api_keys SET revoked_at = :at WHERE business_id = :business_id AND id = :id"
                            + " AND revoked_at IS NULL")
                    .bind("at", Columns.nanos(at))
                    .bind("business_id", business.value())
                    .bind("id", id)
                    .execute();
            return handle.createQuery("SELECT 1 FROM api_keys WHERE business_id = :business_id AND id = :id")
                    .bind("business_id", business.value())
                    .bind("id", id)
                    .mapTo(Integer.class)
                    .findOne()
                    .isPresent();
        });
    }

    private static ApiKey apiKey(ResultSet rs) throws SQLException {
        return new ApiKey(rs.getString("id"), new BusinessId(rs.getString("business_id")), rs.getString("token_hash"),
                rs.getBoolean("read_only"), Columns.instant(rs, "created_at"), Columns.optionalInstant(rs, "revoked_at"));
    }
}

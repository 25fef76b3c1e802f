package dev.grantor.adapter.persistence;

import dev.grantor.application.port.out.SigningKeys;
import dev.grantor.domain.shared.BusinessId;
import io.vavr.collection.List;
import io.vavr.control.Option;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Signing keys per business, by generation; the sealed private key is stored as given and never logged. */
final class JdbcSigningKeys implements SigningKeys {

    private static final String COLUMNS = "kid, business_id, generation, public_key, sealed_private_key, created_at";

    private final JdbcTransactions transactions;
    private final Dialect dialect;

    JdbcSigningKeys(JdbcTransactions transactions, Dialect dialect) {
        this.transactions = transactions;
        this.dialect = dialect;
    }

    @Override
    public void insert(SigningKey key) {
        transactions.writing(handle -> handle.createUpdate("INSERT INTO signing_keys (" + COLUMNS + ") VALUES (:kid,"
                        + " :business_id, :generation, :public_key, :sealed_private_key, :created_at)")
                .bind("kid", key.kid())
                .bind("business_id", key.businessId().value())
                .bind("generation", key.generation())
                .bind("public_key", key.publicKey())
                .bind("sealed_private_key", key.sealedPrivateKey())
                .bind("created_at", Columns.nanos(key.createdAt()))
                .execute());
    }

    @Override
    public Option<SigningKey> current(BusinessId business) {
        return transactions.writing(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM signing_keys"
                        + " WHERE business_id = :business_id ORDER BY generation DESC LIMIT 1" + dialect.sharedRowLock())
                .bind("business_id", business.value())
                .map((rs, ctx) -> signingKey(rs))
                .findOne()
                .map(Option::some).orElse(Option.none()));
    }

    @Override
    public List<SigningKey> all(BusinessId business) {
        return transactions.reading(handle -> List.ofAll(handle.createQuery("SELECT " + COLUMNS + " FROM signing_keys"
                        + " WHERE business_id = :business_id ORDER BY generation DESC")
                .bind("business_id", business.value())
                .map((rs, ctx) -> signingKey(rs))
                .list()));
    }

    @Override
    public boolean delete(BusinessId business, String kid) {
        return transactions.writing(handle -> handle.createUpdate("DELETE FROM signing_keys"
                        + " WHERE business_id = :business_id AND kid = :kid")
                .bind("business_id", business.value())
                .bind("kid", kid)
                .execute() > 0);
    }

    private static SigningKey signingKey(ResultSet rs) throws SQLException {
        return new SigningKey(rs.getString("kid"), new BusinessId(rs.getString("business_id")), rs.getInt("generation"),
                rs.getString("public_key"), rs.getString("sealed_private_key"), Columns.instant(rs, "created_at"));
    }
}

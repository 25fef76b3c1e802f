package dev.grantor.adapter.persistence;

import dev.grantor.application.port.out.ConcurrentUpdate;
import dev.grantor.application.port.out.LicenseKeys;
import dev.grantor.domain.entitlement.ActivationsLimit;
import dev.grantor.domain.license.LicenseKey;
import dev.grantor.domain.license.LicenseKeyInstance;
import dev.grantor.domain.license.LicenseKeySource;
import dev.grantor.domain.license.LicenseKeyValue;
import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.CustomerId;
import dev.grantor.domain.shared.EntitlementId;
import dev.grantor.domain.shared.GrantId;
import dev.grantor.domain.shared.InstanceId;
import dev.grantor.domain.shared.LicenseKeyId;
import io.vavr.collection.List;
import io.vavr.control.Option;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Locale;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * License keys with their instances in a child table, kept in the key's order. The expiry is seconds plus
 * nanos rather than one number: a key may be valid for centuries.
 */
final class JdbcLicenseKeys implements LicenseKeys {

    private static final String COLUMNS = "id, business_id, grant_id, customer_id, entitlement_id, value, source,"
            + " activations_limit, expires_at_second, expires_at_nano, disabled_at, created_at, updated_at, version";

    private final JdbcTransactions transactions;

    JdbcLicenseKeys(JdbcTransactions transactions) {
        this.transactions = transactions;
    }

    @Override
    public void insert(LicenseKey key) {
        transactions.writing(handle -> {
            bindKey(handle.createUpdate("INSERT INTO license_keys (" + COLUMNS + ") VALUES (:id, :business_id, :grant_id,"
                    + " :customer_id, :entitlement_id, :value, :source, :activations_limit, :expires_at_second,"
                    + " :expires_at_nano, :disabled_at, :created_at, :updated_at, 0)"), key).execute();
            insertInstances(handle, key);
            return null;
        });
    }

    @Override
    public void update(LicenseKey key) {
        transactions.writing(handle -> {
            int updated = bindKey(handle.createUpdate("UPDATE license_keys SET activations_limit = :activations_limit,"
                    + " expires_at_second = :expires_at_second, expires_at_nano = :expires_at_nano,"
                    + " disabled_at = :disabled_at, updated_at = :updated_at, version = version + 1"
                    + " WHERE id = :id AND version = :version"), key)
                    .bind("version", key.version())
                    .execute();
            if (updated != 1) {
                throw new ConcurrentUpdate("license key " + key.id().value() + " is no longer at version " + key.version());
            }
            handle.createUpdate("DELETE FROM license_key_instances WHERE license_key_id = :id")
                    .bind("id", key.id().value())
                    .execute();
            insertInstances(handle, key);
            return null;
        });
    }

    @Override
    public Option<LicenseKey> find(LicenseKeyId id) {
        return findWhere("id = :match", id.value());
    }

    @Override
    public Option<LicenseKey> findByValue(LicenseKeyValue value) {
        return findWhere("value = :match", value.value());
    }

    @Override
    public boolean valueExists(LicenseKeyValue value) {
        return transactions.reading(handle -> handle.createQuery("SELECT 1 FROM license_keys WHERE value = :value")
                .bind("value", value.value())
                .mapTo(Integer.class)
                .findOne()
                .isPresent());
    }

    private Option<LicenseKey> findWhere(String condition, String match) {
        return transactions.reading(handle -> {
            var found = handle.createQuery("SELECT " + COLUMNS + " FROM license_keys WHERE " + condition)
                    .bind("match", match)
                    .map((rs, ctx) -> key(rs, List.empty()))
                    .findOne();
            if (found.isEmpty()) {
                return Option.<LicenseKey>none();
            }
            var key = found.get();
            var instances = List.ofAll(handle.createQuery("SELECT id, name, created_at FROM license_key_instances"
                            + " WHERE license_key_id = :id ORDER BY position")
                    .bind("id", key.id().value())
                    .map((rs, ctx) -> new LicenseKeyInstance(new InstanceId(rs.getString("id")), rs.getString("name"),
                            Columns.instant(rs, "created_at")))
                    .list());
            return Option.some(new LicenseKey(key.id(), key.businessId(), key.grantId(), key.customerId(),
                    key.entitlementId(), key.value(), key.source(), key.activationsLimit(), key.expiresAt(),
                    key.disabledAt(), instances, key.createdAt(), key.updatedAt(), key.version()));
        });
    }

    private static void insertInstances(Handle handle, LicenseKey key) {
        if (key.instances().isEmpty()) {
            return;
        }
        var batch = handle.prepareBatch("INSERT INTO license_key_instances (id, license_key_id, position, name, created_at)"
                + " VALUES (:id, :license_key_id, :position, :name, :created_at)");
        int position = 0;
        for (LicenseKeyInstance instance : key.instances()) {
            batch.bind("id", instance.id().value())
                    .bind("license_key_id", key.id().value())
                    .bind("position", position++)
                    .bind("name", instance.name())
                    .bind("created_at", Columns.nanos(instance.createdAt()))
                    .add();
        }
        batch.execute();
    }

    private static <S extends SqlStatement<S>> S bindKey(S statement, LicenseKey key) {
        return statement
                .bind("id", key.id().value())
                .bind("business_id", key.businessId().value())
                .bind("grant_id", key.grantId().value())
                .bind("customer_id", key.customerId().value())
                .bind("entitlement_id", key.entitlementId().value())
                .bind("value", key.value().value())
                .bind("source", key.source().wire())
                .bind("activations_limit", key.activationsLimit().map(ActivationsLimit::value).getOrNull())
                .bind("expires_at_second", key.expiresAt().map(Instant::getEpochSecond).getOrNull())
                .bind("expires_at_nano", key.expiresAt().map(Instant::getNano).getOrNull())
                .bind("disabled_at", Columns.nanos(key.disabledAt()))
                .bind("created_at", Columns.nanos(key.createdAt()))
                .bind("updated_at", Columns.nanos(key.updatedAt()));
    }

    private static LicenseKey key(ResultSet rs, List<LicenseKeyInstance> instances) throws SQLException {
        long expirySecond = rs.getLong("expires_at_second");
        Option<Instant> expiresAt = rs.wasNull() ? Option.none()
                : Option.some(Instant.ofEpochSecond(expirySecond, rs.getInt("expires_at_nano")));
        return new LicenseKey(new LicenseKeyId(rs.getString("id")), new BusinessId(rs.getString("business_id")),
                new GrantId(rs.getString("grant_id")), new CustomerId(rs.getString("customer_id")),
                new EntitlementId(rs.getString("entitlement_id")), new LicenseKeyValue(rs.getString("value")),
                LicenseKeySource.valueOf(rs.getString("source").toUpperCase(Locale.ROOT)),
                Columns.optionalInt(rs, "activations_limit").map(ActivationsLimit::new), expiresAt,
                Columns.optionalInstant(rs, "disabled_at"), instances, Columns.instant(rs, "created_at"),
                Columns.instant(rs, "updated_at"), rs.getLong("version"));
    }
}

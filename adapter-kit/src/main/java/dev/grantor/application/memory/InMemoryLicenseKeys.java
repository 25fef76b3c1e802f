package dev.grantor.application.memory;

import dev.grantor.application.memory.Tables.Slot;
import dev.grantor.application.port.out.Before;
import dev.grantor.application.port.out.ConcurrentUpdate;
import dev.grantor.application.port.out.DuplicateRecord;
import dev.grantor.application.port.out.LicenseKeys;
import dev.grantor.application.port.out.LicenseKeys.PastValue;
import dev.grantor.domain.grant.LicenseKey;
import dev.grantor.domain.grant.LicenseKeyValue;
import dev.grantor.domain.shared.LicenseKeyId;
import dev.grantor.application.port.out.Page;
import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.InstanceId;
import io.vavr.collection.HashMap;
import io.vavr.collection.List;
import io.vavr.collection.Map;
import io.vavr.control.Option;

final class InMemoryLicenseKeys implements LicenseKeys {

    /** Read by {@link InMemoryGrants#search} too, which finds grants by their keys' values. */
    static final Slot<Map<LicenseKeyId, LicenseKey>> ROWS = new Slot<>("license keys", HashMap.empty());
    private static final Slot<Map<LicenseKeyValue, LicenseKeyId>> VALUES = new Slot<>("license keys by value", HashMap.empty());
    private static final Slot<List<PastValue>> PAST_VALUES = new Slot<>("past license key values", List.empty());

    private final InMemoryTransactions tx;

    InMemoryLicenseKeys(InMemoryTransactions tx) {
        this.tx = tx;
    }

    @Override
    public void insert(LicenseKey key) {
        tx.apply(t -> {
            var rows = t.get(ROWS);
            var values = t.get(VALUES);
            if (values.containsKey(key.value()) || pooledElsewhere(t, key)) {
                throw new DuplicateRecord(DuplicateRecord.Rule.LICENSE_KEY_VALUE, "this license key value is in use");
            }
            if (rows.containsKey(key.id())) {
                throw new DuplicateRecord(DuplicateRecord.Rule.OTHER, "license key " + key.id() + " exists");
            }
            return t.with(ROWS, rows.put(key.id(), atVersion(key, 0))).with(VALUES, values.put(key.value(), key.id()));
        });
    }

    @Override
    public void update(LicenseKey key) {
        tx.apply(t -> {
            var rows = t.get(ROWS);
            var stored = rows.get(key.id());
            if (stored.isEmpty() || stored.get().version() != key.version()) {
                throw new ConcurrentUpdate("license key " + key.id() + " is not at version " + key.version());
            }
            var values = t.get(VALUES);
            if (!stored.get().value().equals(key.value())) {
                if (values.containsKey(key.value()) || pooledElsewhere(t, key)) {
                    throw new DuplicateRecord(DuplicateRecord.Rule.LICENSE_KEY_VALUE, "this license key value is in use");
                }
                values = values.remove(stored.get().value()).put(key.value(), key.id());
            }
            return t.with(ROWS, rows.put(key.id(), atVersion(key, key.version() + 1))).with(VALUES, values);
        });
    }

    /**
     * A pooled key holds its value too: a license key may take it only as the key the pool assigned to its grant (issue,
     * fill or rotation from the pool), as the SQL stores' {@code key_values} table rules.
     */
    private static boolean pooledElsewhere(Tables t, LicenseKey key) {
        return t.get(InMemoryKeyPools.VALUES).get(key.value()).flatMap(t.get(InMemoryKeyPools.KEYS)::get)
                .exists(pooled -> pooled.grantId().isEmpty() || !pooled.grantId().equals(key.grantId()));
    }

    @Override
    public Option<LicenseKey> find(LicenseKeyId id) {
        return tx.query(t -> t.get(ROWS).get(id));
    }

    @Override
    public Option<LicenseKey> findByValue(LicenseKeyValue value) {
        return tx.query(t -> t.get(VALUES).get(value).flatMap(t.get(ROWS)::get));
    }

    @Override
    public boolean valueExists(LicenseKeyValue value) {
        return tx.query(t -> t.get(VALUES).containsKey(value));
    }

    @Override
    public List<LicenseKey> list(BusinessId business, Filter filter, Page page) {
        return tx.query(t -> Paging.newestFirst(
                t.get(ROWS).values().filter(k -> k.businessId().equals(business)
                        && filter.customer().forAll(k.customerId()::equals)
                        && filter.entitlement().forAll(k.entitlementId()::equals)
                        && filter.source().forAll(s -> k.source() == s)
                        && filter.status().forAll(s -> k.statusAt(filter.at()) == s)
                        && filter.createdFrom().forAll(from -> !k.createdAt().isBefore(from))
                        && filter.createdTo().forAll(to -> !k.createdAt().isAfter(to))),
                LicenseKey::createdAt, k -> k.id().value(), page));
    }

    @Override
    public Option<LicenseKey> findByInstance(BusinessId business, InstanceId instance) {
        return tx.query(t -> t.get(ROWS).values().find(k -> k.businessId().equals(business) && k.hasInstance(instance)));
    }

    @Override
    public List<LicenseKey.Held> listInstances(BusinessId business, InstanceFilter filter, Page page) {
        return tx.query(t -> Paging.newestFirst(
                t.get(ROWS).values().filter(k -> k.businessId().equals(business)
                                && filter.licenseKey().forAll(k.id()::equals)
                                && filter.grant().forAll(g -> k.grantId().contains(g)))
                        .flatMap(k -> k.instances().map(i -> new LicenseKey.Held(k, i))),
                held -> held.instance().createdAt(), held -> held.instance().id().value(), page));
    }

    @Override
    public void recordPastValue(PastValue pastValue) {
        tx.apply(t -> t.with(PAST_VALUES, t.get(PAST_VALUES).append(pastValue)));
    }

    @Override
    public List<PastValue> latestPastValues(LicenseKeyId licenseKey, Option<Before> before, int limit) {
        return tx.query(t -> t.get(PAST_VALUES).filter(p -> p.licenseKey().equals(licenseKey))
                .sorted(java.util.Comparator.comparing(PastValue::replacedAt).thenComparing(PastValue::valueSha256)))
                .reverse().filter(p -> before.forAll(b -> b.admits(p.replacedAt(), p.valueSha256())))
                .take(Math.max(0, limit));
    }

    private static LicenseKey atVersion(LicenseKey k, long version) {
        return new LicenseKey(k.id(), k.businessId(), k.grantId(), k.customerId(), k.entitlementId(), k.value(), k.source(),
                k.activationsLimit(), k.expiresAt(), k.disabledAt(), k.instances(), k.createdAt(), k.updatedAt(), version);
    }
}

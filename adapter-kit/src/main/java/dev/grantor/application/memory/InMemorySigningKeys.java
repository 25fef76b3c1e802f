package dev.grantor.application.memory;

import dev.grantor.application.memory.Tables.Slot;
import dev.grantor.application.port.out.DuplicateRecord;
import dev.grantor.application.port.out.SigningKeys;
import dev.grantor.domain.shared.BusinessId;
import io.vavr.Tuple;
import io.vavr.collection.HashMap;
import io.vavr.collection.List;
import io.vavr.collection.Map;
import io.vavr.control.Option;

final class InMemorySigningKeys implements SigningKeys {

    private static final Slot<Map<String, SigningKey>> ROWS = new Slot<>("signing keys", HashMap.empty());

    private final InMemoryTransactions tx;

    InMemorySigningKeys(InMemoryTransactions tx) {
        this.tx = tx;
    }

    @Override
    public void insert(SigningKey key) {
        tx.apply(t -> {
            var rows = t.get(ROWS);
            if (rows.values().exists(k -> k.businessId().equals(key.businessId()) && k.generation() == key.generation())) {
                throw new DuplicateRecord(DuplicateRecord.Rule.SIGNING_KEY_GENERATION,
                        "signing key generation " + key.generation() + " exists");
            }
            if (rows.containsKey(key.kid())) {
                throw new DuplicateRecord(DuplicateRecord.Rule.OTHER, "signing key " + key.kid() + " exists");
            }
            return t.with(ROWS, rows.put(key.kid(), key));
        });
    }

    @Override
    public Option<SigningKey> current(BusinessId business) {
        return all(business).headOption();
    }

    @Override
    public List<SigningKey> all(BusinessId business) {
        return tx.query(t -> t.get(ROWS).values().filter(k -> k.businessId().equals(business)).toList()
                .sortBy(SigningKey::generation).reverse());
    }

    @Override
    public boolean delete(BusinessId business, String kid) {
        return tx.change(t -> {
            var rows = t.get(ROWS);
            if (!rows.get(kid).exists(k -> k.businessId().equals(business))) {
                return Tuple.of(false, t);
            }
            return Tuple.of(true, t.with(ROWS, rows.remove(kid)));
        });
    }
}

package dev.grantor.application.memory;

import dev.grantor.application.memory.Tables.Slot;
import dev.grantor.application.port.out.Businesses;
import dev.grantor.application.port.out.DuplicateRecord;
import dev.grantor.domain.shared.BusinessId;
import io.vavr.collection.HashMap;
import io.vavr.collection.List;
import io.vavr.collection.Map;
import io.vavr.control.Option;

final class InMemoryBusinesses implements Businesses {

    private static final Slot<Map<BusinessId, Business>> ROWS = new Slot<>("businesses", HashMap.empty());

    private final InMemoryTransactions tx;

    InMemoryBusinesses(InMemoryTransactions tx) {
        this.tx = tx;
    }

    @Override
    public void insert(Business business) {
        tx.apply(t -> {
            var rows = t.get(ROWS);
            if (rows.containsKey(business.id())) {
                throw new DuplicateRecord(DuplicateRecord.Rule.OTHER, "business " + business.id() + " exists");
            }
            return t.with(ROWS, rows.put(business.id(), business));
        });
    }

    @Override
    public Option<Business> find(BusinessId id) {
        return tx.query(t -> t.get(ROWS).get(id));
    }

    @Override
    public List<Business> list() {
        return tx.query(t -> t.get(ROWS).values().toList()
                .sorted(java.util.Comparator.comparing(Business::createdAt).thenComparing(b -> b.id().value())));
    }
}

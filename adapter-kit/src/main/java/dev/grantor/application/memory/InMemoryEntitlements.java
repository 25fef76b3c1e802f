package dev.grantor.application.memory;

import dev.grantor.application.memory.Tables.Slot;
import dev.grantor.application.port.out.ConcurrentUpdate;
import dev.grantor.application.port.out.DuplicateRecord;
import dev.grantor.application.port.out.Entitlements;
import dev.grantor.application.port.out.Page;
import dev.grantor.domain.entitlement.Entitlement;
import dev.grantor.domain.entitlement.IntegrationType;
import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.EntitlementId;
import io.vavr.collection.HashMap;
import io.vavr.collection.List;
import io.vavr.collection.Map;
import io.vavr.control.Option;

final class InMemoryEntitlements implements Entitlements {

    private static final Slot<Map<EntitlementId, Entitlement>> ROWS = new Slot<>("entitlements", HashMap.empty());

    private final InMemoryTransactions tx;

    InMemoryEntitlements(InMemoryTransactions tx) {
        this.tx = tx;
    }

    @Override
    public void insert(Entitlement e) {
        tx.apply(t -> {
            var rows = t.get(ROWS);
            if (rows.containsKey(e.id())) {
                throw new DuplicateRecord(DuplicateRecord.Rule.OTHER, "entitlement " + e.id() + " exists");
            }
            return t.with(ROWS, rows.put(e.id(), atVersion(e, 0)));
        });
    }

    @Override
    public void update(Entitlement e) {
        tx.apply(t -> {
            var rows = t.get(ROWS);
            var stored = rows.get(e.id());
            if (stored.isEmpty() || stored.get().version() != e.version() || !stored.get().businessId().equals(e.businessId())) {
                throw new ConcurrentUpdate("entitlement " + e.id() + " is not at version " + e.version());
            }
            return t.with(ROWS, rows.put(e.id(), atVersion(e, e.version() + 1)));
        });
    }

    @Override
    public Option<Entitlement> find(BusinessId business, EntitlementId id) {
        return tx.query(t -> t.get(ROWS).get(id).filter(e -> e.businessId().equals(business)));
    }

    @Override
    public List<Entitlement> listActive(BusinessId business, Option<IntegrationType> type, Page page) {
        return tx.query(t -> Paging.newestFirst(
                t.get(ROWS).values().filter(e -> e.businessId().equals(business) && e.isActive()
                        && type.forAll(wanted -> e.integrationType() == wanted)),
                Entitlement::createdAt, e -> e.id().value(), page));
    }

    private static Entitlement atVersion(Entitlement e, long version) {
        return new Entitlement(e.id(), e.businessId(), e.details(), e.config(), e.metadata(), e.createdAt(), e.updatedAt(),
                e.deletedAt(), version);
    }
}

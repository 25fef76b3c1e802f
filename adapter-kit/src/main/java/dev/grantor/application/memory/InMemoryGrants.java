package dev.grantor.application.memory;

import dev.grantor.application.memory.Tables.Slot;
import dev.grantor.application.port.out.Before;
import dev.grantor.application.port.out.ConcurrentUpdate;
import dev.grantor.application.port.out.DuplicateRecord;
import dev.grantor.application.port.out.Grants;
import dev.grantor.application.port.out.Page;
import dev.grantor.domain.grant.Grant;
import dev.grantor.domain.grant.GrantOrigin;
import dev.grantor.domain.grant.GrantStatus;
import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.CustomerId;
import dev.grantor.domain.shared.EntitlementId;
import dev.grantor.domain.shared.GrantId;
import io.vavr.collection.HashMap;
import io.vavr.collection.List;
import io.vavr.collection.Map;
import io.vavr.control.Option;
import java.util.Comparator;
import java.util.function.Predicate;

final class InMemoryGrants implements Grants {

    /** The uniqueness rule: one grant per (entitlement, customer, payment or subscription). */
    private record OriginKey(EntitlementId entitlement, CustomerId customer, GrantOrigin origin) {}

    static final Slot<Map<GrantId, Grant>> ROWS = new Slot<>("grants", HashMap.empty());
    private static final Slot<Map<OriginKey, GrantId>> ORIGINS = new Slot<>("grants by origin", HashMap.empty());

    private final InMemoryTransactions tx;

    InMemoryGrants(InMemoryTransactions tx) {
        this.tx = tx;
    }

    @Override
    public void insert(Grant g) {
        tx.apply(t -> {
            var rows = t.get(ROWS);
            var origins = t.get(ORIGINS);
            if (rows.containsKey(g.id())) {
                throw new DuplicateRecord(DuplicateRecord.Rule.OTHER, "grant " + g.id() + " exists");
            }
            var next = t.with(ROWS, rows.put(g.id(), atVersion(g, 0)));
            if (g.origin() instanceof GrantOrigin.Direct) {
                return next;
            }
            var key = new OriginKey(g.entitlementId(), g.customerId(), g.origin());
            if (origins.containsKey(key)) {
                throw new DuplicateRecord(DuplicateRecord.Rule.GRANT_ORIGIN, "a grant for this entitlement, customer and origin exists");
            }
            return next.with(ORIGINS, origins.put(key, g.id()));
        });
    }

    @Override
    public void update(Grant g) {
        tx.apply(t -> {
            var rows = t.get(ROWS);
            var stored = rows.get(g.id());
            if (stored.isEmpty() || stored.get().version() != g.version() || !stored.get().businessId().equals(g.businessId())) {
                throw new ConcurrentUpdate("grant " + g.id() + " is not at version " + g.version());
            }
            return t.with(ROWS, rows.put(g.id(), atVersion(g, g.version() + 1)));
        });
    }

    @Override
    public Option<Grant> find(BusinessId business, GrantId id) {
        return tx.query(t -> t.get(ROWS).get(id).filter(g -> g.businessId().equals(business)));
    }

    @Override
    public Option<Grant> findByOrigin(EntitlementId entitlement, CustomerId customer, GrantOrigin origin) {
        if (origin instanceof GrantOrigin.Direct) {
            return Option.none();
        }
        return tx.query(t -> t.get(ORIGINS).get(new OriginKey(entitlement, customer, origin)).flatMap(t.get(ROWS)::get));
    }

    @Override
    public List<Grant> list(BusinessId business, Filter filter, Page page) {
        return tx.query(t -> Paging.newestFirst(
                t.get(ROWS).values().filter(g -> g.businessId().equals(business)
                        && filter.entitlement().forAll(g.entitlementId()::equals)
                        && filter.customer().forAll(g.customerId()::equals)
                        && filter.status().forAll(s -> g.status() == s)
                        && filter.integrationType().forAll(type -> g.integrationType() == type)),
                Grant::createdAt, g -> g.id().value(), page));
    }

    @Override
    public List<Grant> search(BusinessId business, Sought sought, Option<GrantStatus> status, Option<Before> before, int limit) {
        return tx.query(t -> {
            var keys = t.get(InMemoryLicenseKeys.ROWS);
            Predicate<Grant> found = switch (sought) {
                case Sought.Every every -> g -> true;
                case Sought.Origin origin -> g -> g.origin().payment().orElse(g.origin().subscription()).contains(origin.reference());
                case Sought.OfCustomer of -> g -> g.customerId().equals(of.customer());
                case Sought.KeyEnding ending -> g -> g.licenseKeyId().flatMap(keys::get)
                        .exists(k -> ending.matches(k.value().value()));
            };
            return t.get(ROWS).values().toList()
                    .filter(g -> g.businessId().equals(business) && status.forAll(s -> g.status() == s) && found.test(g)
                            && before.forAll(b -> b.admits(g.createdAt(), g.id().value())))
                    .sorted(Comparator.comparing(Grant::createdAt).thenComparing(g -> g.id().value()).reversed())
                    .take(limit);
        });
    }

    @Override
    public List<Grant> oldestFirst(BusinessId business, Filter filter, Option<java.time.Instant> createdBefore, int offset,
                                   int limit) {
        return tx.query(t -> matching(t, business, filter, createdBefore)
                .sorted(java.util.Comparator.comparing(Grant::createdAt).thenComparing(g -> g.id().value()))
                .drop(offset).take(limit));
    }

    @Override
    public int count(BusinessId business, Filter filter, Option<java.time.Instant> createdBefore) {
        return tx.query(t -> matching(t, business, filter, createdBefore).size());
    }

    @Override
    public List<EntitlementId> withPending(BusinessId business, int limit) {
        return tx.query(t -> t.get(ROWS).values().toList()
                .filter(g -> g.businessId().equals(business) && g.status() == GrantStatus.PENDING)
                .map(Grant::entitlementId).distinct().sortBy(EntitlementId::value).take(limit));
    }

    private static List<Grant> matching(Tables t, BusinessId business, Filter filter, Option<java.time.Instant> createdBefore) {
        return t.get(ROWS).values().toList().filter(g -> g.businessId().equals(business)
                && filter.entitlement().forAll(g.entitlementId()::equals)
                && filter.customer().forAll(g.customerId()::equals)
                && filter.status().forAll(s -> g.status() == s)
                && filter.integrationType().forAll(type -> g.integrationType() == type)
                && createdBefore.forAll(g.createdAt()::isBefore));
    }

    @Override
    public List<Grant> oldestPending(EntitlementId entitlement, int limit) {
        return tx.query(t -> t.get(ROWS).values()
                .filter(g -> g.entitlementId().equals(entitlement) && g.status() == GrantStatus.PENDING)
                .toList()
                .sorted(Comparator.comparing(Grant::createdAt).thenComparing(g -> g.id().value()))
                .take(limit));
    }

    @Override
    public long countPending(EntitlementId entitlement) {
        return tx.query(t -> (long) t.get(ROWS).values()
                .count(g -> g.entitlementId().equals(entitlement) && g.status() == GrantStatus.PENDING));
    }

    private static Grant atVersion(Grant g, long version) {
        return new Grant(g.id(), g.businessId(), g.brandId(), g.customerId(), g.entitlementId(), g.integrationType(),
                g.origin(), g.metadata(), g.createdAt(), g.updatedAt(), g.state(), version);
    }
}

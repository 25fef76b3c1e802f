package dev.grantor.application.service;

import dev.grantor.application.port.out.Grants;
import dev.grantor.application.port.out.IdGenerator;
import dev.grantor.application.port.out.KeyPools;
import dev.grantor.domain.entitlement.Entitlement;
import dev.grantor.domain.grant.FulfillmentTerms;
import dev.grantor.domain.grant.Grant;
import dev.grantor.domain.grant.GrantChange;
import dev.grantor.domain.grant.KeyPool;
import dev.grantor.domain.grant.KeyPoolEvent;
import dev.grantor.domain.grant.PooledKey;
import dev.grantor.domain.grant.GrantorEvent;
import dev.grantor.domain.shared.LicenseKeyId;
import io.vavr.Tuple;
import io.vavr.Tuple2;
import io.vavr.collection.List;
import io.vavr.control.Option;
import dev.grantor.application.view.EventData;
import dev.grantor.application.view.KeyPoolStockView;
import java.time.Instant;
import java.util.Objects;

/**
 * Taking a key out of a pool for a grant, inside the caller's unit of work, and the stock alerts that follow.
 * The pool is locked before its stock is read, so two units never take the same key and the counts behind
 * the alerts are exact; the claimed key row is written here, the grant and its key by the caller.
 */
final class KeyPoolClaims {

    private final KeyPools pools;
    private final Grants grants;
    private final IdGenerator ids;

    KeyPoolClaims(KeyPools pools, Grants grants, IdGenerator ids) {
        this.pools = Objects.requireNonNull(pools, "pools");
        this.grants = Objects.requireNonNull(grants, "grants");
        this.ids = Objects.requireNonNull(ids, "ids");
    }

    /** A grant fulfilled from its pool: the change to store, and the pool to settle once it is stored. */
    record Claim(GrantChange change, PooledKey key, KeyPool pool) {}

    /**
     * The pool's oldest available key, assigned to {@code grant} (which must be {@code Pending}); none when the
     * entitlement has no pool or the pool has no key for it. A key whose own expiry has passed is left where it is.
     */
    Option<Claim> claim(Entitlement entitlement, Grant grant, Instant at) {
        var pool = pools.lock(entitlement.id());
        if (pool.isEmpty()) {
            return Option.none();
        }
        return pools.oldestAvailable(pool.get().id(), at).flatMap(key -> {
            // a subscription's key lives as long as the subscription: the pooled expiry does not apply to it
            var terms = grant.origin().isSubscription()
                    ? new FulfillmentTerms(key.value(), key.activationsLimit(), Option.none()) : key.terms();
            var change = grant.fulfillFromPool(entitlement, terms, new LicenseKeyId(ids.next(LicenseKeyId.PREFIX)), at);
            if (change.isLeft() || !change.get().changed()) {
                return Option.none();
            }
            var assigned = key.assignTo(grant.id(), at).getOrElseThrow(error ->
                    new IllegalStateException("the oldest available key was not available: " + error.message()));
            pools.updateKey(assigned);
            return Option.some(new Claim(change.get(), assigned, pool.get()));
        });
    }

    /**
     * After keys left the pool and the grants that took them are stored: the alerts whose line was crossed, with
     * their data, for the caller to append after its own events (the pool row is updated here).
     */
    List<Tuple2<GrantorEvent, EventData>> settleTaking(KeyPool pool, Instant at) {
        var stock = pools.stock(pool.id());
        var change = pool.afterTaking(stock.available(), grants.countPending(pool.entitlementId()), at);
        if (change.events().isEmpty()) {
            return List.empty();
        }
        pools.update(change.pool());
        return change.events().map(KeyPoolClaims::withData);
    }

    private static Tuple2<GrantorEvent, EventData> withData(KeyPoolEvent event) {
        return Tuple.of(event, KeyPoolStockView.of(event));
    }
}

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
import dev.grantor.domain.shared.GrantorError;
import dev.grantor.domain.shared.LicenseKeyId;
import io.vavr.Tuple;
import io.vavr.Tuple2;
import io.vavr.collection.List;
import io.vavr.control.Either;
import io.vavr.control.Option;
import dev.grantor.application.view.EventPayload;
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

    /** A grant fulfilled from its pool: the change to store, and the key it took (its row written here). */
    record Claim(GrantChange change, PooledKey key) {}

    /** The entitlement's pool, held for the caller's unit: claim from it, then settle it once the grant is stored. */
    Option<KeyPool> lock(Entitlement entitlement) {
        return pools.lock(entitlement.id());
    }

    /**
     * The pool's oldest available key, assigned to {@code grant} (which must be {@code Pending}); none when the pool
     * has no key left for it. A key whose own expiry has passed is left where it is. A refusal is answered as it is,
     * never as an empty pool: pooled keys were judged when imported, so what the grant refuses is about the grant or
     * its entitlement, and the next key would be refused the same way.
     */
    Either<GrantorError, Option<Claim>> claim(KeyPool pool, Entitlement entitlement, Grant grant, Instant at) {
        var oldest = pools.oldestAvailable(pool.id(), at);
        if (oldest.isEmpty()) {
            return Either.right(Option.none());
        }
        var key = oldest.get();
        // a subscription's key lives as long as the subscription: the pooled expiry does not apply to it
        var terms = grant.origin().isSubscription()
                ? new FulfillmentTerms(key.value(), key.activationsLimit(), Option.none()) : key.terms();
        return grant.fulfillFromPool(entitlement, terms, new LicenseKeyId(ids.next(LicenseKeyId.PREFIX)), at).map(change -> {
            if (!change.changed()) {
                throw new IllegalStateException("grant " + grant.id().value() + " already held a key that was still in its pool");
            }
            var assigned = key.assignTo(grant.id(), at).getOrElseThrow(error ->
                    new IllegalStateException("the oldest available key was not available: " + error.message()));
            pools.updateKey(assigned);
            return Option.some(new Claim(change, assigned));
        });
    }

    /**
     * After keys left the pool and the grants that took them are stored: the alerts whose line was crossed, with
     * their data, for the caller to append after its own events (the pool row is updated here).
     */
    List<Tuple2<GrantorEvent, EventPayload>> settleTaking(KeyPool pool, Instant at) {
        // each take of a 10,000-key restock runs this: it counts what an alert's line needs, and the waiting grants only
        // when an alert fires, instead of every key and every pending grant per take
        var line = pool.alertLine();
        if (line.isEmpty()) {
            return List.empty();
        }
        long available = pools.availableUpTo(pool.id(), at, line.get() + 1L);
        if (available > line.get()) {
            return List.empty();
        }
        var change = pool.afterTaking(available, grants.countPending(pool.entitlementId()), at);
        if (change.events().isEmpty()) {
            return List.empty();
        }
        pools.update(change.pool());
        return change.events().map(KeyPoolClaims::withData);
    }

    private static Tuple2<GrantorEvent, EventPayload> withData(KeyPoolEvent event) {
        return Tuple.of(event, KeyPoolStockView.of(event));
    }
}

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
 * the alerts are exact; a claimed key row is written here, a taken one with the caller's fulfillment, the grant and
 * its key by the caller.
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

    /** A grant fulfilled from its pool: the change to store, and the key it took, assigned to the grant. */
    record Claim(GrantChange change, PooledKey key) {}

    /**
     * A claim whose key row the caller writes with its fulfillment, and the pool's available keys after it, counted no
     * further than one past the armed alert's line (none when no alert is armed: nothing asks then).
     */
    record Taken(Claim claim, Option<Long> availableAfter) {}

    /** The entitlement's pool, held for the caller's unit: claim from it, then settle it once the grant is stored. */
    Option<KeyPool> lock(Entitlement entitlement) {
        return pools.lock(entitlement.id());
    }

    /**
     * The pool's oldest available key, assigned to {@code grant} (which must be {@code Pending}), its row written here;
     * none when the pool has no key left for it. A key whose own expiry has passed is left where it is. A refusal is
     * answered as it is, never as an empty pool: pooled keys were judged when imported, so what the grant refuses is
     * about the grant or its entitlement, and the next key would be refused the same way.
     */
    Either<GrantorError, Option<Claim>> claim(KeyPool pool, Entitlement entitlement, Grant grant, Instant at) {
        var oldest = pools.oldestAvailable(pool.id(), at);
        if (oldest.isEmpty()) {
            return Either.right(Option.none());
        }
        return assigned(oldest.get(), entitlement, grant, at).map(claim -> {
            pools.updateKey(claim.key());
            return Option.some(claim);
        });
    }

    /**
     * As {@link #claim}, for a stored {@code Pending} grant whose fulfillment writes the key row with its own
     * ({@link dev.grantor.application.port.out.Fulfillments}), settled by {@link #settle(KeyPool, Taken, Instant)} before
     * that write: the stock an alert needs is read with the key, in the same statement.
     */
    Either<GrantorError, Option<Taken>> take(KeyPool pool, Entitlement entitlement, Grant grant, Instant at) {
        var offered = pools.oldestAvailable(pool.id(), at, countedUpTo(pool));
        if (offered.isEmpty()) {
            return Either.right(Option.none());
        }
        return take(pool, offered.get(), entitlement, grant, at).map(Option::some);
    }

    /** As {@link #take(KeyPool, Entitlement, Grant, Instant)}, of a key already read, counted up to {@link #countedUpTo}. */
    Either<GrantorError, Taken> take(KeyPool pool, KeyPools.Offered offered, Entitlement entitlement, Grant grant, Instant at) {
        var after = pool.alertLine().map(l -> offered.availableUpTo() - 1);
        return assigned(offered.key(), entitlement, grant, at).map(claim -> new Taken(claim, after));
    }

    /**
     * How far a take counts the pool's stock with its key: before the take, the taken key among them, so one more than
     * after it, up to two past the armed alert's line (nothing when none is armed).
     */
    static long countedUpTo(KeyPool pool) {
        return pool.alertLine().map(l -> l + 2L).getOrElse(0L);
    }

    private Either<GrantorError, Claim> assigned(PooledKey key, Entitlement entitlement, Grant grant, Instant at) {
        // a subscription's key lives as long as the subscription: the pooled expiry does not apply to it
        var terms = grant.origin().isSubscription()
                ? new FulfillmentTerms(key.value(), key.activationsLimit(), Option.none()) : key.terms();
        return grant.fulfillFromPool(entitlement, terms, new LicenseKeyId(ids.next(LicenseKeyId.PREFIX)), at).map(change -> {
            if (!change.changed()) {
                throw new IllegalStateException("grant " + grant.id().value() + " already held a key that was still in its pool");
            }
            var assigned = key.assignTo(grant.id(), at).getOrElseThrow(error ->
                    new IllegalStateException("the oldest available key was not available: " + error.message()));
            return new Claim(change, assigned);
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
        return available > line.get() ? List.empty() : alerts(pool, available, grants.countPending(pool.entitlementId()), at);
    }

    /**
     * As {@link #settleTaking}, for a take whose grant is not written yet (it is written with these alerts): the stock
     * was counted with the key, and the waiting grants, counted only when an alert fires, leave out the grant that took
     * it, still {@code Pending} in the store until then.
     */
    List<Tuple2<GrantorEvent, EventPayload>> settle(KeyPool pool, Taken taken, Instant at) {
        var line = pool.alertLine();
        if (line.isEmpty() || taken.availableAfter().forAll(available -> available > line.get())) {
            return List.empty();
        }
        return alerts(pool, taken.availableAfter().get(), grants.countPending(pool.entitlementId()) - 1, at);
    }

    private List<Tuple2<GrantorEvent, EventPayload>> alerts(KeyPool pool, long available, long waiting, Instant at) {
        var change = pool.afterTaking(available, waiting, at);
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

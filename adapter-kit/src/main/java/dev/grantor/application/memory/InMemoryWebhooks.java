package dev.grantor.application.memory;

import dev.grantor.application.contract.WebhookStorageUnderTest;
import dev.grantor.application.memory.Tables.Slot;
import dev.grantor.application.port.out.Claim;
import dev.grantor.application.port.out.ConcurrentUpdate;
import dev.grantor.application.port.out.DuplicateRecord;
import dev.grantor.application.port.out.Transactions;
import dev.grantor.application.port.out.WebhookDeliveries;
import dev.grantor.application.port.out.WebhookDeliveries.Status;
import dev.grantor.application.port.out.WebhookDeliveries.WebhookDelivery;
import dev.grantor.application.port.out.WebhookEndpoints;
import dev.grantor.application.port.out.WebhookEndpoints.WebhookEndpoint;
import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.GrantId;
import dev.grantor.application.port.out.Before;
import io.vavr.Tuple;
import io.vavr.collection.HashMap;
import io.vavr.collection.List;
import io.vavr.collection.Map;
import io.vavr.control.Option;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.function.UnaryOperator;

/**
 * Webhook endpoints and deliveries in memory, joining the units of work of an {@link InMemoryStore}: build
 * it from the store's transactions, and the store's {@code reset()} empties these tables too.
 */
public final class InMemoryWebhooks implements WebhookStorageUnderTest {

    private static final Slot<Map<String, WebhookEndpoint>> ENDPOINTS = new Slot<>("webhook_endpoints", HashMap.empty());
    private static final Slot<Map<String, WebhookDelivery>> DELIVERIES = new Slot<>("webhook_deliveries", HashMap.empty());
    /** Until when a claim holds a delivery, by its id: the stores' {@code claimed_until}; no entry, not held. */
    private static final Slot<Map<String, Instant>> CLAIMED_UNTIL = new Slot<>("webhook_claimed_until", HashMap.empty());

    private final InMemoryTransactions tx;
    private final Endpoints endpoints = new Endpoints();
    private final Deliveries deliveries = new Deliveries();

    public InMemoryWebhooks(InMemoryTransactions tx) {
        this.tx = tx;
    }

    /** A store of its own, for tests that need only the webhook tables. */
    public InMemoryWebhooks() {
        this(new InMemoryTransactions());
    }

    @Override
    public Transactions transactions() {
        return tx;
    }

    @Override
    public WebhookEndpoints webhookEndpoints() {
        return endpoints;
    }

    @Override
    public WebhookDeliveries webhookDeliveries() {
        return deliveries;
    }

    @Override
    public void reset() {
        tx.clear();
    }

    private final class Endpoints implements WebhookEndpoints {

        @Override
        public boolean insert(WebhookEndpoint endpoint, int maxPerBusiness) {
            return tx.change(t -> {
                var rows = t.get(ENDPOINTS);
                if (rows.containsKey(endpoint.id())) {
                    throw new DuplicateRecord(DuplicateRecord.Rule.OTHER, "webhook endpoint " + endpoint.id() + " exists");
                }
                if (rows.values().count(e -> e.businessId().equals(endpoint.businessId())) >= maxPerBusiness) {
                    return Tuple.of(false, t);
                }
                return Tuple.of(true, t.with(ENDPOINTS, rows.put(endpoint.id(), endpoint)));
            });
        }

        @Override
        public void update(WebhookEndpoint endpoint) {
            tx.apply(t -> {
                var rows = t.get(ENDPOINTS);
                var stored = rows.get(endpoint.id()).filter(e -> e.businessId().equals(endpoint.businessId()));
                if (stored.isEmpty() || stored.get().version() != endpoint.version()) {
                    throw new ConcurrentUpdate("webhook endpoint " + endpoint.id() + " moved on from version " + endpoint.version());
                }
                var next = new WebhookEndpoint(endpoint.id(), endpoint.businessId(), endpoint.url(), endpoint.description(),
                        endpoint.metadata(), endpoint.disabled(), endpoint.filterTypes(), endpoint.headers(), endpoint.rateLimit(),
                        endpoint.secret(), endpoint.retiring(), endpoint.createdAt(), endpoint.updatedAt(), endpoint.version() + 1);
                return t.with(ENDPOINTS, rows.put(endpoint.id(), next));
            });
        }

        @Override
        public Option<WebhookEndpoint> find(BusinessId business, String id) {
            return tx.query(t -> t.get(ENDPOINTS).get(id).filter(e -> e.businessId().equals(business)));
        }

        @Override
        public List<WebhookEndpoint> list(BusinessId business, Option<String> after, int limit) {
            return tx.query(t -> List.ofAll(t.get(ENDPOINTS).values())
                    .filter(e -> e.businessId().equals(business))
                    .filter(e -> after.forAll(a -> e.id().compareTo(a) > 0))
                    .sortBy(WebhookEndpoint::id)
                    .take(limit));
        }

        @Override
        public List<WebhookEndpoint> enabled(BusinessId business) {
            return tx.query(t -> List.ofAll(t.get(ENDPOINTS).values())
                    .filter(e -> e.businessId().equals(business) && !e.disabled())
                    .sortBy(WebhookEndpoint::id));
        }

        @Override
        public boolean delete(BusinessId business, String id) {
            return tx.change(t -> {
                var rows = t.get(ENDPOINTS);
                if (rows.get(id).filter(e -> e.businessId().equals(business)).isEmpty()) {
                    return Tuple.of(false, t);
                }
                var remaining = t.get(DELIVERIES).filter((key, d) -> !d.endpointId().equals(id));
                return Tuple.of(true, t.with(ENDPOINTS, rows.remove(id)).with(DELIVERIES, remaining)
                        .with(CLAIMED_UNTIL, t.get(CLAIMED_UNTIL).filterKeys(remaining::containsKey)));
            });
        }
    }

    private final class Deliveries implements WebhookDeliveries {

        private static final Comparator<WebhookDelivery> EARLIEST_DUE =
                Comparator.comparing(WebhookDelivery::nextAttemptAt).thenComparing(WebhookDelivery::id);

        @Override
        public void record(List<WebhookDelivery> fresh) {
            tx.apply(t -> {
                var rows = t.get(DELIVERIES);
                for (var d : fresh) {
                    if (!rows.containsKey(d.id())) {
                        rows = rows.put(d.id(), d);
                    }
                }
                return t.with(DELIVERIES, rows);
            });
        }

        @Override
        public List<WebhookDelivery> claimDue(Instant now, int limit, Duration lease, Shares shares) {
            return tx.change(t -> {
                var rows = t.get(DELIVERIES);
                var due = List.ofAll(rows.values())
                        .filter(d -> d.status() == Status.PENDING && !d.nextAttemptAt().isAfter(now))
                        .sorted(EARLIEST_DUE);
                List<WebhookDelivery> claimed;
                if (shares.equals(Shares.UNLIMITED)) {
                    claimed = due.take(limit);
                } else {
                    // each business's deliveries numbered by due order; turn 0 of all, then turn 1 of all, and so on
                    var turns = due.groupBy(WebhookDelivery::businessId)
                            .flatMap(group -> group._2.zipWithIndex()
                                    .filter(p -> p._2 < shares.room(group._1)))
                            .toList()
                            .sorted(Comparator.<io.vavr.Tuple2<WebhookDelivery, Integer>>comparingInt(p -> p._2)
                                    .thenComparing(p -> p._1, EARLIEST_DUE));
                    claimed = turns.map(p -> p._1).take(limit);
                }
                var marks = t.get(CLAIMED_UNTIL);
                // answered as a SQL store's RETURNING answers them: leased, the lease's end their next attempt (the claim
                // a settlement names)
                var leased = claimed.map(d -> with(d, d.status(), d.attempts(), now.plus(lease), d.lastResponseCode(),
                        d.lastError(), d.lastAttemptAt()));
                for (var d : leased) {
                    rows = rows.put(d.id(), d);
                    marks = marks.put(d.id(), now.plus(lease));
                }
                return Tuple.of(leased, t.with(DELIVERIES, rows).with(CLAIMED_UNTIL, marks));
            });
        }

        @Override
        public boolean markDelivered(Claim claim, int attempts, int responseCode, Instant at) {
            return settle(claim, d -> with(d, Status.DELIVERED, attempts, d.nextAttemptAt(), Option.some(responseCode),
                    Option.none(), Option.some(at)));
        }

        @Override
        public boolean reschedule(Claim claim, int attempts, Option<Integer> responseCode, String error, Instant at,
                                  Instant nextAttemptAt) {
            return settle(claim, d -> with(d, Status.PENDING, attempts, nextAttemptAt, responseCode, Option.some(error),
                    Option.some(at)));
        }

        @Override
        public boolean fail(Claim claim, int attempts, Option<Integer> responseCode, String error, Instant at) {
            return settle(claim, d -> with(d, Status.FAILED, attempts, d.nextAttemptAt(), responseCode, Option.some(error),
                    Option.some(at)));
        }

        @Override
        public List<WebhookDelivery> aboutGrant(BusinessId business, GrantId grant, Option<Before> before, int limit) {
            return tx.query(t -> List.ofAll(t.get(DELIVERIES).values())
                    .filter(d -> d.businessId().equals(business) && d.grantId().contains(grant))
                    .filter(d -> before.forAll(b -> b.admits(d.createdAt(), d.id())))
                    .sorted(Comparator.comparing(WebhookDelivery::createdAt).thenComparing(WebhookDelivery::id).reversed())
                    .take(Math.max(0, limit)));
        }

        @Override
        public Option<WebhookDelivery> find(BusinessId business, String id) {
            return tx.query(t -> t.get(DELIVERIES).get(id).filter(d -> d.businessId().equals(business)));
        }

        @Override
        public Option<WebhookDelivery> hold(BusinessId business, String id) {
            // a unit here holds the store whole from its start: the row is held already
            return find(business, id);
        }

        @Override
        public List<WebhookDelivery> recent(BusinessId business, String endpointId, int limit) {
            return tx.query(t -> Paging.newestFirst(t.get(DELIVERIES).values()
                            .filter(d -> d.businessId().equals(business) && d.endpointId().equals(endpointId)),
                    WebhookDelivery::createdAt, WebhookDelivery::id, new dev.grantor.application.port.out.Page(0, limit)));
        }

        @Override
        public boolean requeue(BusinessId business, String id, Instant now) {
            return tx.change(t -> {
                var rows = t.get(DELIVERIES);
                var settled = rows.get(id).filter(d -> d.businessId().equals(business) && d.status() != Status.PENDING);
                if (settled.isEmpty()) {
                    return Tuple.of(false, t);
                }
                var d = settled.get();
                return Tuple.of(true, t.with(DELIVERIES, rows.put(id, with(d, Status.PENDING, 0, now, d.lastResponseCode(),
                        d.lastError(), d.lastAttemptAt()))).with(CLAIMED_UNTIL, t.get(CLAIMED_UNTIL).remove(id)));
            });
        }

        @Override
        public boolean bringForward(BusinessId business, String id, Instant now) {
            return tx.change(t -> {
                var rows = t.get(DELIVERIES);
                boolean held = t.get(CLAIMED_UNTIL).get(id).exists(until -> until.isAfter(now));
                var waiting = rows.get(id).filter(d -> d.businessId().equals(business) && d.status() == Status.PENDING
                        && d.nextAttemptAt().isAfter(now) && !held);
                if (waiting.isEmpty()) {
                    return Tuple.of(false, t);
                }
                var d = waiting.get();
                return Tuple.of(true, t.with(DELIVERIES, rows.put(id, with(d, Status.PENDING, d.attempts(), now,
                        d.lastResponseCode(), d.lastError(), d.lastAttemptAt()))));
            });
        }

        @Override
        public int purgeFinished(Instant createdBefore, int limit) {
            return tx.change(t -> {
                var rows = t.get(DELIVERIES);
                var purged = List.ofAll(rows.values())
                        .filter(d -> d.status() != Status.PENDING && d.createdAt().isBefore(createdBefore))
                        .sorted(Comparator.comparing(WebhookDelivery::createdAt).thenComparing(WebhookDelivery::id))
                        .take(Math.max(limit, 0));
                return Tuple.of(purged.size(), t.with(DELIVERIES, rows.removeAll(purged.map(WebhookDelivery::id))));
            });
        }

        @Override
        public Backlog backlog(Instant now) {
            return tx.query(t -> {
                var pending = List.ofAll(t.get(DELIVERIES).values()).filter(d -> d.status() == Status.PENDING);
                return new Backlog(pending.size(), pending.filter(d -> !d.nextAttemptAt().isAfter(now))
                        .map(WebhookDelivery::createdAt).minBy(Comparator.naturalOrder()));
            });
        }

        /** A settlement: the change, and the claim's mark cleared when it changed anything (a settled row stays as it is). */
        /**
         * Settles the delivery as {@code change} says and clears its mark, while {@code claim} holds it: pending, its next
         * attempt the claim's lease end (see {@link Claim}). False, nothing changed, when the claim no longer holds it.
         */
        private boolean settle(Claim claim, UnaryOperator<WebhookDelivery> change) {
            return tx.change(t -> {
                var rows = t.get(DELIVERIES);
                return rows.get(claim.id())
                        .filter(d -> d.status() == Status.PENDING && d.nextAttemptAt().equals(claim.leaseEnd()))
                        .map(d -> Tuple.of(true, t.with(DELIVERIES, rows.put(d.id(), change.apply(d)))
                                .with(CLAIMED_UNTIL, t.get(CLAIMED_UNTIL).remove(d.id()))))
                        .getOrElse(Tuple.of(false, t));
            });
        }

        private static WebhookDelivery with(WebhookDelivery d, Status status, int attempts, Instant next, Option<Integer> code,
                                            Option<String> error, Option<Instant> lastAttemptAt) {
            return new WebhookDelivery(d.id(), d.businessId(), d.endpointId(), d.eventId(), d.eventType(), d.payload(),
                    d.createdAt(), status, attempts, next, code, error, lastAttemptAt, d.grantId());
        }
    }
}

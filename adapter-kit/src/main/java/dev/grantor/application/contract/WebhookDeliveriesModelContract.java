package dev.grantor.application.contract;

import static org.assertj.core.api.Assertions.fail;

import dev.grantor.application.port.out.WebhookDeliveries.Backlog;
import dev.grantor.application.port.out.Claim;
import dev.grantor.application.port.out.WebhookDeliveries.Delivered;
import dev.grantor.application.port.out.WebhookDeliveries.Shares;
import dev.grantor.application.port.out.WebhookDeliveries.Status;
import dev.grantor.application.port.out.WebhookDeliveries.WebhookDelivery;
import dev.grantor.application.port.out.WebhookEndpoints.WebhookEndpoint;
import dev.grantor.domain.shared.BusinessId;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.instancio.Instancio;
import org.instancio.settings.Keys;
import org.junit.jupiter.api.Test;

/**
 * The webhook delivery lifecycle in generated sequences (Instancio, seeded), each step compared with a model written
 * from the port's javadoc ({@code WebhookDeliveries}, {@code WebhookEndpoints.delete}), not from any store. Events fan
 * out to every enabled endpoint of their business (two businesses, two endpoints each) as one delivery per event and
 * endpoint, recorded in the caller's unit (some taken back, some recorded twice); two dispatchers, A and B, claim with a
 * lease, plainly or with each business's share of their own in-flight deliveries, and settle: delivered (alone or in
 * the write that claims the next batch), failed and due again at a retry time, or given up; a dispatcher may settle
 * late, after its lease ended and the other claimed the delivery again. Endpoints are disabled or deleted meanwhile, an
 * operator requeues settled deliveries, and finished ones are purged.
 *
 * <p>The rules checked: a claim takes exactly the pending deliveries due at its time, up to its limit, earliest due
 * first, or with shares no business past its room and in fair turns (no business's n-th delivery before another's
 * earlier turn it had room for); a claimed delivery is hidden until its lease ends; a delivered or failed delivery is
 * never claimed again but after a requeue; a settlement names its claim (the lease's end the dispatcher's claim wrote)
 * and changes the delivery only while that claim holds it (pending, no claim since, no settlement since), so a late
 * failure neither brings a settled delivery back nor moves, or clears the mark of, a newer claim, and a late
 * "delivered" is refused too (the newer claim sends it again); recording an id again leaves it
 * as it is; a taken-back unit leaves nothing; deleting an endpoint removes its deliveries; a purge deletes finished
 * deliveries only, the oldest first; the backlog counts pending ones and names the oldest due; a pending delivery not
 * yet due is brought forward to now unless a claim holds it (claimed, its lease not ended, not settled since; a
 * settlement ends the hold, whichever dispatcher's it is), however near its next attempt; another
 * business's id finds nothing and requeues nothing. Left open by the port and not checked: which of several deliveries due at one
 * instant a claim at its limit takes, the order a claim answers in, the next-attempt time of a settled delivery, and
 * the last answer kept by a requeued one.
 */
public abstract class WebhookDeliveriesModelContract extends WebhookContract {

    static final Duration LEASE = Duration.ofSeconds(60);
    static final Duration KEEP_FINISHED = Duration.ofMinutes(3);
    static final Duration TICK = Duration.ofMillis(2);
    /** Sequences per store; {@code -Dgrantor.model.sequences=500} runs more. */
    static final int SEQUENCES = Integer.getInteger("grantor.model.sequences", 30);
    static final int STEPS = 60;

    enum Command {
        EVENT, TWO_EVENTS, EVENT_TAKEN_BACK, RECORD_AGAIN, CLAIM, CLAIM_WITH_SHARES, DELIVERED, DELIVERED_AND_CLAIM, LATE_DELIVERED, RETRY,
        GIVE_UP, LATE_RETRY, LATE_GIVE_UP, REQUEUE, REQUEUE_AS_ANOTHER_BUSINESS, BRING_FORWARD, DISABLE_ENDPOINT, DELETE_ENDPOINT, PURGE, WAIT_A_MINUTE, TO_NEXT_ATTEMPT
    }

    enum Dispatcher { A, B }

    /** A delivery as the model keeps it; {@code answerKnown} is false once a requeue left the last answer to the store. */
    record Delivery(String id, BusinessId business, String endpoint, String eventId, String payload, Instant createdAt,
                    Status status, int attempts, Instant nextAttemptAt, Option<Integer> lastResponseCode,
                    Option<String> lastError, Option<Instant> lastAttemptAt, boolean answerKnown) {

        Delivery with(Status status, int attempts, Instant nextAttemptAt, Option<Integer> code, Option<String> error,
                      Option<Instant> attemptAt, boolean answerKnown) {
            return new Delivery(id, business, endpoint, eventId, payload, createdAt, status, attempts, nextAttemptAt, code, error,
                    attemptAt, answerKnown);
        }

        boolean dueAt(Instant now) {
            return status == Status.PENDING && !nextAttemptAt.isAfter(now);
        }
    }

    final Map<String, Delivery> deliveries = new LinkedHashMap<>();
    /** What each dispatcher claimed, with the lease's end its claim wrote: the claim its settlement names. */
    final Map<Dispatcher, Map<String, Instant>> held = new LinkedHashMap<>();
    /**
     * Until when the last claim holds a delivery, as the store marks it: set by a claim, removed by a settlement. It is
     * also which claim holds it: a settlement naming another changes nothing.
     */
    final Map<String, Instant> claimedUntil = new HashMap<>();
    final Map<String, WebhookEndpoint> endpoints = new LinkedHashMap<>();
    /** How often each case came: every one must, or the sequences do not reach every state. */
    final Map<String, Integer> seen = new java.util.TreeMap<>();
    List<BusinessId> businesses;
    Instant now;
    List<String> path;
    int sequence;
    int made;

    @Test
    void generated_sequences_of_fan_outs_claims_and_settlements_answer_as_the_port_says() {
        Iterator<Integer> draws = Instancio.gen().withSetting(Keys.SEED, 5_12_20_26L).ints().range(0, 1_000_000)
                .list(SEQUENCES * STEPS * 4).iterator();
        for (sequence = 0; sequence < SEQUENCES; sequence++) {
            store.reset();
            deliveries.clear();
            claimedUntil.clear();
            made = 0;
            endpoints.clear();
            held.put(Dispatcher.A, new LinkedHashMap<>());
            held.put(Dispatcher.B, new LinkedHashMap<>());
            now = ContractFixtures.T0.plus(Duration.ofDays(sequence));
            businesses = List.of(WebhookFixtures.business(), WebhookFixtures.business());
            for (var business : businesses) {
                for (int i = 0; i < 2; i++) {
                    var endpoint = WebhookFixtures.plainEndpoint(business, now);
                    inUnit(() -> store.webhookEndpoints().insert(endpoint));
                    endpoints.put(endpoint.id(), endpoint);
                }
            }
            path = new ArrayList<>();
            for (int step = 0; step < STEPS; step++) {
                var command = Command.values()[draws.next() % Command.values().length];
                var dispatcher = Dispatcher.values()[draws.next() % 2];
                var business = businesses.get(draws.next() % 2);
                run(command, dispatcher, business, draws.next());
                now = now.plus(TICK);
                compareBacklog();
            }
            for (var endpoint : endpoints.values()) {
                compareRecent(endpoint);
            }
            for (var id : deliveries.keySet()) {
                compare(id);
            }
        }
        for (var situation : List.of("recorded", "taken back", "recorded again", "claimed", "claimed again after its lease",
                "a business held to its room", "delivered", "retried", "given up", "late failure of a settled delivery", "late failure of a delivery the other claimed",
                "late failure after another claim refused", "late delivered after another claim refused",
                "requeued", "requeue refused", "requeue by another business", "brought forward", "bring forward refused",
                "brought forward within a lease of its next attempt", "bring forward of a held delivery refused",
                "endpoint disabled", "endpoint deleted with deliveries",
                "purged")) {
            if (seen.getOrDefault(situation, 0) < 3) {
                fail("the sequences reached %s %d times (%s)", situation, seen.getOrDefault(situation, 0), seen);
            }
        }
    }

    private static boolean retrying(Command command) {
        return command == Command.RETRY || command == Command.LATE_RETRY;
    }

    private void saw(String situation) {
        seen.merge(situation, 1, Integer::sum);
    }

    private void run(Command command, Dispatcher dispatcher, BusinessId business, int pick) {
        switch (command) {
            case EVENT, TWO_EVENTS, EVENT_TAKEN_BACK -> {
                var fresh = new ArrayList<WebhookDelivery>();
                for (int i = 0; i < (command == Command.TWO_EVENTS ? 2 : 1); i++) {
                    // one delivery per enabled endpoint of the business, the event's instants a millisecond apart
                    // ids made from the sequence and a count: every store then walks the very same sequences
                    String eventId = "evt_%03d_%03d".formatted(sequence, ++made);
                    var at = now.plusMillis(i);
                    for (var endpoint : endpoints.values()) {
                        if (endpoint.businessId().equals(business) && endpoint.wants("entitlement_grant.created")) {
                            fresh.add(WebhookDelivery.fresh("msg_%03d_%03d".formatted(sequence, ++made), business, endpoint.id(), eventId,
                                    "entitlement_grant.created", "{\"event\":\"" + eventId + "\",\"data\":{\"note\":\"日本 ✓\"}}", at));
                        }
                    }
                }
                boolean takenBack = command == Command.EVENT_TAKEN_BACK;
                path.add((takenBack ? "record, taken back, " : "record ") + fresh.size());
                store.transactions().write(() -> {
                    store.webhookDeliveries().record(io.vavr.collection.List.ofAll(fresh));
                    return takenBack ? Either.left("taken back") : Either.right(true);
                });
                saw(takenBack ? "taken back" : "recorded");
                if (!takenBack) {
                    fresh.forEach(d -> deliveries.put(d.id(), new Delivery(d.id(), business, d.endpointId(), d.eventId(), d.payload(),
                            d.createdAt(), Status.PENDING, 0, d.nextAttemptAt(), Option.none(), Option.none(), Option.none(), true)));
                }
                fresh.forEach(d -> compare(d.id()));
            }
            case RECORD_AGAIN -> {
                // the fan-out run twice: the stored delivery stays as it is, whatever the second carries
                var known = pickDelivery(pick);
                if (known.isEmpty()) {
                    return;
                }
                var d = known.get();
                path.add("record " + d.id() + " again");
                saw("recorded again");
                inUnit(() -> store.webhookDeliveries().record(io.vavr.collection.List.of(WebhookDelivery.fresh(d.id(), d.business(),
                        d.endpoint(), d.eventId(), "entitlement_grant.created", "{\"again\":true}", now))));
                compare(d.id());
            }
            case CLAIM -> {
                int limit = 1 + pick % 3;
                path.add(dispatcher + " claims " + limit);
                claimed(dispatcher, limit, Shares.UNLIMITED, store.webhookDeliveries().claimDue(now, limit, LEASE));
            }
            case CLAIM_WITH_SHARES -> {
                int limit = 1 + pick % 4;
                var shares = shares(dispatcher, 1 + pick % 2);
                path.add(dispatcher + " claims " + limit + " with " + shares);
                claimed(dispatcher, limit, shares, store.webhookDeliveries().claimDue(now, limit, LEASE, shares));
            }
            case DELIVERED, DELIVERED_AND_CLAIM, LATE_DELIVERED -> {
                // late: the receiver took it after the dispatcher's lease ended, and the other claimed it since
                var ids = command == Command.LATE_DELIVERED ? stale(dispatcher) : held(dispatcher, pick, 1 + pick % 2);
                if (command != Command.DELIVERED_AND_CLAIM && ids.isEmpty()) {
                    return;
                }
                delivered(dispatcher, ids, command == Command.DELIVERED_AND_CLAIM, pick);
            }
            case RETRY, GIVE_UP, LATE_RETRY, LATE_GIVE_UP -> {
                // late: one settled or claimed by the other since, as a dispatcher whose attempt outlasted its lease finds it
                boolean late = command == Command.LATE_RETRY || command == Command.LATE_GIVE_UP;
                var ids = late ? stale(dispatcher) : held(dispatcher, pick, 1);
                if (ids.isEmpty()) {
                    return;
                }
                var id = ids.get(0);
                var other = Dispatcher.values()[1 - dispatcher.ordinal()];
                if (late && pick / 2 % 2 == 0 && held.get(other).containsKey(id)
                        && holds(new Claim(id, held.get(other).get(id)))) {
                    // every other time the dispatcher that claimed it since delivers it before the late failure comes
                    delivered(other, List.of(id), false, pick);
                }
                var claim = new Claim(id, held.get(dispatcher).remove(id));
                var known = Option.of(deliveries.get(id));
                boolean applies = holds(claim);
                saw(known.exists(d -> d.status() != Status.PENDING) ? "late failure of a settled delivery"
                        : !applies ? "late failure after another claim refused"
                        : retrying(command) ? "retried" : "given up");
                if (held.get(Dispatcher.values()[1 - dispatcher.ordinal()]).containsKey(id)) {
                    saw("late failure of a delivery the other claimed");
                }
                int attempts = known.map(Delivery::attempts).getOrElse(0) + 1;
                Option<Integer> code = pick % 2 == 0 ? Option.some(500 + pick % 4) : Option.none();
                String error = "attempt " + attempts + " failed at " + now;
                if (retrying(command)) {
                    // the dispatcher's first backoff is 5 seconds: shorter than a lease, like 30 seconds here
                    var retryAt = now.plus(List.of(Duration.ZERO, Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(90),
                            Duration.ofMinutes(5), Duration.ofMinutes(30)).get(pick % 6));
                    path.add(dispatcher + " retries " + claim + " at " + retryAt);
                    settled(claim, store.webhookDeliveries().reschedule(claim, attempts, code, error, now, retryAt), applies);
                    known.filter(d -> applies).forEach(d -> deliveries.put(id,
                            d.with(Status.PENDING, attempts, retryAt, code, Option.some(error), Option.some(now), true)));
                    known.filter(d -> applies).forEach(d -> claimedUntil.remove(id));
                    if (pick / 6 % 2 == 0) {
                        // an operator watching the page clicks Retry right after the failure, often inside its backoff's
                        // first seconds: the dispatcher's claim ended with its settlement
                        Option.of(deliveries.get(id)).forEach(this::bringForward);
                    }
                } else {
                    path.add(dispatcher + " gives " + claim + " up");
                    settled(claim, store.webhookDeliveries().fail(claim, attempts, code, error, now), applies);
                    known.filter(d -> applies).forEach(d -> deliveries.put(id,
                            d.with(Status.FAILED, attempts, d.nextAttemptAt(), code, Option.some(error), Option.some(now), true)));
                    known.filter(d -> applies).forEach(d -> claimedUntil.remove(id));
                }
                compare(id);
            }
            case REQUEUE, REQUEUE_AS_ANOTHER_BUSINESS -> {
                var known = pickDelivery(pick);
                if (known.isEmpty()) {
                    return;
                }
                var d = known.get();
                boolean ownBusiness = command == Command.REQUEUE;
                var asBusiness = ownBusiness ? d.business() : businesses.get(businesses.get(0).equals(d.business()) ? 1 : 0);
                boolean expected = ownBusiness && d.status() != Status.PENDING;
                path.add("requeue " + d.id() + " (" + d.status() + ")" + (ownBusiness ? "" : " as another business"));
                boolean actual = store.webhookDeliveries().requeue(asBusiness, d.id(), now);
                if (actual != expected) {
                    fail("sequence %d: %s answered %s, the model says %s", sequence, path, actual, expected);
                }
                saw(!ownBusiness ? "requeue by another business" : expected ? "requeued" : "requeue refused");
                if (expected) {
                    deliveries.put(d.id(), d.with(Status.PENDING, 0, now, d.lastResponseCode(), d.lastError(), d.lastAttemptAt(),
                            false));
                    claimedUntil.remove(d.id());
                }
                compare(d.id());
            }
            case BRING_FORWARD -> {
                // an operator's retry of a delivery waiting out its backoff, however near its end; never of one a claim
                // holds. Mostly one not yet due (held, or in its backoff, the furthest one first), as the console offers
                // it; else any
                var later = deliveries.values().stream().filter(d -> d.status() == Status.PENDING && d.nextAttemptAt().isAfter(now))
                        .sorted(Comparator.comparing(Delivery::nextAttemptAt).reversed()).toList();
                var known = later.isEmpty() || pick % 4 == 0 ? pickDelivery(pick)
                        : Option.some(later.get(pick % 4 == 1 ? pick % later.size() : 0));
                known.forEach(this::bringForward);
            }
            case DISABLE_ENDPOINT -> {
                var endpoint = pickEndpoint(pick);
                if (endpoint.isEmpty() || endpoint.get().disabled()) {
                    return;
                }
                var disabled = WebhookFixtures.disabled(endpoint.get());
                path.add("disable " + disabled.id());
                saw("endpoint disabled");
                inUnit(() -> store.webhookEndpoints().update(disabled));
                endpoints.put(disabled.id(), store.webhookEndpoints().find(disabled.businessId(), disabled.id()).get());
            }
            case DELETE_ENDPOINT -> {
                var endpoint = pickEndpoint(pick);
                if (endpoint.isEmpty()) {
                    return;
                }
                var e = endpoint.get();
                path.add("delete " + e.id());
                boolean deleted = store.transactions().write(() -> Either.right(store.webhookEndpoints().delete(e.businessId(), e.id())))
                        .get();
                if (!deleted) {
                    fail("sequence %d: %s did not delete the endpoint", sequence, path);
                }
                endpoints.remove(e.id());
                var gone = deliveries.values().stream().filter(d -> d.endpoint().equals(e.id())).map(Delivery::id).toList();
                gone.forEach(deliveries::remove);
                gone.forEach(claimedUntil::remove);
                gone.forEach(this::compare);
                if (!gone.isEmpty()) {
                    saw("endpoint deleted with deliveries");
                }
            }
            case PURGE -> {
                var cutoff = now.minus(KEEP_FINISHED);
                int limit = 1 + pick % 2;
                var gone = deliveries.values().stream()
                        .filter(d -> d.status() != Status.PENDING && d.createdAt().isBefore(cutoff))
                        .sorted(Comparator.comparing(Delivery::createdAt).thenComparing(Delivery::id)).limit(limit)
                        .map(Delivery::id).toList();
                var tied = deliveries.values().stream().filter(d -> d.status() != Status.PENDING && d.createdAt().isBefore(cutoff))
                        .map(Delivery::id).toList();
                path.add("purge finished before " + cutoff + " up to " + limit);
                int actual = store.webhookDeliveries().purgeFinished(cutoff, limit);
                if (actual != gone.size()) {
                    fail("sequence %d: %s deleted %d, the model says %s", sequence, path, actual, gone);
                }
                // one event's deliveries share their creation instant: of those, any may go first
                var oldest = gone.isEmpty() ? null : deliveries.get(gone.get(gone.size() - 1)).createdAt();
                var removed = new ArrayList<String>();
                for (var id : tied) {
                    if (store.webhookDeliveries().find(deliveries.get(id).business(), id).isEmpty()) {
                        removed.add(id);
                    }
                }
                boolean oldestFirst = removed.size() == gone.size() && removed.stream()
                        .allMatch(id -> !deliveries.get(id).createdAt().isAfter(oldest))
                        && gone.stream().filter(id -> deliveries.get(id).createdAt().isBefore(oldest)).allMatch(removed::contains);
                if (!oldestFirst) {
                    fail("sequence %d: %s deleted %s, the model says the oldest of %s", sequence, path, removed, gone);
                }
                removed.forEach(deliveries::remove);
                if (!removed.isEmpty()) {
                    saw("purged");
                }
            }
            case WAIT_A_MINUTE -> {
                path.add("wait a minute");
                now = now.plus(Duration.ofMinutes(1));
            }
            case TO_NEXT_ATTEMPT -> {
                // a pending delivery's next attempt is its lease's end while claimed and its retry time after a failure
                var later = deliveries.values().stream().filter(d -> d.status() == Status.PENDING && d.nextAttemptAt().isAfter(now))
                        .toList();
                if (!later.isEmpty()) {
                    var target = later.get(pick % later.size()).nextAttemptAt().plusMillis(pick % 3 - 1);
                    if (target.isAfter(now)) {
                        path.add("to " + (pick % 3 - 1) + "ms of a next attempt, " + target);
                        now = target;
                    }
                }
            }
        }
    }

    /** The operator's retry of a pending delivery ({@code bringForward}) against the model's answer. */
    private void bringForward(Delivery d) {
        boolean holding = Option.of(claimedUntil.get(d.id())).exists(until -> until.isAfter(now));
        boolean expected = d.status() == Status.PENDING && d.nextAttemptAt().isAfter(now) && !holding;
        path.add("bring " + d.id() + " forward (" + d.status() + ", next attempt " + d.nextAttemptAt()
                + (holding ? ", held" : "") + ")");
        boolean actual = store.webhookDeliveries().bringForward(d.business(), d.id(), now);
        if (actual != expected) {
            fail("sequence %d: %s answered %s, the model says %s", sequence, path, actual, expected);
        }
        saw(expected ? "brought forward" : "bring forward refused");
        if (expected && !d.nextAttemptAt().isAfter(now.plus(LEASE))) {
            saw("brought forward within a lease of its next attempt");
        }
        if (holding && d.status() == Status.PENDING) {
            saw("bring forward of a held delivery refused");
        }
        if (expected) {
            deliveries.put(d.id(), d.with(Status.PENDING, d.attempts(), now, d.lastResponseCode(), d.lastError(),
                    d.lastAttemptAt(), d.answerKnown()));
        }
        compare(d.id());
    }

    /** The dispatcher's accepted sends of {@code ids} marked delivered: alone, or in the write that claims its next ones. */
    private void delivered(Dispatcher dispatcher, List<String> ids, boolean andClaim, int pick) {
        var attempts = new ArrayList<Delivered>();
        var superseded = new HashSet<String>();
        for (var id : ids) {
            var d = Option.of(deliveries.get(id));
            int attempt = d.map(Delivery::attempts).getOrElse(0) + 1;
            var claim = new Claim(id, held.get(dispatcher).remove(id));
            attempts.add(new Delivered(claim, attempt, 200 + pick % 5, now));
            if (!holds(claim)) {
                // the receiver took it, but a newer claim holds it or settled it: that claim decides
                superseded.add(id);
                d.filter(known -> known.status() == Status.PENDING).forEach(known -> saw("late delivered after another claim refused"));
                continue;
            }
            d.forEach(known -> saw("delivered"));
            d.forEach(known -> deliveries.put(id, known.with(Status.DELIVERED, attempt, known.nextAttemptAt(),
                    Option.some(200 + pick % 5), Option.none(), Option.some(now), true)));
            claimedUntil.remove(id);
        }
        var refused = new HashSet<String>();
        if (!andClaim) {
            path.add(dispatcher + " delivered " + attempts);
            for (var attempt : attempts) {
                if (!store.webhookDeliveries().markDelivered(attempt.claim(), attempt.attempts(), attempt.responseCode(),
                        attempt.at())) {
                    refused.add(attempt.id());
                }
            }
        } else {
            int limit = pick % 3;
            var shares = pick % 2 == 0 ? Shares.UNLIMITED : shares(dispatcher, 1);
            path.add(dispatcher + " delivered " + attempts + " and claims " + limit + " with " + shares);
            var answered = store.webhookDeliveries().markDeliveredAndClaimDue(io.vavr.collection.List.ofAll(attempts), now,
                    limit, LEASE, shares);
            refused.addAll(answered.superseded().toJavaList());
            claimed(dispatcher, limit, shares, answered.claimed());
        }
        if (!refused.equals(superseded)) {
            fail("sequence %d: %s answered %s superseded, the model says %s", sequence, path, refused, superseded);
        }
        ids.forEach(this::compare);
    }

    /** The dispatcher's shares: {@code perBusiness} each, less what it holds of the business and still thinks in flight. */
    private Shares shares(Dispatcher dispatcher, int perBusiness) {
        var busy = new HashMap<BusinessId, Integer>();
        for (var id : held.get(dispatcher).keySet()) {
            Option.of(deliveries.get(id)).forEach(d -> busy.merge(d.business(), 1, Integer::sum));
        }
        return new Shares(perBusiness, busy);
    }

    private Option<Delivery> pickDelivery(int pick) {
        if (deliveries.isEmpty()) {
            return Option.none();
        }
        var all = new ArrayList<>(deliveries.values());
        return Option.some(all.get(pick % all.size()));
    }

    private Option<WebhookEndpoint> pickEndpoint(int pick) {
        if (endpoints.isEmpty()) {
            return Option.none();
        }
        var all = new ArrayList<>(endpoints.values());
        return Option.some(all.get(pick % all.size()));
    }

    /**
     * Whether the claim still holds its delivery, by the model's own table: pending, and the claim marking it now is this
     * one (a claim since wrote a later lease end; a settlement, requeue or deletion since removed the mark).
     */
    private boolean holds(Claim claim) {
        return Option.of(deliveries.get(claim.id())).exists(d -> d.status() == Status.PENDING)
                && claim.leaseEnd().equals(claimedUntil.get(claim.id()));
    }

    private void settled(Claim claim, boolean actual, boolean expected) {
        if (actual != expected) {
            fail("sequence %d: %s answered %s for %s, the model says %s", sequence, path, actual, claim, expected);
        }
    }

    /** One of what the dispatcher holds that is no longer pending, else one the other holds too, its lease having ended. */
    private List<String> stale(Dispatcher dispatcher) {
        var other = held.get(Dispatcher.values()[1 - dispatcher.ordinal()]);
        var settled = held.get(dispatcher).keySet().stream().sorted()
                .filter(id -> Option.of(deliveries.get(id)).exists(d -> d.status() != Status.PENDING)).limit(1).toList();
        return !settled.isEmpty() ? settled
                : held.get(dispatcher).keySet().stream().sorted().filter(other::containsKey).limit(1).toList();
    }

    /** Up to {@code count} of what the dispatcher holds, lease ended or not; what it settles may have moved on meanwhile. */
    private List<String> held(Dispatcher dispatcher, int pick, int count) {
        var ids = held.get(dispatcher).keySet().stream().sorted().toList();
        if (ids.isEmpty()) {
            return List.of();
        }
        int from = pick % ids.size();
        return ids.subList(from, Math.min(ids.size(), from + count));
    }

    /**
     * Checks a claim against the model's due deliveries: earliest due first without shares; with them, each business
     * at most its room, its own earliest first, in fair turns. Of deliveries due at one instant any may be taken. What
     * was taken is leased to {@code dispatcher}.
     */
    private void claimed(Dispatcher dispatcher, int limit, Shares shares, io.vavr.collection.List<WebhookDelivery> actual) {
        var due = deliveries.values().stream().filter(d -> d.dueAt(now)).sorted(Comparator.comparing(Delivery::nextAttemptAt))
                .toList();
        var ids = actual.map(WebhookDelivery::id).toJavaList();
        var taken = new HashSet<>(ids);
        var byBusiness = due.stream().collect(Collectors.groupingBy(Delivery::business, LinkedHashMap::new, Collectors.toList()));
        int available = byBusiness.entrySet().stream().mapToInt(e -> Math.min(shares.room(e.getKey()), e.getValue().size())).sum();
        int count = Math.max(0, Math.min(limit, available));
        String wrong = null;
        if (ids.size() != count || taken.size() != ids.size() || !due.stream().map(Delivery::id).collect(Collectors.toSet())
                .containsAll(taken)) {
            wrong = "not " + count + " distinct due deliveries";
        } else if (shares.equals(Shares.UNLIMITED) && count > 0) {
            var cut = due.get(count - 1).nextAttemptAt();
            if (due.stream().anyMatch(d -> d.nextAttemptAt().isBefore(cut) && !taken.contains(d.id()))) {
                wrong = "not the earliest due";
            }
        } else if (!shares.equals(Shares.UNLIMITED)) {
            // per business: how many it took, the latest due it took, the earliest due it left
            record Line(int took, int room, Instant lastTaken, Instant firstLeft) {}
            var lines = new HashMap<BusinessId, Line>();
            for (var entry : byBusiness.entrySet()) {
                var list = entry.getValue();
                var took = list.stream().filter(d -> taken.contains(d.id())).toList();
                var left = list.stream().filter(d -> !taken.contains(d.id())).toList();
                int room = Math.min(shares.room(entry.getKey()), list.size());
                lines.put(entry.getKey(), new Line(took.size(), room,
                        took.isEmpty() ? null : took.get(took.size() - 1).nextAttemptAt(),
                        left.isEmpty() ? null : left.get(0).nextAttemptAt()));
                if (took.size() == room && room < list.size() && room < limit) {
                    saw("a business held to its room");
                }
                if (took.size() > shares.room(entry.getKey())) {
                    wrong = entry.getKey() + " took more than its room";
                } else if (!took.isEmpty() && !left.isEmpty() && left.get(0).nextAttemptAt().isBefore(took.get(took.size() - 1).nextAttemptAt())) {
                    wrong = entry.getKey() + " not its own earliest first";
                }
            }
            for (var b : lines.entrySet()) {
                for (var c : lines.entrySet()) {
                    var mine = b.getValue();
                    var other = c.getValue();
                    if (b.getKey().equals(c.getKey()) || mine.took() == 0 || other.took() >= other.room()) {
                        continue;
                    }
                    // b's last turn (took - 1, its due) may not come after c's first turn not taken (c.took, its due)
                    int turn = Integer.compare(mine.took() - 1, other.took());
                    if (turn > 0 || turn == 0 && mine.lastTaken().isAfter(other.firstLeft())) {
                        wrong = b.getKey() + "'s turn " + (mine.took() - 1) + " before " + c.getKey() + "'s turn " + other.took();
                    }
                }
            }
        }
        if (wrong != null) {
            fail("sequence %d: %s claimed %s: %s; due %s", sequence, path, ids, wrong,
                    due.stream().map(d -> d.id() + "/" + d.business() + "@" + d.nextAttemptAt()).toList());
        }
        for (var delivery : actual) {
            var d = deliveries.get(delivery.id());
            check(delivery, d, "as claimed");
            saw(held.values().stream().anyMatch(holding -> holding.containsKey(d.id())) ? "claimed again after its lease" : "claimed");
            deliveries.put(d.id(), d.with(Status.PENDING, d.attempts(), now.plus(LEASE), d.lastResponseCode(), d.lastError(),
                    d.lastAttemptAt(), d.answerKnown()));
            claimedUntil.put(d.id(), now.plus(LEASE));
            held.get(dispatcher).put(d.id(), now.plus(LEASE));
            compare(d.id());
        }
    }

    private void compare(String id) {
        var model = Option.of(deliveries.get(id));
        for (var business : businesses) {
            var stored = store.webhookDeliveries().find(business, id);
            boolean expected = model.exists(d -> d.business().equals(business));
            if (stored.isDefined() != expected) {
                fail("sequence %d: after %s delivery %s found as %s is %s, the model says %s", sequence, path, id, business, stored,
                        model);
            }
            stored.forEach(found -> check(found, model.get(), "stored"));
        }
    }

    private void check(WebhookDelivery actual, Delivery d, String what) {
        var mismatches = new ArrayList<String>();
        check(mismatches, "business", actual.businessId(), d.business());
        check(mismatches, "endpoint", actual.endpointId(), d.endpoint());
        check(mismatches, "event", actual.eventId(), d.eventId());
        check(mismatches, "payload", actual.payload(), d.payload());
        check(mismatches, "created", actual.createdAt(), d.createdAt());
        check(mismatches, "status", actual.status(), d.status());
        check(mismatches, "attempts", actual.attempts(), d.attempts());
        if (d.status() == Status.PENDING && what.equals("stored")) {
            check(mismatches, "next attempt", actual.nextAttemptAt(), d.nextAttemptAt());
        }
        if (d.answerKnown()) {
            check(mismatches, "last response code", actual.lastResponseCode(), d.lastResponseCode());
            check(mismatches, "last error", actual.lastError(), d.lastError());
            check(mismatches, "last attempt", actual.lastAttemptAt(), d.lastAttemptAt());
        }
        if (!mismatches.isEmpty()) {
            fail("sequence %d: after %s delivery %s %s: %s", sequence, path, d.id(), what, mismatches);
        }
    }

    private static void check(List<String> mismatches, String what, Object actual, Object expected) {
        if (!Objects.equals(actual, expected)) {
            mismatches.add(what + " was " + actual + ", the model says " + expected);
        }
    }

    private void compareBacklog() {
        var pending = deliveries.values().stream().filter(d -> d.status() == Status.PENDING).toList();
        var expected = new Backlog(pending.size(),
                Option.ofOptional(pending.stream().filter(d -> d.dueAt(now)).map(Delivery::createdAt).min(Comparator.naturalOrder())));
        var actual = store.webhookDeliveries().backlog(now);
        if (!actual.equals(expected)) {
            fail("sequence %d: after %s the backlog is %s, the model says %s", sequence, path, actual, expected);
        }
    }

    /** The endpoint's deliveries newest first (created, then id, descending), and none of another business's. */
    private void compareRecent(WebhookEndpoint endpoint) {
        var expected = deliveries.values().stream().filter(d -> d.endpoint().equals(endpoint.id()))
                .sorted(Comparator.comparing(Delivery::createdAt).thenComparing(Delivery::id).reversed()).map(Delivery::id).toList();
        var actual = store.webhookDeliveries().recent(endpoint.businessId(), endpoint.id(), 100).map(WebhookDelivery::id).toJavaList();
        if (!actual.equals(expected)) {
            fail("sequence %d: after %s the recent deliveries of %s are %s, the model says %s", sequence, path, endpoint.id(), actual,
                    expected);
        }
        for (var other : businesses) {
            if (!other.equals(endpoint.businessId()) && !store.webhookDeliveries().recent(other, endpoint.id(), 100).isEmpty()) {
                fail("sequence %d: another business reads the deliveries of %s", sequence, endpoint.id());
            }
        }
    }
}

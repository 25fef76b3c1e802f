package dev.grantor.application.contract;

import static org.assertj.core.api.Assertions.fail;

import dev.grantor.application.port.out.Claim;
import dev.grantor.application.port.out.Outbox;
import dev.grantor.application.port.out.OutboxMessage;
import dev.grantor.application.port.out.OutboxMessage.Kind;
import dev.grantor.application.port.out.OutboxMessage.Status;
import dev.grantor.application.port.out.Page;
import dev.grantor.application.port.out.PortalEmail;
import dev.grantor.domain.shared.BusinessId;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.instancio.Instancio;
import org.instancio.settings.Keys;
import org.junit.jupiter.api.Test;

/**
 * The outbox's message lifecycle in generated sequences (Instancio, seeded), each step compared with a model written
 * from the port's javadoc ({@link Outbox}), not from any store. Two relays, A and B, claim with a lease and settle what
 * they claimed: sent (alone, or in the write that claims the next batch), failed and due again at a retry time, or
 * parked; a relay may also settle late, after its lease ended and the other relay claimed the message again, as a relay
 * held up by its mail server does. Each relay remembers the lease's end of its claim of each message, and the model
 * which claim holds each pending message (its own table, {@link #holders}): a settlement names its claim and changes
 * the message only while that claim still holds it, a late "sent" included. Messages are appended in units of work of the caller's (some taken back), an
 * operator requeues parked ones and sends waiting ones now (any business's id, its own or another's), and sent ones are
 * purged past their keeping time. The rules checked: a claim takes
 * exactly the pending messages due at its time ({@code next attempt <= now}), those due longest first (since they were
 * appended, their retry time came or an operator requeued them; a lease running out does not make a message due anew),
 * up to its limit, answered oldest first, and hides them until the lease ends, their next attempt read as its end; sent and parked messages are never claimed again
 * but by an operator's requeue of a parked one (a late failure or park does not bring a settled message back, and a
 * secret topic's payload, once settled, is erased); a taken-back unit leaves nothing; a purge deletes sent messages
 * only, the oldest first; the depth counts pending and parked ones and names the oldest due; a send-now makes a message
 * of its business waiting for a later attempt due now unless a claim holds it, and says why when it changes nothing, and
 * a late settlement of a claim from before it stays refused.
 *
 * <p>What the port leaves open is not checked: which of several messages due at the same instant a claim at its limit
 * takes, the next-attempt time of a parked or sent message, and the last error of a requeued one.
 */
public abstract class OutboxModelContract extends PortContract {

    static final Duration LEASE = Duration.ofSeconds(60);
    static final Duration KEEP_SENT = Duration.ofMinutes(3);
    static final Duration TICK = Duration.ofMillis(2);
    /** Sequences per store; {@code -Dgrantor.model.sequences=500} runs more. */
    static final int SEQUENCES = Integer.getInteger("grantor.model.sequences", 36);
    static final int STEPS = 60;

    enum Command {
        APPEND, APPEND_TWO, APPEND_TAKEN_BACK, CLAIM, SEND, SEND_AND_CLAIM, FAIL, PARK, LATE_FAIL, LATE_PARK, REQUEUE, PURGE,
        WAIT_A_MINUTE, TO_LEASE_END, TO_RETRY, SEND_NOW
    }

    enum Relay { A, B }

    /**
     * A message as the model keeps it; {@code errorKnown} is false once a requeue left the last error to the store.
     * {@code dueSince} is when it last fell due (appended, its retry time, requeued): a claim's lease moves its next
     * attempt, not that, so a message whose lease ran out is due since before its claim.
     */
    record Message(String id, BusinessId business, Kind kind, String topic, String payload, Instant createdAt, Status status,
                   int attempts, Instant nextAttemptAt, Instant dueSince, Option<String> lastError, boolean errorKnown) {

        Message with(Status status, int attempts, Instant nextAttemptAt, Option<String> lastError, boolean errorKnown) {
            var settledPayload = status == Status.PENDING ? payload
                    : topic.equals(PortalEmail.TOPIC) ? Outbox.ERASED_PAYLOAD : payload;
            return new Message(id, business, kind, topic, settledPayload, createdAt, status, attempts, nextAttemptAt, dueSince,
                    lastError, errorKnown);
        }

        /** Pending again and due at {@code at}: a retry time, or an operator's requeue. */
        Message dueAgain(Instant at, int attempts, Option<String> lastError, boolean errorKnown) {
            return new Message(id, business, kind, topic, payload, createdAt, Status.PENDING, attempts, at, at, lastError,
                    errorKnown);
        }

        boolean dueAt(Instant now) {
            return status == Status.PENDING && !nextAttemptAt.isAfter(now);
        }
    }

    final Map<String, Message> messages = new LinkedHashMap<>();
    /** What each relay claimed, with the lease's end its claim wrote: the claim its settlement names. */
    final Map<Relay, Map<String, Instant>> held = new LinkedHashMap<>();
    /** The lease's end of the claim that holds each pending message now; none once settled, requeued, or never claimed. */
    final Map<String, Instant> holders = new LinkedHashMap<>();
    /** When an operator last brought each message forward: a settlement refused after it is counted as its own case. */
    final Map<String, Instant> broughtForward = new LinkedHashMap<>();
    /** How often each case came: every one must, or the sequences do not reach every state. */
    final Map<String, Integer> seen = new java.util.TreeMap<>();
    Instant now;
    List<String> path;
    int sequence;
    int made;
    Iterator<Integer> draws;

    @Test
    void generated_sequences_of_appends_claims_and_settlements_answer_as_the_port_says() {
        draws = Instancio.gen().withSetting(Keys.SEED, 2026_12_07L).ints().range(0, 1_000_000).list(SEQUENCES * STEPS * 4)
                .iterator();
        for (sequence = 0; sequence < SEQUENCES; sequence++) {
            store.reset();
            messages.clear();
            holders.clear();
            broughtForward.clear();
            made = 0;
            held.put(Relay.A, new LinkedHashMap<>());
            held.put(Relay.B, new LinkedHashMap<>());
            var businesses = List.of(ContractFixtures.business(), ContractFixtures.business());
            inUnit(() -> businesses.forEach(store.businesses()::insert));
            now = ContractFixtures.T0.plus(Duration.ofDays(sequence));
            path = new ArrayList<>();
            for (int step = 0; step < STEPS; step++) {
                var command = Command.values()[draws.next() % Command.values().length];
                var relay = Relay.values()[draws.next() % 2];
                var business = businesses.get(draws.next() % 2).id();
                int pick = draws.next();
                run(command, relay, business, pick);
                now = now.plus(TICK);
                compareDepth();
            }
            for (var business : businesses) {
                compareLists(business.id());
            }
            for (var message : messages.values()) {
                compare(message.id());
            }
        }
        for (var situation : List.of("append", "taken back", "claimed", "claimed again after its lease", "sent", "rescheduled",
                "parked", "late failure or park of a settled message", "requeued", "requeue refused", "requeue of a parked secret refused",
                "purged", "secret erased", "a claim cut among messages due at one instant",
                "a lease ran out, its message due since before another",
                "late failure or park after another claim refused",
                "late sent after another claim refused", "brought forward", "send-now of a due message",
                "send-now of a held message left alone", "send-now of a settled message", "send-now of another business's refused",
                "late settlement after a send-now refused")) {
            if (seen.getOrDefault(situation, 0) < 3) {
                fail("the sequences reached %s %d times (%s)", situation, seen.getOrDefault(situation, 0), seen);
            }
        }
    }

    private static boolean failing(Command command) {
        return command == Command.FAIL || command == Command.LATE_FAIL;
    }

    private void saw(String situation) {
        seen.merge(situation, 1, Integer::sum);
    }

    private void run(Command command, Relay relay, BusinessId business, int pick) {
        switch (command) {
            case APPEND, APPEND_TWO, APPEND_TAKEN_BACK -> {
                int count = command == Command.APPEND ? 1 : 2;
                var fresh = new ArrayList<OutboxMessage>();
                for (int i = 0; i < count; i++) {
                    // created a millisecond apart, so "oldest first" has one answer, and due together, as a unit's
                    // messages are: a claim's limit may cut among them
                    var m = message(business, (pick + i) % 3, now.plusMillis(i));
                    fresh.add(m.with(now, 0, Status.PENDING, Option.none()));
                }
                boolean takenBack = command == Command.APPEND_TAKEN_BACK;
                path.add((takenBack ? "append, taken back, " : "append ") + fresh.stream().map(OutboxMessage::topic).toList());
                store.transactions().write(() -> {
                    store.outbox().append(io.vavr.collection.List.ofAll(fresh));
                    return takenBack ? Either.left("taken back") : Either.right(true);
                });
                saw(takenBack ? "taken back" : "append");
                if (!takenBack) {
                    for (var m : fresh) {
                        messages.put(m.id(), new Message(m.id(), business, m.kind(), m.topic(), m.payload(), m.createdAt(),
                                Status.PENDING, 0, m.nextAttemptAt(), m.nextAttemptAt(), Option.none(), true));
                    }
                }
                for (var m : fresh) {
                    compare(m.id());
                }
            }
            case CLAIM -> claim(relay, 1 + pick % 3);
            case SEND, SEND_AND_CLAIM -> {
                var sent = held(relay, pick, 1 + pick % 2);
                if (command == Command.SEND && sent.isEmpty()) {
                    return;
                }
                send(relay, sent, command == Command.SEND_AND_CLAIM ? pick % 3 : -1);
            }
            case FAIL, PARK, LATE_FAIL, LATE_PARK -> {
                // late: one settled or claimed by the other since, as a relay whose attempt outlasted its lease finds it
                boolean late = command == Command.LATE_FAIL || command == Command.LATE_PARK;
                var ids = late ? stale(relay) : held(relay, pick, 1);
                if (ids.isEmpty()) {
                    return;
                }
                var id = ids.get(0);
                var other = Relay.values()[1 - relay.ordinal()];
                if (late && pick / 2 % 3 != 0 && held.get(other).containsKey(id)
                        && holds(new Claim(id, held.get(other).get(id)))) {
                    if (pick / 6 % 2 != 0) {
                        // one time in two the relay that claimed it since sends it before the late settlement comes
                        send(other, List.of(id), -1);
                    } else {
                        // else its attempt fails, the operator sends it now, and the late answer follows (in settle)
                        settle(Command.FAIL, other, id, 1);
                        return;
                    }
                }
                settle(command, relay, id, pick);
            }
            case REQUEUE -> {
                if (messages.isEmpty()) {
                    return;
                }
                // one time in two a parked one, which an operator requeues from its page
                var parked = messages.values().stream().filter(m -> m.status() == Status.PARKED).map(Message::id).toList();
                var ids = pick % 2 == 0 && !parked.isEmpty() ? parked : new ArrayList<>(messages.keySet());
                var id = ids.get(pick / 2 % ids.size());
                var m = messages.get(id);
                // a parked secret's payload is erased: nothing is left to send
                boolean expected = m.status() == Status.PARKED && !m.topic().equals(PortalEmail.TOPIC);
                path.add("requeue " + id + " (" + m.status() + ")");
                boolean actual = store.outbox().requeue(id, now);
                if (actual != expected) {
                    fail("sequence %d: %s answered %s, the model says %s", sequence, path, actual, expected);
                }
                saw(expected ? "requeued" : m.status() == Status.PARKED ? "requeue of a parked secret refused" : "requeue refused");
                if (expected) {
                    messages.put(id, m.dueAgain(now, 0, m.lastError(), false));
                    holders.remove(id);
                }
                compare(id);
            }
            case PURGE -> {
                var cutoff = now.minus(KEEP_SENT);
                int limit = 1 + pick % 2;
                var gone = messages.values().stream()
                        .filter(m -> m.status() == Status.SENT && m.createdAt().isBefore(cutoff))
                        .sorted(Comparator.comparing(Message::createdAt)).limit(limit).map(Message::id).toList();
                path.add("purge sent before " + cutoff + " up to " + limit);
                int actual = store.outbox().purgeSent(cutoff, limit);
                if (actual != gone.size()) {
                    fail("sequence %d: %s deleted %d, the model says %s", sequence, path, actual, gone);
                }
                gone.forEach(messages::remove);
                if (!gone.isEmpty()) {
                    saw("purged");
                }
                for (var id : gone) {
                    if (store.outbox().find(id).isDefined()) {
                        fail("sequence %d: %s kept %s, one of the oldest sent", sequence, path, id);
                    }
                }
            }
            case SEND_NOW -> sendNow(business, pick);
            case WAIT_A_MINUTE -> {
                path.add("wait a minute");
                now = now.plus(Duration.ofMinutes(1));
            }
            case TO_LEASE_END, TO_RETRY -> {
                // a message's next attempt is its lease's end while claimed and its retry time after a failure
                var pending = messages.values().stream().filter(m -> m.status() == Status.PENDING && m.nextAttemptAt().isAfter(now))
                        .toList();
                if (!pending.isEmpty()) {
                    var target = pending.get(pick % pending.size()).nextAttemptAt().plusMillis(pick % 3 - 1);
                    if (target.isAfter(now)) {
                        path.add("to " + (pick % 3 - 1) + "ms of a next attempt, " + target);
                        now = target;
                    }
                }
            }
        }
    }

    /**
     * An operator's send-now, asked as {@code business} about any message (another business's included): a pending one
     * waiting for its retry is due now, attempts and error kept; one a claim holds (its lease not ended) is left alone.
     */
    private void sendNow(BusinessId business, int pick) {
        if (messages.isEmpty()) {
            return;
        }
        // mostly one waiting for a later attempt (its retry time, or a lease's end), mostly asked by its own business
        var waiting = messages.values().stream().filter(m -> m.status() == Status.PENDING && m.nextAttemptAt().isAfter(now))
                .map(Message::id).toList();
        var free = waiting.stream().filter(id -> !Option.of(holders.get(id)).exists(end -> end.isAfter(now))).toList();
        var ids = pick % 3 == 1 && !free.isEmpty() ? free : pick % 3 == 2 && !waiting.isEmpty() ? waiting
                : new ArrayList<>(messages.keySet());
        var id = ids.get(pick / 3 % ids.size());
        sendNow(pick % 4 != 0 ? messages.get(id).business() : business, id, pick);
    }

    private void sendNow(BusinessId business, String id, int pick) {
        var m = messages.get(id);
        boolean heldNow = Option.of(holders.get(id)).exists(end -> end.isAfter(now));
        var expected = !m.business().equals(business) ? Outbox.BringForward.NOT_FOUND
                : m.status() == Status.SENT ? Outbox.BringForward.SENT
                : m.status() == Status.PARKED ? Outbox.BringForward.PARKED
                : heldNow ? Outbox.BringForward.BEING_SENT
                : !m.nextAttemptAt().isAfter(now) ? Outbox.BringForward.ALREADY_DUE
                : Outbox.BringForward.BROUGHT_FORWARD;
        path.add("send " + id + " now as " + business.value() + " (" + m.status() + ")");
        var actual = store.outbox().bringForward(business, id, now);
        if (actual != expected) {
            fail("sequence %d: %s answered %s, the model says %s", sequence, path, actual, expected);
        }
        saw(switch (expected) {
            case NOT_FOUND -> "send-now of another business's refused";
            case SENT, PARKED -> "send-now of a settled message";
            case BEING_SENT -> "send-now of a held message left alone";
            case ALREADY_DUE -> "send-now of a due message";
            case BROUGHT_FORWARD -> "brought forward";
        });
        if (expected == Outbox.BringForward.BROUGHT_FORWARD) {
            messages.put(id, m.dueAgain(now, m.attempts(), m.lastError(), m.errorKnown()));
            broughtForward.put(id, now);
        }
        compare(id);
        // a relay whose claim came before the backoff (its lease ran out, the other relay's attempt failed) answers late
        var late = List.of(Relay.A, Relay.B).stream().filter(relay -> held.get(relay).containsKey(id)).findFirst();
        if (expected == Outbox.BringForward.BROUGHT_FORWARD && late.isPresent() && pick / 7 % 2 == 0) {
            settle(pick / 14 % 2 == 0 ? Command.LATE_FAIL : Command.LATE_PARK, late.get(), id, pick);
        }
    }

    /** Counts a refused settlement of a claim made before an operator's send-now of its message. */
    private void sawLateAfterSendNow(Claim claim, boolean applies) {
        if (!applies && Option.of(broughtForward.get(claim.id())).exists(at -> at.isAfter(claim.leaseEnd().minus(LEASE)))) {
            saw("late settlement after a send-now refused");
        }
    }

    /** The relay marks {@code sent} sent: alone ({@code claimLimit} -1), or in the write that claims up to the limit. */
    private void send(Relay relay, List<String> sent, int claimLimit) {
        var claims = io.vavr.collection.List.ofAll(sent).map(id -> new Claim(id, held.get(relay).get(id)));
        var superseded = new ArrayList<String>();
        for (var claim : claims) {
            var id = claim.id();
            if (!holds(claim)) {
                sawLateAfterSendNow(claim, false);
                superseded.add(id);
                saw(Option.of(messages.get(id)).exists(m -> m.status() == Status.PENDING)
                        ? "late sent after another claim refused" : "late sent of a settled message refused");
                continue;
            }
            Option.of(messages.get(id)).filter(m -> m.topic().equals(PortalEmail.TOPIC)).forEach(m -> saw("secret erased"));
            Option.of(messages.get(id)).forEach(m -> saw("sent"));
            Option.of(messages.get(id)).forEach(m ->
                    messages.put(id, m.with(Status.SENT, m.attempts(), m.nextAttemptAt(), m.lastError(), m.errorKnown())));
            holders.remove(id);
        }
        sent.forEach(held.get(relay)::remove);
        io.vavr.collection.List<String> refused;
        if (claimLimit < 0) {
            path.add(relay + " marks " + claims + " sent");
            refused = store.outbox().markSent(claims, now);
        } else {
            int limit = claimLimit;
            path.add(relay + " marks " + claims + " sent and claims " + limit);
            var answered = store.outbox().markSentAndClaimDue(claims, now, limit, LEASE);
            refused = answered.superseded();
            claimed(relay, limit, answered.claimed());
        }
        if (!new HashSet<>(refused.toJavaList()).equals(new HashSet<>(superseded))) {
            fail("sequence %d: %s answered %s superseded, the model says %s", sequence, path, refused, superseded);
        }
        sent.forEach(this::compare);
    }

    /** The relay fails or parks what it claimed of {@code id}, its lease ended or not, as {@code command} says. */
    private void settle(Command command, Relay relay, String id, int pick) {
        var claim = new Claim(id, held.get(relay).remove(id));
        var known = Option.of(messages.get(id));
        boolean applies = holds(claim);
        sawLateAfterSendNow(claim, applies);
        saw(known.exists(m -> m.status() != Status.PENDING)
                ? "late failure or park of a settled message"
                : !applies ? "late failure or park after another claim refused"
                : failing(command) ? "rescheduled" : "parked");
        // the relay counts from the attempts it read when it claimed; the model's count is as good
        int attempts = known.map(Message::attempts).getOrElse(0) + 1;
        String error = "attempt " + attempts + " failed at " + now;
        if (failing(command)) {
            var retryAt = now.plus(List.of(Duration.ZERO, Duration.ofSeconds(30), Duration.ofSeconds(90)).get(pick % 3));
            path.add(relay + " reschedules " + claim + " to " + retryAt);
            settled(claim, store.outbox().reschedule(claim, attempts, retryAt, error), applies);
            known.filter(m -> applies).forEach(m ->
                    messages.put(id, m.dueAgain(retryAt, attempts, Option.some(error), true)));
            if (applies) {
                holders.remove(id);
                compare(id);
                if (retryAt.isAfter(now) && pick / 5 % 3 == 0) {
                    // the operator sees the failure on the grant's page and asks for the email now
                    sendNow(known.get().business(), id, pick);
                }
                return;
            }
        } else {
            path.add(relay + " parks " + claim);
            settled(claim, store.outbox().park(claim, attempts, error, now), applies);
            known.filter(m -> applies).forEach(m ->
                    messages.put(id, m.with(Status.PARKED, attempts, m.nextAttemptAt(), Option.some(error), true)));
        }
        if (applies) {
            holders.remove(id);
        }
        compare(id);
    }

    /** Ids made from the sequence and a count: every store then walks the very same sequences. */
    private OutboxMessage message(BusinessId business, int kind, Instant at) {
        String id = "%s_%03d_%03d".formatted(kind == 1 ? "evt" : "eml", sequence, ++made);
        return switch (kind) {
            case 0 -> OutboxMessage.fresh(id, business, Kind.EMAIL, "email.license_key_delivery", "{\"version\":1}", at);
            case 1 -> OutboxMessage.fresh(id, business, Kind.EVENT, "entitlement_grant.created",
                    "{\"business_id\":\"" + business.value() + "\",\"type\":\"entitlement_grant.created\",\"data\":{}}", at);
            default -> OutboxMessage.fresh(id, business, Kind.EMAIL, PortalEmail.TOPIC,
                    "{\"version\":1,\"kind\":\"PORTAL_CODE\",\"secret\":\"S" + made + "\"}", at);
        };
    }

    /**
     * Whether the claim still holds its message, by the model's own table: pending, and the claim holding it now is this
     * one (a claim since, by either relay, wrote a later lease end; a settlement or requeue since removed the holder).
     */
    private boolean holds(Claim claim) {
        return Option.of(messages.get(claim.id())).exists(m -> m.status() == Status.PENDING)
                && claim.leaseEnd().equals(holders.get(claim.id()));
    }

    private void settled(Claim claim, boolean actual, boolean expected) {
        if (actual != expected) {
            fail("sequence %d: %s answered %s for %s, the model says %s", sequence, path, actual, claim, expected);
        }
    }

    /** One of what the relay holds that is no longer pending, else one the other holds too, its lease having ended. */
    private List<String> stale(Relay relay) {
        var other = held.get(Relay.values()[1 - relay.ordinal()]);
        var settled = held.get(relay).keySet().stream().sorted()
                .filter(id -> Option.of(messages.get(id)).exists(m -> m.status() != Status.PENDING)).limit(1).toList();
        return !settled.isEmpty() ? settled
                : held.get(relay).keySet().stream().sorted().filter(other::containsKey).limit(1).toList();
    }

    /** Up to {@code count} of what the relay holds, lease ended or not; what it settles may have moved on meanwhile. */
    private List<String> held(Relay relay, int pick, int count) {
        var ids = held.get(relay).keySet().stream().sorted().toList();
        if (ids.isEmpty()) {
            return List.of();
        }
        int from = pick % ids.size();
        return ids.subList(from, Math.min(ids.size(), from + count));
    }

    private void claim(Relay relay, int limit) {
        path.add(relay + " claims " + limit);
        claimed(relay, limit, store.outbox().claimDue(now, limit, LEASE));
    }

    /**
     * Checks a claim against the model's due messages, those due longest first (of several due at the instant where the
     * limit cuts, any may be taken), and leases what it took to {@code relay}.
     */
    private void claimed(Relay relay, int limit, io.vavr.collection.List<OutboxMessage> actual) {
        var due = messages.values().stream().filter(m -> m.dueAt(now)).sorted(Comparator.comparing(Message::dueSince))
                .toList();
        int count = Math.min(limit, due.size());
        var ids = actual.map(OutboxMessage::id).toJavaList();
        if (ids.size() != count) {
            fail("sequence %d: %s claimed %s, the model says %d of %s", sequence, path, ids, count, ids(due));
        }
        if (due.stream().anyMatch(a -> due.stream().anyMatch(b -> a.dueSince().isBefore(b.dueSince())
                && b.dueSince().isBefore(a.nextAttemptAt())))) {
            saw("a lease ran out, its message due since before another");
        }
        if (count > 0) {
            var cut = due.get(count - 1).dueSince();
            var must = due.stream().filter(m -> m.dueSince().isBefore(cut)).map(Message::id).collect(Collectors.toSet());
            var may = due.stream().filter(m -> !m.dueSince().isAfter(cut)).map(Message::id).collect(Collectors.toSet());
            if (may.size() > count) {
                saw("a claim cut among messages due at one instant");
            }
            if (!ids.containsAll(must) || !may.containsAll(ids) || new HashSet<>(ids).size() != ids.size()) {
                fail("sequence %d: %s claimed %s, the model says those due longest first of %s", sequence, path, ids, ids(due));
            }
        }
        for (int i = 1; i < actual.size(); i++) {
            if (actual.get(i).createdAt().isBefore(actual.get(i - 1).createdAt())) {
                fail("sequence %d: %s answered %s, not oldest first", sequence, path, ids);
            }
        }
        for (var message : actual) {
            var m = messages.get(message.id());
            check(message, m, "as claimed");
            saw(held.values().stream().anyMatch(holding -> holding.containsKey(m.id())) ? "claimed again after its lease" : "claimed");
            messages.put(m.id(), m.with(Status.PENDING, m.attempts(), now.plus(LEASE), m.lastError(), m.errorKnown()));
            held.get(relay).put(m.id(), now.plus(LEASE));
            holders.put(m.id(), now.plus(LEASE));
            compare(m.id());
        }
    }

    private static List<String> ids(List<Message> list) {
        return list.stream().map(m -> m.id() + "@" + m.dueSince()).toList();
    }

    private void compare(String id) {
        var stored = store.outbox().find(id);
        var model = Option.of(messages.get(id));
        if (model.isEmpty() != stored.isEmpty()) {
            fail("sequence %d: after %s message %s is %s, the model says %s", sequence, path, id, stored, model);
        }
        model.forEach(m -> check(stored.get(), m, "stored"));
    }

    private void check(OutboxMessage actual, Message m, String what) {
        var mismatches = new ArrayList<String>();
        check(mismatches, "business", actual.businessId(), m.business());
        check(mismatches, "kind", actual.kind(), m.kind());
        check(mismatches, "topic", actual.topic(), m.topic());
        check(mismatches, "payload", actual.payload(), m.payload());
        check(mismatches, "created", actual.createdAt(), m.createdAt());
        check(mismatches, "status", actual.status(), m.status());
        check(mismatches, "attempts", actual.attempts(), m.attempts());
        if (m.status() == Status.PENDING && what.equals("stored")) {
            check(mismatches, "next attempt", actual.nextAttemptAt(), m.nextAttemptAt());
        }
        if (m.errorKnown()) {
            check(mismatches, "last error", actual.lastError(), m.lastError());
        }
        if (!mismatches.isEmpty()) {
            fail("sequence %d: after %s message %s %s: %s", sequence, path, m.id(), what, mismatches);
        }
    }

    private static void check(List<String> mismatches, String what, Object actual, Object expected) {
        if (!Objects.equals(actual, expected)) {
            mismatches.add(what + " was " + actual + ", the model says " + expected);
        }
    }

    private void compareDepth() {
        var pending = messages.values().stream().filter(m -> m.status() == Status.PENDING).toList();
        var expected = new Outbox.Depth(pending.size(), messages.values().stream().filter(m -> m.status() == Status.PARKED).count(),
                Option.ofOptional(pending.stream().filter(m -> m.dueAt(now)).map(Message::createdAt).min(Comparator.naturalOrder())));
        var actual = store.outbox().depth(now);
        if (!actual.equals(expected)) {
            fail("sequence %d: after %s the depth is %s, the model says %s", sequence, path, actual, expected);
        }
    }

    /** Each business's messages of each status, newest first, and none of another business's. */
    private void compareLists(BusinessId business) {
        for (var status : Status.values()) {
            var expected = messages.values().stream().filter(m -> m.business().equals(business) && m.status() == status)
                    .sorted(Comparator.comparing(Message::createdAt).reversed()).map(Message::id).toList();
            var actual = store.outbox().list(business, status, new Page(0, Page.MAX_SIZE)).map(OutboxMessage::id).toJavaList();
            if (!actual.equals(expected)) {
                fail("sequence %d: after %s the %s list of %s is %s, the model says %s", sequence, path, status, business, actual,
                        expected);
            }
        }
    }
}

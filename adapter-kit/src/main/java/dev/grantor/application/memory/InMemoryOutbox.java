package dev.grantor.application.memory;

import dev.grantor.application.memory.Tables.Slot;
import dev.grantor.application.port.out.Claim;
import dev.grantor.application.port.out.DuplicateRecord;
import dev.grantor.application.port.out.Outbox;
import dev.grantor.application.port.out.OutboxMessage;
import dev.grantor.application.port.out.OutboxMessage.Kind;
import dev.grantor.application.port.out.OutboxMessage.Status;
import dev.grantor.application.port.out.Before;
import dev.grantor.domain.shared.GrantId;
import dev.grantor.application.port.out.Page;
import dev.grantor.domain.shared.BusinessId;
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
 * The outbox as a map. A claim leases a message by moving its {@code nextAttemptAt} to the end of the
 * lease: a claimed message is simply not due for anyone else until the lease ends. When it fell due is kept
 * aside meanwhile ({@link #DUE_SINCE}), as a SQL store keeps {@code next_attempt_at} and marks its claim in
 * another column: a message whose lease ran out is claimed in the order it fell due, not at its lease's end.
 */
final class InMemoryOutbox implements Outbox {

    private static final Slot<Map<String, OutboxMessage>> ROWS = new Slot<>("outbox", HashMap.empty());
    private static final Slot<Map<String, Instant>> SETTLED = new Slot<>("outbox_settled_at", HashMap.empty());
    /** When each message a claim has leased fell due, before the claim moved its next attempt. */
    private static final Slot<Map<String, Instant>> DUE_SINCE = new Slot<>("outbox_due_since", HashMap.empty());
    private static final Comparator<OutboxMessage> OLDEST_FIRST =
            Comparator.comparing(OutboxMessage::createdAt).thenComparing(OutboxMessage::id);

    private final InMemoryTransactions tx;

    InMemoryOutbox(InMemoryTransactions tx) {
        this.tx = tx;
    }

    @Override
    public void append(List<OutboxMessage> messages) {
        tx.apply(t -> {
            var rows = t.get(ROWS);
            for (var m : messages) {
                if (rows.containsKey(m.id())) {
                    throw new DuplicateRecord(DuplicateRecord.Rule.OTHER, "outbox message " + m.id() + " exists");
                }
                rows = rows.put(m.id(), m);
            }
            return t.with(ROWS, rows);
        });
    }

    @Override
    public List<OutboxMessage> claimDue(Instant now, int limit, Duration lease) {
        return tx.change(t -> {
            var rows = t.get(ROWS);
            var dueSince = t.get(DUE_SINCE);
            var since = dueSince;
            var taken = List.ofAll(rows.values())
                    .filter(m -> m.status() == Status.PENDING && !m.nextAttemptAt().isAfter(now))
                    .sorted(Comparator.comparing((OutboxMessage m) -> since.get(m.id()).getOrElse(m.nextAttemptAt()))
                            .thenComparing(OutboxMessage::id))
                    .take(limit)
                    .sorted(OLDEST_FIRST);
            for (var m : taken) {
                dueSince = dueSince.put(m.id(), since.get(m.id()).getOrElse(m.nextAttemptAt()));
            }
            var claimed = taken.map(m -> m.with(now.plus(lease), m.attempts(), m.status(), m.lastError()));
            for (var m : claimed) {
                rows = rows.put(m.id(), m);
            }
            return Tuple.of(claimed, t.with(ROWS, rows).with(DUE_SINCE, dueSince));
        });
    }

    @Override
    public boolean markSent(Claim claim, Instant at) {
        return settle(claim, at, m -> settled(m).with(m.nextAttemptAt(), m.attempts(), Status.SENT, m.lastError()));
    }

    @Override
    public boolean reschedule(Claim claim, int attempts, Instant nextAttemptAt, String error) {
        return tx.change(t -> held(t.get(ROWS), claim)
                .map(m -> Tuple.of(true, t.with(ROWS, t.get(ROWS).put(m.id(),
                                m.with(nextAttemptAt, attempts, Status.PENDING, Option.some(error))))
                        .with(DUE_SINCE, t.get(DUE_SINCE).remove(m.id()))))
                .getOrElse(Tuple.of(false, t)));
    }

    @Override
    public boolean park(Claim claim, int attempts, String error, Instant at) {
        return settle(claim, at, m -> settled(m).with(at, attempts, Status.PARKED, Option.some(error)));
    }

    /** The message while {@code claim} still holds it: pending, its next attempt the claim's lease end (see {@link Claim}). */
    private static Option<OutboxMessage> held(Map<String, OutboxMessage> rows, Claim claim) {
        return rows.get(claim.id()).filter(m -> m.status() == Status.PENDING && m.nextAttemptAt().equals(claim.leaseEnd()));
    }

    /** The message with the payload a settled one keeps ({@link Outbox#settledPayload}), about the same grant. */
    private static OutboxMessage settled(OutboxMessage m) {
        return new OutboxMessage(m.id(), m.businessId(), m.kind(), m.topic(), Outbox.settledPayload(m), m.createdAt(),
                m.attempts(), m.nextAttemptAt(), m.status(), m.lastError(), m.grantId());
    }

    /**
     * Settles the message as {@code change} says while {@code claim} holds it, and keeps when, as a SQL store keeps it in
     * {@code finished_at}, in one change of the tables; false when the claim no longer holds it.
     */
    private boolean settle(Claim claim, Instant at, UnaryOperator<OutboxMessage> change) {
        return tx.change(t -> held(t.get(ROWS), claim).map(change)
                .map(m -> Tuple.of(true, t.with(ROWS, t.get(ROWS).put(m.id(), m)).with(SETTLED, t.get(SETTLED).put(m.id(), at))
                        .with(DUE_SINCE, t.get(DUE_SINCE).remove(m.id()))))
                .getOrElse(Tuple.of(false, t)));
    }

    @Override
    public boolean requeue(String id, Instant now) {
        return tx.change(t -> {
            var rows = t.get(ROWS);
            var parked = rows.get(id).filter(m -> m.status() == Status.PARKED && !SECRET_TOPICS.contains(m.topic()));
            if (parked.isEmpty()) {
                return Tuple.of(false, t);
            }
            var m = parked.get();
            var again = m.with(now, 0, Status.PENDING, m.lastError());
            return Tuple.of(true, t.with(ROWS, rows.put(id, again)).with(SETTLED, t.get(SETTLED).remove(id))
                    .with(DUE_SINCE, t.get(DUE_SINCE).remove(id)));
        });
    }

    /**
     * Held is leased: this store's claim moved the next attempt to the lease's end and keeps when the message fell due in
     * {@link #DUE_SINCE} until it is settled; a lease that ran out makes it due, as the claim treats it.
     */
    @Override
    public BringForward bringForward(BusinessId business, String id, Instant now) {
        return tx.change(t -> {
            var found = t.get(ROWS).get(id).filter(m -> m.businessId().equals(business));
            if (found.isEmpty()) {
                return Tuple.of(BringForward.NOT_FOUND, t);
            }
            var m = found.get();
            if (m.status() != Status.PENDING) {
                return Tuple.of(m.status() == Status.SENT ? BringForward.SENT : BringForward.PARKED, t);
            }
            if (!m.nextAttemptAt().isAfter(now)) {
                return Tuple.of(BringForward.ALREADY_DUE, t);
            }
            if (t.get(DUE_SINCE).containsKey(id)) {
                return Tuple.of(BringForward.BEING_SENT, t);
            }
            return Tuple.of(BringForward.BROUGHT_FORWARD,
                    t.with(ROWS, t.get(ROWS).put(id, m.with(now, m.attempts(), Status.PENDING, m.lastError()))));
        });
    }

    @Override
    public int purgeSent(Instant createdBefore, int limit) {
        return tx.change(t -> {
            var rows = t.get(ROWS);
            var purged = List.ofAll(rows.values())
                    .filter(m -> m.status() == Status.SENT && m.createdAt().isBefore(createdBefore))
                    .sorted(OLDEST_FIRST)
                    .take(Math.max(limit, 0));
            return Tuple.of(purged.size(), t.with(ROWS, rows.removeAll(purged.map(OutboxMessage::id))));
        });
    }

    @Override
    public Option<OutboxMessage> hold(BusinessId business, String id) {
        // a unit here holds the store whole from its start: the row is held already
        return find(id).filter(m -> m.businessId().equals(business));
    }

    @Override
    public Option<OutboxMessage> find(String id) {
        return tx.query(t -> t.get(ROWS).get(id));
    }

    @Override
    public List<GrantEmail> emailsAbout(BusinessId business, GrantId grant, Option<Before> before, int limit) {
        return tx.query(t -> List.ofAll(t.get(ROWS).values())
                .filter(m -> m.kind() == Kind.EMAIL && m.businessId().equals(business) && m.grantId().contains(grant))
                .filter(m -> before.forAll(b -> b.admits(m.createdAt(), m.id())))
                .sorted(OLDEST_FIRST.reversed())
                .take(Math.max(0, limit))
                .map(m -> new GrantEmail(m.id(), m.topic(), m.createdAt(), m.status(), m.attempts(), m.lastError(),
                        t.get(SETTLED).get(m.id()), m.status() == Status.PENDING ? Option.some(m.nextAttemptAt()) : Option.none())));
    }

    @Override
    public List<OutboxMessage> list(Status status, Page page) {
        return tx.query(t -> Paging.newestFirst(t.get(ROWS).values().filter(m -> m.status() == status),
                OutboxMessage::createdAt, OutboxMessage::id, page));
    }

    @Override
    public List<OutboxMessage> list(BusinessId business, Status status, Page page) {
        return tx.query(t -> Paging.newestFirst(t.get(ROWS).values()
                        .filter(m -> m.status() == status && m.businessId().equals(business)),
                OutboxMessage::createdAt, OutboxMessage::id, page));
    }

    @Override
    public Depth depth(Instant now) {
        return tx.query(t -> {
            var all = t.get(ROWS).values();
            var pending = all.filter(m -> m.status() == Status.PENDING);
            var oldestDue = pending.filter(m -> !m.nextAttemptAt().isAfter(now)).map(OutboxMessage::createdAt).minBy(at -> at);
            return new Depth(pending.size(), all.count(m -> m.status() == Status.PARKED), oldestDue);
        });
    }

    /** Every message in the order it was created, whatever its status: what tests usually want to see. */
    List<OutboxMessage> all() {
        return tx.query(t -> List.ofAll(t.get(ROWS).values()).sorted(OLDEST_FIRST));
    }
}

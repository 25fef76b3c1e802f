package dev.grantor.application.service;

import dev.grantor.application.port.out.Outbox;
import dev.grantor.application.port.out.OutboxMessage;
import dev.grantor.application.port.out.OutboxMessage.Status;
import dev.grantor.application.port.out.Page;
import dev.grantor.application.port.out.Transactions;
import io.vavr.collection.List;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Tells the local relay about new outbox messages the moment the unit of work that appended them has committed,
 * so that it sends them at once instead of at its next poll. Messages are visible to the relay only after the
 * commit, hence after and not at the append; a unit that rolled back, or appended nothing, nudges nothing.
 *
 * <p>The use cases see the decorated {@link #transactions} and {@link #outbox}: an append marks the current
 * unit (per thread, as units are), and the outermost unit nudges when it commits. Nested units join it.
 */
public final class OutboxNudges {

    private static final class Unit {
        int depth;
        boolean appended;
    }

    private final ThreadLocal<Unit> current = new ThreadLocal<>();
    private final Runnable nudge;

    public OutboxNudges(Runnable nudge) {
        this.nudge = Objects.requireNonNull(nudge, "nudge");
    }

    public Transactions transactions(Transactions transactions) {
        Objects.requireNonNull(transactions, "transactions");
        return new Transactions() {
            @Override
            public <L, R> Either<L, R> write(Supplier<Either<L, R>> unit) {
                var joined = current.get();
                var active = joined != null ? joined : new Unit();
                if (joined == null) {
                    current.set(active);
                }
                active.depth++;
                boolean committed = false;
                try {
                    var result = transactions.write(unit);
                    committed = result.isRight();
                    return result;
                } finally {
                    if (--active.depth == 0) {
                        current.remove();
                        if (committed && active.appended) {
                            nudge.run();
                        }
                    }
                }
            }

            @Override
            public <T> T read(Supplier<T> unit) {
                return transactions.read(unit);
            }
        };
    }

    private void madeDue() {
        var unit = current.get();
        if (unit != null) {
            unit.appended = true;
        } else {
            // outside any unit the change was a unit of its own, committed by now
            nudge.run();
        }
    }

    public Outbox outbox(Outbox outbox) {
        Objects.requireNonNull(outbox, "outbox");
        return new Outbox() {
            @Override
            public void append(List<OutboxMessage> messages) {
                outbox.append(messages);
                if (!messages.isEmpty()) {
                    madeDue();
                }
            }

            @Override
            public List<OutboxMessage> claimDue(Instant now, int limit, Duration lease) {
                return outbox.claimDue(now, limit, lease);
            }

            @Override
            public void markSent(String id, Instant at) {
                outbox.markSent(id, at);
            }

            @Override
            public void reschedule(String id, int attempts, Instant nextAttemptAt, String error) {
                outbox.reschedule(id, attempts, nextAttemptAt, error);
            }

            @Override
            public void park(String id, int attempts, String error, Instant at) {
                outbox.park(id, attempts, error, at);
            }

            /** An operator's retry makes a parked message due now, as good as a new one. */
            @Override
            public boolean requeue(String id, Instant now) {
                boolean requeued = outbox.requeue(id, now);
                if (requeued) {
                    madeDue();
                }
                return requeued;
            }

            @Override
            public Option<OutboxMessage> find(String id) {
                return outbox.find(id);
            }

            @Override
            public List<OutboxMessage> list(Status status, Page page) {
                return outbox.list(status, page);
            }

            @Override
            public Depth depth(Instant now) {
                return outbox.depth(now);
            }
        };
    }
}

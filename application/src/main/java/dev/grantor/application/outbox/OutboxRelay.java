package dev.grantor.application.outbox;

import dev.grantor.application.background.PollingLoop;
import dev.grantor.application.background.PollingLoop.Stopping;
import dev.grantor.application.background.Retention;
import dev.grantor.application.background.Settlement;
import dev.grantor.application.port.out.Email;
import dev.grantor.application.port.out.DeliveryMetrics;
import dev.grantor.application.port.out.EventSink;
import dev.grantor.application.port.out.Mailer;
import dev.grantor.application.port.out.Outbox;
import dev.grantor.application.port.out.OutboxMessage;
import dev.grantor.application.port.out.OutboxMessage.Kind;
import dev.grantor.application.port.out.PublishedEvent;
import dev.grantor.application.port.out.SendOutcome;
import dev.grantor.application.port.out.SendOutcome.PermanentFailure;
import dev.grantor.application.port.out.SendOutcome.Sent;
import dev.grantor.application.port.out.SendOutcome.TemporaryFailure;
import io.vavr.Tuple;
import io.vavr.Tuple2;
import io.vavr.collection.List;
import io.vavr.control.Option;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntSupplier;
import java.util.random.RandomGenerator;

/**
 * Sends what the outbox holds, after the transactions that recorded it have committed: emails to the
 * {@link Mailer} (in slices of at most {@link #EMAILS_PER_SEND}, so an adapter can reuse a connection), events to the
 * {@link EventSink}. A message is marked sent only after its port said so; a failed attempt is retried
 * later with exponential backoff and jitter, and after {@link RelayPolicy#maxAttempts()} failed attempts,
 * or at once on a permanent failure, the message is parked with its last error for an operator to retry.
 *
 * <p>Several relays (threads or nodes) may share one outbox: each pass claims its batch exclusively with
 * a lease, so a message is handed to a port once per claim. Delivery is at least once: a relay that dies
 * after sending but before marking lets its lease run out, and the message goes out again with its
 * stable id for the receiver to drop.
 *
 * <p>Running in the background, a relay with a {@linkplain RelayPolicy#window() window} lets nudged messages gather
 * for it before claiming, and marks what a pass sent in the same write that claims the next pass: on a durable store
 * each write is a flush, so a steady stream costs one per window instead of two per pass.
 *
 * <p>Never logs a payload: emails carry license keys. Errors kept with a message have the key masked.
 */
public final class OutboxRelay {

    private static final System.Logger LOG = System.getLogger(OutboxRelay.class.getName());

    /**
     * The most emails one call to the {@link Mailer} carries. An SMTP mailer sends a call's emails over one connection,
     * and mail servers cap the messages a connection may carry; a pass that claimed more hands them over in slices.
     */
    public static final int EMAILS_PER_SEND = 50;

    private final Outbox outbox;
    private final Mailer mailer;
    private final EventSink events;
    private final DeliveryMetrics metrics;
    private final InstantSource clock;
    private final RelayPolicy policy;
    private final RandomGenerator jitter;

    private final PollingLoop background;
    /** Deletes sent messages past {@link RelayPolicy#keepSent()} before each pass of the running relay. */
    private final Retention retention;
    /** Nudges since the background pass last claimed: each is a committed unit that appended at least one message. */
    private final AtomicInteger nudges = new AtomicInteger();
    /** What the background pass sent and has not marked yet (touched only on its thread). */
    private List<OutboxMessage> unsettled = List.empty();
    private boolean lastPassFull;

    public OutboxRelay(Outbox outbox, Mailer mailer, EventSink events, DeliveryMetrics metrics, InstantSource clock,
                       RelayPolicy policy) {
        // ThreadLocalRandom must be fetched on the thread that uses it, hence the indirection
        this(outbox, mailer, events, metrics, clock, policy, () -> ThreadLocalRandom.current().nextLong());
    }

    public OutboxRelay(Outbox outbox, Mailer mailer, EventSink events, DeliveryMetrics metrics, InstantSource clock,
                       RelayPolicy policy, RandomGenerator jitter) {
        this.outbox = Objects.requireNonNull(outbox, "outbox");
        this.mailer = Objects.requireNonNull(mailer, "mailer");
        this.events = Objects.requireNonNull(events, "events");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.jitter = Objects.requireNonNull(jitter, "jitter");
        // The pass sends what it claimed before it returns (one batch, so the mailer can reuse a connection): a full
        // batch means more is probably waiting, anything less that the outbox is drained for now. Nothing outlives
        // the pass, so there is no handed-off work to wait for when stopping.
        // In the background a pass with a window settles what it sent in the write that claims the next pass, and the
        // loop comes back within the window while something is unsettled; the last settle runs when the loop ends.
        this.retention = new Retention("sent outbox messages", policy.keepSent(), outbox::purgeSent, clock, LOG);
        IntSupplier pass = policy.window().isZero() ? this::runOnce : this::backgroundPass;
        this.background = new PollingLoop("grantor-outbox-relay", "outbox relay pass", LOG, () -> {
                    retention.runWhenDue();
                    return pass.getAsInt();
                },
                policy.batchSize(), policy.pollInterval(), new Stopping(PollingLoop.LATE_PASS, Option.none()),
                new PollingLoop.Carry(() -> !unsettled.isEmpty(), this::settleUnsettled));
    }

    public RelayPolicy policy() {
        return policy;
    }

    /** One pass: claims a batch of due messages and hands each to its port. Answers how many it handled. */
    public int runOnce() {
        var batch = outbox.claimDue(clock.instant(), policy.batchSize(), policy.lease());
        if (batch.isEmpty()) {
            return 0;
        }
        var sent = new ArrayList<OutboxMessage>(batch.size());
        try {
            send(batch, sent);
        } finally {
            // one write for the whole pass rather than one per message: each is a commit, and on a durable store a
            // commit is a disk flush. Until it lands a message is still leased, so a pass that dies before it only
            // sends again what it sent (at least once, as ever).
            markSent(List.ofAll(sent));
        }
        return batch.size();
    }

    /**
     * A pass of the running relay: lets messages gather for the window (see {@link RelayPolicy#window()}), then marks
     * what the previous pass sent and claims the next batch in ONE write, and sends. What it sends stays leased and
     * unsettled until the next pass (at most a window later, or when the loop ends): a relay that dies before then lets
     * the lease run out and the messages go out again with their stable ids, at least once as ever.
     */
    private int backgroundPass() {
        boolean stopping = !gather();
        nudges.set(0);
        var settling = unsettled;
        var settled = outbox.markSentAndClaimDue(settling.map(OutboxMessage::claim), clock.instant(),
                stopping ? 0 : policy.batchSize(), policy.lease());
        unsettled = List.empty();
        reportSent(settling, settled.superseded());
        var batch = settled.claimed();
        lastPassFull = batch.size() >= policy.batchSize();
        if (batch.isEmpty()) {
            return 0;
        }
        var sent = new ArrayList<OutboxMessage>(batch.size());
        try {
            send(batch, sent);
        } finally {
            unsettled = List.ofAll(sent);
        }
        return batch.size();
    }

    /** Hands each message to its port; {@code sent} holds what a port accepted even when a later one throws. */
    private void send(List<OutboxMessage> batch, ArrayList<OutboxMessage> sent) {
        sendEmails(batch.filter(m -> m.kind() == Kind.EMAIL), sent);
        publishEvents(batch.filter(m -> m.kind() == Kind.EVENT), sent);
    }

    /**
     * Waits until the window has passed since the pass began, a batch's worth of nudges came, or the relay stops; not at
     * all after a full pass (more is waiting) or when nothing was nudged or sent (a poll finds what is due at once).
     * False when the relay is stopping: the pass then only settles.
     */
    private boolean gather() {
        if (lastPassFull || (nudges.get() == 0 && unsettled.isEmpty())) {
            return background.isRunning();
        }
        long deadline = System.nanoTime() + policy.window().toNanos();
        long left;
        while (background.isRunning() && !Thread.currentThread().isInterrupted() && nudges.get() < policy.batchSize()
                && (left = deadline - System.nanoTime()) > 0) {
            LockSupport.parkNanos(this, left);
        }
        return background.isRunning();
    }

    /** When the background loop ends: what its last pass sent is marked before the relay is reported stopped. */
    private void settleUnsettled() {
        var settling = unsettled;
        unsettled = List.empty();
        markSent(settling);
    }

    private void markSent(List<OutboxMessage> sent) {
        if (sent.isEmpty()) {
            return;
        }
        reportSent(sent, outbox.markSent(sent.map(OutboxMessage::claim), clock.instant()));
    }

    private void reportSent(List<OutboxMessage> sent, List<String> superseded) {
        var late = superseded.toSet();
        for (var message : sent) {
            if (late.contains(message.id())) {
                superseded(message, "sent mark (the message went out; the newer claim sends it again, with the same id)");
            } else {
                metrics.sent(message.kind());
            }
        }
    }

    /**
     * A settlement the outbox refused: this relay's attempt outlasted its lease and another relay claimed the message
     * again, so that claim's settlement decides. Worth a warning: a lease too short for the mail server sends twice.
     */
    private void superseded(OutboxMessage message, String settlement) {
        metrics.superseded(message.kind());
        LOG.log(Level.WARNING, () -> "outbox message " + message.id() + " (" + message.topic() + ") was claimed again after"
                + " this relay's lease ended; its " + settlement + " changed nothing");
    }

    private void sendEmails(List<OutboxMessage> messages, ArrayList<OutboxMessage> sent) {
        if (messages.isEmpty()) {
            return;
        }
        var readable = List.<Tuple2<OutboxMessage, Email>>empty();
        for (var message : messages) {
            try {
                readable = readable.append(Tuple.of(message, decode(message)));
            } catch (IllegalArgumentException unreadable) {
                settle(message, new PermanentFailure("unreadable " + message.topic() + " payload: " + unreadable.getMessage()),
                        List.empty(), sent);
            }
        }
        // another relay may claim what this pass still holds once the lease ends, so a pass slowed down by its mail
        // server leaves the rest of its emails leased, unsent, to fall due again when the lease ends
        var handOverUntil = clock.instant().plus(policy.lease().dividedBy(2));
        int handedOver = 0;
        for (var slice : readable.grouped(EMAILS_PER_SEND)) {
            if (!clock.instant().isBefore(handOverUntil)) {
                int left = readable.size() - handedOver;
                LOG.log(Level.WARNING, () -> "the mailer took half the relay's lease for one pass; " + left
                        + " emails wait for the lease to end");
                return;
            }
            var outcomes = handOver(slice.map(Tuple2::_2));
            slice.zip(outcomes).forEach(answered -> settle(answered._1._1, answered._2, List.of(answered._1._2), sent));
            handedOver += slice.size();
        }
    }

    /** One call to the mailer, answering one outcome per email whatever the mailer did. */
    private List<SendOutcome> handOver(List<Email> emails) {
        try {
            var outcomes = mailer.send(emails);
            if (outcomes == null || outcomes.size() != emails.size()) {
                var problem = new TemporaryFailure("mailer answered " + (outcomes == null ? "nothing" : outcomes.size() + " outcomes")
                        + " for " + emails.size() + " emails");
                return emails.map(e -> problem);
            }
            return outcomes;
        } catch (RuntimeException e) {
            var problem = new TemporaryFailure(describe(e));
            return emails.map(email -> problem);
        }
    }

    private static Email decode(OutboxMessage message) {
        return switch (message.topic()) {
            case PortalEmailPayload.TOPIC -> PortalEmailPayload.decode(message.id(), message.payload());
            default -> DeliveryEmailPayload.decode(message.id(), message.payload());
        };
    }

    /** The pass's events in one call, so the sink can share work between them (one endpoint read per business). */
    private void publishEvents(List<OutboxMessage> messages, ArrayList<OutboxMessage> sent) {
        if (messages.isEmpty()) {
            return;
        }
        var published = messages.map(message -> new PublishedEvent(message.id(), message.businessId(), message.topic(),
                message.createdAt(), message.payload(), message.grantId()));
        List<SendOutcome> outcomes;
        try {
            outcomes = events.publish(published);
            if (outcomes == null || outcomes.size() != messages.size()) {
                var problem = new TemporaryFailure("event sink answered " + (outcomes == null ? "nothing" : outcomes.size() + " outcomes")
                        + " for " + messages.size() + " events");
                outcomes = messages.map(m -> problem);
            }
        } catch (RuntimeException e) {
            var problem = new TemporaryFailure(describe(e));
            outcomes = messages.map(m -> problem);
        }
        for (int i = 0; i < messages.size(); i++) {
            var outcome = outcomes.get(i);
            settle(messages.get(i), outcome == null ? new TemporaryFailure("event sink answered nothing") : outcome,
                    List.empty(), sent);
        }
    }

    private void settle(OutboxMessage message, SendOutcome outcome, List<Email> carried, ArrayList<OutboxMessage> sent) {
        var now = clock.instant();
        int attempts = message.attempts() + 1;
        switch (outcome) {
            case Sent done -> sent.add(message);
            case TemporaryFailure(var reason) -> failed(message, attempts, masked(reason, carried), false, now);
            case PermanentFailure(var reason) -> failed(message, attempts, masked(reason, carried), true, now);
        }
    }

    private void failed(OutboxMessage message, int attempts, String error, boolean permanent, Instant now) {
        switch (Settlement.afterFailure(policy.retries(), attempts, error, permanent, now, jitter)) {
            case Settlement.Retry retry -> {
                if (!outbox.reschedule(message.claim(), attempts, retry.at(), retry.error())) {
                    superseded(message, "failed attempt " + attempts);
                    return;
                }
                metrics.failed(message.kind());
                LOG.log(Level.DEBUG, () -> "outbox message " + message.id() + " (" + message.topic() + ") failed attempt "
                        + attempts + ", next in " + retry.delay());
            }
            case Settlement.GiveUp giveUp -> park(message, attempts, giveUp.error(), now);
        }
    }

    private void park(OutboxMessage message, int attempts, String error, Instant now) {
        if (!outbox.park(message.claim(), attempts, error, now)) {
            superseded(message, "park after " + attempts + " attempts");
            return;
        }
        metrics.failed(message.kind());
        metrics.parked(message.kind());
        LOG.log(Level.WARNING, () -> "outbox message " + message.id() + " (" + message.topic() + ") parked after "
                + attempts + " attempts");
    }

    /** An adapter's error text may quote the message; the key must never end up in storage or logs. */
    private static String masked(String reason, List<Email> carried) {
        String text = reason == null ? "" : reason;
        for (var email : carried) {
            text = email.masked(text);
        }
        return text;
    }

    private static String describe(RuntimeException e) {
        return e.getClass().getName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    // ---- running in the background ----------------------------------------------------------------

    /** Starts passing over the outbox on a virtual thread until {@link #stop}. Starting twice does nothing. */
    public void start() {
        background.start();
    }

    public boolean isRunning() {
        return background.isRunning();
    }

    /**
     * Wakes the background loop for a pass within its window rather than at the end of its poll interval: something
     * was just appended. Cheap and idempotent (nudges that arrive within one window make one pass, a batch's worth of
     * them one at once), and nothing happens when the relay is not running. A relay on another node is not nudged; it
     * still finds the message by polling.
     */
    public void nudge() {
        if (!background.isRunning()) {
            return;
        }
        nudges.incrementAndGet();
        background.nudge();
    }

    /**
     * Stops after the current pass, waiting at most {@code grace} for it; a pass still running then is
     * interrupted (its messages become due again when their lease ends). True when it stopped in time.
     */
    public boolean stop(Duration grace) {
        return background.stop(grace);
    }
}

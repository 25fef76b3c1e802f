package dev.grantor.application.webhook;

import dev.grantor.application.background.PollingLoop;
import dev.grantor.application.background.PollingLoop.Stopping;
import dev.grantor.application.background.Retention;
import dev.grantor.application.background.Settlement;
import dev.grantor.application.port.in.WebhookSendCounts;
import dev.grantor.application.port.out.WebhookDeliveries;
import dev.grantor.application.port.out.WebhookDeliveries.Delivered;
import dev.grantor.application.port.out.WebhookDeliveries.Shares;
import dev.grantor.application.port.out.WebhookDeliveries.WebhookDelivery;
import dev.grantor.application.port.out.WebhookEndpoints;
import dev.grantor.application.port.out.WebhookEndpoints.WebhookEndpoint;
import dev.grantor.application.port.out.WebhookSender;
import dev.grantor.application.port.out.WebhookSender.Outcome;
import dev.grantor.application.port.out.WebhookSender.Outcome.Answered;
import dev.grantor.application.port.out.WebhookSender.Outcome.Refused;
import dev.grantor.application.port.out.WebhookSender.Outcome.Unreachable;
import dev.grantor.application.port.out.WebhookSender.WebhookRequest;
import dev.grantor.domain.shared.BusinessId;
import io.vavr.collection.LinkedHashMap;
import io.vavr.control.Option;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Sends due webhook deliveries, each on a virtual thread of its own, so a receiver that hangs until its
 * timeout holds up only its own deliveries. Several dispatchers (threads or nodes) may share one store:
 * claims are exclusive and leased. A 2xx is delivered; anything else, or no answer, is a failed attempt,
 * tried again on the policy's {@link dev.grantor.application.background.RetrySchedule} with a fresh timestamp and
 * signature and the same {@code webhook-id}; when the schedule runs out the delivery is failed and stays visible.
 *
 * <p>One business cannot stall the others: each holds at most {@link DispatchPolicy#maxInFlightPerBusiness()} of
 * the {@link DispatchPolicy#maxInFlight()} slots, claims take businesses in fair turns, and every attempt is
 * time-boxed by the policy's timeouts, so a business whose receivers all hang waits on its own slots only.
 *
 * <p>A delivery its receiver accepted is marked delivered by the dispatcher's next pass, in the write that claims that
 * pass's deliveries, rather than in a write of its own: a delivery then costs a share of one commit instead of one, which
 * under load is what held the dispatcher to a few hundred deliveries a second. Until then it stays leased; should the
 * node die first, it is sent again when its lease ends, with the same {@code webhook-id} (delivery is at least once).
 *
 * <p>A merchant reads {@code last_error}: every network failure is recorded there as {@link #COULD_NOT_CONNECT}, with
 * the detail in the server log only, so that the delivery log cannot be used to tell what listens where.
 *
 * <p>Never logs a payload, a header value or a secret.
 */
public final class WebhookDispatcher implements WebhookSendCounts {

    private static final System.Logger LOG = System.getLogger(WebhookDispatcher.class.getName());

    /** The one text a merchant sees for a delivery that reached no answer, whatever the network said. */
    public static final String COULD_NOT_CONNECT = "could not connect to the endpoint";

    private final WebhookEndpoints endpoints;
    private final WebhookDeliveries deliveries;
    private final WebhookSender sender;
    private final InstantSource clock;
    private final DispatchPolicy policy;
    private final Semaphore slots;
    private final ConcurrentHashMap<BusinessId, Integer> inFlight = new ConcurrentHashMap<>();
    // counted for the node's metrics as long as it runs: an int would wrap within weeks on a busy node
    private final LongAdder delivered = new LongAdder();
    private final LongAdder failedAttempts = new LongAdder();
    private final LongAdder givenUp = new LongAdder();
    private final LongAdder superseded = new LongAdder();
    /** Accepted sends not yet marked delivered: the next pass marks them. */
    private final ConcurrentLinkedQueue<Delivered> unsettled = new ConcurrentLinkedQueue<>();

    private final PollingLoop background;
    /** Deletes finished deliveries past {@link DispatchPolicy#keepFinished()} before each pass of the running dispatcher. */
    private final Retention retention;

    public WebhookDispatcher(WebhookEndpoints endpoints, WebhookDeliveries deliveries, WebhookSender sender,
                             InstantSource clock, DispatchPolicy policy) {
        this.endpoints = Objects.requireNonNull(endpoints, "endpoints");
        this.deliveries = Objects.requireNonNull(deliveries, "deliveries");
        this.sender = Objects.requireNonNull(sender, "sender");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.slots = new Semaphore(policy.maxInFlight());
        // Unlike the relay, whose pass sends and so is "full" at a whole batch, a pass here only claims as many as
        // there are free slots: any claim may mean more is due, so the loop goes straight on; with no slot free it
        // claims nothing and parks until a finished send frees one and nudges it. Its sends are handed to threads
        // of their own, which stop waits for within the same grace.
        this.retention = new Retention("delivered and failed webhook deliveries", policy.keepFinished(),
                deliveries::purgeFinished, clock, LOG);
        this.background = new PollingLoop("grantor-webhook-dispatcher", "webhook dispatch pass", LOG, () -> {
                    retention.runWhenDue();
                    return dispatchDue().size();
                }, 1, policy.pollInterval(),
                new Stopping(PollingLoop.LATE_PASS, Option.some(this::sendsSettled)),
                new PollingLoop.Carry(() -> !unsettled.isEmpty(), this::settleDelivered));
    }

    public DispatchPolicy policy() {
        return policy;
    }

    /**
     * One pass: claims what is due (as many as there are free slots), sends each concurrently, waits for those sends
     * and marks the accepted ones delivered. Answers how many it claimed. For tests and tools; the background loop
     * does not wait.
     */
    public int runOnce() {
        var started = dispatchDue();
        for (var thread : started) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return started.size();
            }
        }
        settleDelivered();
        return started.size();
    }

    /** Deliveries answered with a 2xx by this dispatcher since it was built. */
    @Override
    public long deliveredCount() {
        return delivered.sum();
    }

    /** Attempts of this dispatcher that did not end in a 2xx. */
    @Override
    public long failedAttemptCount() {
        return failedAttempts.sum();
    }

    /** Deliveries this dispatcher marked failed for good: retries spent, or a target it may not call. */
    @Override
    public long givenUpCount() {
        return givenUp.sum();
    }

    /** Settlements of this dispatcher the store refused: another dispatcher had claimed the delivery again. */
    @Override
    public long supersededCount() {
        return superseded.sum();
    }

    private java.util.List<Thread> dispatchDue() {
        var settling = takeUnsettled();
        int free = slots.drainPermits();
        if (free == 0 && settling.isEmpty()) {
            return java.util.List.of();
        }
        io.vavr.collection.List<WebhookDelivery> due;
        try {
            var shares = new Shares(policy.maxInFlightPerBusiness(), java.util.Map.copyOf(inFlight));
            var settled = deliveries.markDeliveredAndClaimDue(settling, clock.instant(), free, policy.lease(), shares);
            settled.superseded().forEach(id -> superseded(id, "delivered mark"));
            due = settled.claimed();
        } catch (RuntimeException e) {
            slots.release(free);
            unsettled.addAll(settling.asJava());
            throw e;
        }
        slots.release(free - due.size());
        var started = new ArrayList<Thread>(due.size());
        for (var delivery : due) {
            inFlight.merge(delivery.businessId(), 1, Integer::sum);
            started.add(Thread.ofVirtual().name("grantor-webhook-" + delivery.id()).start(() -> {
                try {
                    deliver(delivery);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, () -> "webhook delivery " + delivery.id() + " could not be settled: "
                            + e.getClass().getName() + "; it is sent again when its lease ends");
                } finally {
                    inFlight.computeIfPresent(delivery.businessId(), (business, n) -> n > 1 ? n - 1 : null);
                    slots.release();
                    background.nudge();
                }
            }));
        }
        return started;
    }

    private void deliver(WebhookDelivery delivery) {
        var endpoint = endpoints.find(delivery.businessId(), delivery.endpointId());
        if (endpoint.isEmpty() || endpoint.get().disabled()) {
            if (!deliveries.fail(delivery.claim(), delivery.attempts(), Option.none(),
                    endpoint.isEmpty() ? "the endpoint was deleted" : "the endpoint is disabled", clock.instant())) {
                superseded(delivery.id(), "failure (no endpoint to send to)");
            }
            return;
        }
        settle(delivery, send(endpoint.get(), delivery));
    }

    private Outcome send(WebhookEndpoint endpoint, WebhookDelivery delivery) {
        var now = clock.instant();
        long timestamp = now.getEpochSecond();
        var headers = LinkedHashMap.<String, String>empty()
                .put("webhook-id", delivery.id())
                .put("webhook-timestamp", Long.toString(timestamp))
                .put("webhook-signature", endpoint.signingSecrets(now)
                        .map(secret -> WebhookSignature.sign(secret, delivery.id(), timestamp, delivery.payload())).mkString(" "))
                .merge(endpoint.headers());
        try {
            var outcome = sender.send(new WebhookRequest(URI.create(endpoint.url()), headers, delivery.payload(),
                    policy.connectTimeout(), policy.readTimeout(), policy.privateTargetsAllowed()));
            return outcome == null ? new Unreachable("the sender answered nothing") : outcome;
        } catch (RuntimeException e) {
            return new Unreachable(e.getClass().getName());
        }
    }

    private void settle(WebhookDelivery delivery, Outcome outcome) {
        var now = clock.instant();
        int attempts = delivery.attempts() + 1;
        switch (outcome) {
            case Answered answered when answered.accepted() -> {
                unsettled.add(new Delivered(delivery.claim(), attempts, answered.statusCode(), now));
                delivered.increment();
            }
            case Answered answered -> failed(delivery, attempts, Option.some(answered.statusCode()),
                    "the endpoint answered " + answered.statusCode(), false);
            case Unreachable(var reason) -> {
                LOG.log(Level.INFO, () -> "webhook delivery " + delivery.id() + " to endpoint " + delivery.endpointId()
                        + " reached no answer: " + reason);
                failed(delivery, attempts, Option.none(), COULD_NOT_CONNECT, false);
            }
            case Refused(var reason) -> failed(delivery, attempts, Option.none(), reason, true);
        }
    }

    private void failed(WebhookDelivery delivery, int attempts, Option<Integer> code, String reason, boolean permanent) {
        failedAttempts.increment();
        var now = clock.instant();
        switch (Settlement.afterFailure(policy.retries(), attempts, reason, permanent, now, ThreadLocalRandom.current())) {
            case Settlement.Retry retry -> {
                if (!deliveries.reschedule(delivery.claim(), attempts, code, retry.error(), now, retry.at())) {
                    superseded(delivery.id(), "failed attempt " + attempts);
                }
            }
            case Settlement.GiveUp giveUp -> {
                if (!deliveries.fail(delivery.claim(), attempts, code, giveUp.error(), now)) {
                    superseded(delivery.id(), "failure after " + attempts + " attempts");
                    return;
                }
                givenUp.increment();
                LOG.log(Level.WARNING, () -> "webhook delivery " + delivery.id() + " (" + delivery.eventType() + ") to endpoint "
                        + delivery.endpointId() + " failed after " + attempts + " attempts");
            }
        }
    }

    /**
     * A settlement the store refused: this dispatcher's attempt outlasted its lease and another claimed the delivery
     * again, whose settlement decides (a delivered one is sent again, with the same {@code webhook-id}). Worth a warning:
     * the lease is too short for how long this node's sends take.
     */
    private void superseded(String id, String settlement) {
        superseded.increment();
        LOG.log(Level.WARNING, () -> "webhook delivery " + id + " was claimed again after this dispatcher's lease ended;"
                + " its " + settlement + " changed nothing");
    }

    private io.vavr.collection.List<Delivered> takeUnsettled() {
        var taken = new ArrayList<Delivered>();
        for (Delivered next; (next = unsettled.poll()) != null; ) {
            taken.add(next);
        }
        return io.vavr.collection.List.ofAll(taken);
    }

    /** Marks the accepted sends not yet marked, in a write of their own; those it could not mark wait for the next try. */
    private void settleDelivered() {
        var settling = takeUnsettled();
        if (settling.isEmpty()) {
            return;
        }
        try {
            deliveries.markDeliveredAndClaimDue(settling, clock.instant(), 0, policy.lease(), Shares.UNLIMITED)
                    .superseded().forEach(id -> superseded(id, "delivered mark"));
        } catch (RuntimeException e) {
            unsettled.addAll(settling.asJava());
            throw e;
        }
    }

    // ---- running in the background ----------------------------------------------------------------

    /** Starts dispatching on a virtual thread until {@link #stop}. Starting twice does nothing. */
    public void start() {
        background.start();
    }

    public boolean isRunning() {
        return background.isRunning();
    }

    /** Wakes the background loop at once: new deliveries were recorded. Does nothing when it is not running. */
    public void nudge() {
        background.nudge();
    }

    /**
     * Stops claiming and waits at most {@code grace} for sends in flight, then marks the accepted ones delivered; sends
     * still running then are left to their lease (they are sent again later). True when everything settled in time.
     */
    public boolean stop(Duration grace) {
        return background.stop(grace);
    }

    private boolean sendsSettled(Duration grace) throws InterruptedException {
        boolean allEnded = slots.tryAcquire(policy.maxInFlight(), grace.toNanos(), TimeUnit.NANOSECONDS);
        if (allEnded) {
            slots.release(policy.maxInFlight());
        }
        // what was accepted is marked even when other sends outlived the grace, so only those are sent again
        try {
            settleDelivered();
            return allEnded;
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, () -> unsettled.size() + " accepted webhook deliveries could not be marked delivered ("
                    + e.getClass().getName() + "); each is sent again when its lease ends");
            return false;
        }
    }
}

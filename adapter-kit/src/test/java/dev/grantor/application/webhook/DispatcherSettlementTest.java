package dev.grantor.application.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.grantor.application.LoggedWarnings;
import dev.grantor.application.contract.WebhookFixtures;
import dev.grantor.application.memory.InMemoryWebhooks;
import dev.grantor.application.memory.MutableClock;
import dev.grantor.application.port.out.WebhookDeliveries;
import dev.grantor.application.port.out.WebhookDeliveries.Status;
import dev.grantor.application.port.out.WebhookDeliveries.WebhookDelivery;
import dev.grantor.application.port.out.WebhookEndpoints.WebhookEndpoint;
import dev.grantor.application.port.out.WebhookSender.Outcome.Answered;
import io.vavr.collection.List;
import io.vavr.control.Either;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * An accepted delivery is marked delivered in the dispatcher's next write that claims, not in a write of its own; the
 * ones accepted after the last pass are marked when a tool's pass ends or the dispatcher stops, and one whose marking
 * failed is marked by a later write, never sent again while it is leased.
 */
class DispatcherSettlementTest {

    private final MutableClock clock = new MutableClock();
    private final InMemoryWebhooks tables = new InMemoryWebhooks();
    private final SettlingDeliveries deliveries = new SettlingDeliveries(tables.webhookDeliveries());
    private final ScriptedSender sender = new ScriptedSender().otherwise(request -> new Answered(204));
    private final WebhookEndpoint endpoint = WebhookFixtures.endpoint(WebhookFixtures.business(), clock.instant());

    @Test
    void a_tools_pass_marks_what_its_receivers_accepted_in_one_write_and_none_in_a_write_of_its_own() {
        inUnit(() -> tables.webhookEndpoints().insert(endpoint));
        var due = recorded(5);
        var dispatcher = dispatcher(DispatchPolicy.defaults());

        assertThat(dispatcher.runOnce()).isEqualTo(5);

        assertThat(deliveries.singleMarks).hasValue(0);
        assertThat(deliveries.writes).containsExactly(new Write(0, 64), new Write(5, 0));
        assertThat(due.map(this::status)).containsOnly(Status.DELIVERED);
    }

    @Test
    void the_running_dispatcher_marks_every_accepted_delivery_through_the_writes_that_claim() {
        inUnit(() -> tables.webhookEndpoints().insert(endpoint));
        var due = recorded(40);
        var dispatcher = dispatcher(DispatchPolicy.defaults().withPollInterval(Duration.ofMillis(5)).withMaxInFlightPerBusiness(4));
        dispatcher.start();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> due.forAll(d -> status(d) == Status.DELIVERED));
        } finally {
            assertThat(dispatcher.stop(Duration.ofSeconds(5))).isTrue();
        }

        assertThat(sender.requests()).hasSize(40);
        assertThat(deliveries.singleMarks).hasValue(0);
        assertThat(List.ofAll(deliveries.writes).map(Write::settled).sum().intValue()).isEqualTo(40);
        // four at a time: the write that claims a business's next four is the one that marks its last four
        assertThat(deliveries.writes).anyMatch(write -> write.settled() > 0 && write.limit() > 0);
    }

    @Test
    void stopping_marks_a_delivery_its_receiver_accepted_after_the_last_pass() throws Exception {
        inUnit(() -> tables.webhookEndpoints().insert(endpoint));
        var sending = new CountDownLatch(1);
        var answer = new CountDownLatch(1);
        var slow = new ScriptedSender().otherwise(request -> {
            sending.countDown();
            waitFor(answer);
            return new Answered(200);
        });
        var dispatcher = new WebhookDispatcher(tables.webhookEndpoints(), deliveries, slow, clock,
                DispatchPolicy.defaults().withPollInterval(Duration.ofMillis(5)));
        var delivery = recorded(1).head();
        dispatcher.start();
        assertThat(sending.await(10, TimeUnit.SECONDS)).isTrue();

        var stopped = CompletableFuture.supplyAsync(() -> dispatcher.stop(Duration.ofSeconds(10)));
        await().atMost(Duration.ofSeconds(10)).until(() -> !dispatcher.isRunning());
        assertThat(status(delivery)).isEqualTo(Status.PENDING);
        answer.countDown();

        assertThat(stopped.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(status(delivery)).isEqualTo(Status.DELIVERED);
        assertThat(tables.webhookDeliveries().find(delivery.businessId(), delivery.id()).get().lastResponseCode()).contains(200);
    }

    @Test
    void a_stop_whose_grace_ends_with_a_send_still_hanging_marks_what_was_accepted() throws Exception {
        inUnit(() -> tables.webhookEndpoints().insert(endpoint));
        var calls = new AtomicInteger();
        var answered = new CountDownLatch(1);
        var hang = new CountDownLatch(1);
        var oneHangs = new ScriptedSender().otherwise(request -> {
            if (calls.incrementAndGet() == 1) {
                waitFor(hang);
                return new Answered(200);
            }
            answered.countDown();
            return new Answered(200);
        });
        var dispatcher = new WebhookDispatcher(tables.webhookEndpoints(), deliveries, oneHangs, clock,
                DispatchPolicy.defaults().withPollInterval(Duration.ofMillis(20)));
        var due = recorded(2);
        // every marking on the loop's own thread fails (its passes, and its last settle as it ends): only the stop marks
        deliveries.settlingFailsOnTheLoop = true;
        dispatcher.start();
        try {
            assertThat(answered.await(10, TimeUnit.SECONDS)).isTrue();
            await().atMost(Duration.ofSeconds(10)).until(() -> deliveries.failedSettlings.get() >= 1);
            assertThat(due.map(this::status)).containsOnly(Status.PENDING);

            assertThat(dispatcher.stop(Duration.ofSeconds(2))).as("one send outlived the grace").isFalse();

            assertThat(due.map(this::status)).containsExactlyInAnyOrder(Status.DELIVERED, Status.PENDING);
        } finally {
            hang.countDown();
        }
    }

    @Test
    void an_accepted_delivery_whose_marking_failed_is_marked_by_the_next_write_and_not_sent_again() {
        inUnit(() -> tables.webhookEndpoints().insert(endpoint));
        var delivery = recorded(1).head();
        var dispatcher = dispatcher(DispatchPolicy.defaults());
        deliveries.settlingFails.set(1);

        assertThatThrownBy(dispatcher::runOnce).hasMessageContaining("the database is away");
        assertThat(status(delivery)).isEqualTo(Status.PENDING);

        assertThat(dispatcher.runOnce()).isZero();

        assertThat(status(delivery)).isEqualTo(Status.DELIVERED);
        assertThat(sender.requests()).hasSize(1);
    }

    /**
     * A send slower than the lease: another dispatcher claims the deliveries meanwhile, so this one's outcomes, accepted
     * or refused, name a claim that no longer holds them. Neither is written (the newer claim's mark stands, so a retry
     * still leaves the delivery to it), and both are counted.
     */
    @Test
    void outcomes_that_come_after_another_dispatcher_claimed_the_deliveries_again_change_nothing_and_are_counted() {
        inUnit(() -> tables.webhookEndpoints().insert(endpoint));
        var due = recorded(2);
        var policy = DispatchPolicy.defaults();
        var again = new java.util.concurrent.ConcurrentHashMap<String, WebhookDelivery>();
        var slow = new ScriptedSender().otherwise(request -> {
            synchronized (again) {
                if (again.isEmpty()) {
                    clock.advance(policy.lease());
                    tables.webhookDeliveries().claimDue(clock.instant(), 10, policy.lease()).forEach(d -> again.put(d.id(), d));
                }
            }
            return new Answered(request.headers().get("webhook-id").contains(due.get(0).id()) ? 204 : 503);
        });
        var dispatcher = new WebhookDispatcher(tables.webhookEndpoints(), deliveries, slow, clock, policy);

        try (var warnings = LoggedWarnings.of(WebhookDispatcher.class)) {
            assertThat(dispatcher.runOnce()).isEqualTo(2);

            assertThat(warnings.lines()).as("one warning a refused settlement, naming its delivery").satisfiesExactlyInAnyOrder(
                    line -> assertThat(line).contains("webhook delivery " + due.get(0).id() + " ").contains("its delivered mark"),
                    line -> assertThat(line).contains("webhook delivery " + due.get(1).id() + " ").contains("its failed attempt"));
        }
        assertThat(again).hasSize(2);
        assertThat(due.map(d -> tables.webhookDeliveries().find(d.businessId(), d.id()).get()))
                .as("as the other dispatcher's claim left them").containsExactlyElementsOf(due.map(d -> again.get(d.id())));
        assertThat(dispatcher.supersededCount()).isEqualTo(2);
        assertThat(dispatcher.deliveredCount()).as("the receiver did take it").isEqualTo(1);
        assertThat(tables.webhookDeliveries().bringForward(due.get(1).businessId(), due.get(1).id(), clock.instant()))
                .as("still held by the other claim").isFalse();
    }

    private WebhookDispatcher dispatcher(DispatchPolicy policy) {
        return new WebhookDispatcher(tables.webhookEndpoints(), deliveries, sender, clock, policy);
    }

    private Status status(WebhookDelivery delivery) {
        return tables.webhookDeliveries().find(delivery.businessId(), delivery.id()).get().status();
    }

    private List<WebhookDelivery> recorded(int count) {
        var fresh = List.range(0, count).map(i -> WebhookFixtures.delivery(endpoint, clock.instant().plusMillis(i)));
        inUnit(() -> tables.webhookDeliveries().record(fresh));
        clock.advance(Duration.ofSeconds(1));
        return fresh;
    }

    private void inUnit(Runnable work) {
        tables.transactions().write(() -> {
            work.run();
            return Either.right(true);
        });
    }

    private static void waitFor(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One call that marks and claims: how many it marked delivered, and how many it was allowed to claim. */
    private record Write(int settled, int limit) {}

    /**
     * The in-memory deliveries, keeping each settling write and counting marks made one by one; switches make settling
     * throw a number of times, or whenever the dispatcher's own loop settles.
     */
    private static final class SettlingDeliveries extends ForwardingDeliveries {

        final CopyOnWriteArrayList<Write> writes = new CopyOnWriteArrayList<>();
        final AtomicInteger singleMarks = new AtomicInteger();
        final AtomicInteger settlingFails = new AtomicInteger();
        final AtomicInteger failedSettlings = new AtomicInteger();
        volatile boolean settlingFailsOnTheLoop;

        SettlingDeliveries(WebhookDeliveries delegate) {
            super(delegate);
        }

        @Override
        public DeliveredAndClaimed markDeliveredAndClaimDue(List<Delivered> delivered, Instant now, int limit, Duration lease,
                                                            Shares shares) {
            boolean onTheLoop = settlingFailsOnTheLoop && Thread.currentThread().getName().equals("grantor-webhook-dispatcher");
            if (!delivered.isEmpty() && (onTheLoop || settlingFails.getAndUpdate(n -> Math.max(0, n - 1)) > 0)) {
                failedSettlings.incrementAndGet();
                throw new IllegalStateException("the database is away");
            }
            writes.add(new Write(delivered.size(), limit));
            return super.markDeliveredAndClaimDue(delivered, now, limit, lease, shares);
        }

        @Override
        public boolean markDelivered(dev.grantor.application.port.out.Claim claim, int attempts, int responseCode, Instant at) {
            singleMarks.incrementAndGet();
            return super.markDelivered(claim, attempts, responseCode, at);
        }
    }
}

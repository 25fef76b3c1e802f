package dev.grantor.application.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.grantor.application.background.Retention;
import dev.grantor.application.contract.WebhookFixtures;
import dev.grantor.application.memory.InMemoryWebhooks;
import dev.grantor.application.memory.MutableClock;
import dev.grantor.application.port.out.WebhookDeliveries;
import dev.grantor.application.port.out.WebhookDeliveries.Status;
import dev.grantor.application.port.out.WebhookDeliveries.WebhookDelivery;
import dev.grantor.application.port.out.WebhookEndpoints.WebhookEndpoint;
import io.vavr.collection.List;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The running dispatcher deletes delivered and failed deliveries once they are older than its policy keeps them, the
 * same way the relay deletes sent outbox messages (both through {@link Retention}): a chunk per write, at once again
 * while chunks come back full, then every {@link Retention#INTERVAL}; a failing purge never holds back a delivery.
 */
class DispatcherRetentionTest {

    private static final Duration POLL = Duration.ofMillis(5);

    private final MutableClock clock = new MutableClock();
    private final InMemoryWebhooks tables = new InMemoryWebhooks();
    private final CountingDeliveries deliveries = new CountingDeliveries(tables.webhookDeliveries());
    private final ScriptedSender sender = new ScriptedSender();
    private final WebhookEndpoint endpoint = WebhookFixtures.endpoint(WebhookFixtures.business(), clock.instant());

    @Test
    void the_running_dispatcher_deletes_finished_deliveries_past_the_policy_a_chunk_at_a_time_and_never_a_pending_one()
            throws Exception {
        inUnit(() -> tables.webhookEndpoints().insert(endpoint));
        var old = List.range(0, 2 * Retention.CHUNK + 500).map(i -> WebhookFixtures.delivery(endpoint, clock.instant().plusMillis(i)));
        record(old);
        var retrying = recorded(clock.instant());
        var claimed = tables.webhookDeliveries().claimDue(clock.instant().plusSeconds(10), old.size() + 1, Duration.ofSeconds(60))
                .toMap(WebhookDelivery::id, WebhookDelivery::claim);
        old.init().forEach(d -> tables.webhookDeliveries().markDelivered(claimed.apply(d.id()), 1, 200, clock.instant()));
        tables.webhookDeliveries().fail(claimed.apply(old.last().id()), 8, Option.some(500), "the endpoint answered 500",
                clock.instant());
        tables.webhookDeliveries().reschedule(claimed.apply(retrying.id()), 3, Option.none(), "connect timed out", clock.instant(),
                clock.instant().plus(Duration.ofDays(60)));
        clock.advance(Duration.ofDays(30).plusMinutes(1));
        var recent = recorded(clock.instant());
        tables.webhookDeliveries().markDelivered(recent.claim(), 1, 204, clock.instant());

        var dispatcher = dispatcher(DispatchPolicy.defaults().withPollInterval(POLL));
        dispatcher.start();
        try {
            await().atMost(Duration.ofSeconds(10)).pollInterval(POLL).until(() -> deliveries.purges.size() >= 3);
            Thread.sleep(200);
            assertThat(deliveries.purges).as("full chunks go on at once, then the dispatcher waits for the interval")
                    .containsExactly(Retention.CHUNK, Retention.CHUNK, 500);
            assertThat(List.of(old.head(), old.last(), retrying, recent).map(d -> tables.webhookDeliveries()
                    .find(d.businessId(), d.id()).map(WebhookDelivery::status)))
                    .containsExactly(Option.none(), Option.none(), Option.some(Status.PENDING), Option.some(Status.DELIVERED));

            clock.advance(Retention.INTERVAL);
            dispatcher.nudge();
            await().atMost(Duration.ofSeconds(10)).pollInterval(POLL).until(() -> deliveries.purges.size() == 4);
            assertThat(deliveries.purges.get(3)).as("the delivery settled ten minutes ago is kept").isZero();
        } finally {
            assertThat(dispatcher.stop(Duration.ofSeconds(5))).isTrue();
        }
    }

    @Test
    void a_dispatcher_told_to_keep_finished_deliveries_for_good_never_deletes_one() throws Exception {
        inUnit(() -> tables.webhookEndpoints().insert(endpoint));
        var old = recorded(clock.instant());
        tables.webhookDeliveries().markDelivered(old.claim(), 1, 200, clock.instant());
        clock.advance(Retention.MAX_KEEP.plusDays(1));
        var fresh = recorded(clock.instant());

        var dispatcher = dispatcher(DispatchPolicy.defaults().withPollInterval(POLL).withKeepFinished(Option.none()));
        dispatcher.start();
        try {
            await().atMost(Duration.ofSeconds(10)).pollInterval(POLL).until(() -> sender.requests().size() == 1);
        } finally {
            assertThat(dispatcher.stop(Duration.ofSeconds(5))).isTrue();
        }

        assertThat(deliveries.purges).isEmpty();
        assertThat(List.of(old, fresh).map(d -> tables.webhookDeliveries().find(d.businessId(), d.id()).get().status()))
                .containsExactly(Status.DELIVERED, Status.DELIVERED);
    }

    @Test
    void a_purge_that_fails_does_not_hold_back_a_delivery_and_is_tried_again_after_the_interval() throws Exception {
        inUnit(() -> tables.webhookEndpoints().insert(endpoint));
        deliveries.purgeFails = true;
        var dispatcher = dispatcher(DispatchPolicy.defaults().withPollInterval(POLL));
        dispatcher.start();
        try {
            var first = recorded(clock.instant());
            dispatcher.nudge();
            // settled before the clock jumps past its lease: a send still under way would fall due again and go twice
            await().atMost(Duration.ofSeconds(10)).pollInterval(POLL).until(() -> status(first) == Status.DELIVERED);
            assertThat(sender.requests()).hasSize(1);
            assertThat(deliveries.purges).containsExactly(-1);

            deliveries.purgeFails = false;
            clock.advance(Retention.INTERVAL);
            var second = recorded(clock.instant());
            dispatcher.nudge();
            await().atMost(Duration.ofSeconds(10)).pollInterval(POLL).until(() -> sender.requests().size() == 2
                    && deliveries.purges.size() == 2);
            assertThat(deliveries.purges).containsExactly(-1, 0);
            await().atMost(Duration.ofSeconds(10)).pollInterval(POLL).until(() -> List.of(first, second).forAll(d ->
                    status(d) == Status.DELIVERED));
        } finally {
            assertThat(dispatcher.stop(Duration.ofSeconds(5))).isTrue();
        }
    }

    private Status status(WebhookDelivery delivery) {
        return tables.webhookDeliveries().find(delivery.businessId(), delivery.id()).get().status();
    }

    private WebhookDispatcher dispatcher(DispatchPolicy policy) {
        return new WebhookDispatcher(tables.webhookEndpoints(), deliveries, sender, clock, policy);
    }

    private WebhookDelivery recorded(Instant at) {
        var delivery = WebhookFixtures.delivery(endpoint, at);
        record(List.of(delivery));
        return delivery;
    }

    private void record(List<WebhookDelivery> batch) {
        inUnit(() -> tables.webhookDeliveries().record(batch));
    }

    private void inUnit(Runnable work) {
        tables.transactions().write(() -> {
            work.run();
            return Either.right(true);
        });
    }

    /** The in-memory deliveries, with each purge's answer kept (-1 for one that threw) and a switch to make it throw. */
    private static final class CountingDeliveries extends ForwardingDeliveries {

        final CopyOnWriteArrayList<Integer> purges = new CopyOnWriteArrayList<>();
        volatile boolean purgeFails;

        CountingDeliveries(WebhookDeliveries delegate) {
            super(delegate);
        }

        @Override
        public int purgeFinished(Instant createdBefore, int limit) {
            if (purgeFails) {
                purges.add(-1);
                throw new IllegalStateException("the database is away");
            }
            int purged = super.purgeFinished(createdBefore, limit);
            purges.add(purged);
            return purged;
        }
    }
}

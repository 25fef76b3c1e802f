package dev.grantor.application.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.contract.ContractFixtures;
import dev.grantor.application.contract.WebhookFixtures;
import dev.grantor.application.memory.InMemoryStore;
import dev.grantor.application.memory.MutableClock;
import dev.grantor.application.port.out.PublishedEvent;
import dev.grantor.application.port.out.SendOutcome;
import dev.grantor.application.port.out.Transactions;
import dev.grantor.application.port.out.WebhookDeliveries.WebhookDelivery;
import dev.grantor.application.port.out.WebhookEndpoints.WebhookEndpoint;
import dev.grantor.application.port.out.WebhookEndpoints;
import dev.grantor.domain.shared.BusinessId;
import io.vavr.collection.List;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The relay hands every event to the fan-out; most businesses have no endpoint, and those events cost no write. */
class WebhookFanOutTest {

    private final InMemoryStore store = new InMemoryStore();
    private final MutableClock clock = new MutableClock();
    private final AtomicInteger writes = new AtomicInteger();
    private final Transactions counted = new Transactions() {
        @Override
        public <L, R> Either<L, R> write(Supplier<Either<L, R>> unit) {
            writes.incrementAndGet();
            return store.transactions().write(unit);
        }

        @Override
        public <T> T read(Supplier<T> unit) {
            return store.transactions().read(unit);
        }

        @Override
        public void afterCommit(Runnable action) {
            store.transactions().afterCommit(action);
        }
    };
    private final WebhookFanOut fanOut = new WebhookFanOut(counted, store.webhookEndpoints(), store.webhookDeliveries(), clock, () -> { });
    private final AtomicInteger endpointReads = new AtomicInteger();
    private final WebhookEndpoints countedEndpoints = new WebhookEndpoints() {
        @Override public boolean insert(WebhookEndpoint endpoint, int max) { return store.webhookEndpoints().insert(endpoint, max); }
        @Override public void update(WebhookEndpoint endpoint) { store.webhookEndpoints().update(endpoint); }
        @Override public Option<WebhookEndpoint> find(BusinessId business, String id) { return store.webhookEndpoints().find(business, id); }
        @Override public List<WebhookEndpoint> list(BusinessId business, Option<String> after, int limit) {
            return store.webhookEndpoints().list(business, after, limit);
        }
        @Override public List<WebhookEndpoint> enabled(BusinessId business) {
            endpointReads.incrementAndGet();
            return store.webhookEndpoints().enabled(business);
        }
        @Override public boolean delete(BusinessId business, String id) { return store.webhookEndpoints().delete(business, id); }
    };

    @Test
    void an_event_of_a_business_without_endpoints_is_settled_without_a_write() {
        var business = ContractFixtures.business().id();

        var outcome = fanOut.publish(new PublishedEvent("evt_1", business, "entitlement_grant.created", clock.instant(), "{}"));

        assertThat(outcome).isEqualTo(SendOutcome.SENT);
        assertThat(writes).hasValue(0);
    }

    @Test
    void an_event_an_endpoint_wants_is_recorded_in_one_write() {
        var business = WebhookFixtures.business();
        listen(business);

        fanOut.publish(new PublishedEvent("evt_2", business, "entitlement_grant.created", clock.instant(), "{}"));

        assertThat(writes).hasValue(1);
        assertThat(recordedEvents()).containsExactly("evt_2");
    }

    @Test
    void a_pass_reads_the_endpoints_of_each_business_once_and_records_only_what_an_endpoint_wants() {
        var quiet = ContractFixtures.business().id();
        var listening = WebhookFixtures.business();
        listen(listening);
        var batched = new WebhookFanOut(counted, countedEndpoints, store.webhookDeliveries(), clock, () -> { });
        var events = List.of(
                new PublishedEvent("evt_q1", quiet, "entitlement_grant.created", clock.instant(), "{}"),
                new PublishedEvent("evt_q2", quiet, "license_key.created", clock.instant(), "{}"),
                new PublishedEvent("evt_l1", listening, "entitlement_grant.created", clock.instant(), "{}"),
                new PublishedEvent("evt_q3", quiet, "entitlement_grant.delivered", clock.instant(), "{}"));

        assertThat(batched.publish(events)).containsOnly(SendOutcome.SENT).hasSize(4);

        // one read per business for the pass, and the unit recording the wanted event reads again inside its write
        assertThat(endpointReads).hasValue(2 + 1);
        assertThat(writes).hasValue(1);
        assertThat(recordedEvents()).containsExactly("evt_l1");
    }

    @Test
    void a_pass_records_every_wanted_event_of_every_business_in_one_write() {
        var first = WebhookFixtures.business();
        var second = WebhookFixtures.business();
        listen(first);
        listen(second);
        var events = List.of(
                new PublishedEvent("evt_a1", first, "entitlement_grant.created", clock.instant(), "{}"),
                new PublishedEvent("evt_b1", second, "entitlement_grant.created", clock.instant(), "{}"),
                new PublishedEvent("evt_a2", first, "license_key.created", clock.instant(), "{}"),
                new PublishedEvent("evt_b2", second, "license_key.created", clock.instant(), "{}"));

        assertThat(fanOut.publish(events)).containsOnly(SendOutcome.SENT).hasSize(4);

        assertThat(writes).hasValue(1);
        assertThat(recordedEvents()).containsExactlyInAnyOrder("evt_a1", "evt_b1", "evt_a2", "evt_b2");
    }

    @Test
    void when_the_store_refuses_one_event_of_a_pass_the_others_are_recorded_each_by_itself_and_only_it_fails() {
        var business = WebhookFixtures.business();
        listen(business);
        var refusing = new RefusingDeliveries("evt_bad");
        var picky = new WebhookFanOut(counted, store.webhookEndpoints(), refusing, clock, () -> { });
        var events = List.of(
                new PublishedEvent("evt_ok1", business, "entitlement_grant.created", clock.instant(), "{}"),
                new PublishedEvent("evt_bad", business, "license_key.created", clock.instant(), "{}"),
                new PublishedEvent("evt_ok2", business, "license_key.created", clock.instant(), "{}"));

        var outcomes = picky.publish(events);

        assertThat(outcomes.get(0)).isEqualTo(SendOutcome.SENT);
        assertThat(outcomes.get(1)).isInstanceOf(SendOutcome.TemporaryFailure.class);
        assertThat(outcomes.get(2)).isEqualTo(SendOutcome.SENT);
        // the pass's unit, then one unit per wanted event
        assertThat(writes).hasValue(1 + 3);
        assertThat(recordedEvents()).containsExactlyInAnyOrder("evt_ok1", "evt_ok2");
    }

    private void listen(BusinessId business) {
        WebhookEndpoint endpoint = WebhookFixtures.endpoint(business, clock.instant());
        store.transactions().write(() -> {
            store.webhookEndpoints().insert(endpoint);
            return Either.right(true);
        });
    }

    private List<String> recordedEvents() {
        return store.webhookDeliveries().claimDue(clock.instant(), 100, Duration.ofMinutes(1)).map(WebhookDelivery::eventId);
    }

    /** The in-memory deliveries, refusing any write that carries one given event, as a store refuses a row it cannot take. */
    private final class RefusingDeliveries extends ForwardingDeliveries {
        private final String refused;

        RefusingDeliveries(String refused) {
            super(store.webhookDeliveries());
            this.refused = refused;
        }

        @Override
        public void record(List<WebhookDelivery> deliveries) {
            if (deliveries.exists(delivery -> delivery.eventId().equals(refused))) {
                throw new IllegalStateException("the store refused " + refused);
            }
            super.record(deliveries);
        }
    }
}

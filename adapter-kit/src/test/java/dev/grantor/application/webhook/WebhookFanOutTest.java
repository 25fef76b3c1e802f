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
import io.vavr.control.Either;
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
        WebhookEndpoint endpoint = WebhookFixtures.endpoint(business, clock.instant());
        store.transactions().write(() -> {
            store.webhookEndpoints().insert(endpoint);
            return Either.right(true);
        });

        fanOut.publish(new PublishedEvent("evt_2", business, "entitlement_grant.created", clock.instant(), "{}"));

        assertThat(writes).hasValue(1);
        assertThat(store.webhookDeliveries().claimDue(clock.instant(), 10, java.time.Duration.ofMinutes(1))
                .map(WebhookDelivery::eventId)).containsExactly("evt_2");
    }
}

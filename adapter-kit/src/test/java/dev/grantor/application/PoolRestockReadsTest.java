package dev.grantor.application;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.memory.InMemoryStore;
import dev.grantor.application.memory.MutableClock;
import dev.grantor.application.memory.RecordingMailer;
import dev.grantor.application.port.in.EntitlementCatalog.CreateEntitlement;
import dev.grantor.application.port.in.KeyPoolManagement.ImportKeys;
import dev.grantor.application.port.in.KeyPoolManagement.KeyLine;
import dev.grantor.application.port.in.KeyPoolManagement.OpenPool;
import dev.grantor.application.port.out.Grants;
import dev.grantor.application.port.out.KeyPools;
import dev.grantor.application.port.out.OutboxMessage.Kind;
import dev.grantor.domain.entitlement.IntegrationConfig.LicenseKeyConfig;
import io.vavr.collection.List;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A restock of {@link #KEYS} keys into as many waiting grants fulfills each in its own unit, and each take asks whether
 * an alert's line was crossed. It counts the available keys up to one past the line after the take (here 12 with the
 * key taken, in the read that takes it), and the waiting grants only when an alert fires: before, every take counted the pool's keys of every status and the entitlement's pending grants,
 * so a restock of n read on the order of n² rows (10,000 keys into 10,000 grants: 10^8).
 */
class PoolRestockReadsTest {

    static final int KEYS = 1_000;
    static final int LINE = 10;

    private final InMemoryStore memory = new InMemoryStore();
    private final AtomicLong stockCounts = new AtomicLong();
    private final AtomicLong keysCounted = new AtomicLong();
    private final AtomicLong pendingCounts = new AtomicLong();

    @Test
    void each_take_of_a_restock_counts_the_stock_up_to_the_alert_line_and_the_waiting_grants_only_when_an_alert_fires() {
        var clock = new MutableClock();
        var grantor = Grantor.builder().storage(memory).keyPools(counted(KeyPools.class, memory.keyPools()))
                .grants(counted(Grants.class, memory.grants())).mailer(new RecordingMailer()).clock(clock).build();
        var business = grantor.access().createBusiness("Acme").get().id();
        String entitlement = grantor.entitlements().create(business, new CreateEntitlement("Pro",
                LicenseKeyConfig.manual().withActivationsLimit(5), null, null)).get().id().value();
        grantor.keyPools().open(business, entitlement, new OpenPool((long) LINE)).get();
        for (int i = 0; i < KEYS; i++) {
            clock.advance(Duration.ofMillis(1));
            grantor.issuing().issue(business, entitlement, EngineFixture.issueTo("buyer" + i + "@example.com")).get();
        }
        var alertsBefore = alerts();
        stockCounts.set(0);
        keysCounted.set(0);
        pendingCounts.set(0);

        var report = grantor.keyPools().importKeys(business, entitlement, new ImportKeys(List.range(0, KEYS + 5)
                .map(i -> KeyLine.of(i + 1, "RESTOCK-%06d".formatted(i), null, null)))).get();

        assertThat(report.fulfilledGrants()).isEqualTo(KEYS);
        assertThat(stockCounts.get()).as("whole-pool counts: the import's own, to re-arm the alerts").isLessThanOrEqualTo(1);
        assertThat(keysCounted.get()).as("keys counted across %d takes", KEYS).isLessThanOrEqualTo((long) KEYS * (LINE + 2));
        assertThat(pendingCounts.get()).as("counts of the waiting grants").isLessThanOrEqualTo(2);
        assertThat(alerts().drop(alertsBefore.size())).as("the restock re-armed both alerts and left 5 keys, at or below"
                + " the line of 10: low stock fired once, at the take that left 10").containsExactly("key_pool.low_stock");
    }

    private List<String> alerts() {
        return memory.outboxMessages().filter(m -> m.kind() == Kind.EVENT).map(m -> m.topic())
                .filter(topic -> topic.startsWith("key_pool."));
    }

    /** {@code port} with its counts of the stock and of waiting grants noted. */
    private <T> T counted(Class<T> type, T port) {
        return type.cast(Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            switch (method.getName()) {
                case "stock" -> stockCounts.incrementAndGet();
                case "availableUpTo" -> keysCounted.addAndGet((Long) args[2]);
                case "oldestAvailable" -> keysCounted.addAndGet(args.length == 3 ? (Long) args[2] : 0L);
                case "countPending" -> pendingCounts.incrementAndGet();
                default -> { }
            }
            try {
                return method.invoke(port, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }));
    }
}

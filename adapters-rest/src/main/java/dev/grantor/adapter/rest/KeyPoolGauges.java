package dev.grantor.adapter.rest;

import dev.grantor.application.port.in.KeyPoolManagement;
import dev.grantor.application.port.in.KeyPoolManagement.PoolView;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.ToLongFunction;

/**
 * The stock of every key pool, one series per entitlement: {@code grantor.key_pool.available}, {@code .assigned},
 * {@code .voided} and {@code .waiting_grants}. Pools come and go, so the rows are read again before a scrape
 * (at most once a second) rather than fixed at start.
 */
final class KeyPoolGauges {

    private static final Duration FRESH_FOR = Duration.ofSeconds(1);

    private final KeyPoolManagement pools;
    private final InstantSource clock;
    private final MultiGauge available;
    private final MultiGauge assigned;
    private final MultiGauge voided;
    private final MultiGauge waiting;
    private final ReentrantLock lock = new ReentrantLock();
    private Instant readAt = Instant.MIN;

    private KeyPoolGauges(MeterRegistry registry, KeyPoolManagement pools, InstantSource clock) {
        this.pools = pools;
        this.clock = clock;
        this.available = MultiGauge.builder("grantor.key_pool.available")
                .description("keys available in the entitlement's pool").register(registry);
        this.assigned = MultiGauge.builder("grantor.key_pool.assigned")
                .description("keys of the entitlement's pool handed out to grants").register(registry);
        this.voided = MultiGauge.builder("grantor.key_pool.voided")
                .description("keys of the entitlement's pool withdrawn by the merchant").register(registry);
        this.waiting = MultiGauge.builder("grantor.key_pool.waiting_grants")
                .description("Pending grants of the entitlement, waiting for a key").register(registry);
    }

    /** Registers the gauges; the answer refreshes them and is run before each scrape. */
    static Runnable register(MeterRegistry registry, KeyPoolManagement pools, InstantSource clock) {
        var gauges = new KeyPoolGauges(registry, pools, clock);
        return gauges::refresh;
    }

    private void refresh() {
        lock.lock();
        try {
            Instant now = clock.instant();
            if (!now.isAfter(readAt.plus(FRESH_FOR))) {
                return;
            }
            var views = pools.stockAcrossBusinesses();
            rows(available, views, PoolView::available);
            rows(assigned, views, PoolView::assigned);
            rows(voided, views, PoolView::voided);
            rows(waiting, views, PoolView::waitingGrants);
            readAt = now;
        } finally {
            lock.unlock();
        }
    }

    private static void rows(MultiGauge gauge, io.vavr.collection.List<PoolView> views, ToLongFunction<PoolView> value) {
        gauge.register(views.map(view -> MultiGauge.Row.of(Tags.of("entitlement_id", view.pool().entitlementId().value()),
                value.applyAsLong(view))).toJavaList(), true);
    }
}

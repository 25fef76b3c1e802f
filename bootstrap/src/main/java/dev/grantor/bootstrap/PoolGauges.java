package dev.grantor.bootstrap;

import dev.grantor.adapter.persistence.JdbcStorage;
import dev.grantor.adapter.persistence.JdbcStorage.PoolStats;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.ToDoubleFunction;

/**
 * The connection pool's usage as {@code grantor_db_pool_connections{state}}: active, idle, total, waiting
 * (threads queued for a connection) and maximum. Waiting above zero is the first sign of a pool that is too small.
 */
final class PoolGauges {

    private PoolGauges() {}

    static void bind(MeterRegistry registry, JdbcStorage storage) {
        gauge(registry, storage, "active", PoolStats::active);
        gauge(registry, storage, "idle", PoolStats::idle);
        gauge(registry, storage, "total", PoolStats::total);
        gauge(registry, storage, "waiting", PoolStats::waiting);
        gauge(registry, storage, "maximum", PoolStats::maximum);
    }

    private static void gauge(MeterRegistry registry, JdbcStorage storage, String state, ToDoubleFunction<PoolStats> value) {
        // held strongly: a gauge otherwise keeps only a weak reference and reads NaN once it is collected
        Gauge.builder("grantor.db.pool.connections", storage, s -> value.applyAsDouble(s.poolStats()))
                .description("Database connections of the pool, by state")
                .tag("database", storage.databaseKind())
                .tag("state", state)
                .strongReference(true)
                .register(registry);
    }
}

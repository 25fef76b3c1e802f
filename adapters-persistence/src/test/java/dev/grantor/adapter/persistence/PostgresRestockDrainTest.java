package dev.grantor.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.adapter.persistence.bench.CountingSocketFactory;
import dev.grantor.application.Grantor;
import dev.grantor.application.port.in.KeyPoolManagement.ImportKeys;
import dev.grantor.application.port.in.KeyPoolManagement.KeyLine;
import dev.grantor.application.port.in.KeyPoolManagement.OpenPool;
import dev.grantor.domain.grant.GrantStatus;
import io.vavr.collection.List;
import org.junit.jupiter.api.Test;

/**
 * A restock's drain on PostgreSQL, counted at the driver and at the socket: every grant it fulfills is a unit of its own
 * (the pool's row lock keeps them one commit each), so what a drained grant costs is its round trips to the server, each
 * a wait for a backend on a busy machine. Two drains of the same shape, {@value #FEW} and {@value #MANY} waiting grants
 * with {@value #KEYS} keys imported each, differ by {@code MANY - FEW} grants' units exactly: the import's own unit and
 * the last unit (the one that finds no grant left) are the same in both, and no alert's line is crossed in either.
 * The import's own unit checks its keys against the issued ones in one statement, as it does against the pools'.
 */
class PostgresRestockDrainTest {

    private static final int FEW = 5;
    private static final int MANY = 25;
    private static final int KEYS = 40;
    private static final long THRESHOLD = 10;

    /**
     * The pool's lock (the unit's {@code BEGIN} rides along); the pool's next fulfillment (the oldest waiting grant with
     * its entitlement and customer, beside the oldest key with the stock counted up to the alert's line); one statement
     * writing the pooled key, the license key, the grant and the outbox rows. Eleven round trips in session 35, each read
     * and each write apart; five in session 36, the grant and the key read apart.
     */
    static final int STATEMENTS_PER_GRANT = 3;

    /** {@link #STATEMENTS_PER_GRANT} and the {@code COMMIT}. */
    static final long ROUND_TRIPS_PER_GRANT = STATEMENTS_PER_GRANT + 1;

    private record Drain(long roundTrips, List<String> statements) {}

    @Test
    void a_drained_grant_costs_three_statements_and_four_round_trips() {
        String url = PostgresFixture.newDatabase();
        String counted = url + (url.contains("?") ? "&" : "?") + "socketFactory=" + CountingSocketFactory.class.getName();
        try (var opened = JdbcStorage.open(StorageSettings.postgresql(counted, PostgresFixture.USER, PostgresFixture.PASSWORD)
                .withPoolSize(2))) {
            var executions = new CountingDataSource(opened.dataSource());
            var storage = JdbcStorage.on(executions.dataSource(), HostTransactions.NONE);
            var engine = Engines.over(storage);

            var few = drain(engine, storage, executions, FEW);
            var many = drain(engine, storage, executions, MANY);

            var onlyInTheLarger = many.statements().removeAll(few.statements()::contains);
            assertThat(many.statements().size() - few.statements().size()).as("statements of %d drained grants:%n%s",
                    MANY - FEW, String.join("\n", many.statements())).isEqualTo((MANY - FEW) * STATEMENTS_PER_GRANT);
            // a connection idle for over half a second is checked by the pool when it is lent again (one more round trip)
            assertThat(many.roundTrips() - few.roundTrips()).as("round trips of %d drained grants", MANY - FEW)
                    .isBetween((MANY - FEW) * ROUND_TRIPS_PER_GRANT, (MANY - FEW) * ROUND_TRIPS_PER_GRANT + 2);
            assertThat(onlyInTheLarger).as("statements only the larger drain ran").isEmpty();
            assertThat(few.statements().count(sql -> sql.contains("FROM license_keys WHERE value")))
                    .as("the import's checks of its %d keys against the issued ones", KEYS).isEqualTo(1);
        }
    }

    /** A pool of a fresh business with {@code waiting} Pending grants, restocked with {@link #KEYS} keys. */
    private static Drain drain(Grantor engine, JdbcStorage storage, CountingDataSource executions, int waiting) {
        var world = Samples.world(storage);
        String entitlement = world.entitlement().id().value();
        engine.keyPools().open(world.businessId(), entitlement, new OpenPool(THRESHOLD)).get();
        for (int i = 0; i < waiting; i++) {
            Engines.issuePending(engine, world);
        }
        String tag = Samples.keyValue();
        var file = new ImportKeys(List.range(0, KEYS).map(i -> KeyLine.of(i + 1, String.format("DRAIN-%s-%04d", tag, i), null, null)));
        executions.drain();
        long before = CountingSocketFactory.roundTrips();

        var report = engine.keyPools().importKeys(world.businessId(), entitlement, file).get();

        long trips = CountingSocketFactory.roundTrips() - before;
        var ran = List.ofAll(executions.drain()).map(CountingDataSource.Execution::sql);
        assertThat(report.fulfilledGrants()).isEqualTo(waiting);
        assertThat(storage.grants().oldestPending(world.entitlement().id(), 1)).isEmpty();
        assertThat(StoredRecords.count(storage, "SELECT COUNT(*) FROM grants WHERE status = '" + GrantStatus.DELIVERED.wire()
                + "' AND business_id = '" + world.businessId().value() + "'")).isEqualTo(waiting);
        return new Drain(trips, ran);
    }
}

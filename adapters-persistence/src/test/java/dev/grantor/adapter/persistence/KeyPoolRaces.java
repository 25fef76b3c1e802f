package dev.grantor.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.Grantor;
import dev.grantor.application.contract.Race;
import dev.grantor.application.port.in.GrantFulfillment.FulfillLicenseKey;
import dev.grantor.application.port.in.KeyPoolManagement.ImportKeys;
import dev.grantor.application.port.in.KeyPoolManagement.KeyLine;
import dev.grantor.application.port.in.KeyPoolManagement.OpenPool;
import dev.grantor.application.port.in.KeyPoolManagement.PoolView;
import dev.grantor.domain.grant.Grant;
import dev.grantor.domain.grant.GrantStatus;
import dev.grantor.domain.shared.GrantId;
import io.vavr.collection.List;
import io.vavr.control.Either;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Key pools under concurrent issuing through the real engine, on one database shared by every node the
 * subclass opens: no key goes to two grants, no grant waits while a key is available once the racers are done,
 * every delivered grant has its email in the outbox, and each stock alert fires once per crossing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class KeyPoolRaces {

    /** Two engines on one PostgreSQL serialise on the pool row: their races take longer than one engine's. */
    private static final Duration TWO_NODE_TIMEOUT = Duration.ofSeconds(120);

    private List<JdbcStorage> storages;
    private List<Grantor> engines;

    /** The storages of the nodes under test, all on one database; the first one also reads the results. */
    protected abstract List<JdbcStorage> openNodes();

    @BeforeAll
    void open() {
        storages = openNodes();
        engines = storages.map(Engines::over);
    }

    @AfterAll
    void close() {
        storages.forEach(JdbcStorage::close);
    }

    private Grantor node(int n) {
        return engines.get(n % engines.size());
    }

    private JdbcStorage store() {
        return storages.head();
    }

    private Samples.World pooledWorld(long threshold) {
        var world = Samples.world(store());
        engines.head().keyPools().open(world.businessId(), world.entitlement().id().value(), new OpenPool(threshold)).get();
        return world;
    }

    private PoolView pool(Samples.World world) {
        return engines.head().keyPools().get(world.businessId(), world.entitlement().id().value()).get();
    }

    private static ImportKeys keys(String prefix, int count) {
        return new ImportKeys(List.range(0, count).map(i -> KeyLine.of(i + 1, prefix + "-" + i + "-" + Samples.keyValue(), null, null)));
    }

    private List<Grant> grants(Samples.World world, List<GrantId> ids) {
        return ids.map(id -> store().grants().find(world.businessId(), id).get());
    }

    private long count(String sql) {
        return StoredRecords.count(store(), sql);
    }

    private long emails(Samples.World world) {
        return count("SELECT COUNT(*) FROM outbox WHERE kind = 'EMAIL' AND business_id = '" + world.businessId().value() + "'");
    }

    private long events(Samples.World world, String topic) {
        return count("SELECT COUNT(*) FROM outbox WHERE topic = '" + topic + "' AND business_id = '" + world.businessId().value() + "'");
    }

    /** Every assigned pooled key belongs to exactly one Delivered grant, whose key has the pooled value. */
    private void everyAssignedKeyIsDeliveredOnce(Samples.World world) {
        String pool = pool(world).pool().id().value();
        long assigned = count("SELECT COUNT(*) FROM pooled_keys WHERE pool_id = '" + pool + "' AND status = 'assigned'");
        long distinctGrants = count("SELECT COUNT(DISTINCT grant_id) FROM pooled_keys WHERE pool_id = '" + pool + "' AND status = 'assigned'");
        long matching = count("SELECT COUNT(*) FROM pooled_keys p JOIN grants g ON g.id = p.grant_id"
                + " JOIN license_keys k ON k.id = g.license_key_id WHERE p.pool_id = '" + pool + "' AND p.status = 'assigned'"
                + " AND g.status = 'Delivered' AND k.value = p.value AND k.source = 'import'");
        assertThat(distinctGrants).as("grants that got pooled keys").isEqualTo(assigned);
        assertThat(matching).as("assigned keys delivered to their grant").isEqualTo(assigned);
    }

    @Test
    void sixty_four_grants_on_a_pool_of_ten_deliver_ten_distinct_keys_and_a_restock_of_sixty_delivers_the_other_fifty_four() {
        var world = pooledWorld(3);
        engines.head().keyPools().importKeys(world.businessId(), world.entitlement().id().value(), keys("FIRST", 10)).get();

        var issued = Race.of(64, TWO_NODE_TIMEOUT, n -> Engines.issuePending(node(n), world));

        assertThat(issued).as("every issue answered").allMatch(Either::isRight);
        var ids = issued.map(Either::get);
        var after = grants(world, ids);
        var delivered = after.filter(g -> g.status() == GrantStatus.DELIVERED);
        assertThat(delivered).hasSize(10);
        assertThat(after.count(g -> g.status() == GrantStatus.PENDING)).isEqualTo(54);
        assertThat(delivered.map(g -> store().licenseKeys().find(g.licenseKeyId().get()).get().value()).distinct()).hasSize(10);
        assertThat(emails(world)).isEqualTo(10);
        assertThat(pool(world).available()).isZero();
        assertThat(pool(world).assigned()).isEqualTo(10);
        assertThat(pool(world).waitingGrants()).isEqualTo(54);
        everyAssignedKeyIsDeliveredOnce(world);
        assertThat(events(world, "key_pool.low_stock")).as("low stock once for the crossing").isEqualTo(1);
        assertThat(events(world, "key_pool.empty")).as("empty once for the emptying").isEqualTo(1);

        var restock = node(1).keyPools().importKeys(world.businessId(), world.entitlement().id().value(), keys("RESTOCK", 60)).get();

        assertThat(restock.imported()).isEqualTo(60);
        assertThat(restock.fulfilledGrants()).isEqualTo(54);
        assertThat(grants(world, ids)).allMatch(g -> g.status() == GrantStatus.DELIVERED);
        assertThat(pool(world).available()).isEqualTo(6);
        assertThat(pool(world).assigned()).isEqualTo(64);
        assertThat(emails(world)).isEqualTo(64);
        assertThat(count("SELECT COUNT(DISTINCT k.value) FROM license_keys k JOIN grants g ON g.license_key_id = k.id"
                + " WHERE g.entitlement_id = '" + world.entitlement().id().value() + "'")).isEqualTo(64);
        everyAssignedKeyIsDeliveredOnce(world);
        assertThat(events(world, "key_pool.empty")).as("the restock crossed no line downwards").isEqualTo(1);
        assertThat(events(world, "key_pool.low_stock")).isEqualTo(1);
    }

    @Test
    void an_import_racing_issuing_leaves_no_grant_waiting_while_a_key_is_available_and_no_key_twice() {
        var world = pooledWorld(0);

        var outcomes = Race.of(33, TWO_NODE_TIMEOUT, n -> n == 32
                ? node(n).keyPools().importKeys(world.businessId(), world.entitlement().id().value(), keys("RACED", 20))
                        .map(report -> (Object) report).get()
                : Engines.issuePending(node(n), world));

        assertThat(outcomes).as("every racer answered").allMatch(Either::isRight);
        var view = pool(world);
        assertThat(view.available() == 0 || view.waitingGrants() == 0)
                .as("available " + view.available() + " while " + view.waitingGrants() + " grants wait").isTrue();
        assertThat(view.available() + view.assigned()).isEqualTo(20);
        assertThat(view.assigned()).isEqualTo(20);
        assertThat(view.waitingGrants()).isEqualTo(12);
        everyAssignedKeyIsDeliveredOnce(world);
        assertThat(emails(world)).isEqualTo(20);
    }

    @Test
    void concurrent_imports_of_overlapping_files_store_each_value_once() {
        var world = pooledWorld(0);
        var shared = List.range(0, 50).map(i -> "OVERLAP-" + i + "-" + world.businessId().value());

        var outcomes = Race.of(4, TWO_NODE_TIMEOUT, n -> node(n).keyPools().importKeys(world.businessId(), world.entitlement().id().value(),
                new ImportKeys(shared.zipWithIndex().map(k -> KeyLine.of(k._2 + 1, k._1, null, null)))).get());

        assertThat(outcomes).allMatch(Either::isRight);
        assertThat(outcomes.map(o -> o.get().imported()).sum().intValue()).isEqualTo(50);
        assertThat(outcomes.map(o -> o.get().duplicates()).sum().intValue()).isEqualTo(150);
        assertThat(pool(world).available()).isEqualTo(50);
    }

    /**
     * A value exists once in the deployment: a merchant's manual fulfillment of X and a pool import of X, started
     * together round after round, never both keep it (PostgreSQL at READ COMMITTED once let both commit: each checked
     * the other's table before the other's unit had committed; V13's key_values closes it in the database).
     */
    @Test
    void a_manual_fulfillment_and_a_pool_import_of_one_value_at_the_same_instant_never_both_keep_it() {
        var world = pooledWorld(0);
        var other = Samples.entitlement(world.businessId(), Samples.manualLicenseKeys(), Samples.T0);
        store().transactions().write(() -> {
            store().entitlements().insert(other);
            return Either.right(true);
        });
        var byHand = new Samples.World(world.business(), world.customer(), other);

        for (int round = 0; round < 24; round++) {
            String value = "CONTESTED-" + round + "-" + Samples.keyValue();
            var grant = Engines.issuePending(engines.head(), byHand);

            var won = Race.answers(Race.of(2, TWO_NODE_TIMEOUT, n -> n == 0
                    ? node(0).fulfillment().fulfillLicenseKey(world.businessId(), grant.value(),
                            new FulfillLicenseKey(value, null, null)).isRight()
                    : node(1).keyPools().importKeys(world.businessId(), world.entitlement().id().value(),
                            new ImportKeys(List.of(KeyLine.of(1, value, null, null)))).get().imported() == 1));

            assertThat(won.count(Boolean::booleanValue)).as("winners of round " + round).isEqualTo(1);
            assertThat(count("SELECT COUNT(*) FROM license_keys WHERE value = '" + value + "'")
                    + count("SELECT COUNT(*) FROM pooled_keys WHERE value = '" + value + "'")).as("round " + round).isEqualTo(1);
        }
    }
}

package dev.grantor.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.Grantor;
import dev.grantor.application.port.in.KeyPoolManagement.ImportKeys;
import dev.grantor.application.port.in.KeyPoolManagement.KeyLine;
import dev.grantor.application.port.in.KeyPoolManagement.OpenPool;
import dev.grantor.domain.grant.GrantStatus;
import io.vavr.collection.List;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restock's drain on SQLite: each waiting grant is a unit of its own, oldest grant with the oldest key, and the units
 * share commits (one wait for the disk for up to {@link JdbcTransactions#MOST_UNITS_PER_COMMIT} of them) instead of
 * waiting for the disk one grant at a time, which was most of a drained grant's time.
 */
class SqliteRestockDrainTest {

    private static final int WAITING = 100;

    @TempDir
    Path dir;

    private JdbcStorage storage;
    private Grantor engine;

    @BeforeEach
    void open() {
        storage = JdbcStorage.open(TestDatabases.freshSqlite(dir).withPoolSize(8));
        engine = Engines.over(storage);
    }

    @AfterEach
    void close() {
        storage.close();
    }

    @Test
    void a_restock_pairs_the_oldest_waiting_grant_with_the_oldest_key_and_commits_the_grants_units_together() {
        var world = Samples.world(storage);
        String entitlement = world.entitlement().id().value();
        engine.keyPools().open(world.businessId(), entitlement, new OpenPool(10L)).get();
        for (int i = 0; i < WAITING; i++) {
            Engines.issuePending(engine, world);
        }
        var oldestFirst = storage.grants().oldestPending(world.entitlement().id(), WAITING).map(grant -> grant.id());
        String tag = Samples.keyValue();
        var file = new ImportKeys(List.range(0, WAITING + 5).map(i -> KeyLine.of(i + 1, String.format("DRAIN-%s-%04d", tag, i), null, null)));
        var transactions = (JdbcTransactions) storage.transactions();
        long commitsBefore = transactions.sqliteCommits();

        var report = engine.keyPools().importKeys(world.businessId(), entitlement, file).get();

        long commits = transactions.sqliteCommits() - commitsBefore;
        assertThat(report.imported()).isEqualTo(WAITING + 5);
        assertThat(report.fulfilledGrants()).isEqualTo(WAITING);
        var delivered = oldestFirst.map(id -> storage.grants().find(world.businessId(), id).get());
        assertThat(delivered).allMatch(grant -> grant.status() == GrantStatus.DELIVERED);
        assertThat(delivered.map(grant -> storage.licenseKeys().find(grant.licenseKeyId().get()).get().value().value()))
                .as("the n-th oldest waiting grant got the n-th key of the file")
                .containsExactlyElementsOf(List.range(0, WAITING).map(i -> String.format("DRAIN-%s-%04d", tag, i)));
        assertThat(StoredRecords.count(storage, "SELECT COUNT(*) FROM outbox WHERE kind = 'EMAIL' AND business_id = '"
                + world.businessId().value() + "'")).as("one email a fulfilled grant").isEqualTo(WAITING);
        // the import's unit, then the drain's units (the last one finds no grant left) in groups of at most 32
        assertThat(commits).as("write transactions committed for the import and %d drained grants", WAITING)
                .isLessThanOrEqualTo(1 + (WAITING + 1 + JdbcTransactions.MOST_UNITS_PER_COMMIT - 1) / JdbcTransactions.MOST_UNITS_PER_COMMIT);
    }
}

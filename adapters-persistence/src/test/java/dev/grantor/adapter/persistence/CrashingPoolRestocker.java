package dev.grantor.adapter.persistence;

import dev.grantor.application.port.in.KeyPoolManagement.ImportKeys;
import dev.grantor.application.port.in.KeyPoolManagement.KeyLine;
import dev.grantor.application.port.in.KeyPoolManagement.OpenPool;
import io.vavr.collection.List;
import io.vavr.control.Either;

/**
 * The child process of the pool crash test: opens a pool with {@value #WAITING} grants waiting (issued in one unit of
 * work: they are the test's setting, not what it watches, and one commit each took most of its time), then restocks it in
 * batches of {@value #BATCH} keys, each import draining the queue one grant per transaction, and reports a batch on
 * stdout only after its import (drain included) answered, until it is killed.
 */
public final class CrashingPoolRestocker {

    static final int WAITING = 200;
    static final int BATCH = 50;

    private CrashingPoolRestocker() {}

    public static void main(String[] args) {
        var storage = JdbcStorage.open(EngineProcess.store(args));
        var world = Samples.world(storage);
        var engine = Engines.over(storage);
        String entitlement = world.entitlement().id().value();
        engine.keyPools().open(world.businessId(), entitlement, new OpenPool(5L)).get();
        storage.transactions().write(() -> {
            for (int i = 0; i < WAITING; i++) {
                Engines.issuePending(engine, world);
            }
            return Either.right(true);
        });
        System.out.println("WORLD " + world.businessId().value() + " " + entitlement);
        System.out.flush();
        for (int batch = 0; ; batch++) {
            int b = batch;
            var keys = new ImportKeys(List.range(0, BATCH).map(i -> KeyLine.of(i + 1, value(b, i), null, null)));
            var report = engine.keyPools().importKeys(world.businessId(), entitlement, keys);
            if (report.isLeft() || report.get().imported() != BATCH) {
                throw new IllegalStateException("import refused: " + report);
            }
            System.out.println("RESTOCKED " + batch + " " + report.get().fulfilledGrants() + " END");
            System.out.flush();
        }
    }

    static String value(int batch, int index) {
        return "CRASH-" + batch + "-" + index;
    }
}

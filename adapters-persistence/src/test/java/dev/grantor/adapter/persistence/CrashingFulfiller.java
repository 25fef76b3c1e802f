package dev.grantor.adapter.persistence;

import dev.grantor.domain.shared.GrantorError;
import io.vavr.control.Either;
import java.nio.file.Path;
import java.time.Instant;

/**
 * The child process of the crash test: fulfills grants on a SQLite database in a loop and reports each
 * one on stdout only after its commit returned, until it is killed.
 */
public final class CrashingFulfiller {

    private CrashingFulfiller() {}

    public static void main(String[] args) {
        var storage = JdbcStorage.open(StorageSettings.sqlite(Path.of(args[0])));
        var world = Samples.world(storage);
        var fulfillments = new Fulfillments(storage);
        System.out.println("BUSINESS " + world.businessId().value());
        System.out.flush();
        while (true) {
            var grant = Samples.pendingGrant(world, Instant.now());
            storage.grants().insert(grant);
            String key = Samples.keyValue();
            Either<GrantorError, ?> done = fulfillments.fulfill(world.businessId(), grant.id(), world.entitlement(), key, Instant.now());
            if (done.isLeft()) {
                throw new IllegalStateException("fulfillment refused: " + done.getLeft());
            }
            System.out.println("DELIVERED " + grant.id().value() + " " + key + " END");
            System.out.flush();
        }
    }
}

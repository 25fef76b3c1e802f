package dev.grantor.adapter.persistence;

import dev.grantor.application.Grantor;
import dev.grantor.application.port.in.GrantFulfillment.FulfillLicenseKey;
import dev.grantor.domain.shared.GrantId;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The child process of the crash test: issues grants through the real engine on the store its arguments name and
 * fulfills each with two requests at once, each with a key of its own, as two nodes answering a retried call would,
 * until it is killed. A request answered delivered is reported on stdout only after {@code fulfillLicenseKey} answered
 * (its unit of work committed), with the key the answer names; the request that lost the race is refused or answered
 * the winner's key.
 */
public final class CrashingFulfiller {

    private CrashingFulfiller() {}

    public static void main(String[] args) throws Exception {
        var storage = JdbcStorage.open(EngineProcess.store(args));
        var world = Samples.world(storage);
        var engine = Engines.over(storage);
        System.out.println("BUSINESS " + world.businessId().value());
        System.out.flush();
        ExecutorService racers = Executors.newFixedThreadPool(2);
        var start = new CyclicBarrier(2);
        while (true) {
            var grant = Engines.issuePending(engine, world);
            Future<?> first = racers.submit(() -> race(engine, world, grant, start));
            Future<?> second = racers.submit(() -> race(engine, world, grant, start));
            first.get();
            second.get();
        }
    }

    private static Void race(Grantor engine, Samples.World world, GrantId grant, CyclicBarrier start) throws Exception {
        start.await();
        var done = engine.fulfillment().fulfillLicenseKey(world.businessId(), grant.value(),
                new FulfillLicenseKey(Samples.keyValue(), null, null));
        if (done.isRight()) {
            var key = done.get().licenseKey().getOrElseThrow(() -> new IllegalStateException("delivered without a key"));
            System.out.println("DELIVERED " + grant.value() + " " + key.value().value() + " END");
            System.out.flush();
        } else {
            System.out.println("REFUSED " + grant.value() + " " + done.getLeft().getClass().getSimpleName());
            System.out.flush();
        }
        return null;
    }
}

package dev.grantor.adapter.persistence;

import dev.grantor.application.port.in.GrantFulfillment.FulfillLicenseKey;

/**
 * The child process of the crash test: issues and fulfills grants through the real engine on the store
 * its arguments name, in a loop, and reports each one on stdout only after {@code fulfillLicenseKey} answered it
 * delivered (its unit of work committed), until it is killed.
 */
public final class CrashingFulfiller {

    private CrashingFulfiller() {}

    public static void main(String[] args) {
        var storage = JdbcStorage.open(EngineProcess.store(args));
        var world = Samples.world(storage);
        var engine = Engines.over(storage);
        System.out.println("BUSINESS " + world.businessId().value());
        System.out.flush();
        while (true) {
            var grant = Engines.issuePending(engine, world);
            String key = Samples.keyValue();
            var done = engine.fulfillment().fulfillLicenseKey(world.businessId(), grant.value(), new FulfillLicenseKey(key, null, null));
            if (done.isLeft()) {
                throw new IllegalStateException("fulfillment refused: " + done.getLeft());
            }
            System.out.println("DELIVERED " + grant.value() + " " + key + " END");
            System.out.flush();
        }
    }
}

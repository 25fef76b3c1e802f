package dev.grantor.adapter.persistence;

import dev.grantor.application.port.in.IdempotentRequests.StoredResponse;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.time.Duration;

/**
 * The child process of the idempotency crash test: claims a key, issues a grant as the request's work, and halts the
 * JVM at the moment its answer is to be stored, as a node that stops between the work and the answer would.
 */
public final class CrashingIdempotentIssuer {

    static final String KEY = "crash-key";
    static final String FINGERPRINT = "POST /entitlements/x/grants body";

    private CrashingIdempotentIssuer() {}

    public static void main(String[] args) {
        var storage = JdbcStorage.open(EngineProcess.store(args));
        var world = Samples.world(storage);
        var engine = Engines.over(storage);
        var requests = engine.idempotentRequests().get();
        System.out.println("BUSINESS " + world.businessId().value() + " " + world.customer().id().value() + " "
                + world.entitlement().id().value());
        System.out.flush();
        requests.claim(world.businessId(), KEY, FINGERPRINT, Duration.ofHours(24));
        requests.runClaimed(world.businessId(), KEY, () -> Either.<String, String>right(Engines.issuePending(engine, world).value()),
                issued -> {
                    System.out.println("ISSUED " + issued);
                    System.out.flush();
                    Runtime.getRuntime().halt(3);
                    return Option.some(new StoredResponse(201, issued));
                });
        throw new IllegalStateException("the answer was stored: the halt did not happen");
    }
}

package dev.grantor.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.Grantor;
import dev.grantor.application.port.in.IdempotentRequests.Claim;
import dev.grantor.application.port.in.IdempotentRequests.StoredResponse;
import dev.grantor.application.port.out.SendOutcome;
import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.CustomerId;
import dev.grantor.domain.shared.EntitlementId;
import dev.grantor.domain.shared.GrantId;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly once across a crash: a node that stops after an idempotent request's work and before its answer is stored
 * leaves neither behind, so the client's retry (taken over once the claim is abandoned) issues the grant once.
 */
abstract class IdempotencyCrashBehaviour {

    @TempDir
    Path dir;

    protected abstract StorageSettings store(Path dir);

    @Test
    void a_node_stopped_between_the_work_and_its_answer_leaves_no_grant_and_the_retry_issues_exactly_one() throws Exception {
        var store = store(dir);
        var child = EngineProcess.start(dir, "child", CrashingIdempotentIssuer.class, store);
        assertThat(child.exit(Duration.ofSeconds(60))).as("halted while storing the answer; " + child.stderr()).isEqualTo(3);
        String[] world = null;
        String issued = null;
        for (String line : child.lines()) {
            if (line.startsWith("BUSINESS ")) {
                world = line.substring("BUSINESS ".length()).split(" ");
            } else if (line.startsWith("ISSUED ")) {
                issued = line.substring("ISSUED ".length());
            }
        }
        assertThat(issued).as("the child did the work before it stopped; " + child.stderr()).isNotNull();
        var businessId = new BusinessId(world[0]);

        try (var reopened = JdbcStorage.open(store.withPoolSize(2))) {
            assertThat(reopened.grants().find(businessId, new GrantId(issued))).as("the grant of the unanswered request").isEmpty();

            // the client retries; past the abandoned claim's wait the same request runs again, once
            InstantSource later = () -> Instant.now().plus(Duration.ofMinutes(6));
            var engine = Grantor.builder().storage(reopened).clock(later)
                    .mailer(emails -> emails.map(email -> SendOutcome.SENT)).eventSink(event -> SendOutcome.SENT).build();
            var requests = engine.idempotentRequests().get();
            var sample = new Samples.World(reopened.businesses().find(businessId).get(),
                    reopened.customers().find(businessId, new CustomerId(world[1])).get(),
                    reopened.entitlements().find(businessId, new EntitlementId(world[2])).get());
            var ttl = Duration.ofHours(24);
            assertThat(requests.claim(businessId, CrashingIdempotentIssuer.KEY, CrashingIdempotentIssuer.FINGERPRINT, ttl))
                    .isInstanceOf(Claim.Claimed.class);
            String retried = requests.runClaimed(businessId, CrashingIdempotentIssuer.KEY,
                    () -> Either.<String, String>right(Engines.issuePending(engine, sample).value()),
                    grant -> Option.some(new StoredResponse(201, grant)));

            assertThat(StoredRecords.count(reopened, "SELECT count(*) FROM grants")).as("grants issued in all").isEqualTo(1);
            assertThat(requests.claim(businessId, CrashingIdempotentIssuer.KEY, CrashingIdempotentIssuer.FINGERPRINT, ttl))
                    .isEqualTo(new Claim.Replay(new StoredResponse(201, retried)));
        }
    }
}

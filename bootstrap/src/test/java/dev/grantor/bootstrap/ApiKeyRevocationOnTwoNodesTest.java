package dev.grantor.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.port.in.Access.Caller;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two stateless nodes on one PostgreSQL, each keeping the API keys it authenticated for a time to live: a key revoked
 * through one node is refused there from the next request on, and on the other node (or after a revocation from the
 * command line, on every node) once that node's time to live has run out, never later.
 */
class ApiKeyRevocationOnTwoNodesTest {

    /** Longer than the default, so that "still served from memory" is not a race against a loaded machine. */
    static final Duration TTL = Duration.ofSeconds(2);

    /** For the polling interval and the HTTP round trip that reports the refusal, on a machine under load. */
    static final Duration MARGIN = Duration.ofSeconds(1);

    static final Duration POLL = Duration.ofMillis(50);

    @TempDir
    Path dataDir;

    @Test
    void a_key_revoked_through_one_node_is_refused_there_at_once_and_on_the_other_within_the_time_to_live() throws Exception {
        var database = TestPostgres.newDatabase(dataDir);
        String token = ManualFulfillmentEndToEndTest.apiKeyFromTheCli(database);
        var settings = ServiceSettings.local(database, MailSettings.pickupDirectory()).withoutRelay().withApiKeyCacheTtl(TTL);
        try (var a = Service.start(settings); var b = Service.start(settings)) {
            var onA = new Http(a.url(), token);
            var onB = new Http(b.url(), token);
            Caller caller = a.deployment().grantor().access().authenticate(token).get();
            assertThat(onA.get("/entitlements").status()).isEqualTo(200);
            assertThat(onB.get("/entitlements").status()).isEqualTo(200);

            // what an embedding host or the console does on node A: the REST API has no route that revokes API keys
            assertThat(a.deployment().grantor().access().revokeApiKey(caller.business(), caller.apiKeyId()).get()).isTrue();
            long revoked = System.nanoTime();

            var onANext = onA.get("/entitlements");
            assertThat(onANext.status()).as("node A, the very next request").isEqualTo(401);
            assertThat(onANext.text("code")).isEqualTo("UNAUTHORIZED");
            assertThat(onB.get("/entitlements").status()).as("node B within its time to live, from memory").isEqualTo(200);
            Duration refusedAfter = pollUntilRefused(onB, revoked, TTL);
            assertThat(refusedAfter).as("node B refuses it within the time to live").isLessThanOrEqualTo(TTL.plus(MARGIN));
            assertThat(onA.get("/entitlements").status()).isEqualTo(401);
        }
    }

    @Test
    void a_key_revoked_from_the_command_line_is_refused_by_every_node_within_the_time_to_live() throws Exception {
        var database = TestPostgres.newDatabase(dataDir);
        String token = ManualFulfillmentEndToEndTest.apiKeyFromTheCli(database);
        var settings = ServiceSettings.local(database, MailSettings.pickupDirectory()).withoutRelay().withApiKeyCacheTtl(TTL);
        try (var a = Service.start(settings); var b = Service.start(settings)) {
            var nodes = new Http[] {new Http(a.url(), token), new Http(b.url(), token)};
            String id = a.deployment().grantor().access().authenticate(token).get().apiKeyId();
            for (var node : nodes) {
                assertThat(node.get("/entitlements").status()).isEqualTo(200);
            }

            var revoke = Cli.run(ManualFulfillmentEndToEndTest.concat(new String[] {"api-keys", "revoke", id},
                    TestPostgres.options(database)));
            assertThat(revoke.exitCode()).as(revoke.err()).isZero();
            long revoked = System.nanoTime();

            for (var node : nodes) {
                assertThat(pollUntilRefused(node, revoked, TTL)).as(node.base() + " refuses it within the time to live")
                        .isLessThanOrEqualTo(TTL.plus(MARGIN));
            }
        }
    }

    /**
     * How long after {@code since} the node first answered 401, asking every {@link #POLL}; fails if it still admits
     * the key well past {@code ttl}.
     */
    static Duration pollUntilRefused(Http node, long since, Duration ttl) throws InterruptedException {
        long giveUp = since + ttl.plus(MARGIN).multipliedBy(3).toNanos();
        while (System.nanoTime() < giveUp) {
            var answer = node.get("/entitlements");
            if (answer.status() == 401) {
                var after = Duration.ofNanos(System.nanoTime() - since);
                System.out.println(node.base() + " refused the revoked key " + after.toMillis() + " ms after its revocation (ttl "
                        + ttl.toMillis() + " ms)");
                return after;
            }
            assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
            Thread.sleep(POLL);
        }
        throw new AssertionError(node.base() + " still admits the revoked key " + Duration.ofNanos(System.nanoTime() - since)
                + " after its revocation");
    }
}

package dev.grantor.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.Grantor;
import dev.grantor.application.port.in.GrantIssuing.CustomerContact;
import dev.grantor.application.port.in.GrantIssuing.IssueGrant;
import dev.grantor.application.port.in.SigningKeyAdministration.PublicJwk;
import dev.grantor.domain.entitlement.IntegrationConfig.LicenseKeyConfig;
import dev.grantor.verifier.KeyPayload;
import dev.grantor.verifier.LicenseVerifier;
import dev.grantor.verifier.Verification;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A signed issue reads the current signing key {@code FOR SHARE} inside its unit ({@link JdbcSigningKeys#current}). When
 * a delete of that key already holds the row's lock, the issue waits; once the delete commits, PostgreSQL passes over the
 * deleted row and the same statement answers the next older key, which the issue locks and signs with. Two connections
 * on a real server: the key the issue commits names a key still published and verifies against it, with the customers'
 * verifier. (The use case refuses to delete the current key; a delete by hand, or a rotation racing an issue's read,
 * reaches the same row.)
 */
class PostgresSigningKeyFallbackTest {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @Test
    void an_issue_waiting_on_the_current_key_a_delete_removes_signs_with_the_next_older_key_and_verifies() throws Exception {
        try (var storage = JdbcStorage.open(TestDatabases.freshPostgres().withPoolSize(4))) {
            Grantor engine = Engines.over(storage);
            var world = Samples.world(storage, LicenseKeyConfig.auto().signed());
            issue(engine, world, 1);
            String older = engine.signingKeys().publicKeys(world.businessId().value()).get().keys().head().kid();
            String current = engine.signingKeys().rotate(world.businessId()).get().kid();
            var threads = Executors.newSingleThreadExecutor();
            try (Connection deleting = storage.dataSource().getConnection();
                 Connection watching = storage.dataSource().getConnection()) {
                deleting.setAutoCommit(false);
                try (var delete = deleting.prepareStatement("DELETE FROM signing_keys WHERE kid = ?")) {
                    delete.setString(1, current);
                    assertThat(delete.executeUpdate()).isEqualTo(1);
                }

                var issued = CompletableFuture.supplyAsync(() -> issue(engine, world, 2), threads);
                boolean waited = waitsOnALock(watching, issued);
                deleting.commit();
                String key = issued.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);

                assertThat(engine.signingKeys().publicKeys(world.businessId().value()).get().keys().map(PublicJwk::kid))
                        .containsExactly(older);
                var answer = LicenseVerifier.of(jwks(engine, world)).verify(key, Instant.now());
                assertThat(answer).as("%s verified against the keys published after the delete", key)
                        .isInstanceOfSatisfying(Verification.Valid.class,
                                valid -> assertThat(((KeyPayload) valid.payload()).kid()).isEqualTo(older));
                assertThat(waited).as("the issue waited on the key's row lock").isTrue();
                assertThat(engine.grants().list(world.businessId(), null).get()
                        .map(view -> view.licenseKey().get().value().value())).contains(key);
            } finally {
                threads.shutdownNow();
            }
        }
    }

    /**
     * Whether the issue came to wait on a lock before it finished, watched from a third connection; without a lock to
     * wait on, the issue finishes first and the test goes on to see what it signed with.
     */
    private static boolean waitsOnALock(Connection watching, CompletableFuture<String> issued) throws SQLException,
            InterruptedException {
        long until = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < until && !issued.isDone()) {
            try (var waiting = watching.prepareStatement("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database()"
                    + " AND wait_event_type = 'Lock' AND query LIKE '%FROM signing_keys%'"); var rows = waiting.executeQuery()) {
                rows.next();
                if (rows.getInt(1) > 0) {
                    return true;
                }
            }
            Thread.sleep(10);
        }
        return false;
    }

    private static String issue(Grantor engine, Samples.World world, int n) {
        var customer = world.customer();
        return engine.issuing().issue(world.businessId(), world.entitlement().id().value(),
                        new IssueGrant(new CustomerContact(customer.id().value(), customer.email().value(), null),
                                "pay_fallback_" + n, null, null))
                .getOrElseThrow(error -> new IllegalStateException("issuing refused: " + error.message()))
                .grant().licenseKey().get().value().value();
    }

    private static String jwks(Grantor engine, Samples.World world) {
        var keys = engine.signingKeys().publicKeys(world.businessId().value()).get().keys();
        return keys.map(k -> "{\"kty\":\"" + k.kty() + "\",\"crv\":\"" + k.crv() + "\",\"x\":\"" + k.x() + "\",\"kid\":\""
                + k.kid() + "\",\"use\":\"" + k.use() + "\"}").mkString("{\"keys\":[", ",", "]}");
    }
}

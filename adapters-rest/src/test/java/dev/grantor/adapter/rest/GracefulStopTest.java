package dev.grantor.adapter.rest;

import static dev.grantor.adapter.rest.ApiServer.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.grantor.application.port.in.Licensing;
import dev.grantor.domain.grant.LicenseKey;
import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.GrantorError;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class GracefulStopTest {

    @Test
    void stopping_lets_a_request_in_flight_finish_and_then_refuses_new_connections() throws Exception {
        var started = new CountDownLatch(1);
        Licensing slow = new Licensing() {
            @Override
            public Either<GrantorError, Activation> activate(ActivateLicense command) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Either<GrantorError, Verdict> check(ValidateLicense command) {
                started.countDown();
                try {
                    Thread.sleep(400);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return Either.right(new Verdict(true, Option.none()));
            }

            @Override
            public Either<GrantorError, LicenseKey> deactivate(DeactivateLicense command) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Option<BusinessId> keyOwner(String licenseKey) {
                return Option.none();
            }
        };
        var server = new ApiServer(s -> s, u -> new RestApi.UseCases(u.entitlements(), u.issuing(), u.fulfillment(), u.grants(),
                slow, u.access(), u.outboxAdministration(), u.idempotentRequests()));

        var inFlight = CompletableFuture.supplyAsync(() -> server.post("/licenses/validate", null, json("license_key", "K")));
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        server.close();

        var response = inFlight.get(5, TimeUnit.SECONDS);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().path("valid").asBoolean()).isTrue();
        assertThatThrownBy(() -> server.get("/health", null)).isInstanceOf(UncheckedIOException.class);
    }
}

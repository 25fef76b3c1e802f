package dev.grantor.adapter.rest;

import static dev.grantor.adapter.rest.ApiServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.memory.MutableClock;
import dev.grantor.application.port.in.DeliveryResends;
import dev.grantor.application.port.in.IdempotentRequests;
import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.GrantorError;
import io.vavr.control.Either;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class IdempotencyOverHttpTest {

    private static final ApiServer server = new ApiServer();

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String uniqueKey() {
        return "key-" + System.nanoTime();
    }

    @Nested
    class The_same_request_again {

        @Test
        void answers_the_stored_status_and_body_without_doing_the_work_twice() {
            String entitlementId = server.manualEntitlement(server.a);
            String key = uniqueKey();
            var body = json("customer", json("email", "idem-" + key + "@example.com"));

            var first = server.send("POST", "/entitlements/" + entitlementId + "/grants", server.a.writeKey(), body, "Idempotency-Key", key);
            var replay = server.send("POST", "/entitlements/" + entitlementId + "/grants", server.a.writeKey(), body, "Idempotency-Key", key);

            assertThat(first.status()).isEqualTo(201);
            assertThat(replay.status()).isEqualTo(201);
            assertThat(replay.raw()).isEqualTo(first.raw());
            assertThat(server.get("/entitlements/" + entitlementId + "/grants", server.a.readKey()).json().path("items")).hasSize(1);
        }

        @Test
        void replays_a_stored_client_error_too() {
            String key = uniqueKey();
            var first = server.send("DELETE", "/entitlements/ent_000000000000000000000", server.a.writeKey(), null,
                    "Idempotency-Key", key);
            var replay = server.send("DELETE", "/entitlements/ent_000000000000000000000", server.a.writeKey(), null, "Idempotency-Key", key);

            assertThat(first.status()).isEqualTo(404);
            assertThat(replay.status()).isEqualTo(404);
            assertThat(replay.raw()).isEqualTo(first.raw());
        }

        @Test
        void replays_an_empty_success_with_content_length_zero() {
            String entitlementId = server.manualEntitlement(server.a);
            String key = uniqueKey();
            server.send("DELETE", "/entitlements/" + entitlementId, server.a.writeKey(), null, "Idempotency-Key", key);
            var replay = server.send("DELETE", "/entitlements/" + entitlementId, server.a.writeKey(), null, "Idempotency-Key", key);

            assertThat(replay.status()).isEqualTo(200);
            assertThat(replay.header("content-length")).isEqualTo("0");
        }

        @Test
        void after_a_429_runs_the_work_rather_than_replaying_the_refusal() {
            var refusals = new java.util.concurrent.atomic.AtomicInteger(1);
            try (var limited = new ApiServer(s -> s, u -> new RestApi.UseCases(u.entitlements(), u.issuing(), u.fulfillment(),
                    u.grants(), u.licensing(), u.access(), u.outboxAdministration(), u.idempotentRequests(), u.webhooks(),
                    u.customers(), u.licenseKeys(), u.offline(), u.keyPools(), u.deliveryResends().map(resends ->
                            refusedFirst(resends, refusals)), u.portalSessions()))) {
                String grant = limited.issue(limited.a, limited.manualEntitlement(limited.a), "wait@example.com").path("id").asText();
                limited.fulfill(limited.a, grant, "KEY-WAIT-1");
                String key = uniqueKey();

                var refused = limited.send("POST", "/grants/" + grant + "/resend", limited.a.writeKey(), null, "Idempotency-Key", key);
                var afterTheWait = limited.send("POST", "/grants/" + grant + "/resend", limited.a.writeKey(), null,
                        "Idempotency-Key", key);
                var replay = limited.send("POST", "/grants/" + grant + "/resend", limited.a.writeKey(), null, "Idempotency-Key", key);

                assertThat(refused.status()).isEqualTo(429);
                assertThat(refused.header("retry-after")).isEqualTo("7");
                assertThat(afterTheWait.status()).isEqualTo(202);
                assertThat(replay.raw()).isEqualTo(afterTheWait.raw());
            }
        }

        /**
         * http-api.md: "Within 24 hours, the same key [...] returns the stored status and body". The engine's clock is
         * moved: a minute before the day is over the answer is the stored one (201, the bytes of the first), a minute after
         * it the request runs again, and issuing finds the grant the first one issued for that payment (200).
         */
        @Test
        void is_answered_from_the_store_for_24_hours_and_runs_again_after_them() {
            var clock = new MutableClock();
            try (var timed = new ApiServer(clock)) {
                String path = "/entitlements/" + timed.manualEntitlement(timed.a) + "/grants";
                String key = uniqueKey();
                var body = json("customer", json("email", "a-day@example.com"), "payment_id", "pay_a_day");

                var first = timed.send("POST", path, timed.a.writeKey(), body, "Idempotency-Key", key);
                clock.advance(Duration.ofHours(24).minusMinutes(1));
                var withinTheDay = timed.send("POST", path, timed.a.writeKey(), body, "Idempotency-Key", key);
                var anotherWithinTheDay = timed.send("POST", path, timed.a.writeKey(),
                        json("customer", json("email", "another@example.com")), "Idempotency-Key", key);
                clock.advance(Duration.ofMinutes(2));
                var afterTheDay = timed.send("POST", path, timed.a.writeKey(), body, "Idempotency-Key", key);

                assertThat(first.status()).isEqualTo(201);
                assertThat(withinTheDay.status()).isEqualTo(201);
                assertThat(withinTheDay.raw()).isEqualTo(first.raw());
                assertThat(anotherWithinTheDay.code()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
                assertThat(afterTheDay.status()).as("run again, not replayed").isEqualTo(200);
                assertThat(afterTheDay.json().path("id").asText()).isEqualTo(first.json().path("id").asText());
            }
        }

        @Test
        void from_another_business_is_a_request_of_its_own() {
            String key = uniqueKey();
            var body = json("name", "Shared key", "integration_type", "license_key", "integration_config", json());
            var ofA = server.send("POST", "/entitlements", server.a.writeKey(), body, "Idempotency-Key", key);
            var ofB = server.send("POST", "/entitlements", server.b.writeKey(), body, "Idempotency-Key", key);

            assertThat(ofB.status()).isEqualTo(200);
            assertThat(ofB.json().path("id").asText()).isNotEqualTo(ofA.json().path("id").asText());
        }
    }

    @Nested
    class A_different_request_with_the_same_key {

        @Test
        void on_another_path_is_refused() {
            String key = uniqueKey();
            server.send("DELETE", "/entitlements/ent_000000000000000000000", server.a.writeKey(), null, "Idempotency-Key", key);
            var other = server.send("DELETE", "/entitlements/ent_000000000000000000001", server.a.writeKey(), null, "Idempotency-Key", key);

            assertThat(other.status()).isEqualTo(409);
            assertThat(other.code()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
        }

        /** The method is part of what makes a request the same: a DELETE must not read back a PATCH's answer and not delete. */
        @Test
        void with_another_method_on_the_same_path_and_body_is_refused_and_does_nothing() {
            String entitlementId = server.manualEntitlement(server.a);
            String key = uniqueKey();
            var patched = server.send("PATCH", "/entitlements/" + entitlementId, server.a.writeKey(), json(), "Idempotency-Key", key);
            var deleted = server.send("DELETE", "/entitlements/" + entitlementId, server.a.writeKey(), json(), "Idempotency-Key", key);

            assertThat(patched.status()).isEqualTo(200);
            assertThat(deleted.status()).isEqualTo(409);
            assertThat(deleted.code()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
            assertThat(server.get("/entitlements/" + entitlementId, server.a.readKey()).status()).as("not deleted").isEqualTo(200);
        }

        @Test
        void running_concurrently_runs_once() throws Exception {
            String entitlementId = server.manualEntitlement(server.a);
            String key = uniqueKey();
            var body = json("customer", json("email", "race-" + key + "@example.com"));
            Callable<ApiServer.Response> issue = () -> server.send("POST", "/entitlements/" + entitlementId + "/grants",
                    server.a.writeKey(), body, "Idempotency-Key", key);
            try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
                var responses = pool.invokeAll(java.util.List.of(issue, issue, issue, issue));
                for (var response : responses) {
                    assertThat(response.get().status()).isIn(201, 409);
                }
            }
            assertThat(server.get("/entitlements/" + entitlementId + "/grants", server.a.readKey()).json().path("items")).hasSize(1);
        }
    }

    /**
     * The claim of a request still running (held here through the engine, as a node working on it would hold it), met by
     * another request with its key: a different request is 409 {@code IDEMPOTENCY_KEY_REUSED} at once, as it is once the
     * first completed; the same request waits for the first's answer (http-api.md: "the other waits for its result").
     */
    @Test
    void while_the_first_request_runs_a_different_one_is_refused_at_once_and_the_same_one_waits_for_its_answer()
            throws Exception {
        String grant = server.issue(server.a, server.manualEntitlement(server.a), "running@example.com").path("id").asText();
        String other = server.issue(server.a, server.manualEntitlement(server.a), "other@example.com").path("id").asText();
        String key = uniqueKey();
        var requests = server.grantor.idempotentRequests().get();
        String fingerprint = "POST /grants/" + grant + "/resend " + IdempotentExecution.sha256(new byte[0]);
        assertThat(requests.claim(server.a.business(), key, fingerprint, java.time.Duration.ofHours(24)))
                .isInstanceOf(IdempotentRequests.Claim.Claimed.class);

        long started = System.nanoTime();
        var different = server.send("POST", "/grants/" + other + "/resend", server.a.writeKey(), null, "Idempotency-Key", key);
        long tookMillis = (System.nanoTime() - started) / 1_000_000;
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            var same = pool.submit(() -> server.send("POST", "/grants/" + grant + "/resend", server.a.writeKey(), null,
                    "Idempotency-Key", key));
            Thread.sleep(300);
            requests.complete(server.a.business(), key, new IdempotentRequests.StoredResponse(202, "{\"answer\":\"the first's\"}"));

            assertThat(different.status()).isEqualTo(409);
            assertThat(different.code()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
            assertThat(tookMillis).as("refused without waiting for the first").isLessThan(1_000);
            assertThat(same.get().status()).isEqualTo(202);
            assertThat(same.get().raw()).contains("the first's");
        }
        assertThat(server.send("POST", "/grants/" + other + "/resend", server.a.writeKey(), null, "Idempotency-Key", key).code())
                .isEqualTo("IDEMPOTENCY_KEY_REUSED");
    }

    /** Resends that refuse as a rate limit would, as often as {@code refusals} says, and then do the work. */
    private static DeliveryResends refusedFirst(DeliveryResends resends, java.util.concurrent.atomic.AtomicInteger refusals) {
        return new DeliveryResends() {
            @Override
            public Either<GrantorError, Resend> resend(BusinessId business, String grantId, Requester requestedBy, ResendPolicy policy) {
                return refusals.getAndDecrement() > 0 ? Either.left(new GrantorError.ResendRateLimited(grantId, 7))
                        : resends.resend(business, grantId, requestedBy, policy);
            }

            @Override
            public Either<GrantorError, io.vavr.collection.List<Resend>> resends(BusinessId business, String grantId) {
                return resends.resends(business, grantId);
            }
        };
    }

    /**
     * Until session 42 a public license call, which names no business, did not read the header, and a retried activation
     * took a second seat. Activate and deactivate now read it once the license key names its holder
     * ({@link PublicIdempotencyOverHttpTest} has the rules); validate changes nothing and still reads none.
     */
    @Test
    void is_read_by_the_public_activation_once_its_license_key_is_known() {
        String grant = server.issue(server.a, server.manualEntitlement(server.a), "public@example.com").path("id").asText();
        server.fulfill(server.a, grant, "KEY-PUBLIC-IDEM-1");
        String key = uniqueKey();
        var body = json("license_key", "KEY-PUBLIC-IDEM-1", "name", "laptop");

        var first = server.send("POST", "/licenses/activate", null, body, "Idempotency-Key", key);
        var again = server.send("POST", "/licenses/activate", null, body, "Idempotency-Key", key);
        var malformed = server.send("POST", "/licenses/validate", null, json("license_key", "KEY-PUBLIC-IDEM-1"),
                "Idempotency-Key", "x".repeat(256));

        assertThat(first.status()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.raw()).as("the stored answer: the same instance").isEqualTo(first.raw());
        assertThat(server.get("/grants/" + grant, server.a.readKey()).json().path("license_key").path("activations_used").asInt())
                .isEqualTo(1);
        assertThat(malformed.status()).as("validate changes nothing and reads no key").isEqualTo(200);
        assertThat(malformed.json().path("valid").asBoolean()).isTrue();
    }

    @Test
    void a_malformed_key_is_an_invalid_request() {
        var response = server.send("DELETE", "/entitlements/ent_000000000000000000000", server.a.writeKey(), null,
                "Idempotency-Key", "x".repeat(256));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().path("details").get(0).path("field").asText()).isEqualTo("Idempotency-Key");
    }
}

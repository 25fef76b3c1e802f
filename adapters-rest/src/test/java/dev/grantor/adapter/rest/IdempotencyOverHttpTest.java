package dev.grantor.adapter.rest;

import static dev.grantor.adapter.rest.ApiServer.json;
import static org.assertj.core.api.Assertions.assertThat;

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

    @Test
    void a_malformed_key_is_an_invalid_request() {
        var response = server.send("DELETE", "/entitlements/ent_000000000000000000000", server.a.writeKey(), null,
                "Idempotency-Key", "x".repeat(256));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().path("details").get(0).path("field").asText()).isEqualTo("Idempotency-Key");
    }
}

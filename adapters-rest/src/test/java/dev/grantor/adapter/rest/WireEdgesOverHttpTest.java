package dev.grantor.adapter.rest;

import static dev.grantor.adapter.rest.ApiServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.adapter.rest.RestSettings.RateLimit;
import dev.grantor.application.HttpAnswer;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** What the contract asks of every request and response, apart from the use cases themselves. */
class WireEdgesOverHttpTest {

    private static final ApiServer server = new ApiServer();

    @AfterAll
    static void stop() {
        server.close();
    }

    @Nested
    class Request_ids {

        @Test
        void a_request_id_sent_is_echoed() {
            var response = server.send("GET", "/health", null, null, "X-Request-Id", "req-abc-123");

            assertThat(response.header("X-Request-Id")).isEqualTo("req-abc-123");
        }

        @Test
        void a_request_without_one_gets_a_fresh_one() {
            var first = server.get("/health", null);
            var second = server.get("/health", null);

            assertThat(first.header("X-Request-Id")).isNotBlank().isNotEqualTo(second.header("X-Request-Id"));
        }

        @Test
        void an_unusable_request_id_is_replaced() {
            var response = server.send("GET", "/health", null, null, "X-Request-Id", "x".repeat(500));

            assertThat(response.header("X-Request-Id")).hasSizeLessThan(100);
        }
    }

    @Nested
    class Bodies {

        @Test
        void unknown_fields_are_ignored() {
            var response = server.post("/entitlements", server.a.writeKey(), json("name", "Extra", "integration_type", "license_key",
                    "integration_config", json("fulfillment_mode", "manual"), "colour", "blue", "nested", json("x", 1)));

            assertThat(response.status()).isEqualTo(200);
        }

        @Test
        void json_with_a_charset_is_json() {
            var response = server.send("POST", "/licenses/validate", null, json("license_key", "NOPE"),
                    "Content-Type", "application/json; charset=utf-8");

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.json().path("valid").asBoolean()).isFalse();
        }

        @Test
        void a_body_just_under_the_limit_is_read() {
            String padded = ApiServer.write(json("license_key", "NOPE", "padding", "x".repeat(60 * 1024)));

            assertThat(server.send("POST", "/licenses/validate", null, padded).status()).isEqualTo(200);
        }
    }

    @Nested
    class Query_parameters {

        @Test
        void one_given_twice_is_a_validation_failure_naming_it_and_not_the_first_value_alone() {
            var statuses = server.get("/grants?status=pending&status=delivered", server.a.readKey());
            var sizes = server.get("/entitlements?page_size=1&page_size=500", server.a.readKey());

            assertThat(statuses.status()).as(statuses.raw()).isEqualTo(422);
            assertThat(statuses.code()).isEqualTo("VALIDATION_FAILED");
            assertThat(statuses.json().path("details").get(0).path("field").asText()).isEqualTo("status");
            assertThat(sizes.status()).as(sizes.raw()).isEqualTo(422);
            assertThat(sizes.json().path("details").get(0).path("field").asText()).isEqualTo("page_size");
        }

        @Test
        void each_given_once_is_read_and_the_endpoints_that_read_none_ignore_them() {
            assertThat(server.get("/grants?status=pending&page_size=1", server.a.readKey()).status()).isEqualTo(200);
            assertThat(server.get("/health?probe=1&probe=2", null).status()).isEqualTo(200);
            assertThat(server.send("POST", "/licenses/validate?a=1&a=2", null, json("license_key", "NOPE")).status()).isEqualTo(200);
        }
    }

    @Nested
    class Answer_bodies {

        @Test
        void a_small_answer_goes_out_whole_with_its_length_and_uncompressed() {
            var answer = HttpAnswer.exchange(server.api.port(), "POST /licenses/validate HTTP/1.1\r\nHost: x\r\n"
                    + "Accept-Encoding: gzip\r\nContent-Type: application/json\r\nContent-Length: 22\r\n"
                    + "Connection: close\r\n\r\n{\"license_key\":\"NOPE\"}");

            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.body()).isEqualTo("{\"valid\":false}");
            assertThat(answer.headers()).containsEntry("content-length", "15").doesNotContainKey("content-encoding");
        }

        @Test
        void answers_of_one_connection_stay_apart() {
            var twice = "POST /licenses/validate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 22\r\n\r\n{\"license_key\":\"NOPE\"}";
            try (var socket = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), server.api.port())) {
                socket.setSoTimeout(10_000);
                socket.getOutputStream().write((twice + twice + "GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
                        .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
                var first = HttpAnswer.read(socket.getInputStream());
                var second = HttpAnswer.read(socket.getInputStream());
                var third = HttpAnswer.read(socket.getInputStream());

                assertThat(List.of(first.body(), second.body())).containsOnly("{\"valid\":false}");
                assertThat(third.status()).isEqualTo(200);
                assertThat(third.contentType()).startsWith("application/json");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Test
        void a_large_answer_is_still_compressed_for_a_client_that_accepts_it() throws Exception {
            var tenant = server.tenant("Many entitlements");
            for (int i = 0; i < 12; i++) {
                server.post("/entitlements", tenant.writeKey(), json("name", "Entitlement number " + i, "description",
                        "x".repeat(100), "integration_type", "license_key", "integration_config", json("fulfillment_mode", "manual")));
            }
            var request = java.net.http.HttpRequest.newBuilder(server.uri("/entitlements?page_size=100"))
                    .header("Authorization", "Bearer " + tenant.writeKey()).header("Accept-Encoding", "gzip").build();
            var response = java.net.http.HttpClient.newHttpClient().send(request,
                    java.net.http.HttpResponse.BodyHandlers.ofByteArray());

            assertThat(response.headers().firstValue("Content-Encoding")).hasValue("gzip");
            try (var unzipped = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(response.body()))) {
                byte[] plain = unzipped.readAllBytes();
                assertThat(plain.length).isGreaterThanOrEqualTo(RequestPipeline.NEVER_COMPRESSED_BELOW);
                assertThat(ApiServer.JSON.readTree(plain).path("items").size()).isEqualTo(12);
            }
        }
    }

    @Nested
    class Updating_an_entitlement {

        @Test
        void an_absent_description_keeps_it_and_a_null_one_clears_it() {
            var created = server.post("/entitlements", server.a.writeKey(), json("name", "Described", "integration_type", "license_key",
                    "integration_config", json(), "description", "first words"));
            String path = "/entitlements/" + created.json().path("id").asText();

            var renamed = server.send("PATCH", path, server.a.writeKey(), json("name", "Renamed"));
            assertThat(renamed.json().path("name").asText()).isEqualTo("Renamed");
            assertThat(renamed.json().path("description").asText()).isEqualTo("first words");

            var cleared = server.send("PATCH", path, server.a.writeKey(), json("description", null));
            assertThat(cleared.json().path("description").isNull()).isTrue();
            assertThat(cleared.json().path("name").asText()).isEqualTo("Renamed");
        }

        @Test
        void its_integration_type_cannot_change() {
            var created = server.post("/entitlements", server.a.writeKey(), json("name", "Typed", "integration_type", "license_key",
                    "integration_config", json()));
            String path = "/entitlements/" + created.json().path("id").asText();

            var same = server.send("PATCH", path, server.a.writeKey(), json("integration_type", "license_key", "name", "Same type"));
            var other = server.send("PATCH", path, server.a.writeKey(), json("integration_type", "github", "name", "Other type"));

            assertThat(same.status()).isEqualTo(200);
            assertThat(other.status()).isEqualTo(422);
            assertThat(other.json().path("details").get(0).path("field").asText()).isEqualTo("integration_type");
            assertThat(server.get(path, server.a.readKey()).json().path("name").asText()).isEqualTo("Same type");
        }
    }

    @Nested
    class Licenses {

        @Test
        void an_authorization_header_is_ignored() {
            var response = server.post("/licenses/validate", "not-a-key-at-all", json("license_key", "NOPE"));

            assertThat(response.status()).isEqualTo(200);
        }

        @Test
        void are_rate_limited_per_client_address() {
            try (var tight = new ApiServer(s -> s.withRateLimits(new RateLimit(100, 100), new RateLimit(2, 0.001)), null)) {
                tight.post("/licenses/validate", null, json("license_key", "GUESS-1"));
                tight.post("/licenses/validate", null, json("license_key", "GUESS-2"));
                var limited = tight.post("/licenses/validate", null, json("license_key", "GUESS-3"));

                assertThat(limited.status()).isEqualTo(429);
                assertThat(limited.header("retry-after")).isNotBlank();
                assertThat(tight.get("/entitlements", tight.a.readKey()).status()).isEqualTo(200);
            }
        }
    }

    @Nested
    class Two_authorization_headers {

        private ApiServer.Response twice(String method, String path, String body) {
            var request = java.net.http.HttpRequest.newBuilder(server.uri(path))
                    .header("Authorization", "Bearer " + server.a.readKey())
                    .header("Authorization", "Bearer " + server.b.readKey());
            if (body == null) {
                request.method(method, java.net.http.HttpRequest.BodyPublishers.noBody());
            } else {
                request.header("Content-Type", "application/json")
                        .method(method, java.net.http.HttpRequest.BodyPublishers.ofString(body));
            }
            return server.exchange(request.build());
        }

        @Test
        void are_refused_where_a_key_is_needed_since_either_could_be_the_one_that_counts() {
            var refused = twice("GET", "/entitlements", null);

            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.code()).isEqualTo("INVALID_REQUEST");
        }

        @Test
        void are_ignored_by_the_license_endpoints_like_one() {
            assertThat(twice("POST", "/licenses/validate", "{\"license_key\":\"NOPE\"}").status()).isEqualTo(200);
        }

        @Test
        void are_ignored_by_the_operations_endpoints() {
            for (String path : List.of("/health", "/ready", "/metrics", "/openapi.json")) {
                assertThat(twice("GET", path, null).status()).as(path).isEqualTo(200);
            }
        }
    }

    @Nested
    class Merchant_rate_limits {

        @Test
        void are_per_api_key() {
            try (var tight = new ApiServer(s -> s.withRateLimits(new RateLimit(1, 0.001), new RateLimit(100, 100)), null)) {
                assertThat(tight.get("/entitlements", tight.a.readKey()).status()).isEqualTo(200);
                assertThat(tight.get("/entitlements", tight.a.readKey()).status()).isEqualTo(429);
                assertThat(tight.get("/entitlements", tight.a.writeKey()).status()).isEqualTo(200);
                assertThat(tight.get("/entitlements", tight.b.readKey()).status()).isEqualTo(200);
            }
        }

        /**
         * While an address is over its limit, a key counts only if it worked lately: otherwise a guess that happened
         * to be right would still get in, and the limit would not slow guessing at all.
         */
        @Test
        void failed_authentications_are_limited_per_client_address() {
            try (var tight = new ApiServer(s -> s.withRateLimits(new RateLimit(100, 100), new RateLimit(2, 0.001)), null)) {
                assertThat(tight.get("/entitlements", tight.a.readKey()).status()).isEqualTo(200);
                assertThat(tight.get("/entitlements", "guess-1").status()).isEqualTo(401);
                assertThat(tight.get("/entitlements", "guess-2").status()).isEqualTo(401);
                assertThat(tight.get("/entitlements", "guess-3").status()).isEqualTo(429);
                assertThat(tight.get("/entitlements", tight.a.readKey()).status()).isEqualTo(200);
                assertThat(tight.get("/entitlements", tight.b.readKey()).status())
                        .as("a valid key this address never showed is as good as a guess until the limit refills").isEqualTo(429);
            }
        }
    }

    @Nested
    class Operations {

        @Test
        void health_needs_no_key() {
            assertThat(server.get("/health", null).status()).isEqualTo(200);
        }

        @Test
        void ready_answers_503_while_the_check_fails() {
            server.ready.set(false);
            try {
                var response = server.get("/ready", null);
                assertThat(response.status()).isEqualTo(503);
                assertThat(response.header("x-should-retry")).isNull();
            } finally {
                server.ready.set(true);
            }
            assertThat(server.get("/ready", null).status()).isEqualTo(200);
        }

        @Test
        void metrics_count_requests_by_route_and_status_with_latency_buckets() {
            server.get("/entitlements/ent_000000000000000000000", server.a.readKey());

            var metrics = server.get("/metrics", null);

            assertThat(metrics.status()).isEqualTo(200);
            assertThat(metrics.header("content-type")).startsWith("text/plain");
            assertThat(metrics.raw())
                    .contains("http_server_requests_seconds_count{method=\"GET\",route=\"/entitlements/{id}\",status=\"404\"}")
                    .contains("http_server_requests_seconds_bucket{")
                    .contains("grantor_outbox_pending");
        }

        /**
         * Any token is an HTTP method to Jetty, and each one a client made up became a series of its own (64 lines of
         * histogram each): a few thousand requests grew the registry and every scrape without bound.
         */
        @Test
        void a_method_nobody_serves_adds_no_series_of_its_own() {
            for (int i = 0; i < 20; i++) {
                assertThat(server.send("MADEUP" + i, "/health", null, null).status()).isEqualTo(404);
            }
            server.send("PROPFIND", "/entitlements/ent_000000000000000000000", server.a.readKey(), null);

            String metrics = server.get("/metrics", null).raw();

            assertThat(metrics).doesNotContain("MADEUP").doesNotContain("PROPFIND")
                    .contains("http_server_requests_seconds_count{method=\"OTHER\",route=\"unmatched\",status=\"404\"}");
        }

        @Test
        void the_openapi_document_is_served_as_3_1() {
            var document = server.get("/openapi.json", null);

            assertThat(document.status()).isEqualTo(200);
            assertThat(document.json().path("openapi").asText()).startsWith("3.1");
        }
    }
}

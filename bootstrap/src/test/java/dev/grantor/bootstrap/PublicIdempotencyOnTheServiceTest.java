package dev.grantor.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.grantor.adapter.rest.RestSettings;
import dev.grantor.adapter.rest.RestSettings.RateLimit;
import dev.grantor.application.outbox.RelayPolicy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code Idempotency-Key} on {@code POST /licenses/activate}, on the service over real HTTP, on SQLite and on
 * PostgreSQL, whose stores claim a key each in their own way: a retry answers the same instance, another license key
 * with the same idempotency key activates on its own, and duplicates sent at the same moment take one seat.
 */
class PublicIdempotencyOnTheServiceTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final int ROUNDS = 6;
    static final int CLIENTS = 4;

    @TempDir
    Path dataDir;

    @Test
    void a_retried_or_raced_activation_takes_one_seat_on_sqlite() throws Exception {
        run(DatabaseSettings.embedded(dataDir));
    }

    @Test
    void a_retried_or_raced_activation_takes_one_seat_on_postgresql() throws Exception {
        run(TestPostgres.newDatabase(dataDir));
    }

    private void run(DatabaseSettings database) throws Exception {
        var plenty = new RateLimit(100_000, 100_000);
        var settings = new ServiceSettings(RestSettings.defaults().withPort(0).withRateLimits(plenty, plenty), database,
                MailSettings.pickupDirectory(), false, RelayPolicy.defaults());
        try (var service = Service.start(settings)) {
            var grantor = service.deployment().grantor();
            var shop = grantor.access().createBusiness("Shop").get().id();
            var http = new Calls(service.url().toString(), grantor.access().createApiKey(shop, false).get().token());
            String entitlement = http.merchant("POST", "/entitlements", """
                    {"name": "Pro", "integration_type": "license_key",
                     "integration_config": {"fulfillment_mode": "manual", "activations_limit": 2}}
                    """).path("id").asText();

            String grant = http.keyed(entitlement, "SERVICE-IDEM-1");
            http.keyed(entitlement, "SERVICE-IDEM-2");
            String laptop = """
                    {"license_key": "SERVICE-IDEM-1", "name": "laptop"}""";
            var first = http.activate(laptop, "install-1");
            var retry = http.activate(laptop, "install-1");
            var otherKey = http.activate("""
                    {"license_key": "SERVICE-IDEM-2", "name": "laptop"}""", "install-1");

            assertThat(first.statusCode()).isEqualTo(201);
            assertThat(retry.body()).as("the stored answer").isEqualTo(first.body());
            assertThat(http.seats(grant)).isEqualTo(1);
            assertThat(otherKey.statusCode()).isEqualTo(201);
            assertThat(JSON.readTree(otherKey.body()).path("id").asText())
                    .isNotEqualTo(JSON.readTree(first.body()).path("id").asText());

            for (int round = 0; round < ROUNDS; round++) {
                String key = "SERVICE-RACE-" + round;
                String raced = http.keyed(entitlement, key);
                var answers = http.race("{\"license_key\": \"" + key + "\", \"name\": \"pc\"}", "race-" + round);

                var created = answers.stream().filter(answer -> answer.statusCode() == 201).map(HttpResponse::body).toList();
                assertThat(created).as("round " + round).isNotEmpty();
                assertThat(created).as("every 201 is the one instance").containsOnly(created.getFirst());
                assertThat(answers).allSatisfy(answer -> assertThat(answer.statusCode() == 201
                        || answer.statusCode() == 409 && answer.body().contains("IDEMPOTENCY_KEY_REUSED")).as(answer.body()).isTrue());
                assertThat(http.seats(raced)).as("round " + round).isEqualTo(1);
            }
        }
    }

    private record Calls(String url, String token) {
        private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

        HttpResponse<String> send(String method, String path, String body, String... headers) throws Exception {
            var request = HttpRequest.newBuilder(URI.create(url + path.substring(1))).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
            for (int i = 0; i < headers.length; i += 2) {
                request.header(headers[i], headers[i + 1]);
            }
            return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }

        JsonNode merchant(String method, String path, String body) throws Exception {
            var response = send(method, path, body, "Authorization", "Bearer " + token);
            assertThat(response.statusCode() / 100).as(method + " " + path + ": " + response.body()).isEqualTo(2);
            return JSON.readTree(response.body());
        }

        /** A new grant fulfilled with {@code key}; answers the grant's id. */
        String keyed(String entitlement, String key) throws Exception {
            String grant = merchant("POST", "/entitlements/" + entitlement + "/grants",
                    "{\"customer\": {\"email\": \"" + key.toLowerCase() + "@example.com\"}}").path("id").asText();
            merchant("POST", "/grants/" + grant + "/license-key", "{\"key\": \"" + key + "\"}");
            return grant;
        }

        int seats(String grant) throws Exception {
            return merchant("GET", "/grants/" + grant, null).path("license_key").path("activations_used").asInt();
        }

        HttpResponse<String> activate(String body, String idempotencyKey) throws Exception {
            return send("POST", "/licenses/activate", body, "Idempotency-Key", idempotencyKey);
        }

        List<HttpResponse<String>> race(String body, String idempotencyKey) throws Exception {
            var barrier = new CyclicBarrier(CLIENTS);
            var pool = Executors.newFixedThreadPool(CLIENTS);
            try {
                var futures = new ArrayList<Future<HttpResponse<String>>>();
                for (int i = 0; i < CLIENTS; i++) {
                    futures.add(pool.submit(() -> {
                        barrier.await(10, TimeUnit.SECONDS);
                        return activate(body, idempotencyKey);
                    }));
                }
                var answers = new ArrayList<HttpResponse<String>>();
                for (var future : futures) {
                    answers.add(future.get(60, TimeUnit.SECONDS));
                }
                return answers;
            } finally {
                pool.shutdownNow();
            }
        }
    }
}

package dev.grantor.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.grantor.adapter.rest.RestSettings;
import dev.grantor.application.outbox.RelayPolicy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same fulfillment sent several times at once (a client retrying while its first request still runs, an operator's
 * double click): rule 5 comes before rule 6, so every copy that finds the grant delivered with exactly this key
 * succeeds again, and none is told the key is in use. On PostgreSQL the copies race on the key's unique value: the
 * loser of that race must be answered as the grant now stands, not as a key another grant took.
 */
class ConcurrentSameKeyFulfillOnTheServiceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final int COPIES = 12;
    private static final int ROUNDS = 4;

    @TempDir
    Path dataDir;

    @Test
    void every_copy_of_one_fulfillment_succeeds_on_postgresql() throws Exception {
        run(TestPostgres.newDatabase(dataDir));
    }

    @Test
    void every_copy_of_one_fulfillment_succeeds_on_sqlite() throws Exception {
        run(DatabaseSettings.embedded(dataDir));
    }

    private void run(DatabaseSettings database) throws Exception {
        var settings = new ServiceSettings(RestSettings.defaults().withPort(0), database, MailSettings.pickupDirectory(), false,
                RelayPolicy.defaults());
        try (var service = Service.start(settings); var pool = Executors.newFixedThreadPool(COPIES)) {
            var grantor = service.deployment().grantor();
            var shop = grantor.access().createBusiness("Shop").get().id();
            String apiKey = grantor.access().createApiKey(shop, false).get().token();
            String entitlement = field(send(service.url(), "/entitlements", apiKey, """
                    {"name": "Pro", "integration_type": "license_key",
                     "integration_config": {"fulfillment_mode": "manual", "activations_limit": 2}}
                    """), "id");
            for (int round = 0; round < ROUNDS; round++) {
                String grant = field(send(service.url(), "/entitlements/" + entitlement + "/grants", apiKey,
                        "{\"customer\": {\"email\": \"twice" + round + "@example.com\"}}"), "id");
                String key = "DOUBLE-CLICK-" + round + "-7Q2M-9XKD";
                var start = new CountDownLatch(1);
                var answers = new ArrayList<Future<HttpResponse<String>>>();
                for (int copy = 0; copy < COPIES; copy++) {
                    answers.add(pool.submit(() -> {
                        start.await();
                        return send(service.url(), "/grants/" + grant + "/license-key", apiKey, "{\"key\": \"" + key + "\"}");
                    }));
                }
                start.countDown();
                for (var answer : answers) {
                    var reply = answer.get();
                    assertThat(reply.statusCode()).as("round %d: %s", round, reply.body()).isEqualTo(200);
                    assertThat(JSON.readTree(reply.body()).path("license_key").path("key").asText()).isEqualTo(key);
                }
                assertThat(licenseKeysWithValue(database, key)).as("one key stored").isEqualTo(1);
            }
        }
    }

    private static long licenseKeysWithValue(DatabaseSettings database, String value) throws Exception {
        try (var connection = database.url().isEmpty()
                ? DriverManager.getConnection("jdbc:sqlite:" + database.embeddedFile())
                : DriverManager.getConnection(database.url().get(), database.user().get(), database.password().get());
             var query = connection.prepareStatement("SELECT count(*) FROM license_keys WHERE value = ?")) {
            query.setString(1, value);
            try (var found = query.executeQuery()) {
                found.next();
                return found.getLong(1);
            }
        }
    }

    private static HttpResponse<String> send(URI base, String path, String apiKey, String body) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + apiKey).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String field(HttpResponse<String> answer, String name) throws Exception {
        assertThat(answer.statusCode() / 100).as(answer.body()).isEqualTo(2);
        return JSON.readTree(answer.body()).path(name).asText();
    }
}

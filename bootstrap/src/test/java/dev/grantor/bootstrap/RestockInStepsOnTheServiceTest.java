package dev.grantor.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.grantor.application.port.in.GrantIssuing.CustomerContact;
import dev.grantor.application.port.in.GrantIssuing.IssueGrant;
import dev.grantor.domain.shared.BusinessId;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restock sent with an {@code Idempotency-Key}, on the service over real HTTP, on SQLite and on PostgreSQL. Its drain
 * commits grant by grant, as a restock without a key does: until session 33 the whole drain ran inside the one unit
 * that stores the idempotent answer, so no fulfillment showed until the last, and on SQLite every other business's
 * writes waited the whole drain out (8.5 s for 1,000 grants on a busy machine). The answer is still stored once and
 * replayed whole.
 */
class RestockInStepsOnTheServiceTest {

    static final int WAITING = 300;
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    @Test
    void an_idempotent_restock_fulfills_grant_by_grant_and_another_business_writes_meanwhile_on_sqlite() throws Exception {
        run(DatabaseSettings.embedded(dataDir));
    }

    @Test
    void an_idempotent_restock_fulfills_grant_by_grant_and_another_business_writes_meanwhile_on_postgresql() throws Exception {
        run(TestPostgres.newDatabase(dataDir));
    }

    private void run(DatabaseSettings database) throws Exception {
        var settings = ServiceSettings.local(database, MailSettings.pickupDirectory()).withoutRelay();
        try (var service = Service.start(settings)) {
            var grantor = service.deployment().grantor();
            BusinessId shop = grantor.access().createBusiness("Shop").get().id();
            BusinessId other = grantor.access().createBusiness("Other").get().id();
            var api = new Api(service.url().toString(), grantor.access().createApiKey(shop, false).get().token());
            var otherApi = new Api(service.url().toString(), grantor.access().createApiKey(other, false).get().token());
            String entitlement = api.send("POST", "/entitlements", """
                    {"name": "Pooled", "integration_type": "license_key", "integration_config": {"fulfillment_mode": "manual"}}
                    """, 200).path("id").asText();
            api.send("POST", "/entitlements/" + entitlement + "/key-pool", "{}", 201);
            for (int i = 0; i < WAITING; i++) {
                grantor.issuing().issue(shop, entitlement, new IssueGrant(new CustomerContact(null, "w" + i + "@example.com",
                        null), "pay_" + i, null, null)).get();
            }
            var keys = new StringBuilder();
            for (int i = 0; i < WAITING; i++) {
                keys.append("RESTOCK-IN-STEPS-%05d%n".formatted(i));
            }
            String pool = "/entitlements/" + entitlement + "/key-pool";

            CompletableFuture<HttpResponse<String>> restock = api.importAsync(pool + "/keys", keys.toString(), "restock-1");
            int assigned = 0;
            while (!restock.isDone() && (assigned == 0 || assigned == WAITING)) {
                Thread.sleep(25); // within the key's 50 requests a second
                assigned = api.send("GET", pool, null, 200).path("assigned").asInt();
            }
            otherApi.send("POST", "/entitlements", """
                    {"name": "Written meanwhile", "integration_type": "license_key", "integration_config": {"fulfillment_mode": "auto"}}
                    """, 200);
            int afterOtherWrite = api.send("GET", pool, null, 200).path("assigned").asInt();
            var answer = restock.get();

            assertThat(assigned).as("a fulfillment seen before the drain ended").isBetween(1, WAITING - 1);
            assertThat(afterOtherWrite).as("another business's write answered while the drain went on").isLessThan(WAITING);
            assertThat(answer.statusCode()).isEqualTo(200);
            var report = JSON.readTree(answer.body());
            assertThat(report.path("imported").asInt()).isEqualTo(WAITING);
            assertThat(report.path("fulfilled_grants").asInt()).isEqualTo(WAITING);
            var replay = api.importAsync(pool + "/keys", keys.toString(), "restock-1").get();
            assertThat(replay.statusCode()).isEqualTo(200);
            assertThat(replay.body()).as("the stored answer, replayed").isEqualTo(answer.body());
            var after = api.send("GET", pool, null, 200);
            assertThat(after.path("assigned").asInt()).isEqualTo(WAITING);
            assertThat(after.path("available").asInt()).isZero();
            assertThat(after.path("waiting_grants").asInt()).isZero();
        }
    }

    private record Api(String url, String token) {
        private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

        JsonNode send(String method, String path, String body, int status) throws Exception {
            var request = HttpRequest.newBuilder(URI.create(url + path.substring(1)))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                    .build();
            var response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isEqualTo(status);
            return JSON.readTree(response.body());
        }

        CompletableFuture<HttpResponse<String>> importAsync(String path, String keys, String idempotencyKey) {
            var request = HttpRequest.newBuilder(URI.create(url + path.substring(1)))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "text/plain")
                    .header("Idempotency-Key", idempotencyKey)
                    .POST(HttpRequest.BodyPublishers.ofString(keys, StandardCharsets.UTF_8))
                    .build();
            return HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString());
        }
    }
}

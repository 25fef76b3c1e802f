package dev.grantor.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.grantor.adapter.rest.RestSettings;
import dev.grantor.application.outbox.RelayPolicy;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /customers/{id}/customer-portal/session} with an {@code Idempotency-Key}, on the service over real HTTP, on
 * SQLite and on PostgreSQL: the stored answer holds a live sign-in, so the database keeps neither the link's token nor
 * the caller's key in any column, while a retry with the key answers the same bytes, whose link still signs in once.
 * Another route's record is kept as before, under the key as sent.
 */
class SealedPortalLinkOnTheServiceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final String KEY = "portal-retry-0b6f3c2e-5d41-4a9e-8f7a-17c0de5ea1ed";

    @TempDir
    Path dataDir;

    @Test
    void the_stored_portal_link_is_sealed_under_the_callers_key_on_sqlite() throws Exception {
        run(DatabaseSettings.embedded(dataDir));
    }

    @Test
    void the_stored_portal_link_is_sealed_under_the_callers_key_on_postgresql() throws Exception {
        run(TestPostgres.newDatabase(dataDir));
    }

    private void run(DatabaseSettings database) throws Exception {
        var settings = new ServiceSettings(RestSettings.defaults().withPort(0), database, MailSettings.pickupDirectory(), false,
                RelayPolicy.defaults());
        try (var service = Service.start(settings)) {
            var grantor = service.deployment().grantor();
            var shop = grantor.access().createBusiness("Shop").get().id();
            String apiKey = grantor.access().createApiKey(shop, false).get().token();
            String entitlement = field(send(service, "POST", "/entitlements", apiKey, null, """
                    {"name": "Pro", "integration_type": "license_key",
                     "integration_config": {"fulfillment_mode": "manual", "activations_limit": 2}}
                    """), "id");
            String customer = field(send(service, "POST", "/entitlements/" + entitlement + "/grants", apiKey, "grant-key-1",
                    "{\"customer\": {\"email\": \"sealed@example.com\"}}"), "customer_id");
            String session = "/customers/" + customer + "/customer-portal/session?return_url="
                    + URLEncoder.encode("https://shop.example/account", StandardCharsets.UTF_8);

            var first = send(service, "POST", session, apiKey, KEY, null);
            var retry = send(service, "POST", session, apiKey, KEY, null);

            assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
            assertThat(retry.statusCode()).isEqualTo(200);
            assertThat(retry.body()).as("the first answer, byte for byte").isEqualTo(first.body());
            String link = JSON.readTree(first.body()).path("link").asText();
            String token = link.substring(link.indexOf("/portal/link/") + "/portal/link/".length());
            assertThat(token).hasSize(43);

            var rows = idempotencyRows(database);
            assertThat(rows).as("the grant's record and the portal session's").hasSize(2);
            assertThat(rows).allSatisfy(row -> assertThat(row).noneMatch(column -> column.contains(token))
                    .noneMatch(column -> column.contains(KEY)));
            assertThat(rows).anySatisfy(row -> {
                assertThat(row.get(0)).startsWith("\u00a7sealed:");
                assertThat(row.get(2)).isEqualTo("200");
                assertThat(row.get(3)).startsWith("aes-256-gcm:");
            });
            assertThat(rows).as("another route's record is kept as before")
                    .anySatisfy(row -> assertThat(row.get(0)).isEqualTo("grant-key-1"));

            var otherReturn = send(service, "POST", session.replace("account", "elsewhere"), apiKey, KEY, null);
            var otherBody = send(service, "POST", session, apiKey, KEY, "{}");
            var otherCustomer = send(service, "POST", "/customers/cus_nobody/customer-portal/session", apiKey, KEY, null);
            assertThat(List.of(otherReturn, otherBody, otherCustomer)).allSatisfy(answer -> {
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(409);
                assertThat(answer.body()).contains("IDEMPOTENCY_KEY_REUSED");
            });

            var customerBrowser = new Browser(service);
            assertThat(customerBrowser.signIn(token)).as("the replayed link signs in").isEqualTo(303);
            assertThat(customerBrowser.get("/portal/").statusCode()).isEqualTo(200);
            assertThat(new Browser(service).get("/portal/link/" + token).statusCode()).as("once only").isEqualTo(401);
            assertThat(send(service, "POST", session, apiKey, KEY, null).body()).as("still replayed after it was used")
                    .isEqualTo(first.body());
        }
    }

    /** Every column of every idempotency record, as text: key, fingerprint, status, body, business. */
    private List<List<String>> idempotencyRows(DatabaseSettings database) throws Exception {
        var rows = new ArrayList<List<String>>();
        try (Connection connection = database.url().isEmpty()
                ? DriverManager.getConnection("jdbc:sqlite:" + database.embeddedFile())
                : DriverManager.getConnection(database.url().get(), database.user().get(), database.password().get());
             var found = connection.createStatement().executeQuery("SELECT idempotency_key, fingerprint, response_status,"
                     + " response_body, business_id, claimed_at, completed_at FROM idempotency_records")) {
            while (found.next()) {
                var row = new ArrayList<String>();
                for (int column = 1; column <= 7; column++) {
                    row.add(String.valueOf(found.getString(column)));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private static HttpResponse<String> send(Service service, String method, String path, String apiKey, String idempotencyKey,
                                             String body) throws Exception {
        var request = HttpRequest.newBuilder(service.url().resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + apiKey)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String field(HttpResponse<String> answer, String name) throws Exception {
        assertThat(answer.statusCode() / 100).as(answer.body()).isEqualTo(2);
        return JSON.readTree(answer.body()).path(name).asText();
    }

    /** A customer's browser: keeps its cookies and sends the form's CSRF token. */
    private static final class Browser {
        private final Service service;
        private final HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .connectTimeout(Duration.ofSeconds(10)).build();

        Browser(Service service) {
            this.service = service;
        }

        HttpResponse<String> get(String path) throws Exception {
            return client.send(HttpRequest.newBuilder(service.url().resolve(path)).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        /** Opens the link's page and presses its button; answers the button's status. */
        int signIn(String token) throws Exception {
            var page = get("/portal/link/" + token);
            assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
            var csrf = CSRF.matcher(page.body());
            assertThat(csrf.find()).isTrue();
            var form = "_csrf=" + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8);
            return client.send(HttpRequest.newBuilder(service.url().resolve("/portal/link/" + token))
                    .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
        }
    }
}

package dev.grantor.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.Grantor;
import dev.grantor.application.webhook.WebhookDispatcher;
import dev.grantor.spring.shop.ShopApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code grantor.web.enabled=true}: the REST API under {@code /grantor} on a port of its own, and the relay
 * running in the application's lifecycle, so a fulfillment over HTTP ends as an email without anyone calling it.
 */
@SpringBootTest(classes = ShopApplication.class, properties = {"grantor.web.enabled=true", "grantor.web.port=0",
        "grantor.web.path=/grantor", "grantor.relay.enabled=true", "grantor.webhooks.enabled=true"})
class WebApiTest {

    static final Path PICKUP = TestDatabases.temporaryDirectory("grantor-pickup");

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry properties) {
        properties.add("spring.datasource.url", TestDatabases::sqliteUrl);
        properties.add("grantor.mail.pickup-directory", PICKUP::toString);
    }

    @Autowired
    GrantorWebServer web;

    @Autowired
    Grantor grantor;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private HttpResponse<String> call(String method, String path, String token, String body) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + web.port() + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void the_api_answers_under_its_path_and_the_workers_run() throws Exception {
        assertThat(web.port()).isPositive();
        assertThat(call("GET", "/grantor/ready", null, null).statusCode()).isEqualTo(200);
        assertThat(call("GET", "/ready", null, null).statusCode()).isEqualTo(404);
        assertThat(grantor.dispatcher().map(WebhookDispatcher::isRunning)).containsExactly(true);
        assertThat(grantor.relay().isRunning()).isTrue();

        var business = grantor.access().createBusiness("Shop").get().id();
        String token = grantor.access().createApiKey(business, false).get().token();
        var created = call("POST", "/grantor/entitlements", token,
                "{\"name\":\"Shop Pro\",\"integration_type\":\"license_key\",\"integration_config\":{\"fulfillment_mode\":\"manual\"}}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        assertThat(call("GET", "/grantor/entitlements", token, null).body()).contains("Shop Pro");
        assertThat(call("GET", "/grantor/entitlements", null, null).statusCode()).isEqualTo(401);

        String entitlementId = created.body().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
        var grant = grantor.issuing().issue(business, entitlementId, new dev.grantor.application.port.in.GrantIssuing.IssueGrant(
                new dev.grantor.application.port.in.GrantIssuing.CustomerContact(null, "eve@example.com", null), "pay_web", null, null))
                .get().grant();
        var fulfilled = call("POST", "/grantor/grants/" + grant.grant().id().value() + "/license-key", token, "{\"key\":\"WEB-KEY-1\"}");
        assertThat(fulfilled.statusCode()).as(fulfilled.body()).isEqualTo(200);

        Path email = PICKUP.resolve(grant.grant().id().value() + ".eml");
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!Files.exists(email) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(email).exists();
        assertThat(Files.readString(email)).contains("WEB-KEY-1");
    }

    /** No portal pages are served here, so no link to one is made (it used to name this port's /portal: a 404). */
    @Test
    void without_a_public_url_no_portal_link_is_made() throws Exception {
        var business = grantor.access().createBusiness("Shop").get().id();
        String token = grantor.access().createApiKey(business, false).get().token();
        String customer = issuedCustomer(business, token);

        var session = call("POST", "/grantor/customers/" + customer + "/customer-portal/session", token, null);

        assertThat(session.statusCode()).as(session.body()).isEqualTo(404);
        assertThat(session.body()).contains("\"code\":\"NOT_FOUND\"").doesNotContain("link");
    }

    /** A customer of the business, made by issuing a grant to a new email. */
    String issuedCustomer(dev.grantor.domain.shared.BusinessId business, String token) throws Exception {
        var created = call("POST", "/grantor/entitlements", token,
                "{\"name\":\"Shop Pro\",\"integration_type\":\"license_key\",\"integration_config\":{\"fulfillment_mode\":\"manual\"}}");
        String entitlementId = created.body().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
        return grantor.issuing().issue(business, entitlementId, new dev.grantor.application.port.in.GrantIssuing.IssueGrant(
                new dev.grantor.application.port.in.GrantIssuing.CustomerContact(null, "pat@example.com", null), "pay_portal", null,
                null)).get().grant().grant().customerId().value();
    }
}

package dev.grantor.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.Grantor;
import dev.grantor.domain.entitlement.IntegrationConfig.LicenseKeyConfig;
import dev.grantor.spring.shop.ShopApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code grantor.web.public-url}: the portal is served by a {@code grantor serve} node at that address, so the links
 * this application's API makes open that node's {@code /portal}, never this port, where no portal pages are.
 */
@SpringBootTest(classes = ShopApplication.class, properties = {"grantor.web.enabled=true", "grantor.web.port=0",
        "grantor.web.public-url=https://keys.shop.example/", "grantor.relay.enabled=false", "grantor.webhooks.enabled=false"})
class PortalLinkTest {

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

    @Test
    void a_portal_link_opens_the_public_url_s_portal() throws Exception {
        var business = grantor.access().createBusiness("Shop").get().id();
        String token = grantor.access().createApiKey(business, false).get().token();
        var entitlement = grantor.entitlements().create(business, new dev.grantor.application.port.in.EntitlementCatalog.CreateEntitlement(
                "Shop Pro", LicenseKeyConfig.manual(), null, null)).get();
        String customer = grantor.issuing().issue(business, entitlement.id().value(), new dev.grantor.application.port.in.GrantIssuing.IssueGrant(
                new dev.grantor.application.port.in.GrantIssuing.CustomerContact(null, "pat@example.com", null), "pay_portal", null,
                null)).get().grant().grant().customerId().value();

        var session = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + web.port() + "/grantor/customers/" + customer + "/customer-portal/session"))
                .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(session.statusCode()).as(session.body()).isEqualTo(200);
        assertThat(session.body()).matches("\\{\"link\":\"https://keys\\.shop\\.example/portal/link/[A-Za-z0-9_-]{20,}\"}");
    }
}

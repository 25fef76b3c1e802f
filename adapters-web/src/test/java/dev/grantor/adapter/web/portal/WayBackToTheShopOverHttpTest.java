package dev.grantor.adapter.web.portal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.adapter.web.WebClient;
import dev.grantor.adapter.web.WebServer;
import dev.grantor.application.port.in.CustomerPortal.MintLink;
import dev.grantor.application.port.in.EntitlementCatalog.CreateEntitlement;
import dev.grantor.application.port.in.GrantIssuing.CustomerContact;
import dev.grantor.application.port.in.GrantIssuing.IssueGrant;
import dev.grantor.domain.entitlement.IntegrationConfig.LicenseKeyConfig;
import dev.grantor.domain.shared.BusinessId;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** "Back to the shop" belongs to the sign-in that brought it: the next customer in the same browser never inherits it. */
class WayBackToTheShopOverHttpTest {

    private final WebServer server = new WebServer();

    @AfterEach
    void close() {
        server.close();
    }

    @Test
    void a_later_sign_in_without_a_way_back_shows_none_even_for_another_shop_in_the_same_browser() {
        var browser = new WebClient(server.base);
        assertThat(browser.signIn(link(server.a, "ada@example.com", "https://acme.example/account")).statusCode()).isEqualTo(303);
        assertThat(browser.get("/portal/").body()).contains("https://acme.example/account").contains("Back to the shop");

        assertThat(browser.signIn(link(server.b, "bob@example.com", null)).statusCode()).isEqualTo(303);

        assertThat(browser.cookie("grantor_portal_return")).isNull();
        assertThat(browser.get("/portal/").body()).doesNotContain("acme.example").doesNotContain("Back to the shop");
    }

    @Test
    void a_later_sign_in_with_its_own_way_back_shows_that_one() {
        var browser = new WebClient(server.base);
        browser.signIn(link(server.a, "ada@example.com", "https://acme.example/account"));

        browser.signIn(link(server.b, "bob@example.com", "https://bolt.example/orders"));

        assertThat(browser.get("/portal/").body()).contains("https://bolt.example/orders").doesNotContain("acme.example");
    }

    @Test
    void a_way_back_planted_in_the_browser_by_someone_else_is_never_linked() {
        var browser = new WebClient(server.base);
        browser.signIn(link(server.a, "ada@example.com", "https://acme.example/account"));

        // a sibling subdomain or one plain-http answer can set a cookie for the portal's path
        browser.cookie("grantor_portal_return", URLEncoder.encode("https://evil.example/login", StandardCharsets.UTF_8));

        assertThat(browser.get("/portal/").body()).doesNotContain("evil.example").doesNotContain("Back to the shop");
    }

    @Test
    void a_way_back_copied_from_another_customer_s_sign_in_is_never_linked() {
        var mallory = new WebClient(server.base);
        mallory.signIn(link(server.b, "mallory@example.com", "https://evil.example/login"));
        assertThat(mallory.get("/portal/").body()).contains("https://evil.example/login");
        var ada = new WebClient(server.base);
        ada.signIn(link(server.a, "ada@example.com", null));

        ada.cookie("grantor_portal_return", mallory.cookie("grantor_portal_return"));

        assertThat(ada.get("/portal/").body()).doesNotContain("evil.example").doesNotContain("Back to the shop");
    }

    private String link(BusinessId business, String email, String returnUrl) {
        var entitlement = server.grantor.entitlements().create(business, new CreateEntitlement("Pro",
                LicenseKeyConfig.auto().withActivationsLimit(1), null, null)).get().id().value();
        var grant = server.grantor.issuing().issue(business, entitlement,
                new IssueGrant(new CustomerContact(null, email, null), null, null, null)).get().grant();
        var link = server.grantor.customerPortal().mintLink(business, new MintLink(grant.grant().customerId().value(), false,
                returnUrl), URI.create(server.url("/portal"))).get().link();
        return server.url(link.getPath());
    }
}

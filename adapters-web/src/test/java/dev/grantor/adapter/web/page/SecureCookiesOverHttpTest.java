package dev.grantor.adapter.web.page;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.adapter.web.WebClient;
import dev.grantor.adapter.web.WebServer;
import dev.grantor.application.HttpAnswer;
import dev.grantor.application.port.in.CustomerPortal.MintLink;
import dev.grantor.application.port.in.EntitlementCatalog.CreateEntitlement;
import dev.grantor.application.port.in.GrantIssuing.CustomerContact;
import dev.grantor.application.port.in.GrantIssuing.IssueGrant;
import dev.grantor.domain.entitlement.IntegrationConfig.LicenseKeyConfig;
import io.vavr.control.Option;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Whether a cookie is {@code Secure} is the server's own knowledge: the public URL it was given, or else whether the
 * connection reached a loopback socket. A client's {@code Host} header never decides it, and the portal's way back to
 * the shop follows the same rule as its session.
 */
class SecureCookiesOverHttpTest {

    @Nested
    class Without_a_public_url {

        @Test
        void a_loopback_socket_decides_whatever_host_the_client_names() {
            try (var server = new WebServer()) {
                assertThat(formCookie(server, "grantor.example")).doesNotContain("Secure");
                assertThat(formCookie(server, "127.0.0.1")).doesNotContain("Secure");
            }
        }
    }

    @Nested
    class Behind_an_https_public_url {

        @Test
        void every_cookie_is_secure_even_when_the_client_names_localhost_over_plain_http() {
            try (var server = new WebServer(Option.some(URI.create("https://grantor.example")))) {
                assertThat(formCookie(server, "localhost")).contains("; Secure");
                assertThat(formCookie(server, "127.0.0.1")).contains("; Secure");
            }
        }

        @Test
        void the_way_back_to_the_shop_is_as_secure_as_the_session() {
            try (var server = new WebServer(Option.some(URI.create("https://grantor.example")))) {
                var signedIn = new WebClient(server.base).signIn(returningLink(server, "https://shop.example/account"));

                assertThat(signedIn.statusCode()).isEqualTo(303);
                var cookies = signedIn.headers().allValues("Set-Cookie");
                assertThat(cookies).filteredOn(c -> c.startsWith("grantor_portal=")).singleElement().asString().contains("; Secure");
                assertThat(cookies).filteredOn(c -> c.startsWith("grantor_portal_return=")).singleElement().asString()
                        .contains("; Secure").contains("HttpOnly").contains("SameSite=Strict").contains("Path=/portal");
            }
        }
    }

    /** A portal link minted by the merchant with a way back to the shop, on the server's own address. */
    static String returningLink(WebServer server, String returnUrl) {
        var entitlement = server.grantor.entitlements().create(server.a, new CreateEntitlement("Pro",
                LicenseKeyConfig.auto().withActivationsLimit(1), null, null)).get().id().value();
        var grant = server.grantor.issuing().issue(server.a, entitlement,
                new IssueGrant(new CustomerContact(null, "ada@example.com", "Ada"), null, null, null)).get().grant();
        var link = server.grantor.customerPortal().mintLink(server.a, new MintLink(grant.grant().customerId().value(), false,
                returnUrl), URI.create(server.url("/portal"))).get().link();
        return server.url(link.getPath());
    }

    /** The console's sign-in form cookie, asked for over a plain socket with the Host header the test names. */
    private static String formCookie(WebServer server, String host) {
        var answer = HttpAnswer.exchange(server.base.getPort(), "GET /console/sign-in HTTP/1.1\r\nHost: " + host
                + "\r\nConnection: close\r\n\r\n");
        List<String> cookies = answer.values("Set-Cookie").stream().filter(cookie -> cookie.contains("grantor_console_form="))
                .toList();
        assertThat(cookies).as("the form cookie in %s", answer.fields()).hasSize(1);
        return cookies.getFirst();
    }
}

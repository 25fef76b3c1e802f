package dev.grantor.adapter.web.page;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.adapter.web.WebClient;
import dev.grantor.adapter.web.WebServer;
import dev.grantor.application.HttpAnswer;
import dev.grantor.application.port.in.CustomerPortal.MintLink;
import dev.grantor.application.port.in.EntitlementCatalog.CreateEntitlement;
import dev.grantor.application.port.in.GrantIssuing.CustomerContact;
import dev.grantor.application.port.in.GrantIssuing.IssueGrant;
import dev.grantor.application.port.in.SignIn.Realm;
import dev.grantor.domain.entitlement.IntegrationConfig.LicenseKeyConfig;
import dev.grantor.domain.grant.GrantStatus;
import dev.grantor.domain.shared.BusinessId;
import io.javalin.http.HandlerType;
import io.vavr.control.Option;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A form of the console or the portal posted from a page of another origin is refused before anything is read, whatever
 * cookie and token it carries: a sibling subdomain of the same site (Grantor at {@code licenses.shop.example}, an
 * attacker at {@code blog.shop.example}) can plant the sign-in form's cookie and so know its token, but it cannot make
 * the victim's browser name another origin than its own in {@code Origin} and {@code Sec-Fetch-Site}.
 */
class SameOriginOverHttpTest {

    /** The page of a sibling subdomain: the same site as the service, another origin. */
    static final String SIBLING = "https://blog.shop.example";
    static final String REFUSAL = "sent from a page of another site";

    static WebServer server;

    @BeforeAll
    static void start() {
        server = new WebServer();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String own() {
        return "http://127.0.0.1:" + server.base.getPort();
    }

    @Nested
    class A_sign_in_posted_from_another_origin {

        @ParameterizedTest(name = "{0}: {1}")
        @CsvSource({"Origin, https://blog.shop.example", "Origin, http://evil.example", "Origin, null",
                "Origin, http://127.0.0.1:1", "Origin, https://127.0.0.1", "Sec-Fetch-Site, cross-site",
                "Sec-Fetch-Site, same-site"})
        void opens_no_console_session_and_leaves_the_link_unused(String header, String value) {
            String path = URI.create(server.consoleLink(server.a)).getPath();
            var browser = new WebClient(server.base);
            String csrf = WebClient.csrf(browser.get(path).body());

            var answer = browser.post(path, Map.of("_csrf", csrf), header, value);

            assertThat(answer.statusCode()).isEqualTo(403);
            assertThat(answer.body()).contains(REFUSAL).contains("nothing was changed");
            assertThat(answer.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("grantor_console="));
            assertThat(browser.cookie("grantor_console")).isNull();
            assertThat(browser.post(path, Map.of("_csrf", csrf)).statusCode()).as("the link is still unused").isEqualTo(303);
        }

        @ParameterizedTest(name = "{0}: {1}")
        @CsvSource({"Origin, https://blog.shop.example", "Origin, null", "Sec-Fetch-Site, cross-site",
                "Sec-Fetch-Site, same-site"})
        void opens_no_portal_session_and_leaves_the_link_unused(String header, String value) {
            String path = URI.create(portalLink(server.a, "ada@example.com")).getPath();
            var browser = new WebClient(server.base);
            String csrf = WebClient.csrf(browser.get(path).body());

            var answer = browser.post(path, Map.of("_csrf", csrf), header, value);

            assertThat(answer.statusCode()).isEqualTo(403);
            assertThat(answer.body()).contains(REFUSAL);
            assertThat(browser.cookie("grantor_portal")).isNull();
            assertThat(browser.post(path, Map.of("_csrf", csrf)).statusCode()).as("the link is still unused").isEqualTo(303);
        }
    }

    /**
     * Login CSRF, as the finding describes it: the attacker opens their own sign-in link's page in their own browser,
     * plants its form cookie in the victim's browser (a {@code Domain=shop.example} cookie from the sibling), and
     * makes the victim's browser post the form with the token that cookie gives. Without the origin check, the victim
     * is signed into the attacker's session.
     */
    @Nested
    class A_planted_form_cookie {

        @Test
        void does_not_let_a_sibling_page_sign_the_victim_into_the_attackers_console_session() {
            String path = URI.create(server.consoleLink(server.b, "owner")).getPath();
            var attacker = new WebClient(server.base);
            String csrf = WebClient.csrf(attacker.get(path).body());
            var victim = new WebClient(server.base);
            victim.cookie("grantor_console_form", attacker.cookie("grantor_console_form"));

            var answer = victim.post(path, Map.of("_csrf", csrf), "Origin", SIBLING, "Sec-Fetch-Site", "same-site");

            assertThat(answer.statusCode()).isEqualTo(403);
            assertThat(victim.cookie("grantor_console")).isNull();
        }

        @Test
        void does_not_let_a_sibling_page_sign_the_victim_into_the_attackers_portal_session() {
            String path = URI.create(portalLink(server.b, "mallory@example.com")).getPath();
            var attacker = new WebClient(server.base);
            String csrf = WebClient.csrf(attacker.get(path).body());
            var victim = new WebClient(server.base);
            victim.cookie("grantor_portal_form", attacker.cookie("grantor_portal_form"));

            var answer = victim.post(path, Map.of("_csrf", csrf), "Origin", SIBLING);

            assertThat(answer.statusCode()).isEqualTo(403);
            assertThat(victim.cookie("grantor_portal")).isNull();
        }
    }

    @Nested
    class A_signed_in_form_posted_from_another_origin {

        @ParameterizedTest(name = "{0}: {1}")
        @CsvSource({"Origin, https://blog.shop.example", "Sec-Fetch-Site, cross-site", "Sec-Fetch-Site, same-site"})
        void changes_nothing_in_the_console(String header, String value) {
            String grant = grant(server.a, "ada@example.com");
            var operator = new WebClient(server.base);
            assertThat(operator.signIn(server.consoleLink(server.a)).statusCode()).isEqualTo(303);
            String csrf = WebClient.csrf(operator.get("/console/").body());

            var answer = operator.post("/console/grants/" + grant + "/revoke", Map.of("_csrf", csrf, "reason", "manual"),
                    header, value);

            assertThat(answer.statusCode()).isEqualTo(403);
            assertThat(answer.body()).contains(REFUSAL);
            assertThat(status(server.a, grant)).isEqualTo(GrantStatus.DELIVERED);
        }

        @Test
        void does_not_sign_the_customer_out() {
            var customer = new WebClient(server.base);
            assertThat(customer.signIn(portalLink(server.a, "ada@example.com")).statusCode()).isEqualTo(303);
            String csrf = WebClient.csrf(customer.get("/portal/").body());

            var answer = customer.post("/portal/sign-out", Map.of("_csrf", csrf), "Origin", SIBLING);

            assertThat(answer.statusCode()).isEqualTo(403);
            assertThat(server.grantor.signIn().resume(Realm.PORTAL, customer.cookie("grantor_portal"))).isNotEmpty();
        }
    }

    @Nested
    class A_form_of_the_service_s_own_origin {

        @ParameterizedTest(name = "Sec-Fetch-Site: {0}")
        @CsvSource({"same-origin", "none"})
        void signs_in_and_acts_as_a_browser_sends_it(String fetchSite) {
            String grant = grant(server.a, "bea@example.com");
            var operator = new WebClient(server.base);
            String path = URI.create(server.consoleLink(server.a)).getPath();
            String signInToken = WebClient.csrf(operator.get(path).body());

            assertThat(operator.post(path, Map.of("_csrf", signInToken), "Origin", own(), "Sec-Fetch-Site", fetchSite)
                    .statusCode()).isEqualTo(303);
            String csrf = WebClient.csrf(operator.get("/console/").body());
            var revoked = operator.post("/console/grants/" + grant + "/revoke", Map.of("_csrf", csrf, "reason", "manual"),
                    "Origin", own(), "Sec-Fetch-Site", fetchSite);

            assertThat(revoked.statusCode()).isEqualTo(303);
            assertThat(status(server.a, grant)).isEqualTo(GrantStatus.REVOKED);
        }

        @Test
        void without_origin_or_fetch_metadata_is_left_to_its_token() {
            String grant = grant(server.a, "cy@example.com");
            var script = new WebClient(server.base);
            assertThat(script.signIn(server.consoleLink(server.a)).statusCode()).isEqualTo(303);

            var withoutToken = script.post("/console/grants/" + grant + "/revoke", Map.of("reason", "manual"));
            assertThat(withoutToken.statusCode()).isEqualTo(403);
            assertThat(withoutToken.body()).doesNotContain(REFUSAL);
            String csrf = WebClient.csrf(script.get("/console/").body());
            assertThat(script.post("/console/grants/" + grant + "/revoke", Map.of("_csrf", csrf, "reason", "manual"))
                    .statusCode()).isEqualTo(303);
            assertThat(status(server.a, grant)).isEqualTo(GrantStatus.REVOKED);
        }

        /** Without a public URL the own origin is the one the request was made to: its Host, as the browser sent both. */
        @Test
        void is_the_host_the_request_names_when_there_is_no_public_url() {
            String host = "licenses.shop.example:" + server.base.getPort();
            var form = HttpAnswer.exchange(server.base.getPort(), "GET /portal/" + server.a.value() + " HTTP/1.1\r\nHost: "
                    + host + "\r\nConnection: close\r\n\r\n");
            String cookie = form.values("Set-Cookie").getFirst().split(";")[0];
            String body = "_csrf=" + WebClient.csrf(form.body()) + "&email=ada%40example.com";

            String path = "/portal/" + server.a.value() + "/code";
            var same = post(server, path, host, "http://" + host, cookie, body);
            var other = post(server, path, host, "http://blog.shop.example:" + server.base.getPort(), cookie, body);

            server.settled();
            assertThat(same.status()).as(same.body()).isEqualTo(200);
            assertThat(other.status()).isEqualTo(403);
            assertThat(other.body()).contains(REFUSAL);
        }
    }

    /** Behind a TLS proxy the browser's origin is the public URL's, not what the proxy speaks to the service. */
    @Nested
    class Behind_an_https_public_url {

        @Test
        void the_public_origin_is_the_own_one_and_the_address_the_proxy_reached_is_not() {
            try (var behindProxy = new WebServer(Option.some(URI.create("https://licenses.shop.example/")))) {
                String path = URI.create(behindProxy.consoleLink(behindProxy.a)).getPath();
                var browser = new WebClient(behindProxy.base);
                String csrf = WebClient.csrf(browser.get(path).body());

                var fromTheProxysAddress = browser.post(path, Map.of("_csrf", csrf), "Origin",
                        "http://127.0.0.1:" + behindProxy.base.getPort());
                var fromThePublicOne = browser.post(path, Map.of("_csrf", csrf), "Origin", "https://licenses.shop.example",
                        "Sec-Fetch-Site", "same-origin");

                assertThat(fromTheProxysAddress.statusCode()).isEqualTo(403);
                assertThat(fromThePublicOne.statusCode()).isEqualTo(303);
                assertThat(browser.cookie("__Host-grantor_console")).isNotNull();
            }
        }
    }

    /** One rule for every form: each POST route of both realms refuses a foreign origin before it looks at anything. */
    @Test
    void every_post_route_of_the_console_and_the_portal_refuses_another_origin() {
        var routes = server.routes(HandlerType.POST);
        assertThat(routes).anyMatch(r -> r.startsWith("/console/")).anyMatch(r -> r.startsWith("/portal/"));
        var operator = new WebClient(server.base);
        assertThat(operator.signIn(server.consoleLink(server.a)).statusCode()).isEqualTo(303);
        String csrf = WebClient.csrf(operator.get("/console/").body());

        for (String route : routes) {
            String path = route.replaceAll("\\{[^}]+}", "x");
            HttpResponse<String> answer = operator.post(path, Map.of("_csrf", csrf), "Origin", SIBLING);
            assertThat(answer.statusCode()).as(route).isEqualTo(403);
            assertThat(answer.body()).as(route).contains(REFUSAL);
        }
    }

    private static HttpAnswer post(WebServer server, String path, String host, String origin, String cookie, String body) {
        return HttpAnswer.exchange(server.base.getPort(), "POST " + path + " HTTP/1.1\r\nHost: " + host + "\r\nOrigin: "
                + origin + "\r\nCookie: " + cookie + "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: "
                + body.length() + "\r\nConnection: close\r\n\r\n" + body);
    }

    private static String grant(BusinessId business, String email) {
        var entitlement = server.grantor.entitlements().create(business, new CreateEntitlement("Pro",
                LicenseKeyConfig.auto().withActivationsLimit(1), null, null)).get().id().value();
        return server.grantor.issuing().issue(business, entitlement,
                new IssueGrant(new CustomerContact(null, email, null), null, null, null)).get().grant().grant().id().value();
    }

    private static GrantStatus status(BusinessId business, String grant) {
        return server.grantor.grants().get(business, grant).get().grant().status();
    }

    private static String portalLink(BusinessId business, String email) {
        var entitlement = server.grantor.entitlements().create(business, new CreateEntitlement("Pro",
                LicenseKeyConfig.auto().withActivationsLimit(1), null, null)).get().id().value();
        var grant = server.grantor.issuing().issue(business, entitlement,
                new IssueGrant(new CustomerContact(null, email, null), null, null, null)).get().grant();
        var link = server.grantor.customerPortal().mintLink(business, new MintLink(grant.grant().customerId().value(), false,
                null), URI.create(server.url("/portal"))).get().link();
        return server.url(link.getPath());
    }
}

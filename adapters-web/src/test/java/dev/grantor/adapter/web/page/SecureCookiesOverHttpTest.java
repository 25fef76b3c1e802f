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
                assertThat(cookies).filteredOn(c -> c.startsWith("__Host-grantor_portal=")).singleElement().asString().contains("; Secure");
                assertThat(cookies).filteredOn(c -> c.startsWith("__Host-grantor_portal_return=")).singleElement().asString()
                        .contains("; Secure").contains("HttpOnly").contains("SameSite=Strict").contains("Path=/;");
            }
        }
    }

    /**
     * Where cookies are Secure, every one is a {@code __Host-} cookie: a browser keeps it only if set by this host over
     * https with {@code Path=/} and no {@code Domain}, so a sibling subdomain or a plain-http answer cannot plant it,
     * and the plain name such a cookie could still have is not read.
     */
    @Nested
    class Where_cookies_are_secure {

        @Test
        void every_cookie_of_both_realms_is_a_host_cookie_on_the_root_path() {
            try (var server = new WebServer(Option.some(URI.create("https://grantor.example")))) {
                var operator = new WebClient(server.base);
                var console = operator.get(URI.create(server.consoleLink(server.a)).getPath());
                var signedIn = operator.post(URI.create(server.consoleLink(server.a)).getPath(),
                        java.util.Map.of("_csrf", WebClient.csrf(console.body())));
                var signedOut = operator.post("/console/sign-out", java.util.Map.of("_csrf",
                        WebClient.csrf(operator.get("/console/").body())));
                var customer = new WebClient(server.base);
                String link = URI.create(returningLink(server, "https://shop.example/account")).getPath();
                var portalForm = customer.get(link);
                var portal = customer.post(link, java.util.Map.of("_csrf", WebClient.csrf(portalForm.body())));

                var cookies = new java.util.ArrayList<String>();
                for (var answer : List.of(console, signedIn, signedOut, portalForm, portal)) {
                    cookies.addAll(answer.headers().allValues("Set-Cookie"));
                }
                assertThat(cookies).extracting(c -> c.substring(0, c.indexOf('='))).containsExactlyInAnyOrder(
                        "__Host-grantor_console_form", "__Host-grantor_console", "__Host-grantor_console",
                        "__Host-grantor_portal_form", "__Host-grantor_portal", "__Host-grantor_portal_return");
                assertThat(cookies).allSatisfy(cookie -> assertThat(cookie).contains("; Path=/;").contains("; Secure")
                        .contains("; HttpOnly").contains("; SameSite=Strict").doesNotContainIgnoringCase("domain"));
            }
        }

        @Test
        void a_session_cookie_under_its_plain_name_is_not_read() {
            try (var server = new WebServer(Option.some(URI.create("https://grantor.example")))) {
                var operator = new WebClient(server.base);
                assertThat(operator.signIn(server.consoleLink(server.a)).statusCode()).isEqualTo(303);
                var planted = new WebClient(server.base);
                planted.cookie("grantor_console", operator.cookie("__Host-grantor_console"));

                assertThat(operator.get("/console/").statusCode()).isEqualTo(200);
                assertThat(planted.get("/console/").statusCode()).isEqualTo(303);
                assertThat(planted.get("/console/").headers().firstValue("Location")).hasValue("/console/sign-in");
            }
        }

        @Test
        void a_form_cookie_under_its_plain_name_verifies_no_form() {
            try (var server = new WebServer(Option.some(URI.create("https://grantor.example")))) {
                String path = URI.create(server.consoleLink(server.a)).getPath();
                var attacker = new WebClient(server.base);
                String csrf = WebClient.csrf(attacker.get(path).body());
                var victim = new WebClient(server.base);
                victim.cookie("grantor_console_form", attacker.cookie("__Host-grantor_console_form"));

                var answer = victim.post(path, java.util.Map.of("_csrf", csrf));

                assertThat(answer.statusCode()).isEqualTo(403);
                assertThat(victim.cookie("__Host-grantor_console")).isNull();
            }
        }
    }

    /**
     * A browser that signed in before the cookies were {@code __Host-} cookies keeps sending them under their plain names
     * on the realm's path: each answer of the realm expires them there with the flags they were set with, so the
     * browser drops them, and none is read.
     */
    @Nested
    class Cookies_under_the_names_before_host_cookies {

        @Test
        void are_expired_on_the_console_s_old_path_and_sign_nobody_in() {
            try (var server = new WebServer(Option.some(URI.create("https://grantor.example")))) {
                var operator = new WebClient(server.base);
                assertThat(operator.signIn(server.consoleLink(server.a)).statusCode()).isEqualTo(303);
                var upgraded = new WebClient(server.base);
                upgraded.cookie("grantor_console", operator.cookie("__Host-grantor_console"));
                upgraded.cookie("grantor_console_form", "x".repeat(43));
                upgraded.cookie("shop_theme", "dark");

                var answer = upgraded.get("/console/");

                assertThat(answer.statusCode()).as("signed in by no cookie").isEqualTo(303);
                assertThat(answer.headers().firstValue("Location")).hasValue("/console/sign-in");
                assertThat(answer.headers().allValues("Set-Cookie")).containsExactlyInAnyOrder(
                        "grantor_console=; Path=/console; HttpOnly; SameSite=Strict; Secure; Max-Age=0",
                        "grantor_console_form=; Path=/console; HttpOnly; SameSite=Strict; Secure; Max-Age=0");
                assertThat(upgraded.cookie("grantor_console")).as("dropped, as a browser drops it").isNull();
                assertThat(upgraded.cookie("shop_theme")).as("another's cookie is left alone").isEqualTo("dark");
                assertThat(operator.get("/console/").statusCode()).as("the session itself lives on").isEqualTo(200);
            }
        }

        @Test
        void are_expired_on_the_portal_s_old_path_on_its_sign_in_form_too() {
            try (var server = new WebServer(Option.some(URI.create("https://grantor.example")))) {
                String link = URI.create(returningLink(server, "https://shop.example/account")).getPath();
                var upgraded = new WebClient(server.base);
                upgraded.cookie("grantor_portal", "y".repeat(43));
                upgraded.cookie("grantor_portal_form", "z".repeat(43));
                upgraded.cookie("grantor_portal_return", "https%3A%2F%2Fevil.example");

                var form = upgraded.get(link);
                var posted = new WebClient(server.base);
                posted.cookie("grantor_portal_form", "z".repeat(43));
                var refused = posted.post(link, java.util.Map.of("_csrf", Csrf.tokenFor("z".repeat(43))));

                assertThat(form.statusCode()).isEqualTo(200);
                assertThat(form.headers().allValues("Set-Cookie")).filteredOn(c -> c.contains("Max-Age=0")).containsExactlyInAnyOrder(
                        "grantor_portal=; Path=/portal; HttpOnly; SameSite=Strict; Secure; Max-Age=0",
                        "grantor_portal_form=; Path=/portal; HttpOnly; SameSite=Strict; Secure; Max-Age=0",
                        "grantor_portal_return=; Path=/portal; HttpOnly; SameSite=Strict; Secure; Max-Age=0");
                assertThat(form.headers().allValues("Set-Cookie")).as("a fresh form cookie under the current name")
                        .anyMatch(c -> c.startsWith("__Host-grantor_portal_form=") && !c.contains("Max-Age=0"));
                assertThat(refused.statusCode()).as("the old form cookie verifies no form").isEqualTo(403);
                assertThat(refused.headers().allValues("Set-Cookie"))
                        .containsExactly("grantor_portal_form=; Path=/portal; HttpOnly; SameSite=Strict; Secure; Max-Age=0");
            }
        }

        @Test
        void on_plain_http_to_loopback_are_the_current_ones_and_stay() {
            try (var server = new WebServer()) {
                var operator = new WebClient(server.base);
                assertThat(operator.signIn(server.consoleLink(server.a)).statusCode()).isEqualTo(303);

                var answer = operator.get("/console/");

                assertThat(answer.statusCode()).isEqualTo(200);
                assertThat(answer.headers().allValues("Set-Cookie")).isEmpty();
                assertThat(operator.cookie("grantor_console")).isNotNull();
            }
        }
    }

    @Nested
    class On_plain_http_to_loopback {

        @Test
        void cookies_keep_their_plain_names_on_the_realm_s_path() {
            try (var server = new WebServer()) {
                var customer = new WebClient(server.base);
                var portal = customer.signIn(returningLink(server, "https://shop.example/account"));

                assertThat(portal.headers().allValues("Set-Cookie")).extracting(c -> c.substring(0, c.indexOf(';')).split("=")[0])
                        .containsExactlyInAnyOrder("grantor_portal", "grantor_portal_return");
                assertThat(portal.headers().allValues("Set-Cookie")).allSatisfy(cookie -> assertThat(cookie)
                        .contains("; Path=/portal;").doesNotContain("Secure").doesNotContain("__Host-"));
                assertThat(formCookie(server, "127.0.0.1")).startsWith("grantor_console_form=").contains("; Path=/console;");
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

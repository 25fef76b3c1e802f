package dev.grantor.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Login CSRF in headless Chromium, with real cookie tossing. Cookies are kept per host, not per port, and a site
 * ignores the port too, so a page served at another port of 127.0.0.1 plays the sibling subdomain: the same site as
 * the console (its {@code SameSite=Strict} cookies go along), another origin, and able to set a cookie the console's
 * path receives. The attacker opens their own sign-in link's page, plants its form cookie in the victim's browser from
 * that page, and has the victim press a button that posts the form with the token the cookie gives. The browser names
 * the attacker's origin in {@code Origin} and {@code same-site} in {@code Sec-Fetch-Site}, and the console refuses.
 */
class LoginCsrfInBrowserTest {

    static WebServer server;
    static HttpServer sibling;
    static Browser browser;

    @BeforeAll
    static void start() throws IOException {
        server = new WebServer();
        sibling = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        sibling.start();
        browser = Browser.open();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        sibling.stop(0);
        server.close();
    }

    @Test
    void a_page_of_another_origin_of_the_same_site_cannot_sign_the_victim_into_the_attackers_console() {
        String link = URI.create(server.consoleLink(server.b)).getPath();
        var attacker = new WebClient(server.base);
        String csrf = WebClient.csrf(attacker.get(link).body());
        String plant = "grantor_console_form=" + attacker.cookie("grantor_console_form") + "; Path=/console; SameSite=Strict";
        String page = "<!doctype html><html lang=en><title>Win a prize</title><form method=post action=\"" + server.url(link)
                + "\"><input type=hidden name=_csrf value=\"" + csrf + "\"><button type=submit>Claim</button></form>";
        sibling.createContext("/", exchange -> {
            byte[] body = page.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Set-Cookie", plant);
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (var out = exchange.getResponseBody()) {
                out.write(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });

        browser.go("http://127.0.0.1:" + sibling.getAddress().getPort() + "/");
        browser.submit(browser.find("button[type=submit]"));

        assertThat(browser.text()).contains("sent from a page of another site");
        assertThat(browser.path()).isEqualTo(link);
        browser.go(server.url("/console/"));
        assertThat(browser.path()).as("not signed in").isEqualTo("/console/sign-in");
        assertThat(browser.driver().manage().getCookieNamed("grantor_console")).isNull();
    }
}

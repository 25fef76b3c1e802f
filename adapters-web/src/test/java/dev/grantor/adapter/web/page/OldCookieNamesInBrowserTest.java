package dev.grantor.adapter.web.page;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.adapter.web.Browser;
import dev.grantor.adapter.web.WebClient;
import dev.grantor.adapter.web.WebServer;
import io.vavr.control.Option;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A browser that signed in before the realms' cookies were {@code __Host-} cookies still holds them under their plain
 * names, on the realm's path; where cookies are Secure, the first page of the realm it opens makes it drop them, and
 * headless Chromium is shown doing so. The server is told an https public URL (cookies Secure, as behind a TLS proxy);
 * Chromium opens it at {@code http://localhost}, a secure context to it, where it keeps and drops Secure and
 * {@code __Host-} cookies as over https. The old cookies are put in the browser as session 43's code set them
 * ({@code HttpOnly; SameSite=Strict; Secure} on the realm's path), through DevTools, which a page's script cannot do.
 */
class OldCookieNamesInBrowserTest {

    static WebServer server;
    static Browser browser;
    static String local;

    @BeforeAll
    static void start() {
        server = new WebServer(Option.some(URI.create("https://grantor.example")));
        local = "http://localhost:" + server.base.getPort();
        browser = Browser.open();
    }

    @BeforeEach
    void noCookies() {
        browser.driver().executeCdpCommand("Network.clearBrowserCookies", Map.of());
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        server.close();
    }

    @Test
    void the_console_s_old_cookies_are_dropped_and_its_current_session_kept() {
        var operator = new WebClient(server.base);
        assertThat(operator.signIn(server.consoleLink(server.a)).statusCode()).isEqualTo(303);
        String session = operator.cookie("__Host-grantor_console");
        put("__Host-grantor_console", session, "/");
        put("grantor_console", session, "/console");
        put("grantor_console_form", "x".repeat(43), "/console");
        put("shop_theme", "dark", "/console");
        assertThat(held()).containsKeys("__Host-grantor_console", "grantor_console", "grantor_console_form", "shop_theme");

        browser.go(local + "/console/");

        assertThat(browser.path()).as("signed in by the current cookie").isEqualTo("/console/");
        assertThat(browser.find("h1").getText()).startsWith("Queue");
        assertThat(held()).as("the old names dropped, the current session and another's cookie kept")
                .containsOnlyKeys("__Host-grantor_console", "shop_theme")
                .containsEntry("__Host-grantor_console", session);
    }

    @Test
    void the_portal_s_old_cookies_are_dropped_on_a_signed_out_page() {
        put("grantor_portal", "y".repeat(43), "/portal");
        put("grantor_portal_form", "z".repeat(43), "/portal");
        put("grantor_portal_return", "https%3A%2F%2Fevil.example", "/portal");
        assertThat(held()).containsKeys("grantor_portal", "grantor_portal_form", "grantor_portal_return");

        browser.go(local + "/portal/");

        assertThat(browser.find("h1").getText()).isEqualTo("Sign in to your purchases");
        assertThat(held()).doesNotContainKeys("grantor_portal", "grantor_portal_form", "grantor_portal_return");
    }

    /** Puts a cookie for {@code path} of the server in the browser, as a server once set it. */
    private static void put(String name, String value, String path) {
        var cookie = new LinkedHashMap<String, Object>();
        cookie.put("name", name);
        cookie.put("value", value);
        cookie.put("url", local + path);
        cookie.put("path", path);
        cookie.put("secure", true);
        cookie.put("httpOnly", true);
        cookie.put("sameSite", "Strict");
        assertThat(browser.driver().executeCdpCommand("Network.setCookie", cookie)).containsEntry("success", true);
    }

    /** Every cookie the browser holds for the server's two realms, by name (HttpOnly ones too). */
    @SuppressWarnings("unchecked")
    private static Map<String, String> held() {
        var cookies = (List<Map<String, Object>>) browser.driver().executeCdpCommand("Network.getCookies",
                Map.of("urls", List.of(local + "/console/", local + "/portal/"))).get("cookies");
        var byName = new LinkedHashMap<String, String>();
        cookies.forEach(c -> byName.put((String) c.get("name"), (String) c.get("value")));
        return byName;
    }
}

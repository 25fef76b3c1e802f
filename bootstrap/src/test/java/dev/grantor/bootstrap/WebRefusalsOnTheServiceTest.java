package dev.grantor.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.HttpAnswer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the server answers by itself (no such page, a method a page does not take, a body or headers over its limits,
 * a body that is no form or cannot be decoded) reaches a person in a browser as a page of the console or the portal,
 * in their layout, under their policy, with a way back; the API's paths keep the contract's JSON envelope, byte for byte.
 */
class WebRefusalsOnTheServiceTest {

    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self';"
            + " form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
    static final String THREE_MB_FORM = "_csrf=x&email=" + "a".repeat(3_000_000);

    @TempDir
    static Path dataDir;
    static Service service;
    static int port;

    @BeforeAll
    static void start() {
        service = Service.start(ServiceSettings.local(DatabaseSettings.embedded(dataDir), MailSettings.pickupDirectory()));
        port = service.url().getPort();
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    @Test
    void a_console_form_over_the_size_limit_is_the_consoles_too_large_page() {
        var answer = post("/console/login", "application/x-www-form-urlencoded", THREE_MB_FORM);

        assertConsolePage(answer, 413, "Too large");
        assertThat(answer.body()).contains("larger than this server accepts");
    }

    @Test
    void a_form_that_cannot_be_decoded_or_is_no_form_is_refused_on_a_page() {
        assertConsolePage(post("/console/login", "application/x-www-form-urlencoded; charset=no-such-charset", "_csrf=x"),
                400, "Not understood");
        // a form open to anyone takes no file, so no multipart body (ConsoleUploadLimitOnTheServiceTest: a broken one signed in)
        assertConsolePage(post("/console/login", "multipart/form-data; boundary=b", "not multipart"), 415, "Not understood");
        assertConsolePage(post("/console/login", "application/json", "{}"), 415, "Not understood");
    }

    @Test
    void an_unknown_page_and_a_method_a_page_does_not_take_are_pages_too() {
        var unknown = get("/console/no-such-page/%3Cscript%3Ealert(1)%3C/script%3E", "");
        assertConsolePage(unknown, 404, "Page not found");
        assertThat(unknown.body()).as("nothing of the address is repeated").doesNotContain("alert(1)");
        var wrongMethod = post("/console/sign-in", "application/x-www-form-urlencoded", "a=b");
        assertConsolePage(wrongMethod, 405, "Not understood");
        assertThat(wrongMethod.headers().get("allow")).as("the methods the page takes").contains("GET").doesNotContain("POST");
        assertConsolePage(exchange("DELETE /console/ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"), 405,
                "Not understood");
        assertConsolePage(get("/console/assets/grantor.0000000000.css", ""), 404, "Page not found");
    }

    @Test
    void headers_over_the_limit_are_answered_by_the_page_of_the_realm_asked_for() {
        String cookie = "Cookie: grantor_console=" + "x".repeat(20_000) + "\r\n";
        assertConsolePage(get("/console/", cookie), 431, "Not understood");
        assertPortalPage(get("/portal/sign-in", cookie), 431, "Not understood");
    }

    @Test
    void the_portals_refusals_lead_to_its_sign_in() {
        assertPortalPage(get("/portal/a/b/c", ""), 404, "Page not found");
        assertPortalPage(post("/portal/link/not-a-token", "application/x-www-form-urlencoded", THREE_MB_FORM), 413, "Too large");
        assertPortalPage(exchange("PUT /portal/sign-in HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"),
                405, "Not understood");
    }

    @Test
    void a_target_the_server_cannot_read_is_refused_on_the_page_of_the_realm_it_names() {
        for (String target : java.util.List.of("/console/%zz", "/console/login%00", "/console/%3Cscript%3Ealert(1)%zz",
                "/console/sign-in%zz?next=%3Cb%3E")) {
            var answer = get(target, "");
            assertConsolePage(answer, 400, "Not understood");
            assertThat(answer.body()).as("nothing of the address is repeated").doesNotContain("alert(1)").doesNotContain("%zz")
                    .doesNotContain("<b>");
        }
        assertPortalPage(get("/portal/%zz", ""), 400, "Not understood");
        assertPortalPage(get("/portal/link/%e0%zz", ""), 400, "Not understood");
        assertConsolePage(get("http://localhost/console/%zz", ""), 400, "Not understood");
    }

    @Test
    void a_request_line_the_server_cannot_split_is_refused_on_the_page_of_the_realm_its_target_names() {
        // a search typed long enough, a link pasted with a space in it: the line is refused before any target is read
        assertConsolePage(get("/console/grants?q=" + "a".repeat(9_000), ""), 414, "Not understood");
        assertPortalPage(get("/portal/" + "a".repeat(9_000), ""), 414, "Not understood");
        var spaced = get("/console/grants?q=<b>a b", "");
        assertConsolePage(spaced, 400, "Not understood");
        assertThat(spaced.body()).as("nothing of the address is repeated").doesNotContain("<b>");
        assertConsolePage(exchange("GET /console/ HTTP/9.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"), 505,
                "Not understood");
        assertConsolePage(exchange("G@T /console/ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"), 400,
                "Not understood");
    }

    @Test
    void the_apis_paths_keep_their_json_envelopes() {
        String unreadable = "{\"code\":\"INVALID_REQUEST\",\"message\":\"the request could not be read as HTTP\"}";
        assertEnvelope(get("/entitlements/%zz", ""), 400, unreadable);
        assertEnvelope(get("/consoles/%zz", ""), 400, unreadable);
        assertEnvelope(get("/console/../entitlements/%zz", ""), 400, unreadable);
        // a request line that cannot be split: its target as sent, dot segments resolved, or none at all
        assertEnvelope(get("/entitlements/" + "a".repeat(9_000), ""), 414, unreadable);
        assertEnvelope(get("/console/../entitlements/" + "a".repeat(9_000), ""), 414, unreadable);
        assertEnvelope(get("/console/../entitlements/a b", ""), 400, unreadable);
        assertEnvelope(exchange("GET /entitlements HTTP/9.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"), 505,
                "{\"code\":\"INVALID_REQUEST\",\"message\":\"the request's HTTP version is not supported\"}");
        assertEnvelope(get("/no-such-endpoint", ""), 404, "{\"code\":\"NOT_FOUND\",\"message\":\"no such endpoint\"}");
        assertEnvelope(exchange("DELETE /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"), 404,
                "{\"code\":\"NOT_FOUND\",\"message\":\"no such endpoint\"}");
        assertEnvelope(get("/entitlements", "X-Big: " + "x".repeat(20_000) + "\r\n"), 431,
                "{\"code\":\"INVALID_REQUEST\",\"message\":\"the request's headers are too large\"}");
        assertEnvelope(post("/consoles", "application/x-www-form-urlencoded", THREE_MB_FORM), 404,
                "{\"code\":\"NOT_FOUND\",\"message\":\"no such endpoint\"}");
    }

    static void assertConsolePage(HttpAnswer answer, int status, String heading) {
        assertPage(answer, status, heading, "Grantor console", "<a href=\"/console/\">Go to the queue</a>");
    }

    static void assertPortalPage(HttpAnswer answer, int status, String heading) {
        assertPage(answer, status, heading, "Customer portal", "<a href=\"/portal/\">Go to my purchases</a>");
    }

    static void assertPage(HttpAnswer answer, int status, String heading, String site, String wayBack) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.headers().get("content-type")).startsWith("text/html");
        assertThat(answer.headers().get("content-security-policy")).isEqualTo(CSP);
        assertThat(answer.headers().get("cache-control")).isEqualTo("no-store");
        assertThat(answer.body()).startsWith("<!DOCTYPE html>").contains("<title>" + heading + " · " + site + "</title>")
                .contains("<h1>" + heading + "</h1>").contains(wayBack)
                .doesNotContainIgnoringCase("jetty").doesNotContainIgnoringCase("exception").doesNotContain("\"code\"");
    }

    static void assertEnvelope(HttpAnswer answer, int status, String body) {
        assertThat(answer.status()).as("%s", answer).isEqualTo(status);
        assertThat(answer.headers().get("content-type")).isEqualTo("application/json");
        assertThat(answer.body()).isEqualTo(body);
    }

    static HttpAnswer get(String path, String headers) {
        return exchange("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nAccept: text/html\r\nConnection: close\r\n" + headers
                + "\r\n");
    }

    static HttpAnswer post(String path, String contentType, String body) {
        return exchange("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nAccept: text/html\r\nConnection: close\r\nContent-Type: "
                + contentType + "\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
    }

    /** One request on its own connection, its answer read whole (the server may answer before a large body is all sent). */
    static HttpAnswer exchange(String request) {
        return HttpAnswer.exchange(port, request);
    }
}

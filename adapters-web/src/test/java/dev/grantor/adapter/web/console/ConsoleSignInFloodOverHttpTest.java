package dev.grantor.adapter.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.adapter.web.WebClient;
import dev.grantor.adapter.web.WebServer;
import dev.grantor.application.port.in.OperatorAccess;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /console/login} from one client, over a real socket from 127.0.0.1: past
 * {@value OperatorAccess#LINK_REQUESTS_PER_CLIENT_PER_MINUTE} a minute it answers "Too many attempts" (429, with
 * {@code Retry-After}) whatever address is typed, an operator's or not, and queues nothing.
 */
class ConsoleSignInFloodOverHttpTest {

    WebServer server;

    @BeforeEach
    void start() {
        server = new WebServer();
        server.grantor.operatorAccess().add(server.a, "ops@acme.example").get();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void a_client_past_its_limit_gets_too_many_attempts_for_an_operators_address_and_a_strangers_alike() {
        var client = new WebClient(server.base);
        String csrf = WebClient.csrf(client.get("/console/sign-in").body());
        for (int i = 0; i < OperatorAccess.LINK_REQUESTS_PER_CLIENT_PER_MINUTE; i++) {
            assertThat(client.post("/console/login", form(csrf, i % 2 == 0 ? "nobody@acme.example" : "someone@else.example"))
                    .statusCode()).isEqualTo(200);
        }

        var known = client.post("/console/login", form(csrf, "ops@acme.example"));
        var unknown = client.post("/console/login", form(csrf, "nobody@acme.example"));
        var forwarded = client.post("/console/login", form(csrf, "ops@acme.example"), "X-Forwarded-For", "198.51.100.9");

        for (var answer : java.util.List.of(known, unknown, forwarded)) {
            assertThat(answer.statusCode()).isEqualTo(429);
            assertThat(answer.body()).contains("<h1>Too many attempts</h1>").contains("<title>Too many attempts")
                    .contains("Too many sign-in links were asked for from your network. Try again in a minute.");
            assertThat(retryAfter(answer)).isBetween(1L, 61L);
        }
        assertThat(known.body()).as("the address typed changes nothing").isEqualTo(unknown.body());
        server.relay();
        assertThat(signInMails()).as("no link for the operator's request past the limit").isZero();

        server.clock.advance(Duration.ofSeconds(retryAfter(known)));
        assertThat(client.post("/console/login", form(csrf, "ops@acme.example")).statusCode()).as("once Retry-After has passed")
                .isEqualTo(200);
        server.relay();
        assertThat(signInMails()).isOne();
    }

    /**
     * Under the limit an operator's address and a stranger's get the same answer: status, every header (the date aside),
     * no cookie for either, and the same page but for the address it repeats.
     */
    @Test
    void an_operators_address_and_a_strangers_are_answered_alike_in_status_headers_and_page() {
        var client = new WebClient(server.base);
        String csrf = WebClient.csrf(client.get("/console/sign-in").body());

        var known = client.post("/console/login", form(csrf, "ops@acme.example"));
        var unknown = client.post("/console/login", form(csrf, "nul@acme.example"));

        assertThat(known.statusCode()).isEqualTo(unknown.statusCode()).isEqualTo(200);
        assertThat(withoutDate(known.headers().map())).isEqualTo(withoutDate(unknown.headers().map()));
        assertThat(known.headers().firstValue("Set-Cookie")).as("the form's cookie was set by the sign-in page").isEmpty();
        assertThat(known.body().replace("ops@acme.example", "ADDRESS")).isEqualTo(unknown.body().replace("nul@acme.example", "ADDRESS"));
    }

    private static Map<String, java.util.List<String>> withoutDate(Map<String, java.util.List<String>> headers) {
        var kept = new java.util.TreeMap<>(headers);
        kept.remove("date");
        return kept;
    }

    private static long retryAfter(HttpResponse<String> answer) {
        return Long.parseLong(answer.headers().firstValue("Retry-After").orElseThrow());
    }

    private long signInMails() {
        try (var files = java.nio.file.Files.list(server.pickup)) {
            return files.filter(p -> p.getFileName().toString().startsWith("sign-in-")).count();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Map<String, String> form(String csrf, String email) {
        var fields = new LinkedHashMap<String, String>();
        fields.put("_csrf", csrf);
        fields.put("email", email);
        return fields;
    }
}

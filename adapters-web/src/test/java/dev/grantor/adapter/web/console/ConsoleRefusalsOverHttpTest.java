package dev.grantor.adapter.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.adapter.web.WebClient;
import dev.grantor.adapter.web.WebServer;
import dev.grantor.application.port.in.GrantFulfillment.FulfillLicenseKey;
import dev.grantor.application.view.ErrorStatus;
import dev.grantor.domain.shared.ErrorCode;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A console action the engine refuses answers with the status the API gives the same refusal. */
class ConsoleRefusalsOverHttpTest {

    static WebServer server;
    static ConsoleData data;

    @BeforeAll
    static void start() {
        server = new WebServer();
        data = new ConsoleData(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void a_second_resend_within_the_operators_minute_is_429_as_over_the_api() {
        String grant = data.grant(server.a, data.manualEntitlement(server.a, "Acme Pro"), "ada@example.com", "Ada", "pay_r1");
        server.grantor.fulfillment().fulfillLicenseKey(server.a, grant, new FulfillLicenseKey("ACME-RESEND-0001", null, null)).get();
        var client = new WebClient(server.base);
        assertThat(client.signIn(server.consoleLink(server.a)).statusCode()).isEqualTo(303);
        String csrf = WebClient.csrf(client.get("/console/grants/" + grant).body());

        var first = client.post("/console/grants/" + grant + "/resend", Map.of("_csrf", csrf, "back", "grant"));
        var second = client.post("/console/grants/" + grant + "/resend", Map.of("_csrf", csrf, "back", "grant"));

        assertThat(first.statusCode()).isEqualTo(303);
        assertThat(second.statusCode()).isEqualTo(ErrorStatus.of(ErrorCode.RATE_LIMITED)).isEqualTo(429);
    }

    @Test
    void a_signed_in_operators_form_over_the_servers_limit_is_the_consoles_page_and_changes_nothing() {
        String grant = data.grant(server.a, data.manualEntitlement(server.a, "Acme Big"), "big@example.com", "Big", "pay_big1");
        var client = new WebClient(server.base);
        assertThat(client.signIn(server.consoleLink(server.a)).statusCode()).isEqualTo(303);
        String csrf = WebClient.csrf(client.get("/console/grants/" + grant).body());

        var answer = client.post("/console/grants/" + grant + "/fulfill",
                Map.of("_csrf", csrf, "license_key", "K".repeat(3_000_000)));

        assertThat(answer.statusCode()).isEqualTo(413);
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThat(answer.headers().firstValue("Content-Security-Policy")).isPresent();
        assertThat(answer.body()).contains("<h1>Too large</h1>").contains("larger than this server accepts");
        assertThat(server.grantor.grants().get(server.a, grant).get().licenseKey()).as("no key written").isEmpty();
    }
}

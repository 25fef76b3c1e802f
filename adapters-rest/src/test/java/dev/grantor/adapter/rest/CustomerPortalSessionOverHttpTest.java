package dev.grantor.adapter.rest;

import static dev.grantor.adapter.rest.ApiServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.HttpAnswer;
import dev.grantor.application.port.out.PortalEmail;
import io.vavr.control.Option;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** {@code POST /customers/{customer_id}/customer-portal/session} over a real socket, in Dodo's shape. */
class CustomerPortalSessionOverHttpTest {

    private static final ApiServer server = new ApiServer();

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String customerOf(ApiServer.Tenant tenant, String email) {
        String entitlement = server.entitlement(tenant, "license_key", json("activations_limit", 2));
        return server.issue(tenant, entitlement, email).path("customer_id").asText();
    }

    private static String path(String customer, String query) {
        return "/customers/" + customer + "/customer-portal/session" + query;
    }

    @Test
    void answers_a_one_time_link_under_the_servers_own_portal_and_sends_no_email_unless_asked() {
        String customer = customerOf(server.a, "portal-a@example.com");

        var response = server.post(path(customer, ""), server.a.writeKey(), null);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().size()).isEqualTo(1);
        String link = response.json().path("link").asText();
        assertThat(link).matches("http://127\\.0\\.0\\.1:" + server.api.port() + "/portal/link/[A-Za-z0-9_-]{43}");
        String token = URI.create(link).getPath().substring("/portal/link/".length());
        assertThat(server.grantor.customerPortal().redeemLink(token)).hasSize(1);
        assertThat(server.grantor.customerPortal().redeemLink(token)).as("once only").isEmpty();
        server.grantor.relay().runOnce();
        assertThat(server.mailer.portalEmails()).noneMatch(e -> e.to().value().equals("portal-a@example.com"));
    }

    @Test
    void with_send_email_the_link_is_emailed_and_the_return_url_kept() {
        String customer = customerOf(server.a, "portal-mail@example.com");
        String back = "https://shop.example/account?from=portal&x=%3C1%3E";

        var response = server.post(path(customer, "?send_email=true&return_url=" + URLEncoder.encode(back, StandardCharsets.UTF_8)),
                server.a.writeKey(), null);

        assertThat(response.status()).isEqualTo(200);
        String link = response.json().path("link").asText();
        server.grantor.relay().runOnce();
        PortalEmail email = server.mailer.portalEmails().filter(e -> e.to().value().equals("portal-mail@example.com")).single();
        assertThat(email.kind()).isEqualTo(PortalEmail.Kind.PORTAL_LINK);
        assertThat(email.secret()).isEqualTo(link);
        var customerSession = server.grantor.customerPortal().redeemLink(URI.create(link).getPath().substring("/portal/link/".length()));
        assertThat(customerSession.get().returnUrl()).isEqualTo(Option.some(back));
    }

    @Test
    void a_host_header_never_names_the_emailed_link_s_address() {
        String customer = customerOf(server.a, "portal-host@example.com");

        var answer = HttpAnswer.exchange(server.api.port(), "POST " + path(customer, "?send_email=true") + " HTTP/1.1\r\n"
                + "Host: evil.example:666\r\nAuthorization: Bearer " + server.a.writeKey() + "\r\nContent-Length: 0\r\n"
                + "Connection: close\r\n\r\n");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).doesNotContain("evil.example");
        server.grantor.relay().runOnce();
        PortalEmail email = server.mailer.portalEmails().filter(e -> e.to().value().equals("portal-host@example.com")).single();
        assertThat(email.secret()).as("the mailed link names the port the request came in on, on loopback")
                .matches("http://127\\.0\\.0\\.1:" + server.api.port() + "/portal/link/[A-Za-z0-9_-]{43}");
        assertThat(answer.body()).contains(email.secret());
    }

    @Test
    void a_retry_with_its_idempotency_key_answers_the_same_link_and_another_query_with_the_key_is_refused() {
        String customer = customerOf(server.a, "portal-retry@example.com");
        String key = "portal-retry-3e0d9b1f";
        String session = path(customer, "?return_url=" + URLEncoder.encode("https://shop.example/a", StandardCharsets.UTF_8));

        var first = server.send("POST", session, server.a.writeKey(), null, "Idempotency-Key", key);
        var retry = server.send("POST", session, server.a.writeKey(), null, "Idempotency-Key", key);
        var otherReturn = server.send("POST", session.replace("%2Fa", "%2Fb"), server.a.writeKey(), null, "Idempotency-Key", key);
        var otherSend = server.send("POST", session + "&send_email=true", server.a.writeKey(), null, "Idempotency-Key", key);

        assertThat(first.status()).isEqualTo(200);
        assertThat(retry.raw()).as("the first answer, byte for byte").isEqualTo(first.raw());
        assertThat(otherReturn.status()).isEqualTo(409);
        assertThat(otherReturn.code()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
        assertThat(otherSend.status()).isEqualTo(409);
        String token = URI.create(first.json().path("link").asText()).getPath().substring("/portal/link/".length());
        assertThat(server.grantor.customerPortal().redeemLink(token)).hasSize(1);
        assertThat(server.grantor.customerPortal().redeemLink(token)).as("once only").isEmpty();
        server.grantor.relay().runOnce();
        assertThat(server.mailer.portalEmails()).as("the refused request sent nothing")
                .noneMatch(e -> e.to().value().equals("portal-retry@example.com"));
    }

    @Test
    void bad_query_parameters_are_field_errors() {
        String customer = customerOf(server.a, "portal-bad@example.com");

        var sendEmail = server.post(path(customer, "?send_email=yes"), server.a.writeKey(), null);
        assertThat(sendEmail.status()).isEqualTo(422);
        assertThat(sendEmail.code()).isEqualTo("VALIDATION_FAILED");
        assertThat(sendEmail.raw()).contains("send_email");

        for (String bad : new String[] {"javascript:alert(1)", "/relative", "ftp://x.example/"}) {
            var returnUrl = server.post(path(customer, "?return_url=" + URLEncoder.encode(bad, StandardCharsets.UTF_8)),
                    server.a.writeKey(), null);
            assertThat(returnUrl.status()).as(bad).isEqualTo(422);
            assertThat(returnUrl.raw()).contains("return_url");
        }
    }

    @Test
    void another_businesses_customer_an_unknown_one_a_read_only_key_and_no_key_get_nothing() {
        String customer = customerOf(server.a, "portal-other@example.com");

        assertThat(server.post(path(customer, ""), server.b.writeKey(), null).status()).isEqualTo(404);
        assertThat(server.post(path("cus_nobody", ""), server.a.writeKey(), null).status()).isEqualTo(404);
        assertThat(server.post(path(customer, ""), server.a.readKey(), null).status()).isEqualTo(403);
        assertThat(server.post(path(customer, ""), null, null).status()).isEqualTo(401);
    }
}

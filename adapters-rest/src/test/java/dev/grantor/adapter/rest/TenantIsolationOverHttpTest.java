package dev.grantor.adapter.rest;

import static dev.grantor.adapter.rest.ApiServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Business A's key on business B's ids: every endpoint answers 404, and B's records stay as they were. */
class TenantIsolationOverHttpTest {

    private static final ApiServer server = new ApiServer();
    private static String entitlementOfB;
    private static String pendingGrantOfB;
    private static String customerOfB;
    private static String webhookOfB;
    private static String deliveryOfB;
    private static String webhookOfA;

    @BeforeAll
    static void business_b_has_an_entitlement_a_pending_grant_a_customer_and_a_webhook_with_a_delivery() {
        webhookOfB = server.webhook(server.b, "https://b.example.com/hooks", "description", "B's");
        webhookOfA = server.webhook(server.a, "https://a.example.com/hooks");
        entitlementOfB = server.manualEntitlement(server.b);
        var grant = server.issue(server.b, entitlementOfB, "b-customer@example.com");
        pendingGrantOfB = grant.path("id").asText();
        customerOfB = grant.path("customer_id").asText();
        server.grantor.relay().runOnce();
        deliveryOfB = server.get("/webhooks/" + webhookOfB + "/deliveries", server.b.readKey()).json().path("data").get(0).path("id").asText();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Stream<Arguments> endpoints_on_b_ids() {
        return Stream.of(
                Arguments.of("GET", "/entitlements/{ent}", null),
                Arguments.of("PATCH", "/entitlements/{ent}", json("name", "stolen")),
                Arguments.of("DELETE", "/entitlements/{ent}", null),
                Arguments.of("GET", "/entitlements/{ent}/grants", null),
                Arguments.of("POST", "/entitlements/{ent}/grants", json("customer", json("email", "a@example.com"))),
                Arguments.of("DELETE", "/entitlements/{ent}/grants/{grant}", null),
                Arguments.of("GET", "/grants/{grant}", null),
                Arguments.of("POST", "/grants/{grant}/license-key", json("key", "A-STEALS-B")),
                Arguments.of("POST", "/grants/{grant}/delivery", json("oauth_url", "https://example.com")),
                Arguments.of("POST", "/grants/{grant}/failure", json("error_code", "x", "error_message", "y")),
                Arguments.of("GET", "/customers/{customer}/entitlement-grants", null),
                Arguments.of("GET", "/webhooks/{whk}", null),
                Arguments.of("PATCH", "/webhooks/{whk}", json("url", "https://a.example.com/stolen", "disabled", true)),
                Arguments.of("PATCH", "/webhooks/{whk}", json("url", "ftp://not-even-valid")),
                Arguments.of("DELETE", "/webhooks/{whk}", null),
                Arguments.of("GET", "/webhooks/{whk}/secret", null),
                Arguments.of("GET", "/webhooks/{whk}/deliveries", null),
                Arguments.of("POST", "/webhooks/{whk}/deliveries/{msg}/retry", null),
                Arguments.of("POST", "/webhooks/{own_whk}/deliveries/{msg}/retry", null));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("endpoints_on_b_ids")
    void business_a_cannot_tell_business_b_ids_from_missing_ones(String method, String template, Object body) {
        String path = template.replace("{ent}", entitlementOfB).replace("{grant}", pendingGrantOfB).replace("{customer}", customerOfB)
                .replace("{whk}", webhookOfB).replace("{own_whk}", webhookOfA).replace("{msg}", deliveryOfB);

        var response = server.send(method, path, server.a.writeKey(), body);

        assertThat(response.status()).as(response.raw()).isEqualTo(404);
        assertThat(response.code()).isEqualTo("NOT_FOUND");
        var grantAsB = server.get("/grants/" + pendingGrantOfB, server.b.readKey());
        assertThat(grantAsB.json().path("status").asText()).isEqualTo("Pending");
        assertThat(server.get("/entitlements/" + entitlementOfB, server.b.readKey()).json().path("name").asText()).isEqualTo("Pro license");
        var webhookAsB = server.get("/webhooks/" + webhookOfB, server.b.readKey()).json();
        assertThat(webhookAsB.path("url").asText()).isEqualTo("https://b.example.com/hooks");
        assertThat(webhookAsB.path("disabled").asBoolean()).isFalse();
        var deliveryAsB = server.get("/webhooks/" + webhookOfB + "/deliveries", server.b.readKey()).json().path("data").get(0);
        assertThat(deliveryAsB.path("id").asText()).isEqualTo(deliveryOfB);
        assertThat(deliveryAsB.path("status").asText()).isEqualTo("pending");
    }

    @org.junit.jupiter.api.Test
    void the_webhook_list_shows_only_the_callers_endpoints() {
        var listed = server.get("/webhooks?limit=100", server.a.readKey());

        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.json().path("data")).extracting(webhook -> webhook.path("id").asText()).contains(webhookOfA).doesNotContain(webhookOfB);
        assertThat(server.get("/webhooks?iterator=" + webhookOfB, server.a.readKey()).json().path("data"))
                .noneMatch(webhook -> webhook.path("url").asText().startsWith("https://b."));
    }

    @org.junit.jupiter.api.Test
    void a_businesss_events_reach_only_its_own_endpoints() {
        var ofA = server.get("/webhooks/" + webhookOfA + "/deliveries", server.a.readKey()).json().path("data");

        assertThat(ofA).noneMatch(delivery -> delivery.path("id").asText().equals(deliveryOfB));
    }

    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"/grants", "/entitlements"})
    void lists_show_only_the_callers_business(String path) {
        var listed = server.get(path + "?page_size=100", server.a.readKey());

        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.json().path("items")).noneMatch(item -> item.path("business_id").asText().equals(server.b.business().value()));
    }
}

package dev.grantor.adapter.rest;

import static dev.grantor.adapter.rest.ApiServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /entitlements/{id}/grants} as http-api.md states it: 201 for a new grant, 200 with the existing one for the
 * same (entitlement, customer, payment or subscription); the customer found by {@code customer_id}, else by email in any
 * case, else created, and a known customer's name and email refreshed; at most one of payment and subscription.
 */
class IssuingOverHttpTest {

    private static final ApiServer server = new ApiServer();

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void the_same_purchase_again_answers_the_grant_it_issued_and_refreshes_the_customer_found_by_email_in_any_case() {
        String path = "/entitlements/" + server.manualEntitlement(server.a) + "/grants";
        var first = issue(path, json("customer", json("email", "Mary@Example.com", "name", "Mary"), "payment_id", "pay_mary_1"));
        var again = issue(path, json("customer", json("email", "mary@example.com", "name", "Mary Jones"), "payment_id", "pay_mary_1"));
        var secondPurchase = issue(path, json("customer", json("email", "MARY@example.com"), "payment_id", "pay_mary_2"));

        assertThat(first.status()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().path("id").asText()).isEqualTo(first.json().path("id").asText());
        assertThat(secondPurchase.status()).isEqualTo(201);
        assertThat(secondPurchase.json().path("id").asText()).isNotEqualTo(first.json().path("id").asText());
        String customer = first.json().path("customer_id").asText();
        assertThat(java.util.List.of(again, secondPurchase)).extracting(r -> r.json().path("customer_id").asText())
                .containsOnly(customer);
        var known = server.get("/customers/" + customer, server.a.readKey()).json();
        assertThat(known.path("name").asText()).as("refreshed by the second request, kept by the third (no name)")
                .isEqualTo("Mary Jones");
        assertThat(known.path("email").asText()).isEqualTo("MARY@example.com");
    }

    @Test
    void the_customer_is_found_by_id_before_email_and_an_unknown_email_is_a_new_customer() {
        String path = "/entitlements/" + server.manualEntitlement(server.a) + "/grants";
        String customer = issue(path, json("customer", json("email", "sam@example.com"))).json().path("customer_id").asText();

        var byId = issue(path, json("customer", json("customer_id", customer, "email", "sam.new@example.com"),
                "subscription_id", "sub_sam_1"));
        var byIdAgain = issue(path, json("customer", json("customer_id", customer, "email", "sam.new@example.com"),
                "subscription_id", "sub_sam_1"));
        var stranger = issue(path, json("customer", json("email", "sam@example.com")));

        assertThat(byId.status()).isEqualTo(201);
        assertThat(byId.json().path("customer_id").asText()).isEqualTo(customer);
        assertThat(server.get("/customers/" + customer, server.a.readKey()).json().path("email").asText())
                .isEqualTo("sam.new@example.com");
        assertThat(byIdAgain.status()).isEqualTo(200);
        assertThat(byIdAgain.json().path("id").asText()).isEqualTo(byId.json().path("id").asText());
        assertThat(stranger.status()).as("the old address is nobody's now").isEqualTo(201);
        assertThat(stranger.json().path("customer_id").asText()).isNotEqualTo(customer);
    }

    @Test
    void a_customer_id_unknown_or_of_another_business_is_not_found_and_issues_nothing() {
        String entitlement = server.manualEntitlement(server.a);
        String path = "/entitlements/" + entitlement + "/grants";
        String ofB = server.issue(server.b, server.manualEntitlement(server.b), "b-only@example.com").path("customer_id").asText();

        for (String id : java.util.List.of(ofB, "cus_000000000000000000000")) {
            var refused = issue(path, json("customer", json("customer_id", id, "email", "nobody-" + id + "@example.com")));
            assertThat(refused.status()).isEqualTo(404);
            assertThat(refused.code()).isEqualTo("NOT_FOUND");
        }
        assertThat(server.get(path, server.a.readKey()).json().path("items")).isEmpty();
    }

    @Test
    void a_payment_and_a_subscription_together_are_refused_at_the_field_and_issue_nothing() {
        String path = "/entitlements/" + server.manualEntitlement(server.a) + "/grants";
        var refused = issue(path, json("customer", json("email", "both@example.com"), "payment_id", "pay_both",
                "subscription_id", "sub_both"));

        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.code()).isEqualTo("VALIDATION_FAILED");
        assertThat(refused.json().path("details").get(0).path("field").asText()).isEqualTo("subscription_id");
        assertThat(server.get(path, server.a.readKey()).json().path("items")).isEmpty();
        assertThat(server.get("/customers?email=both@example.com", server.a.readKey()).json().path("items")).isEmpty();
    }

    private static ApiServer.Response issue(String path, Object body) {
        return server.post(path, server.a.writeKey(), body);
    }
}

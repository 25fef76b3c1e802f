package dev.grantor.adapter.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Dodo's customer lookup: {@code GET /customers} and {@code GET /customers/{customer_id}}, each business alone. */
class CustomersOverHttpTest {

    private final ApiServer server = new ApiServer();

    @AfterEach
    void stop() {
        server.close();
    }

    private String customerOf(ApiServer.Tenant tenant, String email) {
        return server.issue(tenant, server.manualEntitlement(tenant), email).path("customer_id").asText();
    }

    private static List<String> ids(JsonNode page) {
        var ids = new ArrayList<String>();
        page.path("items").forEach(item -> ids.add(item.path("customer_id").asText()));
        return ids;
    }

    @Test
    void a_customer_is_retrieved_in_dodos_customer_shape() {
        String id = customerOf(server.a, "Ada@Example.com");

        var answer = ApiServer.requireStatus(server.get("/customers/" + id, server.a.readKey()), 200);

        var fields = new ArrayList<String>();
        answer.json().fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("business_id", "created_at", "customer_id", "email", "name", "metadata", "phone_number");
        assertThat(answer.json().path("business_id").asText()).isEqualTo(server.a.business().value());
        assertThat(answer.json().path("customer_id").asText()).isEqualTo(id);
        assertThat(answer.json().path("email").asText()).isEqualTo("Ada@Example.com");
        assertThat(answer.json().path("name").isTextual()).as("Dodo's name is a string, never null").isTrue();
        assertThat(answer.json().path("created_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(answer.json().path("metadata").isObject()).isTrue();
        assertThat(answer.json().path("phone_number").isNull()).isTrue();
    }

    @Test
    void customers_are_listed_newest_first_page_by_page() {
        String first = customerOf(server.a, "first@example.com");
        String second = customerOf(server.a, "second@example.com");
        String third = customerOf(server.a, "third@example.com");

        assertThat(ids(server.get("/customers", server.a.readKey()).json())).containsExactly(third, second, first);
        assertThat(ids(server.get("/customers?page_size=2&page_number=0", server.a.readKey()).json())).containsExactly(third, second);
        assertThat(ids(server.get("/customers?page_size=2&page_number=1", server.a.readKey()).json())).containsExactly(first);
        assertThat(ids(server.get("/customers?page_size=2&page_number=2", server.a.readKey()).json())).isEmpty();
    }

    @Test
    void the_email_filter_finds_the_customer_in_any_case_and_nobody_for_an_unknown_or_malformed_address() {
        customerOf(server.a, "first@example.com");
        String second = customerOf(server.a, "Second@Example.com");

        assertThat(ids(server.get("/customers?email=sECOND%40example.COM", server.a.readKey()).json())).containsExactly(second);
        assertThat(ids(server.get("/customers?email=nobody%40example.com", server.a.readKey()).json())).isEmpty();
        assertThat(ids(server.get("/customers?email=not-an-address", server.a.readKey()).json())).isEmpty();
    }

    @Test
    void a_business_never_sees_another_business_customers() {
        String mine = customerOf(server.a, "shared@example.com");
        String theirs = customerOf(server.b, "shared@example.com");

        assertThat(ids(server.get("/customers", server.a.readKey()).json())).containsExactly(mine);
        assertThat(ids(server.get("/customers?email=shared%40example.com", server.b.readKey()).json())).containsExactly(theirs);
        var other = server.get("/customers/" + theirs, server.a.readKey());
        assertThat(other.status()).isEqualTo(404);
        assertThat(other.code()).isEqualTo("NOT_FOUND");
    }

    @Test
    void bad_requests_get_the_contracts_errors() {
        assertThat(server.get("/customers", null).status()).isEqualTo(401);
        assertThat(server.get("/customers/cus_000000000000000000000", server.a.readKey()).code()).isEqualTo("NOT_FOUND");
        assertThat(server.get("/customers/nonsense", server.a.readKey()).code()).isEqualTo("NOT_FOUND");
        var tooLarge = server.get("/customers?page_size=101", server.a.readKey());
        assertThat(tooLarge.status()).isEqualTo(422);
        assertThat(tooLarge.code()).isEqualTo("VALIDATION_FAILED");
        assertThat(server.get("/customers?page_number=x", server.a.readKey()).status()).isEqualTo(422);
    }

    /** Dodo's {@code customers.listEntitlements}: every grant of the customer, newest first, with its entitlement. */
    @Test
    void what_a_customer_was_granted_is_listed_with_each_entitlement_s_name() throws InterruptedException {
        String retired = server.manualEntitlement(server.a);
        String oldest = server.issue(server.a, retired, "ent@example.com", "payment_id", "pay_ent_0").path("id").asText();
        String customer = server.get("/grants/" + oldest, server.a.readKey()).json().path("customer_id").asText();
        ApiServer.requireStatus(server.send("DELETE", "/entitlements/" + retired, server.a.writeKey(), null), 200);
        String pro = server.manualEntitlement(server.a);
        Thread.sleep(5); // newest first: apart by a millisecond at least, or ties fall to the ids' random part
        String first = server.issue(server.a, pro, "ent@example.com", "payment_id", "pay_ent_1").path("id").asText();
        Thread.sleep(5);
        String second = server.issue(server.a, pro, "ent@example.com", "payment_id", "pay_ent_2").path("id").asText();
        server.fulfill(server.a, first, "ENT-LIST-KEY-0001");
        server.send("DELETE", "/entitlements/" + pro + "/grants/" + second, server.a.writeKey(), null);
        server.issue(server.a, server.manualEntitlement(server.a), "someone-else@example.com");

        var answer = ApiServer.requireStatus(server.get("/customers/" + customer + "/entitlements", server.a.readKey()), 200).json();

        var items = answer.path("items");
        assertThat(items).hasSize(3);
        assertThat(items.get(2).path("grant_id").asText()).as("a deleted entitlement's grant stays listed").isEqualTo(oldest);
        assertThat(items.get(2).path("status").asText()).isEqualTo("pending");
        var revoked = items.get(0);
        var delivered = items.get(1);
        assertThat(revoked.path("grant_id").asText()).isEqualTo(second);
        assertThat(delivered.path("grant_id").asText()).isEqualTo(first);
        var fields = new ArrayList<String>();
        delivered.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactlyInAnyOrder("grant_id", "entitlement_id", "entitlement_name", "entitlement_description",
                "integration_type", "status", "created_at", "updated_at", "delivered_at", "revoked_at");
        assertThat(delivered.path("status").asText()).isEqualTo("delivered");
        assertThat(delivered.path("entitlement_id").asText()).isEqualTo(pro);
        assertThat(delivered.path("entitlement_name").asText())
                .isEqualTo(server.get("/entitlements/" + pro, server.a.readKey()).json().path("name").asText());
        assertThat(delivered.path("integration_type").asText()).isEqualTo("license_key");
        assertThat(delivered.path("delivered_at").asText()).matches("\\d{4}-.*Z");
        assertThat(delivered.path("revoked_at").isNull()).isTrue();
        assertThat(revoked.path("status").asText()).isEqualTo("revoked");
        assertThat(revoked.path("revoked_at").asText()).matches("\\d{4}-.*Z");
        assertThat(revoked.path("delivered_at").isNull()).isTrue();
    }

    @Test
    void another_business_s_customer_or_an_unknown_one_is_not_found() {
        String customer = customerOf(server.a, "mine@example.com");

        assertThat(server.get("/customers/" + customer + "/entitlements", server.b.readKey()).status()).isEqualTo(404);
        assertThat(server.get("/customers/cus_000000000000000000000/entitlements", server.a.readKey()).status()).isEqualTo(404);
        assertThat(server.get("/customers/not-an-id/entitlements", server.a.readKey()).status()).isEqualTo(404);
    }
}

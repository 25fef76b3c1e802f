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
}

package dev.grantor.adapter.rest;

import static dev.grantor.adapter.rest.ApiServer.json;
import static dev.grantor.adapter.rest.ApiServer.requireStatus;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The exact answers (status and raw body) for the command fields whose rule was checked twice and now has one holder
 * (issue 10, "each rule in exactly one place"). The edge still reports the JSON shape (a required field missing, null
 * or blank: 400); every other rule comes from its one holder in the engine, with the same bytes as before.
 */
class OneRuleHolderOverHttpTest {

    private static final ApiServer server = new ApiServer();

    @AfterAll
    static void stop() {
        server.close();
    }

    private static void answers(ApiServer.Response response, int status, String body) {
        assertThat(response.raw()).isEqualTo(body);
        assertThat(response.status()).isEqualTo(status);
    }

    @Nested
    class A_customers_email_when_issuing {

        @Test
        void blank_is_the_edges_shape_problem_and_malformed_is_the_email_addresss_rule() {
            String entitlement = server.manualEntitlement(server.a);
            String path = "/entitlements/" + entitlement + "/grants";

            answers(server.post(path, server.a.writeKey(), json("customer", json("email", "  "))), 400,
                    "{\"code\":\"INVALID_REQUEST\",\"message\":\"customer.email must not be blank\","
                            + "\"details\":[{\"field\":\"customer.email\",\"message\":\"must not be blank\"}]}");
            answers(server.post(path, server.a.writeKey(), json("customer", json("email", "ada.example.com"))), 422,
                    "{\"code\":\"VALIDATION_FAILED\",\"message\":\"customer.email must be an email address\","
                            + "\"details\":[{\"field\":\"customer.email\",\"message\":\"must be an email address\"}]}");
        }
    }

    @Nested
    class An_instances_new_name {

        @Test
        void blank_is_the_edges_shape_problem_and_too_long_is_the_instances_rule() {
            String grant = server.issue(server.a, server.manualEntitlement(server.a), "rename@example.com").path("id").asText();
            server.fulfill(server.a, grant, "RULE-HOLDER-RENAME-1");
            String instance = requireStatus(server.post("/licenses/activate", null,
                    json("license_key", "RULE-HOLDER-RENAME-1", "name", "laptop")), 201).json().path("id").asText();
            String path = "/license_key_instances/" + instance;

            answers(server.send("PATCH", path, server.a.writeKey(), json("name", " ")), 400,
                    "{\"code\":\"INVALID_REQUEST\",\"message\":\"name must not be blank\","
                            + "\"details\":[{\"field\":\"name\",\"message\":\"must not be blank\"}]}");
            var tooLong = server.send("PATCH", path, server.a.writeKey(), json("name", "n".repeat(10_000)));
            assertThat(tooLong.status()).isEqualTo(422);
            assertThat(tooLong.json().path("details").get(0).path("field").asText()).isEqualTo("name");
            assertThat(tooLong.json().path("details").get(0).path("message").asText()).startsWith("must be 1 to ");
        }
    }

    @Nested
    class A_webhook {

        private static final String URL = "https://shop.example.com/rules";

        @Test
        void a_blank_url_is_the_edges_shape_problem_and_a_bad_one_the_url_rule() {
            answers(server.post("/webhooks", server.a.writeKey(), json("url", " ")), 400,
                    "{\"code\":\"INVALID_REQUEST\",\"message\":\"url must not be blank\","
                            + "\"details\":[{\"field\":\"url\",\"message\":\"must not be blank\"}]}");
            answers(server.post("/webhooks", server.a.writeKey(), json("url", "ftp://shop.example.com/rules")), 422,
                    "{\"code\":\"VALIDATION_FAILED\",\"message\":\"url must use https\","
                            + "\"details\":[{\"field\":\"url\",\"message\":\"must use https\"}]}");
        }

        @Test
        void a_rate_limit_below_one_is_named_rate_limit_on_create_and_update() {
            String body = "{\"code\":\"VALIDATION_FAILED\",\"message\":\"rate_limit must be greater than or equal to 1\","
                    + "\"details\":[{\"field\":\"rate_limit\",\"message\":\"must be greater than or equal to 1\"}]}";

            answers(server.post("/webhooks", server.a.writeKey(), json("url", URL, "rate_limit", 0)), 422, body);
            String id = server.webhook(server.a, URL);
            answers(server.send("PATCH", "/webhooks/" + id, server.a.writeKey(), json("rate_limit", 0)), 422, body);
        }

        @Test
        void a_page_limit_outside_one_to_a_hundred_is_named_limit() {
            answers(server.get("/webhooks?limit=0", server.a.readKey()), 422,
                    "{\"code\":\"VALIDATION_FAILED\",\"message\":\"limit must be greater than or equal to 1\","
                            + "\"details\":[{\"field\":\"limit\",\"message\":\"must be greater than or equal to 1\"}]}");
            answers(server.get("/webhooks?limit=101", server.a.readKey()), 422,
                    "{\"code\":\"VALIDATION_FAILED\",\"message\":\"limit must be less than or equal to 100\","
                            + "\"details\":[{\"field\":\"limit\",\"message\":\"must be less than or equal to 100\"}]}");
        }
    }

    @Nested
    class An_imported_key {

        @Test
        void a_blank_customer_or_product_is_the_edges_shape_problem_in_the_order_of_the_body() {
            answers(server.post("/license_keys", server.a.writeKey(), json("customer_id", "", "key", "RULE-HOLDER-IMPORT-1",
                            "product_id", " ")), 400,
                    "{\"code\":\"INVALID_REQUEST\",\"message\":\"customer_id must not be blank; product_id must not be blank\","
                            + "\"details\":[{\"field\":\"customer_id\",\"message\":\"must not be blank\"},"
                            + "{\"field\":\"product_id\",\"message\":\"must not be blank\"}]}");
        }
    }

    @Nested
    class A_key_pool_import {

        @Test
        void more_keys_than_one_import_takes_is_refused_whole_by_the_pools_rule() {
            String entitlement = server.manualEntitlement(server.a);
            requireStatus(server.post("/entitlements/" + entitlement + "/key-pool", server.a.writeKey(), null), 201);
            var keys = new ArrayList<Object>();
            for (int i = 0; i <= 10_000; i++) {
                keys.add(json("key", "RULE-HOLDER-POOL-" + i));
            }

            answers(server.post("/entitlements/" + entitlement + "/key-pool/keys", server.a.writeKey(), json("keys", keys)), 422,
                    "{\"code\":\"VALIDATION_FAILED\",\"message\":\"keys must hold at most 10000 keys per import\","
                            + "\"details\":[{\"field\":\"keys\",\"message\":\"must hold at most 10000 keys per import\"}]}");
            assertThat(requireStatus(server.get("/entitlements/" + entitlement + "/key-pool", server.a.readKey()), 200).json()
                    .path("available").asInt()).as("nothing of a refused import is kept").isZero();
        }

        @Test
        void a_line_expiring_in_the_past_is_invalid_by_the_keys_expiry_rule() {
            String entitlement = server.manualEntitlement(server.a);
            requireStatus(server.post("/entitlements/" + entitlement + "/key-pool", server.a.writeKey(), null), 201);

            answers(server.post("/entitlements/" + entitlement + "/key-pool/keys", server.a.writeKey(), json("keys",
                            java.util.List.of(json("key", "RULE-HOLDER-PAST-1", "expires_at", "2001-01-01T00:00:00Z")))), 200,
                    "{\"imported\":0,\"duplicates\":0,\"invalid\":1,\"fulfilled_grants\":0,"
                            + "\"results\":[{\"line\":1,\"status\":\"invalid\",\"error\":\"expires_at must be in the future\"}]}");
        }
    }
}

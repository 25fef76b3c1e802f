package dev.grantor.adapter.rest;

import static dev.grantor.adapter.rest.ApiServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class ManualFulfillmentOverHttpTest {

    private static final ApiServer server = new ApiServer();

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void an_entitlement_with_a_minimum_key_length_refuses_shorter_keys_with_422_license_key_too_short() {
        var a = server.a;
        String entitlementId = server.entitlement(a, "license_key", json("fulfillment_mode", "manual", "min_key_length", 16));
        assertThat(server.get("/entitlements/" + entitlementId, a.readKey()).json().path("integration_config")
                .path("min_key_length").asInt()).isEqualTo(16);
        String grantId = server.issue(a, entitlementId, "min@example.com").path("id").asText();

        var tooShort = server.post("/grants/" + grantId + "/license-key", a.writeKey(), json("key", "ABCD-EFGH-IJKLM"));
        assertThat(tooShort.status()).isEqualTo(422);
        assertThat(tooShort.code()).isEqualTo("LICENSE_KEY_TOO_SHORT");
        assertThat(tooShort.json().path("message").asText()).contains("16");
        assertThat(server.get("/grants/" + grantId, a.readKey()).json().path("status").asText()).isEqualTo("Pending");

        var longEnough = server.post("/grants/" + grantId + "/license-key", a.writeKey(), json("key", "ABCD-EFGH-IJKL-MN"));
        assertThat(longEnough.status()).isEqualTo(200);
    }

    @Test
    void min_key_length_defaults_to_1_and_is_validated_like_the_other_config_fields() {
        var a = server.a;
        String plain = server.manualEntitlement(a);
        assertThat(server.get("/entitlements/" + plain, a.readKey()).json().path("integration_config")
                .path("min_key_length").asInt()).isEqualTo(1);
        String grantId = server.issue(a, plain, "one@example.com").path("id").asText();
        assertThat(server.post("/grants/" + grantId + "/license-key", a.writeKey(), json("key", "K")).status()).isEqualTo(200);

        for (Object bad : new Object[] {0, 256, -3}) {
            var refused = server.post("/entitlements", a.writeKey(), json("name", "Bad", "integration_type", "license_key",
                    "integration_config", json("fulfillment_mode", "manual", "min_key_length", bad)));
            assertThat(refused.status()).as("%s", bad).isEqualTo(422);
            assertThat(refused.json().path("details").get(0).path("field").asText()).isEqualTo("integration_config.min_key_length");
        }
        var notANumber = server.post("/entitlements", a.writeKey(), json("name", "Bad", "integration_type", "license_key",
                "integration_config", json("fulfillment_mode", "manual", "min_key_length", "sixteen")));
        assertThat(notANumber.status()).isBetween(400, 422);
        assertThat(notANumber.json().path("details").get(0).path("field").asText()).isEqualTo("integration_config.min_key_length");
    }

    @Test
    void a_manual_grant_goes_from_pending_to_delivered_to_revoked_and_its_key_follows() {
        var a = server.a;
        String entitlementId = server.manualEntitlement(a);

        var issued = server.issue(a, entitlementId, "ada@example.com", "payment_id", "pay_1");
        String grantId = issued.path("id").asText();
        assertThat(issued.path("status").asText()).isEqualTo("Pending");
        assertThat(issued.path("license_key").isNull()).isTrue();

        var again = server.post("/entitlements/" + entitlementId + "/grants", a.writeKey(),
                json("customer", json("email", "ADA@example.com"), "payment_id", "pay_1"));
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().path("id").asText()).isEqualTo(grantId);

        var workList = server.get("/grants?status=pending&page_size=10&entitlement_id=" + entitlementId, a.writeKey());
        assertThat(workList.status()).isEqualTo(200);
        assertThat(workList.json().path("items")).extracting(item -> item.path("id").asText()).containsExactly(grantId);

        var fulfilled = server.post("/grants/" + grantId + "/license-key", a.writeKey(), json("key", "  KEY-ADA-0001  "));
        assertThat(fulfilled.status()).isEqualTo(200);
        assertThat(fulfilled.json().path("status").asText()).isEqualTo("Delivered");
        assertThat(fulfilled.json().path("delivered_at").asText()).endsWith("Z");
        assertThat(fulfilled.json().path("license_key").path("key").asText()).isEqualTo("KEY-ADA-0001");
        assertThat(fulfilled.json().path("license_key").path("status").asText()).isEqualTo("active");
        assertThat(fulfilled.json().path("license_key").path("activations_limit").asInt()).isEqualTo(2);

        var retried = server.post("/grants/" + grantId + "/license-key", a.writeKey(), json("key", "KEY-ADA-0001"));
        assertThat(retried.status()).isEqualTo(200);

        var activated = server.post("/licenses/activate", null, json("license_key", "KEY-ADA-0001", "name", "laptop"));
        assertThat(activated.status()).isEqualTo(201);
        String instanceId = activated.json().path("id").asText();
        assertThat(activated.json().path("product").path("product_id").asText()).isEqualTo(entitlementId);
        assertThat(activated.json().path("customer").path("email").asText()).isEqualTo("ADA@example.com");

        var valid = server.post("/licenses/validate", null, json("license_key", "KEY-ADA-0001", "license_key_instance_id", instanceId));
        assertThat(valid.status()).isEqualTo(200);
        assertThat(valid.json().path("valid").asBoolean()).isTrue();

        var deactivated = server.post("/licenses/deactivate", null, json("license_key", "KEY-ADA-0001", "license_key_instance_id", instanceId));
        assertThat(deactivated.status()).isEqualTo(200);
        assertThat(deactivated.raw()).isEmpty();
        assertThat(deactivated.header("content-length")).isEqualTo("0");

        var revoked = server.send("DELETE", "/entitlements/" + entitlementId + "/grants/" + grantId, a.writeKey(), null);
        assertThat(revoked.status()).isEqualTo(200);
        assertThat(revoked.json().path("status").asText()).isEqualTo("Revoked");
        assertThat(revoked.json().path("revocation_reason").asText()).isEqualTo("manual");
        assertThat(revoked.json().path("license_key").path("status").asText()).isEqualTo("disabled");

        var revokedAgain = server.send("DELETE", "/entitlements/" + entitlementId + "/grants/" + grantId, a.writeKey(), null);
        assertThat(revokedAgain.status()).isEqualTo(200);
        assertThat(revokedAgain.json().path("revoked_at")).isEqualTo(revoked.json().path("revoked_at"));

        var invalid = server.post("/licenses/validate", null, json("license_key", "KEY-ADA-0001"));
        assertThat(invalid.json().path("valid").asBoolean()).isFalse();
    }

    @Test
    void the_customers_grants_and_the_entitlements_grants_list_the_same_grant() {
        var a = server.a;
        String entitlementId = server.manualEntitlement(a);
        var grant = server.issue(a, entitlementId, "grace@example.com");
        String customerId = grant.path("customer_id").asText();

        var ofEntitlement = server.get("/entitlements/" + entitlementId + "/grants?status=Pending", a.readKey());
        var ofCustomer = server.get("/customers/" + customerId + "/entitlement-grants", a.readKey());
        var one = server.get("/grants/" + grant.path("id").asText(), a.readKey());

        assertThat(ofEntitlement.json().path("items")).hasSize(1);
        assertThat(ofCustomer.json().path("items")).hasSize(1);
        assertThat(one.json()).isEqualTo(grant);
    }

    @Test
    void a_soft_deleted_entitlement_answers_404_but_its_grants_stay_fulfillable() {
        var a = server.a;
        String entitlementId = server.manualEntitlement(a);
        String grantId = server.issue(a, entitlementId, "linus@example.com").path("id").asText();

        var deleted = server.send("DELETE", "/entitlements/" + entitlementId, a.writeKey(), null);
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.raw()).isEmpty();
        assertThat(deleted.header("content-length")).isEqualTo("0");

        assertThat(server.get("/entitlements/" + entitlementId, a.readKey()).status()).isEqualTo(404);
        assertThat(server.get("/entitlements/" + entitlementId + "/grants", a.readKey()).status()).isEqualTo(404);
        assertThat(server.fulfill(a, grantId, "KEY-AFTER-DELETE").path("status").asText()).isEqualTo("Delivered");
    }

    /**
     * http-api.md's {@code DELETE /entitlements/{id}}, clause by clause: 404 from then on for reads, updates, issuing and
     * listing its grants, and gone from {@code GET /entitlements} (active only); its grants reachable through
     * {@code /grants/...} and revocable, and the delete itself not repeatable.
     */
    @Test
    void a_soft_deleted_entitlement_cannot_be_changed_issued_or_listed_and_its_grants_stay_reachable_and_revocable() {
        var a = server.a;
        String entitlementId = server.manualEntitlement(a);
        String grantId = server.issue(a, entitlementId, "ada-deleted@example.com").path("id").asText();
        assertThat(server.send("DELETE", "/entitlements/" + entitlementId, a.writeKey(), null).status()).isEqualTo(200);

        var update = server.send("PATCH", "/entitlements/" + entitlementId, a.writeKey(), json("name", "Renamed"));
        var issue = server.post("/entitlements/" + entitlementId + "/grants", a.writeKey(),
                json("customer", json("email", "late@example.com")));
        var again = server.send("DELETE", "/entitlements/" + entitlementId, a.writeKey(), null);
        assertThat(java.util.List.of(update.status(), issue.status(), again.status())).containsOnly(404);
        assertThat(java.util.List.of(update.code(), issue.code(), again.code())).containsOnly("NOT_FOUND");
        assertThat(server.get("/entitlements?page_size=100", a.readKey()).json().path("items").findValuesAsText("id"))
                .doesNotContain(entitlementId);

        assertThat(server.get("/grants/" + grantId, a.readKey()).json().path("entitlement_id").asText()).isEqualTo(entitlementId);
        assertThat(server.get("/grants?entitlement_id=" + entitlementId, a.readKey()).json().path("items")
                .findValuesAsText("id")).containsExactly(grantId);
        var revoked = server.send("DELETE", "/entitlements/" + entitlementId + "/grants/" + grantId, a.writeKey(), null);
        assertThat(revoked.status()).isEqualTo(200);
        assertThat(revoked.json().path("status").asText()).isEqualTo("Revoked");
        assertThat(revoked.json().path("revocation_reason").asText()).isEqualTo("manual");
    }
}

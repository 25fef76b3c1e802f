package dev.grantor.adapter.rest;

import static dev.grantor.adapter.rest.ApiServer.json;
import static dev.grantor.adapter.rest.ApiServer.requireStatus;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.grantor.application.port.out.OutboxMessage;
import dev.grantor.domain.shared.LicenseKeyId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code /license_keys} and {@code /license_key_instances} over a real socket, on an engine in memory. */
class LicenseKeysOverHttpTest {

    private static final ApiServer server = new ApiServer();

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A manual grant of business A delivered with {@code key}: answers the license key id. */
    private static String deliveredKey(String key, Object... issueExtra) {
        String entitlement = server.manualEntitlement(server.a);
        String grant = server.issue(server.a, entitlement, "keys-" + key.toLowerCase() + "@example.com", issueExtra).path("id").asText();
        return server.fulfill(server.a, grant, key).path("license_key").path("id").asText();
    }

    private static String autoKey() {
        String entitlement = server.entitlement(server.a, "license_key", json("fulfillment_mode", "auto", "activations_limit", 3));
        return server.issue(server.a, entitlement, "auto-" + System.nanoTime() + "@example.com").path("license_key").path("id").asText();
    }

    /** The items of a listing that answered 200: an error's body has no items, which would read as an empty list. */
    private static JsonNode items(String path, ApiServer.Tenant tenant) {
        var listed = requireStatus(server.get(path, tenant.readKey()), 200);
        assertThat(listed.json().path("items").isArray()).as(listed.raw()).isTrue();
        return listed.json().path("items");
    }

    private static JsonNode key(String id) {
        return requireStatus(server.get("/license_keys/" + id, server.a.readKey()), 200).json();
    }

    private static JsonNode grantOf(JsonNode key) {
        return requireStatus(server.get("/grants/" + key.path("grant_id").asText(), server.a.readKey()), 200).json();
    }

    private static ApiServer.Response patch(String id, Map<String, Object> body) {
        return server.send("PATCH", "/license_keys/" + id, server.a.writeKey(), body);
    }

    private static ApiServer.Response rotate(String id, Object body) {
        return server.send("POST", "/license_keys/" + id + "/rotate", server.a.writeKey(), body);
    }

    private static ApiServer.Response activate(String value, String name) {
        return server.post("/licenses/activate", null, json("license_key", value, "name", name));
    }

    private static boolean valid(String value) {
        return requireStatus(server.post("/licenses/validate", null, json("license_key", value)), 200).json().path("valid").asBoolean();
    }

    private static List<OutboxMessage> events(String type) {
        return server.store.outboxMessages().filter(m -> m.topic().equals(type)).toJavaList();
    }

    @Nested
    class The_key_object {

        @Test
        void a_delivered_key_reads_in_dodos_shape_with_its_grant() {
            String id = deliveredKey("SHAPE-KEY-1");

            var key = key(id);

            assertThat(key.path("id").asText()).isEqualTo(id);
            assertThat(key.path("key").asText()).isEqualTo("SHAPE-KEY-1");
            assertThat(key.path("status").asText()).isEqualTo("active");
            assertThat(key.path("source").asText()).isEqualTo("manual");
            assertThat(key.path("business_id").asText()).isEqualTo(server.a.business().value());
            assertThat(key.path("brand_id").asText()).startsWith("brd_");
            assertThat(key.path("product_id").asText()).isEqualTo(key.path("entitlement_id").asText());
            assertThat(key.path("instances_count").asInt()).isZero();
            assertThat(key.path("activations_limit").asInt()).isEqualTo(2);
            assertThat(key.path("payment_id").isNull()).isTrue();
            assertThat(key.has("subscription_id")).isTrue();
            assertThat(key.path("created_at").asText()).endsWith("Z");
        }

        @Test
        void an_imported_key_has_no_grant_sends_no_email_and_activates() {
            String entitlement = server.manualEntitlement(server.a);
            String customer = server.issue(server.a, entitlement, "importer@example.com").path("customer_id").asText();
            int emails = server.store.outboxMessages().filter(m -> m.kind() == OutboxMessage.Kind.EMAIL).size();

            var imported = requireStatus(server.post("/license_keys", server.a.writeKey(), json("customer_id", customer,
                    "key", "  IMPORTED-FROM-GUMROAD  ", "product_id", entitlement, "activations_limit", 1)), 200).json();

            assertThat(imported.path("source").asText()).isEqualTo("import");
            assertThat(imported.path("key").asText()).isEqualTo("IMPORTED-FROM-GUMROAD");
            assertThat(imported.path("grant_id").isNull()).isTrue();
            assertThat(server.store.outboxMessages().filter(m -> m.kind() == OutboxMessage.Kind.EMAIL).size()).isEqualTo(emails);
            assertThat(requireStatus(activate("IMPORTED-FROM-GUMROAD", "pc"), 201).json().path("product").path("product_id").asText())
                    .isEqualTo(entitlement);
            assertThat(activate("IMPORTED-FROM-GUMROAD", "second").code()).isEqualTo("LICENSE_KEY_LIMIT_REACHED");
            assertThat(server.post("/license_keys", server.a.writeKey(), json("customer_id", customer,
                    "key", "IMPORTED-FROM-GUMROAD", "product_id", entitlement)).code()).isEqualTo("LICENSE_KEY_ALREADY_EXISTS");
        }

        @Test
        void lists_filter_by_source_status_customer_and_product_and_page_newest_first() {
            String first = deliveredKey("LIST-KEY-1");
            String second = deliveredKey("LIST-KEY-2");
            patch(first, json("disabled", true));

            var disabled = server.get("/license_keys?status=disabled&page_size=100", server.a.readKey()).json().path("items");
            var page = server.get("/license_keys?page_size=1&page_number=0", server.a.readKey()).json().path("items");
            var product = key(second).path("product_id").asText();
            var byProduct = server.get("/license_keys?product_id=" + product, server.a.readKey()).json().path("items");

            assertThat(disabled.findValuesAsText("id")).contains(first).doesNotContain(second);
            assertThat(page).hasSize(1);
            assertThat(byProduct.findValuesAsText("id")).containsExactly(second);
            String auto = autoKey();
            var bySource = items("/license_keys?source=auto&page_size=100", server.a);
            assertThat(bySource.findValuesAsText("id")).contains(auto).doesNotContain(first, second);
            assertThat(bySource.findValuesAsText("source")).allMatch("auto"::equals);
            assertThat(items("/license_keys?customer_id=cus_000000000000000000000", server.a)).isEmpty();
        }
    }

    @Nested
    class Limits_and_expiry {

        @Test
        void a_limit_below_the_instances_in_use_is_refused_and_null_lifts_it() {
            String id = deliveredKey("LIMIT-KEY-1");
            requireStatus(activate("LIMIT-KEY-1", "one"), 201);
            requireStatus(activate("LIMIT-KEY-1", "two"), 201);

            String before = key(id).toString();
            var below = patch(id, json("activations_limit", 1));
            assertThat(key(id).toString()).as("a refused limit changes nothing").isEqualTo(before);
            var lifted = requireStatus(patch(id, json("activations_limit", null)), 200).json();

            assertThat(below.status()).isEqualTo(422);
            assertThat(below.code()).isEqualTo("ACTIVATION_LIMIT_LESS_THAN_CURRENT_AMOUNT");
            assertThat(lifted.path("activations_limit").isNull()).isTrue();
            assertThat(requireStatus(patch(id, json("activations_limit", 2)), 200).json().path("activations_limit").asInt()).isEqualTo(2);
        }

        @Test
        void an_expiry_on_a_subscription_key_is_refused_and_any_other_key_takes_one() {
            String subscriptionKey = deliveredKey("SUB-KEY-1", "subscription_id", "sub_1");
            String paymentKey = deliveredKey("PAY-KEY-1", "payment_id", "pay_1");

            String before = key(subscriptionKey).toString();
            var refused = patch(subscriptionKey, json("expires_at", "2099-01-01T00:00:00Z", "activations_limit", 9));
            assertThat(key(subscriptionKey).toString()).as("nothing of a refused update is written").isEqualTo(before);
            var taken = requireStatus(patch(paymentKey, json("expires_at", "2099-01-01T00:00:00Z")), 200).json();
            var removed = requireStatus(patch(paymentKey, json("expires_at", null)), 200).json();

            assertThat(refused.status()).isEqualTo(422);
            assertThat(refused.code()).isEqualTo("NO_EXPIRY_ON_SUBSCRIPTION_LICENSE_KEYS");
            assertThat(taken.path("expires_at").asText()).isEqualTo("2099-01-01T00:00:00.000Z");
            assertThat(removed.path("expires_at").isNull()).isTrue();
            assertThat(key(subscriptionKey).path("expires_at").isNull()).isTrue();
        }
    }

    @Nested
    class Disable_and_enable {

        @Test
        void disabling_revokes_the_grant_and_enabling_restores_it_with_its_delivery_time() {
            String id = deliveredKey("TOGGLE-KEY-1");
            var deliveredAt = grantOf(key(id)).path("delivered_at").asText();

            var disabled = requireStatus(patch(id, json("disabled", true)), 200).json();
            var revoked = grantOf(disabled);
            var blocked = activate("TOGGLE-KEY-1", "pc");
            var enabled = requireStatus(patch(id, json("disabled", false)), 200).json();
            var restored = grantOf(enabled);

            assertThat(disabled.path("status").asText()).isEqualTo("disabled");
            assertThat(revoked.path("status").asText()).isEqualTo("Revoked");
            assertThat(revoked.path("revocation_reason").asText()).isEqualTo("license_key_disabled");
            assertThat(blocked.code()).isEqualTo("INACTIVE_LICENSE_KEY");
            assertThat(valid("TOGGLE-KEY-1")).isTrue();
            assertThat(enabled.path("status").asText()).isEqualTo("active");
            assertThat(restored.path("status").asText()).isEqualTo("Delivered");
            assertThat(restored.path("revoked_at").isNull()).isTrue();
            assertThat(restored.path("revocation_reason").isNull()).isTrue();
            assertThat(restored.path("delivered_at").asText()).isEqualTo(deliveredAt);
            var grantId = restored.path("id").asText();
            assertThat(events("entitlement_grant.revoked").stream().filter(m -> m.payload().contains(grantId))).hasSize(1);
            assertThat(events("entitlement_grant.delivered").stream().filter(m -> m.payload().contains(grantId))).hasSize(2);
            requireStatus(activate("TOGGLE-KEY-1", "pc"), 201);
        }

        @Test
        void a_key_whose_grant_was_revoked_for_another_reason_cannot_be_enabled() {
            String id = deliveredKey("REFUNDED-KEY-1");
            var grant = grantOf(key(id));
            requireStatus(server.send("DELETE", "/entitlements/" + grant.path("entitlement_id").asText() + "/grants/"
                    + grant.path("id").asText(), server.a.writeKey(), null), 200);

            var refused = patch(id, json("disabled", false));

            assertThat(refused.status()).isEqualTo(409);
            assertThat(refused.code()).isEqualTo("GRANT_REVOKED");
            assertThat(key(id).path("status").asText()).isEqualTo("disabled");
            assertThat(grantOf(key(id)).path("revocation_reason").asText()).isEqualTo("manual");
        }
    }

    @Nested
    class Rotation {

        @Test
        void a_manual_key_takes_the_new_value_from_the_body_and_the_old_one_dies_at_once() throws Exception {
            String id = deliveredKey("ROTATE-OLD-KEY-1");
            requireStatus(activate("ROTATE-OLD-KEY-1", "laptop"), 201);
            var asked = java.time.Instant.now();

            var rotated = requireStatus(rotate(id, json("key", " ROTATE-NEW-1 ")), 200).json();
            var answered = java.time.Instant.now();

            assertThat(rotated.path("id").asText()).isEqualTo(id);
            assertThat(rotated.path("key").asText()).isEqualTo("ROTATE-NEW-1");
            assertThat(rotated.path("instances_count").asInt()).isEqualTo(1);
            assertThat(valid("ROTATE-OLD-KEY-1")).isFalse();
            assertThat(activate("ROTATE-OLD-KEY-1", "desk").code()).isEqualTo("LICENSE_KEY_NOT_FOUND");
            assertThat(valid("ROTATE-NEW-1")).isTrue();
            assertThat(grantOf(rotated).path("license_key").path("key").asText()).isEqualTo("ROTATE-NEW-1");

            var event = events("license_key.rotated").stream().filter(m -> m.payload().contains(id)).findFirst().orElseThrow();
            var data = ApiServer.JSON.readTree(event.payload()).path("data");
            assertThat(data.path("previous_key_suffix").asText()).isEqualTo("EY-1");
            assertThat(data.path("key").asText()).isEqualTo("ROTATE-NEW-1");
            assertThat(event.payload()).doesNotContain("ROTATE-OLD-KEY-1");
            var email = server.store.outboxMessages().filter(m -> m.kind() == OutboxMessage.Kind.EMAIL
                    && m.payload().contains("ROTATE-NEW-1")).single();
            assertThat(email.payload()).contains("\"replaced_key_suffix\":\"EY-1\"").doesNotContain("ROTATE-OLD-KEY-1");
            var history = server.store.licenseKeys().latestPastValues(new LicenseKeyId(id), io.vavr.control.Option.none(), 10);
            assertThat(history).hasSize(1);
            assertThat(history.head().valueSha256()).isEqualTo(HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest("ROTATE-OLD-KEY-1".getBytes(StandardCharsets.UTF_8))));
            assertThat(history.head().replacedBy()).as("the caller's API key id")
                    .isEqualTo(server.grantor.access().authenticate(server.a.writeKey()).get().apiKeyId()).startsWith("key_");
            assertThat(history.head().replacedAt()).isBetween(asked, answered);
            assertThat(history.head().business()).isEqualTo(server.a.business());
        }

        /** A key under 16 characters is named by none of its characters: four of them would be most or all of it. */
        @Test
        void a_short_old_key_is_named_by_nothing_of_its_value_in_the_event_and_the_email() throws Exception {
            String id = deliveredKey("鍵4");

            requireStatus(rotate(id, json("key", "ROTATE-AFTER-SHORT-1")), 200);

            var event = events("license_key.rotated").stream().filter(m -> m.payload().contains(id)).findFirst().orElseThrow();
            assertThat(ApiServer.JSON.readTree(event.payload()).path("data").path("previous_key_suffix").asText()).isEmpty();
            assertThat(event.payload()).doesNotContain("鍵").doesNotContain("\\u9375");
            var email = server.store.outboxMessages().filter(m -> m.kind() == OutboxMessage.Kind.EMAIL
                    && m.payload().contains("ROTATE-AFTER-SHORT-1")).single();
            var replaced = ApiServer.JSON.readTree(email.payload()).path("replaced_key_suffix");
            assertThat(replaced.isTextual()).as("a replacement, named by nothing").isTrue();
            assertThat(replaced.asText()).isEmpty();
        }

        @Test
        void an_auto_key_is_generated_again_and_reset_activations_frees_every_seat() {
            String id = autoKey();
            String old = key(id).path("key").asText();
            requireStatus(activate(old, "laptop"), 201);

            var rotated = requireStatus(rotate(id, json("reset_activations", true)), 200).json();
            var again = requireStatus(rotate(id, null), 200).json();

            assertThat(rotated.path("key").asText()).isNotEqualTo(old).matches("[0-9A-Z]{5}(-[0-9A-Z]{5}){4}");
            assertThat(rotated.path("instances_count").asInt()).isZero();
            assertThat(again.path("key").asText()).isNotEqualTo(rotated.path("key").asText());
            assertThat(valid(old)).isFalse();
            assertThat(valid(rotated.path("key").asText())).isFalse();
            assertThat(valid(again.path("key").asText())).isTrue();
            assertThat(rotate(id, json("key", "MERCHANT-VALUE")).code()).isEqualTo("NOT_MANUAL_FULFILLMENT");
        }

        @Test
        void a_webhook_filtering_on_license_key_rotated_receives_the_rotation_and_nothing_else() {
            var shop = server.tenant("Rotating shop");
            String hook = server.webhook(shop, "https://shop.example.com/rotations", "filter_types", List.of("license_key.rotated"));
            String entitlement = server.manualEntitlement(shop);
            String grant = server.issue(shop, entitlement, "rotating@example.com").path("id").asText();
            String id = server.fulfill(shop, grant, "HOOKED-OLD-KEY-1").path("license_key").path("id").asText();

            requireStatus(server.send("POST", "/license_keys/" + id + "/rotate", shop.writeKey(), json("key", "HOOKED-NEW-1")), 200);
            // the shared server holds every other test's messages too: relay until the outbox is drained
            while (server.grantor.relay().runOnce() > 0) {
                Thread.onSpinWait();
            }

            var deliveries = server.get("/webhooks/" + hook + "/deliveries", shop.readKey()).json().path("data");
            assertThat(deliveries).hasSize(1);
            assertThat(deliveries.get(0).path("event_type").asText()).isEqualTo("license_key.rotated");
            assertThat(server.mailer.sent().map(e -> e.key().value())).contains(
                    new dev.grantor.domain.grant.LicenseKeyValue("HOOKED-NEW-1").value());
            var replacement = server.mailer.sent().find(e -> e.key().value().equals("HOOKED-NEW-1")).get();
            assertThat(replacement.replacedKeySuffix()).contains("EY-1");
        }

        @Test
        void the_rules_of_fulfillment_apply_to_the_new_value() {
            String id = deliveredKey("ROTATE-RULES-1");
            deliveredKey("ROTATE-TAKEN-1");

            assertThat(rotate(id, json()).code()).isEqualTo("INVALID_REQUEST");
            assertThat(rotate(id, json("key", "ROTATE-TAKEN-1")).code()).isEqualTo("LICENSE_KEY_ALREADY_EXISTS");
            assertThat(rotate(id, json("key", "ROTATE-RULES-1")).code()).isEqualTo("LICENSE_KEY_ALREADY_EXISTS");
            assertThat(rotate(id, json("key", "x".repeat(256))).code()).isEqualTo("VALIDATION_FAILED");
            assertThat(rotate(id, json("key", "bad\u0007key")).code()).isEqualTo("VALIDATION_FAILED");
            assertThat(rotate(id, json("key", 7)).code()).isEqualTo("INVALID_REQUEST");
            assertThat(rotate(id, json("key", "OK-VALUE", "reset_activations", "yes")).code()).isEqualTo("INVALID_REQUEST");
            assertThat(valid("ROTATE-RULES-1")).isTrue();
        }

        @Test
        void the_entitlements_min_key_length_binds_rotated_and_imported_values() {
            String entitlement = server.entitlement(server.a, "license_key", json("fulfillment_mode", "manual", "min_key_length", 16));
            var issued = server.issue(server.a, entitlement, "min-rotate@example.com");
            String id = server.fulfill(server.a, issued.path("id").asText(), "MINLEN-ROTATE-0001").path("license_key").path("id").asText();

            var tooShort = rotate(id, json("key", "MINLEN-SHORT-01"));
            assertThat(tooShort.status()).isEqualTo(422);
            assertThat(tooShort.code()).isEqualTo("LICENSE_KEY_TOO_SHORT");
            assertThat(valid("MINLEN-ROTATE-0001")).isTrue();
            assertThat(valid("MINLEN-SHORT-01")).isFalse();
            assertThat(requireStatus(rotate(id, json("key", "MINLEN-ROTATE-0002")), 200).json().path("key").asText())
                    .isEqualTo("MINLEN-ROTATE-0002");

            var shortImport = server.post("/license_keys", server.a.writeKey(), json("customer_id", issued.path("customer_id").asText(),
                    "key", "MINLEN-IMPORT-1", "product_id", entitlement));
            assertThat(shortImport.status()).isEqualTo(422);
            assertThat(shortImport.code()).isEqualTo("LICENSE_KEY_TOO_SHORT");
            assertThat(valid("MINLEN-IMPORT-1")).isFalse();
        }

        @Test
        void a_key_whose_grant_is_not_delivered_is_not_rotatable() {
            String id = deliveredKey("ROTATE-REVOKED-1");
            patch(id, json("disabled", true));

            var refused = rotate(id, json("key", "ROTATE-REVOKED-2"));

            assertThat(refused.status()).isEqualTo(409);
            assertThat(refused.code()).isEqualTo("LICENSE_KEY_NOT_ROTATABLE");
            assertThat(valid("ROTATE-REVOKED-2")).isFalse();
        }

        @Test
        void a_read_only_key_may_not_rotate() {
            String id = deliveredKey("ROTATE-RO-1");

            var refused = server.send("POST", "/license_keys/" + id + "/rotate", server.a.readKey(), json("key", "ROTATE-RO-2"));

            assertThat(refused.status()).isEqualTo(403);
            assertThat(valid("ROTATE-RO-1")).isTrue();
        }
    }

    @Nested
    class Instances {

        @Test
        void an_instance_is_read_renamed_listed_and_freed() {
            String id = deliveredKey("INSTANCE-KEY-1");
            String grant = key(id).path("grant_id").asText();
            String lki = requireStatus(activate("INSTANCE-KEY-1", "laptop"), 201).json().path("id").asText();

            var read = requireStatus(server.get("/license_key_instances/" + lki, server.a.readKey()), 200).json();
            var renamed = requireStatus(server.send("PATCH", "/license_key_instances/" + lki, server.a.writeKey(),
                    json("name", "  work laptop ")), 200).json();
            var byKey = server.get("/license_key_instances?license_key_id=" + id, server.a.readKey()).json().path("items");
            var byGrant = server.get("/license_key_instances?grant_id=" + grant, server.a.readKey()).json().path("items");
            var freed = server.send("DELETE", "/license_key_instances/" + lki, server.a.writeKey(), null);

            assertThat(read.path("license_key_id").asText()).isEqualTo(id);
            assertThat(read.path("name").asText()).isEqualTo("laptop");
            assertThat(read.path("business_id").asText()).isEqualTo(server.a.business().value());
            assertThat(renamed.path("name").asText()).isEqualTo("work laptop");
            assertThat(byKey.findValuesAsText("id")).containsExactly(lki);
            assertThat(byGrant.findValuesAsText("id")).containsExactly(lki);
            assertThat(freed.status()).isEqualTo(204);
            assertThat(freed.raw()).isEmpty();
            assertThat(server.get("/license_key_instances/" + lki, server.a.readKey()).status()).isEqualTo(404);
            assertThat(key(id).path("instances_count").asInt()).isZero();
            assertThat(server.send("DELETE", "/license_key_instances/" + lki, server.a.writeKey(), null).status()).isEqualTo(404);
        }

        @Test
        void a_name_is_required_and_limited() {
            deliveredKey("INSTANCE-NAME-1");
            String lki = requireStatus(activate("INSTANCE-NAME-1", "pc"), 201).json().path("id").asText();
            String path = "/license_key_instances/" + lki;

            assertThat(server.send("PATCH", path, server.a.writeKey(), json()).code()).isEqualTo("INVALID_REQUEST");
            assertThat(server.send("PATCH", path, server.a.writeKey(), json("name", " ")).code()).isEqualTo("INVALID_REQUEST");
            assertThat(server.send("PATCH", path, server.a.writeKey(), json("name", 3)).code()).isEqualTo("INVALID_REQUEST");
            var tooLong = server.send("PATCH", path, server.a.writeKey(), json("name", "n".repeat(256)));
            assertThat(tooLong.code()).isEqualTo("VALIDATION_FAILED");
            assertThat(tooLong.json().path("details").get(0).path("field").asText()).isEqualTo("name");
        }
    }

    @Nested
    class Bad_input {

        static Stream<Arguments> bad_bodies() {
            return Stream.of(
                    Arguments.of("POST", "/license_keys", json("key", "K", "product_id", "ent_x"), 400, "customer_id"),
                    Arguments.of("POST", "/license_keys", json("customer_id", "cus_x", "product_id", "ent_x"), 400, "key"),
                    Arguments.of("POST", "/license_keys", json("customer_id", "cus_x", "key", "K"), 400, "product_id"),
                    Arguments.of("POST", "/license_keys", json("customer_id", 1, "key", "K", "product_id", "ent_x"), 400, "customer_id"),
                    Arguments.of("POST", "/license_keys", json("customer_id", "cus_x", "key", "K", "product_id", "ent_x",
                            "activations_limit", "two"), 400, "activations_limit"),
                    Arguments.of("POST", "/license_keys", json("customer_id", "cus_x", "key", "K", "product_id", "ent_x",
                            "activations_limit", 0), 422, "activations_limit"),
                    Arguments.of("POST", "/license_keys", json("customer_id", "cus_x", "key", "K", "product_id", "ent_x",
                            "expires_at", "tomorrow"), 422, "expires_at"),
                    Arguments.of("POST", "/license_keys", json("customer_id", "cus_x", "key", "K\u0000", "product_id", "ent_x"), 422, "key"),
                    Arguments.of("PATCH", "/license_keys/{lic}", json("activations_limit", 0), 422, "activations_limit"),
                    Arguments.of("PATCH", "/license_keys/{lic}", json("activations_limit", 1.5), 400, "activations_limit"),
                    Arguments.of("PATCH", "/license_keys/{lic}", json("disabled", "yes"), 400, "disabled"),
                    Arguments.of("PATCH", "/license_keys/{lic}", json("expires_at", "2020-01-01T00:00:00Z"), 422, "expires_at"),
                    Arguments.of("PATCH", "/license_keys/{lic}", json("expires_at", "soon"), 422, "expires_at"),
                    Arguments.of("GET", "/license_keys?page_size=101", null, 422, "page_size"),
                    Arguments.of("GET", "/license_keys?page_number=-1", null, 422, "page_number"),
                    Arguments.of("GET", "/license_keys?status=revoked", null, 422, "status"),
                    Arguments.of("GET", "/license_keys?source=pool", null, 422, "source"),
                    Arguments.of("GET", "/license_keys?created_at_gte=yesterday", null, 422, "created_at_gte"),
                    Arguments.of("GET", "/license_keys?created_at_lte=2026-13-01", null, 422, "created_at_lte"),
                    Arguments.of("GET", "/license_keys?page_number=x", null, 422, "page_number"),
                    Arguments.of("POST", "/license_keys/{lic}/rotate", json(), 400, "key"),
                    Arguments.of("POST", "/license_keys/{lic}/rotate", json("key", 7), 400, "key"),
                    Arguments.of("POST", "/license_keys/{lic}/rotate", json("key", " "), 400, "key"),
                    Arguments.of("POST", "/license_keys/{lic}/rotate", json("key", "x".repeat(256)), 422, "key"),
                    Arguments.of("POST", "/license_keys/{lic}/rotate", json("key", "bad\u0007key"), 422, "key"),
                    Arguments.of("POST", "/license_keys/{lic}/rotate", json("key", "OK-VALUE", "reset_activations", "yes"), 400,
                            "reset_activations"),
                    Arguments.of("PATCH", "/license_key_instances/{lki}", json(), 400, "name"),
                    Arguments.of("PATCH", "/license_key_instances/{lki}", json("name", " "), 400, "name"),
                    Arguments.of("PATCH", "/license_key_instances/{lki}", json("name", 3), 400, "name"),
                    Arguments.of("PATCH", "/license_key_instances/{lki}", json("name", "n".repeat(256)), 422, "name"),
                    Arguments.of("GET", "/license_key_instances?page_size=x", null, 422, "page_size"),
                    Arguments.of("GET", "/license_key_instances?page_size=101", null, 422, "page_size"),
                    Arguments.of("GET", "/license_key_instances?page_number=-1", null, 422, "page_number"));
        }

        @ParameterizedTest(name = "{0} {1} {2} -> {3} on {4}")
        @MethodSource("bad_bodies")
        void each_bad_field_is_named(String method, String path, Map<String, Object> body, int status, String field) {
            String value = "BAD-INPUT-" + System.nanoTime();
            String lic = deliveredKey(value);
            String lki = requireStatus(activate(value, "bad-input pc"), 201).json().path("id").asText();
            String keyBefore = key(lic).toString();
            String instanceBefore = server.get("/license_key_instances/" + lki, server.a.readKey()).raw();

            var response = server.send(method, path.replace("{lic}", lic).replace("{lki}", lki), server.a.writeKey(), body);

            assertThat(response.status()).as(response.raw()).isEqualTo(status);
            assertThat(response.json().path("details").findValuesAsText("field")).as(response.raw()).contains(field);
            assertThat(response.header("x-should-retry")).isEqualTo("false");
            assertThat(key(lic).toString()).as("the key is unchanged").isEqualTo(keyBefore);
            assertThat(server.get("/license_key_instances/" + lki, server.a.readKey()).raw()).as("the instance is unchanged")
                    .isEqualTo(instanceBefore);
            assertThat(valid(value)).isTrue();
        }

        @Test
        void unknown_customer_or_product_is_not_found_and_another_integration_is_refused() {
            String discord = server.entitlement(server.a, "discord", json("guild_id", "g1"));
            String customer = server.issue(server.a, discord, "not-a-key@example.com").path("customer_id").asText();

            assertThat(server.post("/license_keys", server.a.writeKey(), json("customer_id", "cus_000000000000000000000",
                    "key", "NOBODY-1", "product_id", discord)).status()).isEqualTo(404);
            assertThat(server.post("/license_keys", server.a.writeKey(), json("customer_id", customer,
                    "key", "NOBODY-1", "product_id", "ent_000000000000000000000")).status()).isEqualTo(404);
            var notKeys = server.post("/license_keys", server.a.writeKey(), json("customer_id", customer, "key", "NOBODY-1",
                    "product_id", discord));
            assertThat(notKeys.status()).isEqualTo(422);
            assertThat(notKeys.json().path("details").get(0).path("field").asText()).isEqualTo("product_id");
        }
    }

    @Nested
    class Tenant_isolation {

        static Stream<Arguments> routes_on_b_ids() {
            return Stream.of(
                    Arguments.of("GET", "/license_keys/{lic}", null),
                    Arguments.of("PATCH", "/license_keys/{lic}", json("disabled", true)),
                    Arguments.of("PATCH", "/license_keys/{lic}", json("activations_limit", 0)),
                    Arguments.of("POST", "/license_keys/{lic}/rotate", json("key", "A-STEALS-B")),
                    Arguments.of("POST", "/license_keys/{lic}/rotate", json("key", 5)),
                    Arguments.of("GET", "/license_key_instances/{lki}", null),
                    Arguments.of("PATCH", "/license_key_instances/{lki}", json("name", "stolen")),
                    Arguments.of("PATCH", "/license_key_instances/{lki}", json()),
                    Arguments.of("DELETE", "/license_key_instances/{lki}", null));
        }

        @ParameterizedTest(name = "{0} {1}")
        @MethodSource("routes_on_b_ids")
        void business_a_cannot_reach_business_b_s_keys_or_instances(String method, String path, Map<String, Object> body) {
            String entitlement = server.manualEntitlement(server.b);
            String value = "B-ONLY-" + System.nanoTime();
            String grant = server.issue(server.b, entitlement, "b-" + System.nanoTime() + "@example.com").path("id").asText();
            String lic = server.fulfill(server.b, grant, value).path("license_key").path("id").asText();
            String lki = requireStatus(activate(value, "b-machine"), 201).json().path("id").asText();
            String before = server.get("/license_keys/" + lic, server.b.readKey()).raw();
            String instanceBefore = server.get("/license_key_instances/" + lki, server.b.readKey()).raw();
            int grantEvents = events("entitlement_grant.revoked").size();
            int rotations = events("license_key.rotated").size();

            var response = server.send(method, path.replace("{lic}", lic).replace("{lki}", lki), server.a.writeKey(), body);

            assertThat(response.status()).as(response.raw()).isEqualTo(404);
            assertThat(response.code()).isEqualTo("NOT_FOUND");
            assertThat(response.raw()).as("nothing of B's in the answer").doesNotContain(value);
            assertThat(server.get("/license_keys/" + lic, server.b.readKey()).raw()).isEqualTo(before);
            assertThat(server.get("/license_key_instances/" + lki, server.b.readKey()).raw()).isEqualTo(instanceBefore);
            assertThat(events("entitlement_grant.revoked")).hasSize(grantEvents);
            assertThat(events("license_key.rotated")).hasSize(rotations);
            assertThat(valid(value)).isTrue();
        }

        @Test
        void lists_and_imports_stay_within_the_callers_business() {
            String entitlementOfB = server.manualEntitlement(server.b);
            var grantOfB = server.issue(server.b, entitlementOfB, "b-list@example.com");
            String grantIdOfB = grantOfB.path("id").asText();
            String lic = server.fulfill(server.b, grantIdOfB, "B-LISTED-1").path("license_key").path("id").asText();
            String customerOfB = grantOfB.path("customer_id").asText();
            String lkiOfB = requireStatus(activate("B-LISTED-1", "b-pc"), 201).json().path("id").asText();
            String valueOfA = "A-LISTED-" + System.nanoTime();
            String licOfA = deliveredKey(valueOfA);
            String lkiOfA = requireStatus(activate(valueOfA, "a-pc"), 201).json().path("id").asText();

            var importOnB = server.post("/license_keys", server.a.writeKey(), json("customer_id", customerOfB, "key", "A-INTO-B",
                    "product_id", entitlementOfB));
            // one of the pair A's own: the other one still belongs to B
            String entitlementOfA = server.manualEntitlement(server.a);
            String customerOfA = server.issue(server.a, entitlementOfA, "a-list@example.com").path("customer_id").asText();
            var importOnBsProduct = server.post("/license_keys", server.a.writeKey(), json("customer_id", customerOfA, "key", "A-INTO-B-2",
                    "product_id", entitlementOfB));
            var importForBsCustomer = server.post("/license_keys", server.a.writeKey(), json("customer_id", customerOfB, "key", "A-INTO-B-3",
                    "product_id", entitlementOfA));

            // each filter names something of B's that B finds: A's empty answer is the filter at work, not a broken query
            for (String query : List.of("/license_keys?customer_id=" + customerOfB, "/license_keys?product_id=" + entitlementOfB)) {
                assertThat(items(query, server.b).findValuesAsText("id")).as("B: " + query).containsExactly(lic);
                assertThat(items(query, server.a)).as("A: " + query).isEmpty();
            }
            for (String query : List.of("/license_key_instances?license_key_id=" + lic, "/license_key_instances?grant_id=" + grantIdOfB)) {
                assertThat(items(query, server.b).findValuesAsText("id")).as("B: " + query).containsExactly(lkiOfB);
                assertThat(items(query, server.a)).as("A: " + query).isEmpty();
            }
            var keysOfA = items("/license_keys?page_size=100", server.a);
            var instancesOfA = items("/license_key_instances?page_size=100", server.a);
            assertThat(keysOfA.findValuesAsText("id")).contains(licOfA).doesNotContain(lic);
            assertThat(keysOfA.findValuesAsText("business_id")).isNotEmpty().allMatch(server.a.business().value()::equals);
            assertThat(keysOfA.findValuesAsText("key")).contains(valueOfA).doesNotContain("B-LISTED-1");
            assertThat(instancesOfA.findValuesAsText("id")).contains(lkiOfA).doesNotContain(lkiOfB);
            assertThat(instancesOfA.findValuesAsText("business_id")).isNotEmpty().allMatch(server.a.business().value()::equals);
            assertThat(instancesOfA.findValuesAsText("license_key_id")).contains(licOfA).doesNotContain(lic);
            assertThat(importOnB.status()).isEqualTo(404);
            assertThat(importOnBsProduct.status()).isEqualTo(404);
            assertThat(importForBsCustomer.status()).isEqualTo(404);
            assertThat(valid("A-INTO-B")).isFalse();
            assertThat(valid("A-INTO-B-2")).isFalse();
            assertThat(valid("A-INTO-B-3")).isFalse();
        }
    }
}

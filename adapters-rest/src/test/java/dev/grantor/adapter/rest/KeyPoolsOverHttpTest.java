package dev.grantor.adapter.rest;

import static dev.grantor.adapter.rest.ApiServer.json;
import static dev.grantor.adapter.rest.ApiServer.requireStatus;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.grantor.application.port.out.OutboxMessage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code /entitlements/{id}/key-pool} over a real socket, on an engine in memory. */
class KeyPoolsOverHttpTest {

    private static final ApiServer server = new ApiServer();

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A manual entitlement of business A with a pool: answers the entitlement id. */
    private static String pooled(Object... body) {
        String entitlement = server.manualEntitlement(server.a);
        requireStatus(server.send("POST", "/entitlements/" + entitlement + "/key-pool", server.a.writeKey(),
                body.length == 0 ? null : json(body)), 201);
        return entitlement;
    }

    private static ApiServer.Response upload(String entitlement, String contentType, byte[] body, String... headers) {
        var all = new ArrayList<String>(List.of("Content-Type", contentType));
        all.addAll(List.of(headers));
        return server.send("POST", "/entitlements/" + entitlement + "/key-pool/keys", server.a.writeKey(), body,
                all.toArray(String[]::new));
    }

    private static JsonNode importJson(String entitlement, Object... keys) {
        var list = new ArrayList<Object>();
        for (Object key : keys) {
            list.add(key instanceof String value ? json("key", value) : key);
        }
        return requireStatus(server.post("/entitlements/" + entitlement + "/key-pool/keys", server.a.writeKey(),
                json("keys", list)), 200).json();
    }

    private static JsonNode pool(String entitlement) {
        return requireStatus(server.get("/entitlements/" + entitlement + "/key-pool", server.a.readKey()), 200).json();
    }

    private static List<String> statuses(JsonNode report) {
        var out = new ArrayList<String>();
        report.path("results").forEach(r -> out.add(r.path("line").asInt() + ":" + r.path("status").asText()));
        return out;
    }

    @Nested
    class The_pool {

        @Test
        void is_opened_read_and_changed_in_the_documented_shape() {
            String entitlement = pooled("low_stock_threshold", 3);

            var read = pool(entitlement);
            var changed = requireStatus(server.send("PATCH", "/entitlements/" + entitlement + "/key-pool", server.a.writeKey(),
                    json("low_stock_threshold", 0)), 200).json();

            assertThat(read.path("id").asText()).startsWith("kpl_");
            assertThat(read.path("entitlement_id").asText()).isEqualTo(entitlement);
            assertThat(read.path("low_stock_threshold").asInt()).isEqualTo(3);
            for (String field : List.of("available", "assigned", "voided", "waiting_grants")) {
                assertThat(read.path(field).isIntegralNumber()).as(field).isTrue();
            }
            assertThat(read.path("created_at").asText()).endsWith("Z");
            assertThat(changed.path("low_stock_threshold").asInt()).isZero();
        }

        @Test
        void a_second_pool_an_auto_entitlement_and_a_bad_threshold_are_refused() {
            String entitlement = pooled();
            String auto = server.entitlement(server.a, "license_key", json("fulfillment_mode", "auto"));

            assertThat(server.post("/entitlements/" + entitlement + "/key-pool", server.a.writeKey(), null).code())
                    .isEqualTo("KEY_POOL_EXISTS");
            assertThat(server.post("/entitlements/" + auto + "/key-pool", server.a.writeKey(), null).code())
                    .isEqualTo("NOT_POOLABLE");
            var negative = server.post("/entitlements/" + server.manualEntitlement(server.a) + "/key-pool", server.a.writeKey(),
                    json("low_stock_threshold", -1));
            assertThat(negative.status()).isEqualTo(422);
            assertThat(negative.json().path("details").get(0).path("field").asText()).isEqualTo("low_stock_threshold");
            assertThat(server.send("PATCH", "/entitlements/" + entitlement + "/key-pool", server.a.writeKey(), json()).code())
                    .isEqualTo("INVALID_REQUEST");
        }

        @Test
        void another_business_finds_neither_the_pool_nor_its_keys() {
            String entitlement = pooled();
            importJson(entitlement, "TENANT-KEY-0001");
            String keyId = server.get("/entitlements/" + entitlement + "/key-pool/keys", server.a.readKey()).json()
                    .path("items").get(0).path("id").asText();

            assertThat(server.get("/entitlements/" + entitlement + "/key-pool", server.b.readKey()).status()).isEqualTo(404);
            assertThat(server.get("/entitlements/" + entitlement + "/key-pool/keys", server.b.readKey()).status()).isEqualTo(404);
            assertThat(server.post("/entitlements/" + entitlement + "/key-pool/keys", server.b.writeKey(),
                    json("keys", List.of(json("key", "B-KEY-000001")))).status()).isEqualTo(404);
            assertThat(server.post("/entitlements/" + entitlement + "/key-pool/keys/" + keyId + "/void", server.b.writeKey(), null)
                    .status()).isEqualTo(404);
            assertThat(server.send("PATCH", "/entitlements/" + entitlement + "/key-pool", server.b.writeKey(),
                    json("low_stock_threshold", 1)).status()).isEqualTo(404);
        }

        @Test
        void a_read_only_key_cannot_open_import_or_void() {
            String entitlement = server.manualEntitlement(server.a);

            assertThat(server.post("/entitlements/" + entitlement + "/key-pool", server.a.readKey(), null).status()).isEqualTo(403);
        }
    }

    @Nested
    class Issuing_and_restocking {

        @Test
        void a_grant_is_delivered_from_the_pool_and_a_waiting_one_by_the_next_import() {
            String entitlement = pooled("low_stock_threshold", 0);
            importJson(entitlement, "HTTP-POOL-KEY-01");

            var first = server.issue(server.a, entitlement, "pool-first@example.com");
            var waiting = server.issue(server.a, entitlement, "pool-second@example.com");
            var report = importJson(entitlement, "HTTP-POOL-KEY-02");
            var later = requireStatus(server.get("/grants/" + waiting.path("id").asText(), server.a.readKey()), 200).json();

            assertThat(first.path("status").asText()).isEqualTo("Delivered");
            assertThat(first.path("license_key").path("key").asText()).isEqualTo("HTTP-POOL-KEY-01");
            assertThat(waiting.path("status").asText()).isEqualTo("Pending");
            assertThat(report.path("fulfilled_grants").asInt()).isEqualTo(1);
            assertThat(later.path("status").asText()).isEqualTo("Delivered");
            assertThat(later.path("license_key").path("key").asText()).isEqualTo("HTTP-POOL-KEY-02");
            assertThat(pool(entitlement).path("assigned").asInt()).isEqualTo(2);
        }

        @Test
        void keys_are_listed_by_suffix_only_and_the_full_value_appears_nowhere_in_the_list() {
            String entitlement = pooled();
            importJson(entitlement, "SECRET-VALUE-ABCD", "SECRET-VALUE-WXYZ");

            var listed = requireStatus(server.get("/entitlements/" + entitlement + "/key-pool/keys?status=available",
                    server.a.readKey()), 200);

            assertThat(listed.raw()).doesNotContain("SECRET-VALUE");
            assertThat(listed.json().path("items")).hasSize(2);
            var item = listed.json().path("items").get(0);
            assertThat(item.path("key_suffix").asText()).isIn("ABCD", "WXYZ");
            assertThat(item.path("id").asText()).startsWith("pk_");
            assertThat(item.path("status").asText()).isEqualTo("available");
            assertThat(item.path("grant_id").isNull()).isTrue();
            assertThat(server.get("/entitlements/" + entitlement + "/key-pool/keys?status=lost", server.a.readKey()).status())
                    .isEqualTo(422);
        }

        /** A key's ending is a quarter of it at most: a key under 16 characters is listed by none of them, not whole. */
        @Test
        void a_short_key_is_listed_by_no_character_of_its_value() {
            String entitlement = pooled();
            var keys = List.of("鍵", "鍵-鍵", "短い鍵-SHORT-4", "短い鍵-LONG-ENOUGH-1");
            importJson(entitlement, keys.toArray());

            var listed = requireStatus(server.get("/entitlements/" + entitlement + "/key-pool/keys?status=available",
                    server.a.readKey()), 200);

            assertThat(listed.raw()).doesNotContain("鍵").doesNotContain("SHORT");
            var suffixes = new java.util.ArrayList<String>();
            listed.json().path("items").forEach(item -> suffixes.add(item.path("key_suffix").asText()));
            assertThat(suffixes).containsExactlyInAnyOrder("", "", "", "GH-1");
        }

        @Test
        void an_available_key_is_voided_once_and_then_is_a_conflict() {
            String entitlement = pooled();
            importJson(entitlement, "LEAKED-CODE-0001");
            String keyId = server.get("/entitlements/" + entitlement + "/key-pool/keys", server.a.readKey()).json()
                    .path("items").get(0).path("id").asText();

            var voided = requireStatus(server.post("/entitlements/" + entitlement + "/key-pool/keys/" + keyId + "/void",
                    server.a.writeKey(), null), 200).json();
            var again = server.post("/entitlements/" + entitlement + "/key-pool/keys/" + keyId + "/void", server.a.writeKey(), null);

            assertThat(voided.path("status").asText()).isEqualTo("voided");
            assertThat(voided.path("voided_at").asText()).endsWith("Z");
            assertThat(again.status()).isEqualTo(409);
            assertThat(again.code()).isEqualTo("POOL_KEY_NOT_AVAILABLE");
            assertThat(server.issue(server.a, entitlement, "after-void@example.com").path("status").asText()).isEqualTo("Pending");
        }

        @Test
        void a_pooled_value_cannot_be_delivered_by_hand_or_imported_as_a_key() {
            String entitlement = pooled();
            importJson(entitlement, "ONLY-IN-THE-POOL");
            String other = server.manualEntitlement(server.a);
            var grant = server.issue(server.a, other, "by-hand@example.com");

            var byHand = server.post("/grants/" + grant.path("id").asText() + "/license-key", server.a.writeKey(),
                    json("key", "ONLY-IN-THE-POOL"));

            assertThat(byHand.code()).isEqualTo("LICENSE_KEY_ALREADY_EXISTS");
        }

        @Test
        void an_import_with_an_idempotency_key_runs_once() {
            String entitlement = pooled();
            String key = UUID.randomUUID().toString();
            byte[] body = "IDEMPOTENT-KEY-01\nIDEMPOTENT-KEY-02\n".getBytes(StandardCharsets.UTF_8);

            var first = requireStatus(upload(entitlement, "text/plain", body, "Idempotency-Key", key), 200).json();
            var replay = requireStatus(upload(entitlement, "text/plain", body, "Idempotency-Key", key), 200).json();

            assertThat(first.path("imported").asInt()).isEqualTo(2);
            assertThat(replay).isEqualTo(first);
            assertThat(pool(entitlement).path("available").asInt()).isEqualTo(2);
        }

        @Test
        void rotating_a_pooled_grants_key_without_a_value_draws_from_the_pool() {
            String entitlement = pooled("low_stock_threshold", 0);
            importJson(entitlement, "FIRST-POOLED-KEY", "REPLACEMENT-POOLED-KEY");
            var grant = server.issue(server.a, entitlement, "rotate-pool@example.com");
            String keyId = grant.path("license_key").path("id").asText();

            var rotated = requireStatus(server.post("/license_keys/" + keyId + "/rotate", server.a.writeKey(), null), 200).json();
            var empty = server.post("/license_keys/" + keyId + "/rotate", server.a.writeKey(), null);

            assertThat(rotated.path("key").asText()).isEqualTo("REPLACEMENT-POOLED-KEY");
            assertThat(empty.code()).isEqualTo("KEY_POOL_EMPTY");
            assertThat(pool(entitlement).path("assigned").asInt()).isEqualTo(2);
            var events = server.store.outboxMessages().filter(m -> m.kind() == OutboxMessage.Kind.EVENT
                    && m.topic().equals("key_pool.empty") && m.payload().contains(entitlement));
            assertThat(events).hasSize(1);
        }
    }

    @Nested
    class Stock_alerts {

        @Test
        void a_webhook_filtering_on_the_pool_events_receives_each_crossing_once_with_its_data() throws Exception {
            var shop = server.tenant("Pool alert shop");
            String hook = server.webhook(shop, "https://shop.example.com/stock", "filter_types",
                    List.of("key_pool.low_stock", "key_pool.empty"));
            String entitlement = server.manualEntitlement(shop);
            requireStatus(server.post("/entitlements/" + entitlement + "/key-pool", shop.writeKey(), json("low_stock_threshold", 1)), 201);
            requireStatus(server.post("/entitlements/" + entitlement + "/key-pool/keys", shop.writeKey(),
                    json("keys", List.of(json("key", "ALERT-KEY-0001"), json("key", "ALERT-KEY-0002"), json("key", "ALERT-KEY-0003")))), 200);

            for (int i = 0; i < 5; i++) {
                server.issue(shop, entitlement, "alert-" + i + "@example.com");
            }
            while (server.grantor.relay().runOnce() > 0) {
                Thread.onSpinWait();
            }

            var deliveries = server.get("/webhooks/" + hook + "/deliveries", shop.readKey()).json().path("data");
            var types = new ArrayList<String>();
            deliveries.forEach(d -> types.add(d.path("event_type").asText()));
            assertThat(types).containsExactlyInAnyOrder("key_pool.low_stock", "key_pool.empty");
            var empty = server.store.outboxMessages().filter(m -> m.topic().equals("key_pool.empty") && m.payload().contains(entitlement))
                    .head();
            var data = ApiServer.JSON.readTree(empty.payload()).path("data");
            assertThat(data.path("pool_id").asText()).startsWith("kpl_");
            assertThat(data.path("entitlement_id").asText()).isEqualTo(entitlement);
            assertThat(data.path("available").asInt()).isZero();
            assertThat(data.path("low_stock_threshold").asInt()).isEqualTo(1);
            assertThat(data.path("waiting_grants").asInt()).isZero();
        }
    }

    @Nested
    class Bad_input {

        @Test
        void a_csv_file_gets_a_result_per_line_with_reasons() {
            String entitlement = pooled();
            String csv = "\uFEFFkey,activations_limit,expires_at\r\nCSV-KEY-0001,2,2999-01-01T00:00:00Z\r\nCSV-KEY-0001,,\r\n\r\n"
                    + "CSV-KEY-0002,two,\r\n\"CSV,KEY,0003\",,\r\n" + "X".repeat(256) + ",,\r\nCSV-\u0001-CTRL,,\r\n";

            var report = requireStatus(upload(entitlement, "text/csv; charset=utf-8", csv.getBytes(StandardCharsets.UTF_8)), 200)
                    .json();

            assertThat(statuses(report)).containsExactly("2:imported", "3:duplicate", "5:invalid", "6:imported", "7:invalid",
                    "8:invalid");
            assertThat(report.path("results").get(2).path("error").asText()).contains("activations_limit");
            assertThat(report.path("results").get(4).path("error").asText()).contains("255");
            assertThat(report.path("imported").asInt()).isEqualTo(2);
            assertThat(report.path("duplicates").asInt()).isEqualTo(1);
            assertThat(report.path("invalid").asInt()).isEqualTo(3);
            assertThat(pool(entitlement).path("available").asInt()).isEqualTo(2);
        }

        static Stream<Arguments> whole_file_refusals() {
            return Stream.of(
                    Arguments.of("text/csv", "key,colour\nA-0000001,red\n".getBytes(StandardCharsets.UTF_8), 422, "VALIDATION_FAILED"),
                    Arguments.of("text/csv", "activations_limit\n3\n".getBytes(StandardCharsets.UTF_8), 422, "VALIDATION_FAILED"),
                    Arguments.of("text/plain", new byte[] {'A', 'B', (byte) 0xC3, (byte) 0x28, '\n'}, 400, "INVALID_REQUEST"),
                    Arguments.of("application/json", "{\"keys\": 5}".getBytes(StandardCharsets.UTF_8), 400, "INVALID_REQUEST"),
                    Arguments.of("application/json", "[1]".getBytes(StandardCharsets.UTF_8), 400, "INVALID_REQUEST"),
                    Arguments.of("application/xml", "<keys/>".getBytes(StandardCharsets.UTF_8), 415, "UNSUPPORTED_MEDIA_TYPE"));
        }

        @ParameterizedTest(name = "{0} {2} {3}")
        @MethodSource("whole_file_refusals")
        void a_file_that_cannot_be_read_as_a_whole_is_one_clear_error_and_imports_nothing(String type, byte[] body, int status,
                                                                                          String code) {
            String entitlement = pooled();

            var answer = upload(entitlement, type, body);

            assertThat(answer.status()).isEqualTo(status);
            assertThat(answer.code()).isEqualTo(code);
            assertThat(pool(entitlement).path("available").asInt()).isZero();
        }

        @Test
        void a_body_over_four_mebibytes_is_413_and_imports_nothing() {
            String entitlement = pooled();
            var text = new StringBuilder();
            int n = 0;
            while (text.length() < 5 * 1024 * 1024) {
                text.append("BIG-KEY-").append(n++).append('\n');
            }

            var answer = upload(entitlement, "text/plain", text.toString().getBytes(StandardCharsets.UTF_8));

            assertThat(answer.status()).isEqualTo(413);
            assertThat(pool(entitlement).path("available").asInt()).isZero();
        }

        @Test
        void more_than_ten_thousand_keys_is_refused_whole() {
            String entitlement = pooled();
            var text = new StringBuilder();
            for (int i = 0; i <= 10_000; i++) {
                text.append("MANY-").append(i).append('\n');
            }

            var answer = upload(entitlement, "text/plain", text.toString().getBytes(StandardCharsets.UTF_8));

            assertThat(answer.status()).isEqualTo(422);
            assertThat(answer.json().path("details").get(0).path("field").asText()).isEqualTo("keys");
            assertThat(pool(entitlement).path("available").asInt()).isZero();
        }

        @Test
        void a_json_list_keeps_each_bad_element_to_its_own_line() {
            String entitlement = pooled();

            var report = importJson(entitlement, "JSON-KEY-00001", json("key", 5), json("key", "JSON-KEY-00002",
                    "activations_limit", 0), json("key", "JSON-KEY-00003", "expires_at", "tomorrow"), "  ", "JSON-KEY-00004");

            assertThat(statuses(report)).containsExactly("1:imported", "2:invalid", "3:invalid", "4:invalid", "5:invalid",
                    "6:imported");
        }

        @Test
        void the_metrics_show_each_pools_stock_by_entitlement() {
            String entitlement = pooled();
            importJson(entitlement, "METRIC-KEY-0001", "METRIC-KEY-0002");

            String metrics = requireStatus(server.get("/metrics", null), 200).raw();

            assertThat(metrics).contains("grantor_key_pool_available{entitlement_id=\"" + entitlement + "\"} 2.0");
            assertThat(metrics).contains("grantor_key_pool_waiting_grants{entitlement_id=\"" + entitlement + "\"} 0.0");
        }
    }
}

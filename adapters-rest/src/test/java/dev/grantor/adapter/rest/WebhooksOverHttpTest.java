package dev.grantor.adapter.rest;

import static dev.grantor.adapter.rest.ApiServer.json;
import static dev.grantor.adapter.rest.ApiServer.requireStatus;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.grantor.adapter.rest.ApiServer.Response;
import dev.grantor.adapter.rest.ApiServer.Tenant;
import dev.grantor.application.port.out.WebhookSender.Outcome;
import dev.grantor.application.webhook.ScriptedSender;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code /webhooks} over HTTP: the Dodo Payments compatible management surface and Grantor's delivery log. */
class WebhooksOverHttpTest {

    private static final ScriptedSender sender = new ScriptedSender();
    private static final ApiServer server = new ApiServer(s -> s, null, sender);
    private static final String RECEIVER = "https://shop.example.com/grantor";

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Response expect(Response response, int status, String code) {
        assertThat(response.status()).as(response.raw()).isEqualTo(status);
        assertThat(response.code()).isEqualTo(code);
        return response;
    }

    /** Issue 11.2 and its "also found": what a public service refuses to register, over HTTP. */
    @Nested
    class Registering_what_a_public_service_refuses {

        @org.junit.jupiter.params.ParameterizedTest
        @ValueSource(strings = {"https://169.254.169.254/latest/meta-data/", "https://10.0.0.1/", "https://[fd00::1]/",
                "https://[::ffff:127.0.0.1]:8443/", "https://localhost/", "http://127.0.0.1:9/dev", "https://[ff02::1]/",
                "https://0.0.0.0/", "https://[fe80::1]/", "https://metadata.google.internal/"})
        void a_url_into_a_private_network_is_a_target_not_allowed_on_url(String url) {
            try (var publicService = new ApiServer(s -> s, null, new ScriptedSender(), policy -> policy)) {
                var shop = publicService.tenant("Public shop");

                var refused = expect(publicService.post("/webhooks", shop.writeKey(), json("url", url)), 422,
                        "WEBHOOK_TARGET_NOT_ALLOWED");

                assertThat(refused.json().path("message").asText()).startsWith("url must point at a public internet address");
                assertThat(refused.json().path("details").get(0).path("field").asText()).isEqualTo("url");
                assertThat(publicService.get("/webhooks", shop.readKey()).json().path("data")).isEmpty();
            }
        }

        /** Refused even where the operator allows private targets, so these are rules of form, not of target. */
        @org.junit.jupiter.params.ParameterizedTest
        @ValueSource(strings = {"https://2130706433:8443/", "https://hooks.example.com:0/", "https://hooks.example.com:65536/"})
        void an_address_written_as_an_integer_or_an_impossible_port_is_a_validation_failure(String url) {
            try (var publicService = new ApiServer(s -> s, null, new ScriptedSender(), policy -> policy)) {
                var shop = publicService.tenant("Public shop");

                var refused = expect(publicService.post("/webhooks", shop.writeKey(), json("url", url)), 422, "VALIDATION_FAILED");

                assertThat(refused.json().path("details").get(0).path("field").asText()).isEqualTo("url");
                assertThat(publicService.get("/webhooks", shop.readKey()).json().path("data")).isEmpty();
            }
        }

        @Test
        void a_header_value_outside_printable_ascii_is_a_validation_failure() {
            var shop = server.tenant("Header shop");

            var refused = expect(server.post("/webhooks", shop.writeKey(), json("url", RECEIVER, "headers",
                    java.util.Map.of("X-Team", "caf\u00e9"))), 422, "VALIDATION_FAILED");

            assertThat(refused.json().path("details").get(0).path("field").asText()).isEqualTo("headers.X-Team");
        }
    }

    @Nested
    class Managing_an_endpoint {

        private final Tenant shop = server.tenant("Endpoint shop");

        @Test
        void creating_one_answers_the_whole_object_with_every_field_and_no_secret() {
            var created = server.post("/webhooks", shop.writeKey(), json("url", RECEIVER, "description", "orders",
                    "filter_types", List.of("entitlement_grant.created", "license_key.created"), "headers", json("X-Shop", "acme"),
                    "metadata", json("team", "ops", "tier", 2, "beta", true), "rate_limit", 10));

            assertThat(created.status()).as(created.raw()).isEqualTo(200);
            JsonNode webhook = created.json();
            assertThat(webhook.path("id").asText()).matches("whk_[0-9A-Za-z]{21}");
            assertThat(webhook.path("url").asText()).isEqualTo(RECEIVER);
            assertThat(webhook.path("description").asText()).isEqualTo("orders");
            assertThat(webhook.path("disabled").asBoolean()).isFalse();
            assertThat(webhook.path("filter_types")).extracting(JsonNode::asText)
                    .containsExactly("entitlement_grant.created", "license_key.created");
            assertThat(webhook.path("rate_limit").asInt()).isEqualTo(10);
            assertThat(webhook.path("metadata").path("tier").asInt()).isEqualTo(2);
            assertThat(webhook.path("created_at").asText()).endsWith("Z");
            assertThat(webhook.has("secret")).isFalse();
            assertThat(webhook.has("headers")).isFalse();
            assertThat(created.raw()).doesNotContain("whsec_", "acme");
            assertThat(server.get("/webhooks/" + webhook.path("id").asText(), shop.readKey()).json()).isEqualTo(webhook);
        }

        @Test
        void a_minimal_one_has_every_field_present_with_null_or_empty_values() {
            var webhook = requireStatus(server.post("/webhooks", shop.writeKey(), json("url", "http://127.0.0.1:9/dev")), 200).json();

            // Dodo's WebhookDetails types description as a string, never null
            assertThat(webhook.path("description").isTextual()).isTrue();
            assertThat(webhook.path("description").asText()).isEmpty();
            assertThat(webhook.path("rate_limit").isNull()).isTrue();
            assertThat(webhook.path("filter_types")).isEmpty();
            assertThat(webhook.path("metadata").isObject()).isTrue();
            assertThat(webhook.path("disabled").asBoolean()).isFalse();
        }

        @Test
        void a_patch_changes_what_it_names_and_a_null_clears_description_and_rate_limit() {
            String id = server.webhook(shop, RECEIVER, "description", "first", "rate_limit", 5, "filter_types", List.of("entitlement_grant.created"));

            var renamed = requireStatus(server.send("PATCH", "/webhooks/" + id, shop.writeKey(), json("description", "second",
                    "disabled", true)), 200).json();
            assertThat(renamed.path("description").asText()).isEqualTo("second");
            assertThat(renamed.path("disabled").asBoolean()).isTrue();
            assertThat(renamed.path("rate_limit").asInt()).isEqualTo(5);
            assertThat(renamed.path("filter_types")).hasSize(1);
            assertThat(renamed.path("url").asText()).isEqualTo(RECEIVER);

            var untouched = requireStatus(server.send("PATCH", "/webhooks/" + id, shop.writeKey(), json("url", null, "disabled", null)), 200)
                    .json();
            assertThat(untouched.path("description").asText()).isEqualTo("second");
            assertThat(untouched.path("url").asText()).isEqualTo(RECEIVER);
            assertThat(untouched.path("disabled").asBoolean()).isTrue();

            var cleared = requireStatus(server.send("PATCH", "/webhooks/" + id, shop.writeKey(), json("description", null,
                    "rate_limit", null, "filter_types", List.of(), "url", "https://shop.example.com/v2")), 200).json();
            assertThat(cleared.path("description").isTextual()).isTrue();
            assertThat(cleared.path("description").asText()).isEmpty();
            assertThat(cleared.path("rate_limit").isNull()).isTrue();
            assertThat(cleared.path("filter_types")).isEmpty();
            assertThat(cleared.path("url").asText()).isEqualTo("https://shop.example.com/v2");
            assertThat(server.get("/webhooks/" + id, shop.readKey()).json()).isEqualTo(cleared);
        }

        @Test
        void a_deleted_one_answers_an_empty_200_and_is_not_found_from_then_on() {
            String id = server.webhook(shop, RECEIVER);

            var deleted = server.send("DELETE", "/webhooks/" + id, shop.writeKey(), null);

            assertThat(deleted.status()).isEqualTo(200);
            assertThat(deleted.raw()).isEmpty();
            assertThat(deleted.header("content-length")).isEqualTo("0");
            expect(server.get("/webhooks/" + id, shop.readKey()), 404, "NOT_FOUND");
            expect(server.get("/webhooks/" + id + "/secret", shop.writeKey()), 404, "NOT_FOUND");
            expect(server.send("DELETE", "/webhooks/" + id, shop.writeKey(), null), 404, "NOT_FOUND");
        }

        @Test
        void its_secret_is_whsec_and_base64_of_at_least_24_bytes_the_same_on_every_read_and_different_per_endpoint() {
            String first = server.webhook(shop, RECEIVER);
            String second = server.webhook(shop, RECEIVER);

            String secret = requireStatus(server.get("/webhooks/" + first + "/secret", shop.writeKey()), 200).json().path("secret").asText();

            assertThat(secret).startsWith("whsec_");
            assertThat(Base64.getDecoder().decode(secret.substring("whsec_".length()))).hasSizeGreaterThanOrEqualTo(24);
            assertThat(server.get("/webhooks/" + first + "/secret", shop.writeKey()).json().path("secret").asText()).isEqualTo(secret);
            assertThat(server.get("/webhooks/" + second + "/secret", shop.writeKey()).json().path("secret").asText()).isNotEqualTo(secret);
        }

        @Test
        void creating_with_an_idempotency_key_twice_creates_one_endpoint_and_answers_the_same_bytes() {
            var shop = server.tenant("Idempotent shop");
            var body = json("url", RECEIVER, "description", "once");

            var first = server.send("POST", "/webhooks", shop.writeKey(), body, "Idempotency-Key", "create-hook-1");
            var again = server.send("POST", "/webhooks", shop.writeKey(), body, "Idempotency-Key", "create-hook-1");

            assertThat(first.status()).isEqualTo(200);
            assertThat(again.status()).isEqualTo(200);
            assertThat(again.raw()).isEqualTo(first.raw());
            assertThat(server.get("/webhooks", shop.readKey()).json().path("data")).hasSize(1);
        }

        @Test
        void malformed_and_unknown_ids_are_not_found() {
            expect(server.get("/webhooks/whk_000000000000000000000", shop.readKey()), 404, "NOT_FOUND");
            expect(server.get("/webhooks/nonsense", shop.readKey()), 404, "NOT_FOUND");
            expect(server.send("PATCH", "/webhooks/whk_000000000000000000000", shop.writeKey(), json("url", "ftp://x")), 404, "NOT_FOUND");
        }
    }

    @Nested
    class Creating_with_an_idempotency_key_in_the_body {

        private final Tenant shop = server.tenant("Idempotent shop");

        @Test
        void the_same_create_again_answers_the_first_endpoint_and_another_body_is_refused() {
            var body = json("url", RECEIVER, "idempotency_key", "create-once");
            var first = requireStatus(server.post("/webhooks", shop.writeKey(), body), 200).json();
            var again = requireStatus(server.post("/webhooks", shop.writeKey(), body), 200).json();

            assertThat(again).isEqualTo(first);
            expect(server.post("/webhooks", shop.writeKey(), json("url", RECEIVER, "idempotency_key", "create-once",
                    "description", "another")), 409, "IDEMPOTENCY_KEY_REUSED");
            assertThat(server.get("/webhooks", shop.readKey()).json().path("data")).hasSize(1);
        }

        @Test
        void a_key_that_is_not_one_is_refused_on_its_field() {
            var tooLong = expect(server.post("/webhooks", shop.writeKey(), json("url", RECEIVER, "idempotency_key", "k".repeat(256))),
                    400, "INVALID_REQUEST");
            assertThat(tooLong.json().path("details").get(0).path("field").asText()).isEqualTo("idempotency_key");
            var number = expect(server.post("/webhooks", shop.writeKey(), json("url", RECEIVER, "idempotency_key", 5)),
                    400, "INVALID_REQUEST");
            assertThat(number.json().path("details").get(0).path("field").asText()).isEqualTo("idempotency_key");
            assertThat(server.get("/webhooks", shop.readKey()).json().path("data")).isEmpty();
        }
    }

    @Nested
    class Listing_endpoints {

        @Test
        void pages_by_cursor_until_done_visiting_each_endpoint_once() {
            var shop = server.tenant("Paging shop");
            var created = new ArrayList<String>();
            for (int i = 0; i < 5; i++) {
                created.add(server.webhook(shop, RECEIVER + "/" + i));
            }

            var seen = new ArrayList<String>();
            var pages = new ArrayList<Integer>();
            String iterator = null;
            boolean done = false;
            while (!done) {
                var page = requireStatus(server.get("/webhooks?limit=2" + (iterator == null ? "" : "&iterator=" + iterator),
                        shop.readKey()), 200).json();
                page.path("data").forEach(webhook -> seen.add(webhook.path("id").asText()));
                pages.add(page.path("data").size());
                done = page.path("done").asBoolean();
                iterator = page.path("iterator").isNull() ? null : page.path("iterator").asText();
                assertThat(iterator == null).isEqualTo(done);
                assertThat(pages).hasSizeLessThan(5);
            }

            assertThat(pages).containsExactly(2, 2, 1);
            assertThat(seen).containsExactlyInAnyOrderElementsOf(created).doesNotHaveDuplicates();
        }

        @Test
        void a_business_without_endpoints_gets_one_empty_last_page() {
            var empty = server.tenant("Empty shop");
            var page = requireStatus(server.get("/webhooks", empty.readKey()), 200).json();

            assertThat(page.path("data")).isEmpty();
            assertThat(page.path("done").asBoolean()).isTrue();
            assertThat(page.path("iterator").isNull()).isTrue();
        }

        @ParameterizedTest
        @ValueSource(strings = {"limit=0", "limit=101", "limit=ten", "iterator=whatever"})
        void an_out_of_range_limit_or_a_foreign_iterator_is_a_validation_failure(String query) {
            expect(server.get("/webhooks?" + query, server.a.readKey()), 422, "VALIDATION_FAILED");
        }
    }

    @Nested
    class Refused_bodies {

        static Stream<String> bad_urls() {
            return Stream.of("http://shop.example.com/grantor", "ftp://shop.example.com/grantor", "https://user:pw@shop.example.com/",
                    "https://shop.example.com/#fragment", "/relative/path", "not a url", "https://", "javascript:alert(1)",
                    "https://shop.example.com/" + "x".repeat(2100));
        }

        @ParameterizedTest
        @MethodSource("bad_urls")
        void a_url_that_is_not_https_or_loopback_http_is_a_validation_failure_on_create_and_on_patch(String url) {
            var created = expect(server.post("/webhooks", server.a.writeKey(), json("url", url)), 422, "VALIDATION_FAILED");
            assertThat(created.json().path("details").get(0).path("field").asText()).isEqualTo("url");

            String id = server.webhook(server.a, RECEIVER);
            expect(server.send("PATCH", "/webhooks/" + id, server.a.writeKey(), json("url", url)), 422, "VALIDATION_FAILED");
            assertThat(server.get("/webhooks/" + id, server.a.readKey()).json().path("url").asText()).isEqualTo(RECEIVER);
        }

        @ParameterizedTest
        @ValueSource(strings = {"http://localhost:8080/hook", "http://127.0.0.1/hook", "http://[::1]:9000/hook", "https://shop.example.com"})
        void https_anywhere_and_plain_http_to_loopback_are_accepted(String url) {
            assertThat(server.post("/webhooks", server.a.writeKey(), json("url", url)).status()).isEqualTo(200);
        }

        @Test
        void unknown_filter_types_are_a_validation_failure_on_create_and_on_patch() {
            var created = expect(server.post("/webhooks", server.a.writeKey(), json("url", RECEIVER,
                    "filter_types", List.of("entitlement_grant.created", "payment.succeded"))), 422, "VALIDATION_FAILED");
            assertThat(created.json().path("message").asText()).contains("payment.succeded");
            assertThat(created.json().path("details").get(0).path("field").asText()).isEqualTo("filter_types");

            String id = server.webhook(server.a, RECEIVER);
            expect(server.send("PATCH", "/webhooks/" + id, server.a.writeKey(), json("filter_types", List.of("everything"))),
                    422, "VALIDATION_FAILED");
            assertThat(server.get("/webhooks/" + id, server.a.readKey()).json().path("filter_types")).isEmpty();
        }

        /** The filter an integrator registers with Dodo, payment and subscription events included, is taken as it is. */
        @Test
        void dodo_event_types_grantor_never_sends_are_stored_and_answered_as_given() {
            var types = List.of("payment.succeeded", "entitlement_grant.delivered", "subscription.cancelled", "license_key.created");
            var created = server.post("/webhooks", server.a.writeKey(), json("url", RECEIVER, "filter_types", types));
            assertThat(created.status()).as(created.raw()).isEqualTo(200);
            String id = created.json().path("id").asText();

            assertThat(server.get("/webhooks/" + id, server.a.readKey()).json().path("filter_types"))
                    .extracting(JsonNode::asText).containsExactlyElementsOf(types);
            var patched = server.send("PATCH", "/webhooks/" + id, server.a.writeKey(), json("filter_types", List.of("dunning.started")));
            assertThat(patched.json().path("filter_types")).extracting(JsonNode::asText).containsExactly("dunning.started");
        }

        static Stream<Arguments> values_of_the_wrong_kind() {
            return Stream.of(
                    Arguments.of(json("description", "no url"), 400, "INVALID_REQUEST"),
                    Arguments.of(json("url", "  "), 400, "INVALID_REQUEST"),
                    Arguments.of(json("url", 42), 400, "INVALID_REQUEST"),
                    Arguments.of(json("url", RECEIVER, "filter_types", "entitlement_grant.created"), 400, "INVALID_REQUEST"),
                    Arguments.of(json("url", RECEIVER, "filter_types", List.of(1)), 400, "INVALID_REQUEST"),
                    Arguments.of(json("url", RECEIVER, "disabled", "yes"), 400, "INVALID_REQUEST"),
                    Arguments.of(json("url", RECEIVER, "headers", json("X-Count", 3)), 400, "INVALID_REQUEST"),
                    Arguments.of(json("url", RECEIVER, "metadata", json("nested", json("a", 1))), 400, "INVALID_REQUEST"),
                    Arguments.of(json("url", RECEIVER, "headers", json("webhook-signature", "forged")), 422, "VALIDATION_FAILED"),
                    Arguments.of(json("url", RECEIVER, "headers", json("bad header", "x")), 422, "VALIDATION_FAILED"),
                    Arguments.of(json("url", RECEIVER, "rate_limit", 0), 422, "VALIDATION_FAILED"),
                    Arguments.of(json("url", RECEIVER, "rate_limit", 10_000_000_000L), 422, "VALIDATION_FAILED"));
        }

        @ParameterizedTest
        @MethodSource("values_of_the_wrong_kind")
        void shape_problems_are_invalid_requests_and_format_problems_validation_failures(Map<String, Object> body, int status, String code) {
            expect(server.post("/webhooks", server.a.writeKey(), body), status, code);
        }
    }

    /** Dodo's {@code webhooks.headers.retrieve} and {@code update}: a merge, and values that may be credentials withheld. */
    @Nested
    class Custom_headers {

        private final Tenant shop = server.tenant("Header owner");

        private JsonNode headersOf(String id, String key) {
            return requireStatus(server.get("/webhooks/" + id + "/headers", key), 200).json();
        }

        @Test
        void a_read_write_key_reads_every_value_but_those_that_may_be_credentials_and_a_read_only_key_reads_names_only() {
            String id = server.webhook(shop, RECEIVER, "headers", json("X-Shop", "acme", "X-Api-Key", "k-123",
                    "X-Relay", "Bearer t0k3n"));

            var full = headersOf(id, shop.writeKey());
            assertThat(full.path("headers").properties()).extracting(Map.Entry::getKey).containsExactly("X-Shop");
            assertThat(full.path("headers").path("X-Shop").asText()).isEqualTo("acme");
            assertThat(full.path("sensitive")).extracting(JsonNode::asText).containsExactly("X-Api-Key", "X-Relay");
            assertThat(full.toString()).doesNotContain("k-123", "t0k3n");

            var names = server.get("/webhooks/" + id + "/headers", shop.readKey());
            assertThat(names.json().path("headers").isEmpty()).isTrue();
            assertThat(names.json().path("sensitive")).extracting(JsonNode::asText).containsExactly("X-Shop", "X-Api-Key", "X-Relay");
            assertThat(names.raw()).doesNotContain("acme", "k-123", "t0k3n");
        }

        /**
         * A receiver drops the blanks before a value, so " Bearer x" arrives as a bearer credential; and a passphrase or
         * passcode is as secret as a password, as are the other registered authentication schemes.
         */
        @Test
        void a_credential_behind_blanks_under_a_pass_name_or_in_another_scheme_is_withheld_too() {
            String id = server.webhook(shop, RECEIVER, "headers", json("X-Shop", "acme", "X-Relay", "  Bearer t0k3n",
                    "X-Passphrase", "hunter2", "X-Passcode", "4711", "X-Upstream", "Negotiate YIIGhgYJ",
                    "X-Aws", "AWS4-HMAC-SHA256 Credential=AKIA/20261205"));

            var full = headersOf(id, shop.writeKey());

            assertThat(full.path("headers").properties()).extracting(Map.Entry::getKey).containsExactly("X-Shop");
            assertThat(full.path("sensitive")).extracting(JsonNode::asText)
                    .containsExactly("X-Relay", "X-Passphrase", "X-Passcode", "X-Upstream", "X-Aws");
            assertThat(full.toString()).doesNotContain("t0k3n", "hunter2", "4711", "YIIGhgYJ", "AKIA");
        }

        @Test
        void an_endpoint_without_headers_answers_two_empty_fields() {
            String id = server.webhook(shop, RECEIVER);

            var none = headersOf(id, shop.writeKey());

            assertThat(none.path("headers").isObject()).isTrue();
            assertThat(none.path("headers").isEmpty()).isTrue();
            assertThat(none.path("sensitive").isArray()).isTrue();
            assertThat(none.path("sensitive").isEmpty()).isTrue();
        }

        @Test
        void an_update_merges_a_null_removes_and_the_answer_is_an_empty_200() {
            String id = server.webhook(shop, RECEIVER, "headers", json("X-Shop", "acme", "X-Team", "ops", "X-Old", "1"));
            String before = server.get("/webhooks/" + id, shop.readKey()).json().path("updated_at").asText();

            var updated = server.send("PATCH", "/webhooks/" + id + "/headers", shop.writeKey(),
                    json("headers", json("x-shop", "globex", "X-Old", null, "X-New", "2")));

            assertThat(updated.status()).as(updated.raw()).isEqualTo(200);
            assertThat(updated.raw()).isEmpty();
            var now = headersOf(id, shop.writeKey()).path("headers");
            assertThat(now.properties()).extracting(Map.Entry::getKey).containsExactly("X-Team", "x-shop", "X-New");
            assertThat(now.path("x-shop").asText()).isEqualTo("globex");
            assertThat(server.get("/webhooks/" + id, shop.readKey()).json().path("updated_at").asText()).isGreaterThanOrEqualTo(before);
        }

        @Test
        void a_patch_of_the_endpoint_with_headers_still_replaces_them_all() {
            String id = server.webhook(shop, RECEIVER, "headers", json("X-Shop", "acme", "X-Team", "ops"));

            requireStatus(server.send("PATCH", "/webhooks/" + id, shop.writeKey(), json("headers", json("X-Only", "1"))), 200);

            assertThat(headersOf(id, shop.writeKey()).path("headers").properties()).extracting(Map.Entry::getKey).containsExactly("X-Only");
        }

        static Stream<Arguments> refusedChanges() {
            return Stream.of(
                    Arguments.of(json("headers", json("User-Agent", "mine/1")), 422, "VALIDATION_FAILED", "headers.User-Agent"),
                    Arguments.of(json("headers", json("webhook-id", "x")), 422, "VALIDATION_FAILED", "headers.webhook-id"),
                    Arguments.of(json("headers", json("X-Shop", "caf\u00e9")), 422, "VALIDATION_FAILED", "headers.X-Shop"),
                    Arguments.of(json("headers", json("X-Shop", "a\r\nX-Injected: 1")), 422, "VALIDATION_FAILED", "headers.X-Shop"),
                    Arguments.of(json("headers", json("X-Shop", "a\nb")), 422, "VALIDATION_FAILED", "headers.X-Shop"),
                    Arguments.of(json("headers", json("TRANSFER-ENCODING", "chunked")), 422, "VALIDATION_FAILED",
                            "headers.TRANSFER-ENCODING"),
                    Arguments.of(json("headers", json("Content-length", "0")), 422, "VALIDATION_FAILED", "headers.Content-length"),
                    Arguments.of(json("headers", json("hOsT", "evil.example")), 422, "VALIDATION_FAILED", "headers.hOsT"),
                    Arguments.of(json("headers", json("X-Shop:", "v")), 422, "VALIDATION_FAILED", "headers"),
                    Arguments.of(json("headers", json("Bad Name", "v")), 422, "VALIDATION_FAILED", "headers"),
                    Arguments.of(json("headers", json("X-Team", "a", "x-team", "b")), 422, "VALIDATION_FAILED", "headers.x-team"),
                    Arguments.of(json("headers", json("X-Shop", 5)), 400, "INVALID_REQUEST", "headers.X-Shop"),
                    Arguments.of(json("headers", "X-Shop: acme"), 400, "INVALID_REQUEST", "headers"),
                    Arguments.of(json("other", 1), 400, "INVALID_REQUEST", "headers"));
        }

        @ParameterizedTest
        @MethodSource("refusedChanges")
        void a_change_a_create_would_refuse_is_refused_on_its_field_and_nothing_changes(Map<String, Object> body, int status,
                                                                                          String code, String field) {
            String id = server.webhook(shop, RECEIVER, "headers", json("X-Shop", "acme", "X-Team", "ops"));

            var refused = expect(server.send("PATCH", "/webhooks/" + id + "/headers", shop.writeKey(), body), status, code);

            assertThat(refused.json().path("details").get(0).path("field").asText()).isEqualTo(field);
            assertThat(headersOf(id, shop.writeKey()).path("headers").properties()).extracting(Map.Entry::getValue)
                    .extracting(JsonNode::asText).containsExactly("acme", "ops");
        }

        @Test
        void more_than_twenty_after_the_merge_is_refused() {
            var twenty = new java.util.LinkedHashMap<String, Object>();
            for (int i = 0; i < 20; i++) {
                twenty.put("X-N" + i, "v");
            }
            String id = server.webhook(shop, RECEIVER, "headers", twenty);

            expect(server.send("PATCH", "/webhooks/" + id + "/headers", shop.writeKey(), json("headers", json("X-More", "v"))), 422,
                    "VALIDATION_FAILED");
            requireStatus(server.send("PATCH", "/webhooks/" + id + "/headers", shop.writeKey(),
                    json("headers", json("X-N0", null, "X-More", "v"))), 200);
            assertThat(headersOf(id, shop.writeKey()).path("headers").has("X-More")).isTrue();
        }

        @Test
        void another_business_s_endpoint_is_not_found_before_its_body_is_judged_and_a_read_only_key_changes_nothing() {
            String id = server.webhook(shop, RECEIVER, "headers", json("X-Shop", "acme"));
            var other = server.tenant("Header neighbour");

            expect(server.get("/webhooks/" + id + "/headers", other.writeKey()), 404, "NOT_FOUND");
            expect(server.send("PATCH", "/webhooks/" + id + "/headers", other.writeKey(), json("headers", json("X-Shop", "mine"))),
                    404, "NOT_FOUND");
            expect(server.send("PATCH", "/webhooks/" + id + "/headers", other.writeKey(), json("headers", json("User-Agent", "x"))),
                    404, "NOT_FOUND");
            expect(server.get("/webhooks/whk_000000000000000000000/headers", shop.writeKey()), 404, "NOT_FOUND");
            expect(server.send("PATCH", "/webhooks/" + id + "/headers", shop.readKey(), json("headers", json("X-Shop", "ro"))),
                    403, "FORBIDDEN");
            assertThat(headersOf(id, shop.writeKey()).path("headers").path("X-Shop").asText()).isEqualTo("acme");
        }

        @Test
        void the_same_update_with_an_idempotency_key_is_replayed_and_another_body_with_it_refused() {
            String id = server.webhook(shop, RECEIVER);
            String path = "/webhooks/" + id + "/headers";

            requireStatus(server.send("PATCH", path, shop.writeKey(), json("headers", json("X-A", "1")), "Idempotency-Key", "hdr-1"), 200);
            requireStatus(server.send("PATCH", path, shop.writeKey(), json("headers", json("X-A", "2")), "Idempotency-Key", "hdr-2"), 200);
            requireStatus(server.send("PATCH", path, shop.writeKey(), json("headers", json("X-A", "1")), "Idempotency-Key", "hdr-1"), 200);

            assertThat(headersOf(id, shop.writeKey()).path("headers").path("X-A").asText()).as("the replay did not run again")
                    .isEqualTo("2");
            expect(server.send("PATCH", path, shop.writeKey(), json("headers", json("X-A", "3")), "Idempotency-Key", "hdr-1"), 409,
                    "IDEMPOTENCY_KEY_REUSED");
        }

        @Test
        void a_delivery_after_an_update_carries_the_new_headers_and_not_the_removed_ones() {
            var hooked = server.tenant("Header delivery shop");
            String url = "https://header-delivery.example.com/hook";
            String id = server.webhook(hooked, url, "headers", json("X-Shop", "acme", "X-Old", "1"));
            requireStatus(server.send("PATCH", "/webhooks/" + id + "/headers", hooked.writeKey(),
                    json("headers", json("X-Shop", "globex", "X-Old", null, "Authorization", "Bearer t0k3n"))), 200);

            server.issue(hooked, server.manualEntitlement(hooked), "buyer@example.com");
            server.grantor.relay().runOnce();
            server.dispatcher.runOnce();

            var sent = sender.requestsTo(url);
            assertThat(sent).hasSize(1);
            var headers = sent.get(0).headers();
            assertThat(headers.get("X-Shop").getOrNull()).isEqualTo("globex");
            assertThat(headers.get("Authorization").getOrNull()).isEqualTo("Bearer t0k3n");
            assertThat(headers.containsKey("X-Old")).isFalse();
        }
    }

    @Nested
    class A_read_only_key {

        @Test
        void reads_endpoints_and_deliveries_but_changes_nothing() {
            var shop = server.tenant("Read-only shop");
            String id = server.webhook(shop, RECEIVER);
            String r = shop.readKey();

            assertThat(server.get("/webhooks", r).status()).isEqualTo(200);
            assertThat(server.get("/webhooks/" + id, r).status()).isEqualTo(200);
            assertThat(server.get("/webhooks/" + id + "/deliveries", r).status()).isEqualTo(200);
            expect(server.post("/webhooks", r, json("url", RECEIVER)), 403, "FORBIDDEN");
            expect(server.send("PATCH", "/webhooks/" + id, r, json("disabled", true)), 403, "FORBIDDEN");
            expect(server.send("DELETE", "/webhooks/" + id, r, null), 403, "FORBIDDEN");
            expect(server.post("/webhooks/" + id + "/deliveries/msg_000000000000000000000/retry", r, null), 403, "FORBIDDEN");
            assertThat(server.get("/webhooks/" + id, r).json().path("disabled").asBoolean()).isFalse();
            assertThat(server.get("/webhooks", r).json().path("data")).hasSize(1);
        }

        @Test
        void may_not_read_a_secret_since_with_it_anyone_could_sign_forged_webhooks() {
            var shop = server.tenant("Read-only shop with a secret");
            String id = server.webhook(shop, RECEIVER);

            var refused = server.get("/webhooks/" + id + "/secret", shop.readKey());

            expect(refused, 403, "FORBIDDEN");
            assertThat(refused.raw()).doesNotContain("whsec_");
            assertThat(server.get("/webhooks/" + id + "/secret", shop.writeKey()).json().path("secret").asText()).startsWith("whsec_");
        }

        @Test
        void and_no_key_at_all_is_unauthorized() {
            expect(server.get("/webhooks", null), 401, "UNAUTHORIZED");
            expect(server.post("/webhooks", null, json("url", RECEIVER)), 401, "UNAUTHORIZED");
        }
    }

    @Nested
    class Deliveries {

        @Test
        void each_attempt_shows_in_the_log_and_a_retry_cuts_the_first_failure_s_backoff_short() {
            var shop = server.tenant("Delivery shop");
            String url = "https://delivery-shop.example.com/hook";
            String id = server.webhook(shop, url);
            sender.answer(url, new Outcome.Answered(500));
            server.issue(shop, server.manualEntitlement(shop), "buyer@example.com");
            server.grantor.relay().runOnce();

            var recorded = onlyDelivery(shop, id);
            assertThat(recorded.path("status").asText()).isEqualTo("pending");
            assertThat(recorded.path("attempts").asInt()).isZero();
            assertThat(recorded.path("event_type").asText()).isEqualTo("entitlement_grant.created");
            assertThat(recorded.path("webhook_id").asText()).isEqualTo(id);
            assertThat(recorded.path("id").asText()).startsWith("msg_");

            server.dispatcher.runOnce();
            var failedOnce = onlyDelivery(shop, id);
            assertThat(failedOnce.path("status").asText()).isEqualTo("pending");
            assertThat(failedOnce.path("attempts").asInt()).isEqualTo(1);
            assertThat(failedOnce.path("last_response_code").asInt()).isEqualTo(500);
            assertThat(failedOnce.path("last_error").asText()).contains("500");
            assertThat(failedOnce.path("next_attempt_at").asText()).endsWith("Z");

            String deliveryId = recorded.path("id").asText();
            var retried = requireStatus(server.post("/webhooks/" + id + "/deliveries/" + deliveryId + "/retry", shop.writeKey(), null), 200)
                    .json();
            assertThat(retried.path("id").asText()).isEqualTo(deliveryId);
            assertThat(retried.path("status").asText()).isEqualTo("pending");
            assertThat(retried.path("attempts").asInt()).as("attempts kept").isEqualTo(1);
            // its next attempt was 5 s away, nearer than the dispatcher's lease, but no claim holds it: due now
            assertThat(java.time.Instant.parse(retried.path("next_attempt_at").asText()))
                    .isBefore(java.time.Instant.parse(failedOnce.path("next_attempt_at").asText()));

            server.dispatcher.runOnce();
            assertThat(onlyDelivery(shop, id).path("attempts").asInt()).as("sent again without waiting out the 5 s").isEqualTo(2);
            assertThat(sender.requestsTo(url)).hasSize(2);
        }

        @Test
        void a_delivered_one_sent_again_is_pending_from_its_first_attempt_and_then_delivered_again() {
            var shop = server.tenant("Retry shop");
            String url = "https://retry-shop.example.com/hook";
            String id = server.webhook(shop, url);
            server.issue(shop, server.manualEntitlement(shop), "buyer@example.com");
            server.grantor.relay().runOnce();
            server.dispatcher.runOnce();
            var delivered = onlyDelivery(shop, id);
            assertThat(delivered.path("status").asText()).isEqualTo("delivered");
            assertThat(delivered.path("last_response_code").asInt()).isEqualTo(200);
            assertThat(delivered.path("next_attempt_at").isNull()).isTrue();

            var retried = requireStatus(server.post("/webhooks/" + id + "/deliveries/" + delivered.path("id").asText() + "/retry",
                    shop.writeKey(), null), 200).json();
            assertThat(retried.path("status").asText()).isEqualTo("pending");
            assertThat(retried.path("attempts").asInt()).isZero();
            server.dispatcher.runOnce();

            assertThat(onlyDelivery(shop, id).path("status").asText()).isEqualTo("delivered");
            assertThat(sender.requestsTo(url)).hasSize(2);
            assertThat(sender.requestsTo(url).map(r -> r.headers().get("webhook-id").get()).distinct()).hasSize(1);
        }

        @Test
        void an_unknown_delivery_or_a_bad_limit_is_refused() {
            String id = server.webhook(server.a, RECEIVER);
            expect(server.post("/webhooks/" + id + "/deliveries/msg_000000000000000000000/retry", server.a.writeKey(), null),
                    404, "NOT_FOUND");
            expect(server.get("/webhooks/" + id + "/deliveries?limit=0", server.a.readKey()), 422, "VALIDATION_FAILED");
            expect(server.get("/webhooks/" + id + "/deliveries?limit=101", server.a.readKey()), 422, "VALIDATION_FAILED");
            assertThat(server.get("/webhooks/" + id + "/deliveries?limit=100", server.a.readKey()).json().path("data")).isEmpty();
        }

        private JsonNode onlyDelivery(Tenant shop, String webhookId) {
            var data = requireStatus(server.get("/webhooks/" + webhookId + "/deliveries", shop.readKey()), 200).json().path("data");
            assertThat(data).hasSize(1);
            return data.get(0);
        }
    }

    @Nested
    class Without_webhooks_configured {

        @Test
        void every_webhook_route_is_not_found_and_the_rest_of_the_api_serves() {
            try (var plain = new ApiServer(s -> s, u -> new RestApi.UseCases(u.entitlements(), u.issuing(), u.fulfillment(),
                    u.grants(), u.licensing(), u.access(), u.outboxAdministration(), u.idempotentRequests()))) {
                String w = plain.a.writeKey();
                expect(plain.post("/webhooks", w, json("url", RECEIVER)), 404, "NOT_FOUND");
                expect(plain.get("/webhooks", w), 404, "NOT_FOUND");
                expect(plain.get("/webhooks/whk_000000000000000000000/secret", w), 404, "NOT_FOUND");
                assertThat(plain.get("/entitlements", w).status()).isEqualTo(200);
            }
        }
    }
}

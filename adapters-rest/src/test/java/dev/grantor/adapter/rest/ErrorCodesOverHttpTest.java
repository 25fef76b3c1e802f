package dev.grantor.adapter.rest;

import static dev.grantor.adapter.rest.ApiServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.adapter.rest.ApiServer.Response;
import dev.grantor.adapter.rest.RestSettings.RateLimit;
import dev.grantor.application.HttpAnswer;
import dev.grantor.application.port.in.Licensing;
import dev.grantor.domain.shared.ErrorCode;
import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.GrantorError;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Every error code of the contract, produced over HTTP, with its status, body and retry header. */
class ErrorCodesOverHttpTest {

    private static final ApiServer server = new ApiServer();
    private static final Set<String> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** The contract's codes: the business failures of the domain and the ones only the HTTP edge answers with. */
    @AfterAll
    static void every_code_of_the_contract_was_produced() {
        server.close();
        var all = java.util.stream.Stream.concat(overHttp(), java.util.Arrays.stream(TransportError.values()))
                .map(Enum::name).toList();
        assertThat(seen).containsExactlyInAnyOrderElementsOf(all);
    }

    /**
     * The business codes an HTTP request can meet: all but those of use cases no route offers (an API key's name is
     * given on the command line or by the host, {@code API_KEY_NAME_TAKEN}).
     */
    static java.util.stream.Stream<ErrorCode> overHttp() {
        return java.util.Arrays.stream(ErrorCode.values()).filter(code -> code != ErrorCode.API_KEY_NAME_TAKEN);
    }

    private static Response expect(Response response, int status, Enum<?> code) {
        assertThat(response.status()).as(response.raw()).isEqualTo(status);
        assertThat(response.header("content-type")).startsWith("application/json");
        assertThat(response.code()).isEqualTo(code.name());
        assertThat(response.json().path("message").asText()).isNotBlank();
        boolean retryable = status >= 500 || status == 408 || status == 429;
        assertThat(response.header("x-should-retry")).isEqualTo(retryable ? null : "false");
        seen.add(code.name());
        return response;
    }

    @Nested
    class The_request_itself {

        @Test
        void a_body_that_is_not_json_is_an_invalid_request() {
            expect(server.send("POST", "/entitlements", server.a.writeKey(), "{name:"), 400, ErrorCode.INVALID_REQUEST);
        }

        @Test
        void a_body_that_is_not_an_object_is_an_invalid_request() {
            expect(server.send("POST", "/entitlements", server.a.writeKey(), "[1,2]"), 400, ErrorCode.INVALID_REQUEST);
        }

        @Test
        void a_field_of_the_wrong_type_is_an_invalid_request_naming_the_field() {
            var response = expect(server.post("/entitlements", server.a.writeKey(), json("name", 42, "integration_type", "license_key",
                    "integration_config", json(), "metadata", "not an object")), 400, ErrorCode.INVALID_REQUEST);
            assertThat(response.json().path("details")).extracting(d -> d.path("field").asText() + ": " + d.path("message").asText())
                    .containsExactly("name: must be a string", "metadata: must be an object");
        }

        @Test
        void a_missing_required_field_is_an_invalid_request() {
            var response = expect(server.post("/licenses/activate", null, json("license_key", "K")), 400, ErrorCode.INVALID_REQUEST);
            assertThat(response.json().path("details").get(0).path("field").asText()).isEqualTo("name");
        }

        @Test
        void a_nested_required_field_is_named_with_its_path() {
            String entitlementId = server.manualEntitlement(server.a);
            var response = expect(server.post("/entitlements/" + entitlementId + "/grants", server.a.writeKey(),
                    json("customer", json("email", "  "))), 400, ErrorCode.INVALID_REQUEST);
            assertThat(response.json().path("details").get(0).path("field").asText()).isEqualTo("customer.email");
        }

        @Test
        void a_rule_of_a_whole_field_names_the_field_in_a_sentence() {
            var tooMany = new java.util.LinkedHashMap<String, Object>();
            for (int i = 0; i <= dev.grantor.domain.shared.Metadata.MAX_KEYS; i++) {
                tooMany.put("k" + i, i);
            }
            var response = expect(server.post("/entitlements", server.a.writeKey(), json("name", "Many", "integration_type",
                    "license_key", "integration_config", json(), "metadata", tooMany)), 422, ErrorCode.VALIDATION_FAILED);

            assertThat(response.json().path("message").asText()).isEqualTo("metadata must have at most 50 keys");
            assertThat(response.json().path("details").get(0).path("field").asText()).isEqualTo("metadata");
        }

        @Test
        void a_body_over_64_kib_is_too_large() {
            String big = ApiServer.write(json("name", "x".repeat(70 * 1024)));
            expect(server.send("POST", "/entitlements", server.a.writeKey(), big), 413, TransportError.PAYLOAD_TOO_LARGE);
        }

        @Test
        void a_sender_still_writing_an_oversized_body_reads_its_413_rather_than_a_reset_connection() throws Exception {
            // The server answers as soon as it sees Content-Length; if it then closed with the rest of the body unread,
            // the kernel would reset the connection and the client, still writing, would never see the answer.
            byte[] body = "x".repeat(70_000).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            String head = "POST /entitlements HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + server.a.writeKey()
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n";
            try (var socket = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), server.api.port())) {
                socket.setSoTimeout(10_000);
                var out = socket.getOutputStream();
                out.write(head.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                out.write(body, 0, 8_000);
                out.flush();
                Thread.sleep(300);
                out.write(body, 8_000, body.length - 8_000);
                out.flush();
                HttpAnswer answer = HttpAnswer.read(socket.getInputStream());
                assertThat(answer.status()).isEqualTo(413);
                assertThat(ContractEnvelope.of(answer).path("code").asText()).isEqualTo(TransportError.PAYLOAD_TOO_LARGE.name());
            }
        }

        @Test
        void a_body_that_is_not_declared_json_is_an_unsupported_media_type() {
            expect(server.send("POST", "/entitlements", server.a.writeKey(), "{}", "Content-Type", "text/plain"),
                    415, TransportError.UNSUPPORTED_MEDIA_TYPE);
        }

        @Test
        void an_unknown_endpoint_is_not_found() {
            expect(server.get("/nothing-here", server.a.readKey()), 404, ErrorCode.NOT_FOUND);
        }
    }

    @Nested
    class Keys {

        @Test
        void no_key_is_unauthorized() {
            expect(server.get("/entitlements", null), 401, ErrorCode.UNAUTHORIZED);
        }

        @Test
        void an_unknown_key_is_unauthorized() {
            expect(server.get("/entitlements", "gr_live_unknown"), 401, ErrorCode.UNAUTHORIZED);
        }

        @Test
        void a_read_only_key_is_forbidden_to_write() {
            expect(server.post("/entitlements", server.a.readKey(), json("name", "x")), 403, ErrorCode.FORBIDDEN);
        }

        @Test
        void an_idempotency_key_used_for_another_request_is_refused() {
            String key = "idem-" + System.nanoTime();
            var first = server.send("POST", "/entitlements", server.a.writeKey(), json("name", "A", "integration_type", "license_key",
                    "integration_config", json()), "Idempotency-Key", key);
            assertThat(first.status()).isEqualTo(200);
            expect(server.send("POST", "/entitlements", server.a.writeKey(), json("name", "B", "integration_type", "license_key",
                    "integration_config", json()), "Idempotency-Key", key), 409, TransportError.IDEMPOTENCY_KEY_REUSED);
        }
    }

    @Nested
    class Grants {

        @Test
        void an_unknown_grant_is_not_found_even_with_a_body_that_is_wrong_too() {
            expect(server.post("/grants/entg_000000000000000000000/license-key", server.a.writeKey(), json("key", 5)),
                    404, ErrorCode.NOT_FOUND);
        }

        @Test
        void an_unknown_id_is_not_found() {
            expect(server.get("/grants/entg_000000000000000000000", server.a.readKey()), 404, ErrorCode.NOT_FOUND);
        }

        /** As the embedded engine answers the same command (a customer left out) for that entitlement. */
        @Test
        void issuing_for_a_deleted_or_unknown_entitlement_is_not_found_even_with_a_body_that_is_wrong_too() {
            String deleted = server.manualEntitlement(server.a);
            assertThat(server.send("DELETE", "/entitlements/" + deleted, server.a.writeKey(), null).status()).isEqualTo(200);

            for (String id : java.util.List.of(deleted, "ent_000000000000000000000", "nonsense")) {
                for (Object body : java.util.List.<Object>of(json(), json("customer", json()), json("customer", 5))) {
                    expect(server.post("/entitlements/" + id + "/grants", server.a.writeKey(), body), 404, ErrorCode.NOT_FOUND);
                }
            }
            var embedded = server.grantor.issuing().issue(server.a.business(), deleted,
                    new dev.grantor.application.port.in.GrantIssuing.IssueGrant(null, null, null, null));
            assertThat(embedded.getLeft().code()).isEqualTo(ErrorCode.NOT_FOUND);
        }

        @Test
        void fulfilling_a_grant_of_another_integration_is_not_a_license_key_grant() {
            String telegram = server.entitlement(server.a, "telegram", json("chat_id", "-100123"));
            String grantId = server.issue(server.a, telegram, "tg@example.com").path("id").asText();
            expect(server.post("/grants/" + grantId + "/license-key", server.a.writeKey(), json("key", "TG-1")),
                    400, ErrorCode.NOT_A_LICENSE_KEY_GRANT);
        }

        @Test
        void reporting_delivery_of_a_license_key_grant_is_not_a_license_key_grant_either() {
            String grantId = server.issue(server.a, server.manualEntitlement(server.a), "lk@example.com").path("id").asText();
            expect(server.post("/grants/" + grantId + "/delivery", server.a.writeKey(), json("oauth_url", "https://example.com")),
                    400, ErrorCode.NOT_A_LICENSE_KEY_GRANT);
        }

        @Test
        void reporting_failure_of_a_delivered_grant_is_not_pending() {
            String grantId = server.issue(server.a, server.manualEntitlement(server.a), "np@example.com").path("id").asText();
            server.fulfill(server.a, grantId, "NP-" + System.nanoTime());
            var response = expect(server.post("/grants/" + grantId + "/failure", server.a.writeKey(),
                    json("error_code", "x", "error_message", "y")), 409, ErrorCode.GRANT_NOT_PENDING);
            assertThat(response.json().path("message").asText()).contains("Delivered");
        }

        @Test
        void a_key_value_already_in_use_is_refused() {
            String entitlementId = server.manualEntitlement(server.a);
            String first = server.issue(server.a, entitlementId, "one@example.com").path("id").asText();
            String second = server.issue(server.a, entitlementId, "two@example.com").path("id").asText();
            server.fulfill(server.a, first, "SAME-KEY-1");
            expect(server.post("/grants/" + second + "/license-key", server.a.writeKey(), json("key", "SAME-KEY-1")),
                    409, ErrorCode.LICENSE_KEY_ALREADY_EXISTS);
        }

        @Test
        void an_activations_limit_below_one_fails_validation() {
            String grantId = server.issue(server.a, server.manualEntitlement(server.a), "vf@example.com").path("id").asText();
            var response = expect(server.post("/grants/" + grantId + "/license-key", server.a.writeKey(),
                    json("key", "VF-1", "activations_limit", 0)), 422, ErrorCode.VALIDATION_FAILED);
            assertThat(response.json().path("details").get(0).path("field").asText()).isEqualTo("activations_limit");
        }

        @Test
        void an_expiry_without_an_offset_fails_validation() {
            String grantId = server.issue(server.a, server.manualEntitlement(server.a), "tz@example.com").path("id").asText();
            var response = expect(server.post("/grants/" + grantId + "/license-key", server.a.writeKey(),
                    json("key", "TZ-1", "expires_at", "2030-01-01T00:00:00")), 422, ErrorCode.VALIDATION_FAILED);
            assertThat(response.json().path("details").get(0).path("field").asText()).isEqualTo("expires_at");
        }

        @Test
        void fulfilling_a_grant_of_an_auto_entitlement_is_not_manual_fulfillment() {
            String auto = server.entitlement(server.a, "license_key", json("fulfillment_mode", "auto"));
            var grant = server.post("/entitlements/" + auto + "/grants", server.a.writeKey(), json("customer", json("email", "auto@example.com")));
            expect(server.post("/grants/" + grant.json().path("id").asText() + "/license-key", server.a.writeKey(), json("key", "AUTO-1")),
                    422, ErrorCode.NOT_MANUAL_FULFILLMENT);
        }

        @Test
        void an_expiry_on_a_subscription_grant_is_refused() {
            String grantId = server.issue(server.a, server.manualEntitlement(server.a), "sub@example.com",
                    "subscription_id", "sub_1").path("id").asText();
            String nextYear = Instant.now().plus(365, ChronoUnit.DAYS).toString();
            expect(server.post("/grants/" + grantId + "/license-key", server.a.writeKey(), json("key", "SUB-1", "expires_at", nextYear)),
                    422, ErrorCode.NO_EXPIRY_ON_SUBSCRIPTION_LICENSE_KEYS);
        }
    }

    @Nested
    class Licenses {

        @Test
        void activating_an_unknown_key_is_license_key_not_found() {
            expect(server.post("/licenses/activate", null, json("license_key", "NO-SUCH-KEY", "name", "pc")),
                    404, ErrorCode.LICENSE_KEY_NOT_FOUND);
        }

        @Test
        void activating_the_key_of_a_revoked_grant_is_an_inactive_license_key() {
            String entitlementId = server.manualEntitlement(server.a);
            String grantId = server.issue(server.a, entitlementId, "rv@example.com").path("id").asText();
            server.fulfill(server.a, grantId, "REVOKED-1");
            server.send("DELETE", "/entitlements/" + entitlementId + "/grants/" + grantId, server.a.writeKey(), null);
            expect(server.post("/licenses/activate", null, json("license_key", "REVOKED-1", "name", "pc")),
                    403, ErrorCode.INACTIVE_LICENSE_KEY);
        }

        @Test
        void deleting_the_current_signing_key_is_refused_until_another_is_made_current() {
            var rotated = server.post("/signing_keys/rotate", server.a.writeKey(), null);
            assertThat(rotated.status()).isEqualTo(200);
            expect(server.send("DELETE", "/signing_keys/" + rotated.json().path("kid").asText(), server.a.writeKey(), null),
                    409, ErrorCode.SIGNING_KEY_IN_USE);
        }

        @Test
        void checking_out_a_revoked_key_gives_the_error_activation_gives() {
            String entitlementId = server.manualEntitlement(server.a);
            String grantId = server.issue(server.a, entitlementId, "co@example.com").path("id").asText();
            server.fulfill(server.a, grantId, "CHECKOUT-REVOKED-1");
            server.send("DELETE", "/entitlements/" + entitlementId + "/grants/" + grantId, server.a.writeKey(), null);
            expect(server.post("/licenses/check-out", null, json("license_key", "CHECKOUT-REVOKED-1")), 403, ErrorCode.INACTIVE_LICENSE_KEY);
        }

        @Test
        void activating_beyond_the_limit_is_refused() {
            String grantId = server.issue(server.a, server.manualEntitlement(server.a), "lim@example.com").path("id").asText();
            server.fulfill(server.a, grantId, "LIMIT-1");
            for (String machine : new String[] {"one", "two"}) {
                assertThat(server.post("/licenses/activate", null, json("license_key", "LIMIT-1", "name", machine)).status()).isEqualTo(201);
            }
            expect(server.post("/licenses/activate", null, json("license_key", "LIMIT-1", "name", "three")),
                    422, ErrorCode.LICENSE_KEY_LIMIT_REACHED);
        }

        @Test
        void a_key_shorter_than_the_entitlement_allows_is_too_short() {
            String entitlementId = server.entitlement(server.a, "license_key", json("fulfillment_mode", "manual", "min_key_length", 12));
            String grantId = server.issue(server.a, entitlementId, "short@example.com").path("id").asText();
            expect(server.post("/grants/" + grantId + "/license-key", server.a.writeKey(), json("key", "SHORT-1")),
                    422, ErrorCode.LICENSE_KEY_TOO_SHORT);
        }
    }

    @Nested
    class Managing_keys {

        private String deliveredKey(String value) {
            String entitlement = server.manualEntitlement(server.a);
            String grant = server.issue(server.a, entitlement, value.toLowerCase() + "@example.com").path("id").asText();
            return server.fulfill(server.a, grant, value).path("license_key").path("id").asText();
        }

        @Test
        void a_limit_below_the_instances_in_use_is_refused() {
            String id = deliveredKey("CODES-LIMIT-1");
            server.post("/licenses/activate", null, json("license_key", "CODES-LIMIT-1", "name", "a"));
            server.post("/licenses/activate", null, json("license_key", "CODES-LIMIT-1", "name", "b"));

            expect(server.send("PATCH", "/license_keys/" + id, server.a.writeKey(), json("activations_limit", 1)),
                    422, ErrorCode.ACTIVATION_LIMIT_LESS_THAN_CURRENT_AMOUNT);
        }

        @Test
        void enabling_the_key_of_a_grant_revoked_for_another_reason_is_a_conflict() {
            String id = deliveredKey("CODES-REVOKED-1");
            var key = server.get("/license_keys/" + id, server.a.readKey()).json();
            var grant = server.get("/grants/" + key.path("grant_id").asText(), server.a.readKey()).json();
            server.send("DELETE", "/entitlements/" + grant.path("entitlement_id").asText() + "/grants/" + grant.path("id").asText(),
                    server.a.writeKey(), null);

            expect(server.send("PATCH", "/license_keys/" + id, server.a.writeKey(), json("disabled", false)), 409, ErrorCode.GRANT_REVOKED);
            expect(server.post("/license_keys/" + id + "/rotate", server.a.writeKey(), json("key", "CODES-REVOKED-2")),
                    409, ErrorCode.LICENSE_KEY_NOT_ROTATABLE);
        }
    }

    @Nested
    class Limits_and_failures {

        @Test
        void a_second_key_pool_for_one_entitlement_is_a_conflict() {
            String entitlement = server.manualEntitlement(server.a);
            server.post("/entitlements/" + entitlement + "/key-pool", server.a.writeKey(), null);

            expect(server.post("/entitlements/" + entitlement + "/key-pool", server.a.writeKey(), null), 409,
                    ErrorCode.KEY_POOL_EXISTS);
        }

        @Test
        void a_key_pool_for_an_auto_entitlement_is_not_poolable() {
            String auto = server.entitlement(server.a, "license_key", json("fulfillment_mode", "auto"));

            expect(server.post("/entitlements/" + auto + "/key-pool", server.a.writeKey(), null), 422, ErrorCode.NOT_POOLABLE);
        }

        @Test
        void voiding_a_pooled_key_twice_is_a_conflict() {
            String entitlement = server.manualEntitlement(server.a);
            server.post("/entitlements/" + entitlement + "/key-pool", server.a.writeKey(), null);
            server.post("/entitlements/" + entitlement + "/key-pool/keys", server.a.writeKey(),
                    json("keys", java.util.List.of(json("key", "ERROR-CODE-POOLED-1"))));
            String key = server.get("/entitlements/" + entitlement + "/key-pool/keys", server.a.readKey()).json()
                    .path("items").get(0).path("id").asText();
            server.post("/entitlements/" + entitlement + "/key-pool/keys/" + key + "/void", server.a.writeKey(), null);

            expect(server.post("/entitlements/" + entitlement + "/key-pool/keys/" + key + "/void", server.a.writeKey(), null),
                    409, ErrorCode.POOL_KEY_NOT_AVAILABLE);
        }

        @Test
        void rotating_from_an_empty_pool_is_a_conflict() {
            String entitlement = server.manualEntitlement(server.a);
            server.post("/entitlements/" + entitlement + "/key-pool", server.a.writeKey(), null);
            server.post("/entitlements/" + entitlement + "/key-pool/keys", server.a.writeKey(),
                    json("keys", java.util.List.of(json("key", "ERROR-CODE-POOLED-2"))));
            String key = server.issue(server.a, entitlement, "empty-pool@example.com").path("license_key").path("id").asText();

            expect(server.post("/license_keys/" + key + "/rotate", server.a.writeKey(), null), 409, ErrorCode.KEY_POOL_EMPTY);
        }

        /** The grant's state is the answer, whatever the pool holds: no pool could make a revoked grant's key rotatable. */
        @Test
        void rotating_a_revoked_grant_s_key_from_an_empty_pool_says_the_key_is_not_rotatable() {
            String entitlement = server.manualEntitlement(server.a);
            server.post("/entitlements/" + entitlement + "/key-pool", server.a.writeKey(), null);
            server.post("/entitlements/" + entitlement + "/key-pool/keys", server.a.writeKey(),
                    json("keys", java.util.List.of(json("key", "ERROR-CODE-POOLED-3"))));
            var grant = server.issue(server.a, entitlement, "revoked-pool@example.com");
            server.send("DELETE", "/entitlements/" + entitlement + "/grants/" + grant.path("id").asText(), server.a.writeKey(), null);

            expect(server.post("/license_keys/" + grant.path("license_key").path("id").asText() + "/rotate", server.a.writeKey(), null),
                    409, ErrorCode.LICENSE_KEY_NOT_ROTATABLE);
        }

        @Test
        void a_webhook_endpoint_beyond_the_business_limit_is_refused() {
            var shop = server.tenant("Busy shop");
            int limit = dev.grantor.application.webhook.DispatchPolicy.DEFAULT_MAX_ENDPOINTS;
            for (int i = 0; i < limit; i++) {
                assertThat(server.post("/webhooks", shop.writeKey(), json("url", "https://hooks" + i + ".example.com/in")).status())
                        .isEqualTo(200);
            }
            var refused = expect(server.post("/webhooks", shop.writeKey(), json("url", "https://more.example.com/in")),
                    409, ErrorCode.WEBHOOK_LIMIT_REACHED);
            assertThat(refused.json().path("message").asText()).contains(String.valueOf(limit));
        }

        @Test
        void a_webhook_to_a_private_address_is_a_target_not_allowed() {
            try (var publicService = new ApiServer(s -> s, null, new dev.grantor.application.webhook.ScriptedSender(), policy -> policy)) {
                var shop = publicService.tenant("Public shop");

                var refused = expect(publicService.post("/webhooks", shop.writeKey(), json("url", "https://169.254.169.254/latest/")),
                        422, ErrorCode.WEBHOOK_TARGET_NOT_ALLOWED);
                assertThat(refused.json().path("details").get(0).path("field").asText()).isEqualTo("url");
            }
        }

        @Test
        void too_many_requests_are_rate_limited_with_a_retry_after() {
            try (var tight = new ApiServer(s -> s.withRateLimits(new RateLimit(2, 0.001), new RateLimit(2, 0.001)), null)) {
                tight.get("/entitlements", tight.a.readKey());
                tight.get("/entitlements", tight.a.readKey());
                var limited = expect(tight.get("/entitlements", tight.a.readKey()), 429, ErrorCode.RATE_LIMITED);
                assertThat(Long.parseLong(limited.header("retry-after"))).isPositive();
            }
        }

        @Test
        void license_check_out_and_the_public_keys_share_the_per_address_limit_of_the_license_endpoints() {
            try (var tight = new ApiServer(s -> s.withRateLimits(new RateLimit(100, 100), new RateLimit(2, 0.001)), null)) {
                tight.post("/licenses/validate", null, json("license_key", "K"));
                tight.post("/licenses/check-out", null, json("license_key", "K"));
                expect(tight.post("/licenses/check-out", null, json("license_key", "K")), 429, ErrorCode.RATE_LIMITED);
                expect(tight.send("GET", "/.well-known/grantor/keys/" + tight.a.business().value(), null, null),
                        429, ErrorCode.RATE_LIMITED);
            }
        }

        @Test
        void an_unexpected_failure_is_an_internal_error_that_leaks_nothing() {
            Licensing broken = new Licensing() {
                @Override
                public Either<GrantorError, Activation> activate(ActivateLicense command) {
                    throw new IllegalStateException("connection to db.internal:5432 refused");
                }

                @Override
                public Either<GrantorError, Verdict> check(ValidateLicense command) {
                    throw new IllegalStateException("connection to db.internal:5432 refused");
                }

                @Override
                public Either<GrantorError, dev.grantor.domain.grant.LicenseKey> deactivate(DeactivateLicense command) {
                    throw new IllegalStateException("connection to db.internal:5432 refused");
                }

                @Override
                public Option<BusinessId> keyOwner(String licenseKey) {
                    throw new IllegalStateException("connection to db.internal:5432 refused");
                }
            };
            try (var failing = new ApiServer(s -> s, u -> new RestApi.UseCases(u.entitlements(), u.issuing(), u.fulfillment(),
                    u.grants(), broken, u.access(), u.outboxAdministration(), u.idempotentRequests()))) {
                var response = expect(failing.post("/licenses/validate", null, json("license_key", "K")), 500, TransportError.INTERNAL_ERROR);
                assertThat(response.raw()).doesNotContain("db.internal", "IllegalStateException", "5432");
            }
        }
    }

    @Nested
    class Resending_the_delivery_email {

        @Test
        void a_grant_that_is_not_delivered_yet_has_no_email_to_resend() {
            String grant = server.issue(server.a, server.manualEntitlement(server.a), "pending@example.com").path("id").asText();
            expect(server.post("/grants/" + grant + "/resend", server.a.writeKey(), null), 409, ErrorCode.GRANT_NOT_DELIVERED);
        }

        @Test
        void a_grant_that_is_not_a_license_key_grant_has_no_delivery_email() {
            String entitlement = server.entitlement(server.a, "github", json("target_id", "acme/pro", "permission", "pull"));
            String grant = server.issue(server.a, entitlement, "github@example.com").path("id").asText();
            expect(server.post("/grants/" + grant + "/resend", server.a.writeKey(), null), 422, ErrorCode.NO_DELIVERY_EMAIL);
        }

        @Test
        void a_second_resend_within_ten_minutes_is_rate_limited_with_a_retry_after() {
            String grant = server.issue(server.a, server.manualEntitlement(server.a), "lost@example.com").path("id").asText();
            server.fulfill(server.a, grant, "KEY-RESEND-" + grant);
            ApiServer.requireStatus(server.post("/grants/" + grant + "/resend", server.a.writeKey(), null), 202);

            var refused = expect(server.post("/grants/" + grant + "/resend", server.a.writeKey(), null), 429,
                    ErrorCode.RATE_LIMITED);

            assertThat(Long.parseLong(refused.header("retry-after"))).isBetween(590L, 600L);
        }
    }
}

package dev.grantor.adapter.rest;

import static dev.grantor.adapter.rest.ApiServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request.Method;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import dev.grantor.adapter.rest.ApiServer.Response;
import dev.grantor.adapter.rest.RestSettings.RateLimit;
import dev.grantor.application.port.in.Webhooks;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Real responses of every operation in the served OpenAPI 3.1 document, validated against it with
 * openapi-request-validator-core (which reads 3.1 through swagger-parser and checks bodies with a
 * JSON Schema validator, so 3.1 type arrays such as {@code ["string", "null"]} are enforced); and every
 * operation the document declares is exercised here at least once.
 */
class OpenApiConformanceTest {

    private static final ApiServer server = new ApiServer();
    private static final String document = server.get("/openapi.json", null).raw();
    private static final OpenApiInteractionValidator validator =
            OpenApiInteractionValidator.createForInlineApiSpecification(document).build();
    private static final TreeSet<String> exercised = new TreeSet<>();

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Response conforms(String method, String template, Response response, String... pathValues) {
        String path = template;
        for (String value : pathValues) {
            path = path.replaceFirst("\\{[a-z_]+}", value);
        }
        var simple = SimpleResponse.Builder.status(response.status()).withBody(response.raw());
        response.headers().firstValue("content-type").ifPresent(simple::withContentType);
        ValidationReport report = validator.validateResponse(path.replaceAll("\\?.*", ""), Method.valueOf(method), simple.build());
        assertThat(report.getMessages()).as(method + " " + path + " -> " + response.status() + " " + response.raw()).isEmpty();
        exercised.add(method + " " + template.replaceAll("\\?.*", ""));
        return response;
    }

    private static Response call(String method, String template, String key, Object body, String... pathValues) {
        String path = template;
        for (String value : pathValues) {
            path = path.replaceFirst("\\{[a-z_]+}", value);
        }
        return conforms(method, template, server.send(method, path, key, body), pathValues);
    }

    @Test
    void every_operation_answers_as_the_document_says() {
        String w = server.a.writeKey();
        String r = server.a.readKey();

        JsonNode entitlement = call("POST", "/entitlements", w, json("name", "Pro", "integration_type", "license_key",
                "integration_config", json("fulfillment_mode", "manual", "activations_limit", 3, "duration_count", 1,
                        "duration_interval", "Year", "activation_message", "Welcome"),
                "description", "d", "metadata", json("tier", "gold", "seats", 5, "beta", true))).json();
        String ent = entitlement.path("id").asText();
        call("GET", "/entitlements?page_size=5", r, null);
        call("GET", "/entitlements/{id}", r, null, ent);
        call("PATCH", "/entitlements/{id}", w, json("description", null), ent);

        JsonNode grant = call("POST", "/entitlements/{id}/grants", w, json("customer", json("email", "oas@example.com", "name", "Oas"),
                "payment_id", "pay_oas", "metadata", json("order", "42")), ent).json();
        String grantId = grant.path("id").asText();
        String customerId = grant.path("customer_id").asText();
        call("POST", "/entitlements/{id}/grants", w, json("customer", json("email", "oas@example.com"), "payment_id", "pay_oas"), ent);
        call("GET", "/entitlements/{id}/grants?status=pending", r, null, ent);
        call("GET", "/grants?status=Pending&entitlement_id=" + ent, r, null);
        call("GET", "/grants/{grant_id}", r, null, grantId);
        call("GET", "/customers/{customer_id}/entitlement-grants", r, null, customerId);
        call("GET", "/customers/{customer_id}/entitlements", r, null, customerId);
        call("GET", "/customers?page_size=5&page_number=0&email=OAS@example.com", r, null);
        call("GET", "/customers/{customer_id}", r, null, customerId);
        String kept = call("POST", "/customers", w, json("email", "kept@example.com", "name", "Kept", "phone_number", "+1 555 0100",
                "metadata", json("crm", "c-1", "seats", 2, "vip", true))).json().path("customer_id").asText();
        call("POST", "/customers", w, json("email", "KEPT@example.com", "name", "Again"));
        call("PATCH", "/customers/{customer_id}", w, json("phone_number", null, "name", "Kept Well"), kept);
        call("POST", "/customers/{customer_id}/customer-portal/session?send_email=true&return_url=https%3A%2F%2Fshop.example%2F", w,
                null, customerId);
        String lic = call("POST", "/grants/{grant_id}/license-key", w, json("key", "OAS-KEY-1", "activations_limit", 2), grantId)
                .json().path("license_key").path("id").asText();

        JsonNode instance = call("POST", "/licenses/activate", null, json("license_key", "OAS-KEY-1", "name", "laptop")).json();
        call("POST", "/licenses/validate", null, json("license_key", "OAS-KEY-1", "license_key_instance_id", instance.path("id").asText()));
        call("POST", "/licenses/deactivate", null, json("license_key", "OAS-KEY-1", "license_key_instance_id", instance.path("id").asText()));

        call("POST", "/license_keys", w, json("customer_id", customerId, "key", "OAS-IMPORTED-1", "product_id", ent,
                "activations_limit", 4, "expires_at", "2099-01-01T00:00:00Z"));
        call("GET", "/license_keys?page_size=5&source=import&status=active&created_at_gte=2020-01-01T00:00:00Z", r, null);
        call("GET", "/license_keys/{id}", r, null, lic);
        call("PATCH", "/license_keys/{id}", w, json("activations_limit", null, "expires_at", "2098-01-01T00:00:00Z"), lic);
        call("POST", "/license_keys/{id}/rotate", w, json("key", "OAS-KEY-2", "reset_activations", false), lic);
        call("POST", "/grants/{grant_id}/resend", w, null, grantId);
        String lki = call("POST", "/licenses/activate", null, json("license_key", "OAS-KEY-2", "name", "desktop")).json().path("id").asText();
        call("GET", "/license_key_instances?license_key_id=" + lic, r, null);
        call("GET", "/license_key_instances/{id}", r, null, lki);
        call("PATCH", "/license_key_instances/{id}", w, json("name", "workstation"), lki);
        call("DELETE", "/license_key_instances/{id}", w, null, lki);
        call("PATCH", "/license_keys/{id}", w, json("disabled", true), lic);
        call("DELETE", "/entitlements/{id}/grants/{grant_id}", w, null, ent, grantId);

        String files = server.entitlement(server.a, "digital_files", json("digital_file_ids", java.util.List.of("file_1")));
        String filesGrant = server.issue(server.a, files, "files@example.com").path("id").asText();
        call("POST", "/grants/{grant_id}/delivery", w, json("digital_product_delivery", json("files", java.util.List.of(
                json("file_id", "file_1", "filename", "book.pdf", "download_url", "https://cdn.example.com/book.pdf",
                        "expires_in", 3600, "content_type", "application/pdf", "file_size", 1024)),
                "external_url", null, "instructions", "Enjoy")), filesGrant);
        String discord = server.entitlement(server.a, "discord", json("guild_id", "g1"));
        String discordGrant = server.issue(server.a, discord, "discord@example.com").path("id").asText();
        call("POST", "/grants/{grant_id}/failure", w, json("error_code", "oauth_denied", "error_message", "The user said no"), discordGrant);
        String flag = server.entitlement(server.a, "feature_flag", json("feature_id", "beta", "feature_type", "boolean"));
        server.issue(server.a, flag, "flag@example.com");
        call("GET", "/grants?integration_type=feature_flag", r, null);

        JsonNode webhook = call("POST", "/webhooks", w, json("url", "https://oas.example.com/hooks", "description", "oas",
                "filter_types", java.util.List.of("entitlement_grant.created"), "headers", json("X-Shop", "oas"),
                "metadata", json("team", "ops"), "rate_limit", 5)).json();
        String whk = webhook.path("id").asText();
        call("POST", "/webhooks", w, json("url", "http://127.0.0.1:9/minimal"));
        call("GET", "/webhooks?limit=1", r, null);
        call("GET", "/webhooks/{webhook_id}", r, null, whk);
        call("PATCH", "/webhooks/{webhook_id}", w, json("description", null, "rate_limit", null, "filter_types", java.util.List.of()), whk);
        call("GET", "/webhooks/{webhook_id}/secret", w, null, whk);
        call("POST", "/webhooks/{webhook_id}/secret/rotate", w, null, whk);
        call("POST", "/webhooks/{webhook_id}/secret/rotate", w, json("previous_valid_seconds", 0), whk);
        call("POST", "/webhooks/{webhook_id}/secret/rotate", w, json("previous_valid_seconds", -1), whk);
        call("PATCH", "/webhooks/{webhook_id}/headers", w, json("headers", json("X-Shop", "acme", "X-Api-Key", "k", "X-Gone", null)), whk);
        call("GET", "/webhooks/{webhook_id}/headers", w, null, whk);
        call("GET", "/webhooks/{webhook_id}/headers", r, null, whk);
        call("PATCH", "/webhooks/{webhook_id}/headers", w, json("headers", json("User-Agent", "mine")), whk);
        call("PATCH", "/webhooks/{webhook_id}/headers", w, json("headers", "X-Shop: acme"), whk);
        call("PATCH", "/webhooks/{webhook_id}/headers", r, json("headers", json("X-Shop", "ro")), whk);
        server.issue(server.a, server.manualEntitlement(server.a), "hooked@example.com");
        server.grantor.relay().runOnce();
        JsonNode deliveries = call("GET", "/webhooks/{webhook_id}/deliveries?limit=5", r, null, whk).json();
        String delivery = deliveries.path("data").get(0).path("id").asText();
        server.dispatcher.runOnce();
        call("GET", "/webhooks/{webhook_id}/deliveries", r, null, whk);
        call("POST", "/webhooks/{webhook_id}/deliveries/{delivery_id}/retry", w, null, whk, delivery);
        call("DELETE", "/webhooks/{webhook_id}", w, null, whk);

        String signed = server.entitlement(server.a, "license_key", json("key_format", "signed", "activations_limit", 2));
        String signedKey = server.issue(server.a, signed, "signed@example.com").path("license_key").path("key").asText();
        call("GET", "/.well-known/grantor/keys/{business_id}", null, null, server.a.business().value());
        call("POST", "/licenses/check-out", null, json("license_key", signedKey, "ttl_seconds", 3600));
        String oldKid = call("GET", "/.well-known/grantor/keys/{business_id}", null, null, server.a.business().value()).json()
                .path("keys").get(0).path("kid").asText();
        call("POST", "/signing_keys/rotate", w, null);
        call("DELETE", "/signing_keys/{kid}", w, null, oldKid);

        String pooledEnt = server.manualEntitlement(server.a);
        call("POST", "/entitlements/{id}/key-pool", w, json("low_stock_threshold", 1), pooledEnt);
        call("PATCH", "/entitlements/{id}/key-pool", w, json("low_stock_threshold", 0), pooledEnt);
        call("POST", "/entitlements/{id}/key-pool/keys", w, json("keys", java.util.List.of(json("key", "OAS-POOL-1"),
                json("key", "OAS-POOL-2", "activations_limit", 2, "expires_at", "2099-01-01T00:00:00Z"), json("key", ""))), pooledEnt);
        conforms("POST", "/entitlements/{id}/key-pool/keys", server.send("POST", "/entitlements/" + pooledEnt + "/key-pool/keys", w,
                "OAS-POOL-3\nOAS-POOL-1\n", "Content-Type", "text/plain"), pooledEnt);
        server.issue(server.a, pooledEnt, "pooled@example.com");
        call("GET", "/entitlements/{id}/key-pool", r, null, pooledEnt);
        String pooledKey = call("GET", "/entitlements/{id}/key-pool/keys?status=available&page_size=1", r, null, pooledEnt).json()
                .path("items").get(0).path("id").asText();
        call("GET", "/entitlements/{id}/key-pool/keys", r, null, pooledEnt);
        call("POST", "/entitlements/{id}/key-pool/keys/{key_id}/void", w, null, pooledEnt, pooledKey);

        call("DELETE", "/entitlements/{id}", w, null, ent);
        call("GET", "/health", null, null);
        call("GET", "/ready", null, null);
        call("GET", "/metrics", null, null);
        call("GET", "/openapi.json", null, null);

        assertThat(exercised).containsExactlyInAnyOrderElementsOf(declaredOperations());
    }

    @Test
    void error_responses_answer_as_the_document_says() {
        String w = server.a.writeKey();
        call("GET", "/entitlements", null, null);
        call("POST", "/entitlements", server.a.readKey(), json("name", "x"));
        call("POST", "/entitlements", w, json("name", 1));
        call("GET", "/entitlements/{id}", w, null, "ent_000000000000000000000");
        call("GET", "/grants?page_size=1000", w, null);
        call("GET", "/customers?page_size=1000", w, null);
        call("GET", "/customers/{customer_id}", w, null, "cus_000000000000000000000");
        call("POST", "/customers", w, json("name", "no email"));
        call("POST", "/customers", w, json("email", "not-an-address"));
        call("POST", "/customers", server.a.readKey(), json("email", "ro@example.com"));
        call("PATCH", "/customers/{customer_id}", w, json("name", "x"), "cus_000000000000000000000");
        call("PATCH", "/customers/{customer_id}", w, json("phone_number", "call me"), "cus_000000000000000000000");
        conforms("POST", "/entitlements", server.send("POST", "/entitlements", w, "{}", "Content-Type", "text/plain"));
        conforms("POST", "/entitlements", server.send("POST", "/entitlements", w, "x".repeat(70_000)));
        call("POST", "/licenses/activate", null, json("license_key", "NONE", "name", "pc"));
        call("POST", "/licenses/check-out", null, json("license_key", "NONE"));
        call("POST", "/licenses/check-out", null, json("license_key", "NONE", "ttl_seconds", 5));
        call("GET", "/.well-known/grantor/keys/{business_id}", null, null, "bus_000000000000000000000");
        call("DELETE", "/signing_keys/{kid}", w, null, "sk_000000000000000000000");
        call("DELETE", "/signing_keys/{kid}", server.a.readKey(), null, "sk_000000000000000000000");
        call("POST", "/webhooks", w, json("url", "http://shop.example.com/plain"));
        call("POST", "/webhooks", w, json("url", "https://shop.example.com", "filter_types", java.util.List.of("payment.succeded")));
        call("POST", "/webhooks", w, json("description", "no url"));
        call("POST", "/webhooks", server.a.readKey(), json("url", "https://shop.example.com"));
        call("GET", "/webhooks?limit=0", w, null);
        call("GET", "/entitlements/{id}/key-pool?limit=1&limit=2", w, null, "ent_000000000000000000000");
        call("GET", "/webhooks/{webhook_id}", w, null, "whk_000000000000000000000");
        call("GET", "/license_keys/{id}", w, null, "lic_000000000000000000000");
        call("PATCH", "/license_keys/{id}", w, json("activations_limit", 0), "lic_000000000000000000000");
        call("POST", "/license_keys", w, json("key", 5));
        call("POST", "/license_keys/{id}/rotate", server.a.readKey(), null, "lic_000000000000000000000");
        String resent = server.issue(server.a, server.manualEntitlement(server.a), "resent@example.com").path("id").asText();
        call("POST", "/grants/{grant_id}/resend", w, null, resent);
        server.fulfill(server.a, resent, "OAS-RESENT-1");
        call("POST", "/grants/{grant_id}/resend", w, null, resent);
        call("POST", "/grants/{grant_id}/resend", w, null, resent);
        call("POST", "/grants/{grant_id}/resend", w, null, "entg_000000000000000000000");
        call("DELETE", "/license_key_instances/{id}", w, null, "lki_000000000000000000000");
        String pooled = server.manualEntitlement(server.a);
        call("GET", "/entitlements/{id}/key-pool", w, null, pooled);
        call("POST", "/entitlements/{id}/key-pool", w, json("low_stock_threshold", -1), pooled);
        call("POST", "/entitlements/{id}/key-pool", w, null, pooled);
        call("POST", "/entitlements/{id}/key-pool", w, null, pooled);
        call("PATCH", "/entitlements/{id}/key-pool", w, json(), pooled);
        call("POST", "/entitlements/{id}/key-pool/keys", w, json("keys", 3), pooled);
        conforms("POST", "/entitlements/{id}/key-pool/keys", server.send("POST", "/entitlements/" + pooled + "/key-pool/keys", w,
                "key,colour\nA,b\n", "Content-Type", "text/csv"), pooled);
        conforms("POST", "/entitlements/{id}/key-pool/keys", server.send("POST", "/entitlements/" + pooled + "/key-pool/keys", w,
                "<keys/>", "Content-Type", "application/xml"), pooled);
        call("GET", "/entitlements/{id}/key-pool/keys?status=lost", w, null, pooled);
        call("POST", "/entitlements/{id}/key-pool/keys/{key_id}/void", w, null, pooled, "pk_000000000000000000000");
        call("GET", "/webhooks/{webhook_id}/secret", w, null, "whk_000000000000000000000");
        call("GET", "/webhooks/{webhook_id}/headers", w, null, "whk_000000000000000000000");
        call("PATCH", "/webhooks/{webhook_id}/headers", w, json("headers", json("X-Shop", "acme")), "whk_000000000000000000000");
        call("GET", "/webhooks/{webhook_id}/secret", server.a.readKey(), null, "whk_000000000000000000000");
        call("POST", "/webhooks/{webhook_id}/secret/rotate", w, null, "whk_000000000000000000000");
        call("POST", "/webhooks/{webhook_id}/secret/rotate", server.a.readKey(), null, "whk_000000000000000000000");
        call("POST", "/webhooks/{webhook_id}/deliveries/{delivery_id}/retry", w, null, "whk_000000000000000000000",
                "msg_000000000000000000000");
        server.ready.set(false);
        try {
            call("GET", "/ready", null, null);
        } finally {
            server.ready.set(true);
        }
        try (var tight = new ApiServer(s -> s.withRateLimits(new RateLimit(1, 0.001), new RateLimit(1, 0.001)), null)) {
            tight.post("/licenses/validate", null, json("license_key", "K"));
            conforms("POST", "/licenses/validate", tight.post("/licenses/validate", null, json("license_key", "K")));
        }
    }

    /**
     * What the pipeline answers on every write before its operation runs, so every write must declare it: a body too
     * large (413) or of another media type (415); with a key, also a malformed Idempotency-Key (400) and a reused one
     * (409). Ids in the paths are placeholders: none of these answers gets as far as looking one up.
     */
    @Test
    void every_write_operation_declares_what_the_pipeline_answers_before_it_runs() {
        var shop = server.tenant("Pipeline shop");
        JsonNode paths = server.get("/openapi.json", null).json().path("paths");
        int writes = 0;
        for (Map.Entry<String, JsonNode> path : paths.properties()) {
            for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
                String method = operation.getKey().toUpperCase(java.util.Locale.ROOT);
                if (!Set.of("POST", "PATCH", "DELETE").contains(method)) {
                    continue;
                }
                writes++;
                String template = path.getKey();
                String concrete = template.replaceAll("\\{[a-z_]+}", "x_000000000000000000000");
                JsonNode security = operation.getValue().path("security");
                String key = security.isArray() && security.isEmpty() ? null : shop.writeKey();
                boolean keyFile = operation.getValue().path("requestBody").path("content").has("text/csv");
                int limit = keyFile ? dev.grantor.application.port.in.KeyPoolManagement.MAX_IMPORT_BYTES
                        : RestSettings.DEFAULT_MAX_BODY_BYTES;

                expectDeclared(method, template, server.send(method, concrete, key, "x".repeat(limit + 1)), 413);
                expectDeclared(method, template, server.send(method, concrete, key, "<x/>", "Content-Type", "application/xml"), 415);
                if (key != null) {
                    expectDeclared(method, template, server.send(method, concrete, key, null, "Idempotency-Key", "k".repeat(256)), 400);
                    String reused = "reused-" + method + template;
                    server.send(method, concrete, key, null, "Idempotency-Key", reused);
                    expectDeclared(method, template, server.send(method, concrete, key, "{}", "Idempotency-Key", reused), 409);
                }
            }
        }
        assertThat(writes).isGreaterThan(20);
    }

    /** Validated as {@link #conforms} does, but not counted as exercising the operation: these answers all come before it. */
    private static void expectDeclared(String method, String template, Response response, int status) {
        assertThat(response.status()).as(method + " " + template + " " + response.raw()).isEqualTo(status);
        var simple = SimpleResponse.Builder.status(response.status()).withBody(response.raw());
        response.headers().firstValue("content-type").ifPresent(simple::withContentType);
        assertThat(validator.validateResponse(template.replaceAll("\\{[a-z_]+}", "x_000000000000000000000"), Method.valueOf(method),
                simple.build()).getMessages()).as(method + " " + template + " -> " + status).isEmpty();
    }

    @Test
    void the_document_lists_exactly_the_error_codes_the_service_answers_with() {
        var documented = new TreeSet<String>();
        server.get("/openapi.json", null).json().path("components").path("schemas").path("Error").path("properties")
                .path("code").path("enum").forEach(code -> documented.add(code.asText()));
        var answered = new TreeSet<String>();
        java.util.stream.Stream.concat(ErrorCodesOverHttpTest.overHttp(),
                java.util.Arrays.stream(TransportError.values())).forEach(code -> answered.add(code.name()));

        assertThat(documented).containsExactlyElementsOf(answered);
    }

    @Test
    void the_document_lists_exactly_the_event_types_an_endpoint_may_filter_on() {
        JsonNode schemas = server.get("/openapi.json", null).json().path("components").path("schemas");
        var sent = new java.util.ArrayList<String>();
        schemas.path("WebhookEventType").path("enum").forEach(type -> sent.add(type.asText()));
        var dodoOnly = new java.util.ArrayList<String>();
        schemas.path("WebhookFilterType").path("anyOf").path(1).path("enum").forEach(type -> dodoOnly.add(type.asText()));

        assertThat(sent).containsExactlyElementsOf(Webhooks.EVENT_TYPES);
        assertThat(dodoOnly).containsExactlyElementsOf(Webhooks.DODO_ONLY_EVENT_TYPES);
    }

    @Test
    void the_validator_rejects_a_response_the_document_does_not_allow() {
        var grantWithoutFields = SimpleResponse.Builder.status(200).withContentType("application/json")
                .withBody("{\"id\":\"entg_000000000000000000000\",\"status\":\"Archived\"}").build();
        var errorWithoutCode = SimpleResponse.Builder.status(404).withContentType("application/json")
                .withBody("{\"message\":\"gone\"}").build();

        assertThat(validator.validateResponse("/grants/entg_000000000000000000000", Method.GET, grantWithoutFields).getMessages())
                .isNotEmpty();
        assertThat(validator.validateResponse("/grants/entg_000000000000000000000", Method.GET, errorWithoutCode).getMessages())
                .isNotEmpty();
    }

    private static TreeSet<String> declaredOperations() {
        var operations = new TreeSet<String>();
        JsonNode paths = server.get("/openapi.json", null).json().path("paths");
        Pattern methods = Pattern.compile("get|post|patch|delete|put");
        for (Map.Entry<String, JsonNode> path : paths.properties()) {
            path.getValue().fieldNames().forEachRemaining(name -> {
                if (methods.matcher(name).matches()) {
                    operations.add(name.toUpperCase(java.util.Locale.ROOT) + " " + path.getKey());
                }
            });
        }
        return operations;
    }
}

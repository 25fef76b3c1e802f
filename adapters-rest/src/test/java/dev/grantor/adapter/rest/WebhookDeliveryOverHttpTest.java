package dev.grantor.adapter.rest;

import static dev.grantor.adapter.rest.ApiServer.json;
import static dev.grantor.adapter.rest.ApiServer.requireStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.grantor.adapter.webhooks.HttpWebhookSender;
import dev.grantor.adapter.webhooks.WebhookSenderSettings;
import dev.grantor.application.webhook.StandardWebhooksVerifier;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The whole path over real sockets: an endpoint registered over the API, a grant issued over the API, the
 * outbox relay fanning the event out, the dispatcher sending it with the JDK HttpClient sender of
 * adapters-webhooks, and a receiver on loopback that verifies the signature the way the Standard Webhooks
 * specification describes, with code that shares nothing with Grantor's signing.
 */
class WebhookDeliveryOverHttpTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private final Receiver receiver = new Receiver();
    private final HttpWebhookSender sender = new HttpWebhookSender(WebhookSenderSettings.defaults());
    private final ApiServer server = new ApiServer(s -> s, null, sender);

    @AfterEach
    void stop() {
        server.close();
        sender.close();
        receiver.close();
    }

    @Test
    void a_grant_issued_over_http_reaches_the_merchants_receiver_as_a_signed_pending_grant_created_and_its_fulfillment_follows() {
        server.grantor.relay().start();
        server.dispatcher.start();
        var shop = server.a;
        String webhookId = server.webhook(shop, receiver.url("/grantor"), "headers", json("X-Shop", "acme"));
        String secret = requireStatus(server.get("/webhooks/" + webhookId + "/secret", shop.writeKey()), 200).json().path("secret").asText();
        var verifier = new StandardWebhooksVerifier(secret);

        var grant = server.issue(shop, server.manualEntitlement(shop), "ada@example.com");

        var created = receiver.await(r -> r.type().equals("entitlement_grant.created"));
        assertThat(verifier.verify(created.header("webhook-id"), created.header("webhook-timestamp"), created.header("webhook-signature"),
                created.body(), created.at())).isTrue();
        assertThat(verifier.verify(created.header("webhook-id"), created.header("webhook-timestamp"), created.header("webhook-signature"),
                created.body() + " ", created.at())).isFalse();
        assertThat(created.path()).isEqualTo("/grantor");
        assertThat(created.header("content-type")).isEqualTo("application/json");
        assertThat(created.header("x-shop")).isEqualTo("acme");
        JsonNode envelope = created.json();
        assertThat(envelope.path("business_id").asText()).isEqualTo(shop.business().value());
        assertThat(envelope.path("timestamp").asText()).endsWith("Z");
        assertThat(envelope.path("data").path("id").asText()).isEqualTo(grant.path("id").asText());
        assertThat(envelope.path("data").path("status").asText()).isEqualTo("Pending");

        var log = awaitDelivered(shop, webhookId, 1);
        assertThat(log.get(0).path("id").asText()).isEqualTo(created.header("webhook-id"));
        assertThat(log.get(0).path("attempts").asInt()).isEqualTo(1);
        assertThat(log.get(0).path("last_response_code").asInt()).as("any 2xx is delivered").isEqualTo(204);

        server.fulfill(shop, grant.path("id").asText(), "KEY-OVER-HTTP-0001");

        var key = receiver.await(r -> r.type().equals("license_key.created"));
        var delivered = receiver.await(r -> r.type().equals("entitlement_grant.delivered"));
        for (var request : List.of(key, delivered)) {
            assertThat(verifier.verify(request.header("webhook-id"), request.header("webhook-timestamp"),
                    request.header("webhook-signature"), request.body(), request.at())).isTrue();
        }
        assertThat(delivered.json().path("data").path("status").asText()).isEqualTo("Delivered");
        awaitDelivered(shop, webhookId, 3);
        var types = receiver.received().stream().map(Received::type).toList();
        assertThat(types.getFirst()).isEqualTo("entitlement_grant.created");
        assertThat(types).as("sent concurrently, so in any order after the first")
                .containsExactlyInAnyOrder("entitlement_grant.created", "license_key.created", "entitlement_grant.delivered");
    }

    /**
     * One JSON configuration on both paths: the bytes of a grant as {@code GET /grants/{id}} answers them are
     * the bytes of the {@code data} of the webhook about the same state, hostile characters included.
     */
    @Test
    void a_grants_rest_rendering_and_its_webhook_data_are_the_same_bytes() {
        server.grantor.relay().start();
        server.dispatcher.start();
        var shop = server.a;
        server.webhook(shop, receiver.url("/bytes"), "filter_types", List.of("entitlement_grant.delivered"));
        String hostile = "sep\u2028par\u2029 c1\u0080\u0085\u009f del\u007f nul\u0000 quote\" slash/ back\\ \uD83D\uDE00 \u00e9";
        var grant = server.issue(shop, server.manualEntitlement(shop), "bytes@example.com",
                "metadata", json("note", "line\nbreaks", "ratio", new java.math.BigDecimal("1.50")));
        // controls are refused as input now; a value stored before that rule still travels, so it is stored directly
        var stored = server.store.grants().find(shop.business(), new dev.grantor.domain.shared.GrantId(grant.path("id").asText())).get();
        server.store.grants().update(new dev.grantor.domain.grant.Grant(stored.id(), stored.businessId(), stored.brandId(),
                stored.customerId(), stored.entitlementId(), stored.integrationType(), stored.origin(),
                new dev.grantor.domain.shared.Metadata(stored.metadata().entries().put("note",
                        new dev.grantor.domain.shared.Metadata.Text(hostile))),
                stored.createdAt(), stored.updatedAt(), stored.state(), stored.version()));
        server.fulfill(shop, grant.path("id").asText(), "KEY-SAME-BYTES-0001");

        var delivered = receiver.await(r -> r.type().equals("entitlement_grant.delivered"));
        String rest = requireStatus(server.get("/grants/" + grant.path("id").asText(), shop.readKey()), 200).raw();

        String envelope = delivered.body();
        int data = envelope.indexOf(",\"data\":");
        assertThat(envelope).endsWith("}");
        assertThat(envelope.substring(data + 8, envelope.length() - 1)).isEqualTo(rest);
        assertThat(rest).contains("\\u2028", "\\u2029", "\\u0080", "\\u0085", "\\u009f", "\\u007f", "\\u0000", "\"ratio\":1.50")
                .doesNotContain("\u2028", "\u2029", "\u0085");
        assertThat(server.get("/grants/" + grant.path("id").asText(), shop.readKey()).json().path("metadata").path("note").asText())
                .isEqualTo(hostile);
    }

    @Test
    void a_disabled_endpoint_and_one_filtering_other_types_hear_nothing() {
        server.grantor.relay().start();
        server.dispatcher.start();
        var shop = server.a;
        server.webhook(shop, receiver.url("/disabled"), "disabled", true);
        server.webhook(shop, receiver.url("/keys-only"), "filter_types", List.of("license_key.created"));
        server.webhook(shop, receiver.url("/payments-only"), "filter_types", List.of("payment.succeeded", "subscription.renewed"));
        String listening = server.webhook(shop, receiver.url("/all"));

        server.issue(shop, server.manualEntitlement(shop), "grace@example.com");

        receiver.await(r -> r.path().equals("/all"));
        awaitDelivered(shop, listening, 1);
        assertThat(receiver.received()).extracting(Received::path).containsExactly("/all");
    }

    /**
     * A rotation over the API: while the replaced secret retires, a delivery carries both signatures, so the
     * merchant's receiver accepts it with either secret; a rotation with {@code previous_valid_seconds: 0} (a secret
     * that leaked) leaves the new one alone at once. Receivers verify with code that shares nothing with Grantor's.
     */
    @Test
    void a_rotated_secret_signs_beside_the_new_one_until_it_retires_and_a_leaked_one_stops_at_once() {
        server.grantor.relay().start();
        server.dispatcher.start();
        var shop = server.a;
        String webhookId = server.webhook(shop, receiver.url("/rotating"));
        String first = secret(shop, webhookId);

        String second = requireStatus(server.post("/webhooks/" + webhookId + "/secret/rotate", shop.writeKey(), null), 200)
                .json().path("secret").asText();
        assertThat(second).startsWith("whsec_").isNotEqualTo(first);
        assertThat(secret(shop, webhookId)).isEqualTo(second);

        server.issue(shop, server.manualEntitlement(shop), "ada@example.com");
        var during = receiver.await(r -> true);
        assertThat(during.header("webhook-signature").split(" ")).hasSize(2);
        assertThat(signs(second, during)).as("the new secret").isTrue();
        assertThat(signs(first, during)).as("the retiring secret, for receivers that have not switched yet").isTrue();

        String third = requireStatus(server.post("/webhooks/" + webhookId + "/secret/rotate", shop.writeKey(),
                json("previous_valid_seconds", 0)), 200).json().path("secret").asText();
        server.issue(shop, server.manualEntitlement(shop), "bob@example.com");
        var after = receiver.await(r -> !r.header("webhook-id").equals(during.header("webhook-id")));
        assertThat(after.header("webhook-signature").split(" ")).hasSize(1);
        assertThat(signs(third, after)).isTrue();
        assertThat(signs(second, after)).as("ended at once").isFalse();
        assertThat(signs(first, after)).as("a rotation ends the older retiring secret").isFalse();
    }

    @Test
    void a_rotation_needs_a_write_key_a_known_endpoint_and_a_bounded_time() {
        var shop = server.a;
        String webhookId = server.webhook(shop, "https://hooks.example.com/grantor");
        String path = "/webhooks/" + webhookId + "/secret/rotate";
        String before = secret(shop, webhookId);

        assertThat(server.post(path, shop.readKey(), null).status()).isEqualTo(403);
        assertThat(server.post("/webhooks/" + server.webhook(server.b, "https://hooks.example.com/b") + "/secret/rotate",
                shop.writeKey(), null).status()).as("another business's endpoint").isEqualTo(404);
        for (Object invalid : List.of(-1, 604_801)) {
            var refused = server.post(path, shop.writeKey(), json("previous_valid_seconds", invalid));
            assertThat(refused.status()).as(String.valueOf(invalid)).isEqualTo(422);
            assertThat(refused.raw()).contains("previous_valid_seconds");
        }
        assertThat(server.post(path, shop.writeKey(), json("previous_valid_seconds", "a day")).status()).isEqualTo(400);
        assertThat(server.post(path, shop.writeKey(), "[]").status()).isEqualTo(400);
        assertThat(secret(shop, webhookId)).as("nothing refused changed the secret").isEqualTo(before);
        assertThat(requireStatus(server.post(path, shop.writeKey(), json("previous_valid_seconds", 604_800)), 200)
                .json().path("secret").asText()).isNotEqualTo(before);
    }

    private String secret(ApiServer.Tenant shop, String webhookId) {
        return requireStatus(server.get("/webhooks/" + webhookId + "/secret", shop.writeKey()), 200).json().path("secret").asText();
    }

    private static boolean signs(String secret, Received request) {
        return new StandardWebhooksVerifier(secret).verify(request.header("webhook-id"), request.header("webhook-timestamp"),
                request.header("webhook-signature"), request.body(), request.at());
    }

    private List<JsonNode> awaitDelivered(ApiServer.Tenant shop, String webhookId, int count) {
        return await(count + " delivered deliveries in the log").atMost(PATIENCE).pollInterval(Duration.ofMillis(20))
                .until(() -> {
                    var all = new java.util.ArrayList<JsonNode>();
                    requireStatus(server.get("/webhooks/" + webhookId + "/deliveries", shop.readKey()), 200).json().path("data")
                            .forEach(all::add);
                    return all;
                }, all -> all.size() == count && all.stream().allMatch(d -> d.path("status").asText().equals("delivered")));
    }

    /** One request as the receiver saw it: headers by lower-case name, the raw body, when it arrived. */
    record Received(String path, Map<String, String> headers, String body, Instant at) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        JsonNode json() {
            try {
                return ApiServer.JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String type() {
            return json().path("type").asText();
        }
    }

    /** A merchant's server on loopback that answers every POST with 204 and keeps what it got. */
    static final class Receiver implements AutoCloseable {

        private final HttpServer http;
        private final CopyOnWriteArrayList<Received> received = new CopyOnWriteArrayList<>();

        Receiver() {
            try {
                http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            http.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            http.createContext("/", this::receive);
            http.start();
        }

        String url(String path) {
            return "http://127.0.0.1:" + http.getAddress().getPort() + path;
        }

        private void receive(HttpExchange exchange) throws IOException {
            try (exchange) {
                var headers = new java.util.HashMap<String, String>();
                exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                received.add(new Received(exchange.getRequestURI().getPath(), Map.copyOf(headers), body, Instant.now()));
                exchange.sendResponseHeaders(204, -1);
            }
        }

        List<Received> received() {
            return List.copyOf(received);
        }

        Received await(Predicate<Received> wanted) {
            return Awaitility.await("the request the receiver waits for").atMost(PATIENCE).pollInterval(Duration.ofMillis(20))
                    .until(() -> received.stream().filter(wanted).findFirst(), java.util.Optional::isPresent).get();
        }

        @Override
        public void close() {
            http.stop(0);
        }
    }
}

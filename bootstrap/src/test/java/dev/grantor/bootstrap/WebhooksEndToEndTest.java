package dev.grantor.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.grantor.application.webhook.StandardWebhooksVerifier;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runnable service sends signed webhooks: an endpoint registered over HTTP hears about a grant when it is
 * issued and when it is delivered, and a receiver that knows only the Standard Webhooks specification accepts
 * every signature. On one PostgreSQL shared by two nodes, every event reaches an endpoint once.
 */
class WebhooksEndToEndTest {

    /** The receivers of these tests listen on loopback, which a service on the internet refuses to call. */
    static final dev.grantor.application.webhook.DispatchPolicy LOOPBACK_RECEIVERS =
            dev.grantor.application.webhook.DispatchPolicy.defaults().withPrivateTargetsAllowed(true);

    static int delivered(Service service) {
        return service.deployment().grantor().dispatcher().map(d -> (int) d.deliveredCount()).getOrElse(0);
    }


    @TempDir
    Path dataDir;

    @Nested
    class On_the_embedded_defaults {

        @Test
        void an_endpoint_hears_of_the_pending_grant_then_of_its_key_and_its_delivery_with_valid_signatures() throws Exception {
            var database = DatabaseSettings.embedded(dataDir);
            String token = ManualFulfillmentEndToEndTest.apiKeyFromTheCli(database);
            try (var receiver = new Receiver();
                 var service = Service.start(ServiceSettings.local(database, MailSettings.pickupDirectory())
                         .withRelayPolicy(ManualFulfillmentEndToEndTest.QUICK_RELAY).withDispatchPolicy(LOOPBACK_RECEIVERS))) {
                var api = new Http(service.url(), token);
                var endpoint = api.post("/webhooks", Map.of("url", receiver.url("/grantor"), "description", "fulfillment desk"));
                assertThat(endpoint.status()).as(endpoint.raw()).isEqualTo(200);
                assertThat(endpoint.text("id")).startsWith("whk_");
                var secret = api.get("/webhooks/" + endpoint.text("id") + "/secret");
                assertThat(secret.status()).as(secret.raw()).isEqualTo(200);
                assertThat(secret.text("secret")).startsWith("whsec_");
                var verifier = new StandardWebhooksVerifier(secret.text("secret"));

                String entitlementId = manualEntitlement(api);
                var issued = api.post("/entitlements/" + entitlementId + "/grants",
                        Map.of("customer", Map.of("email", "ada@example.com"), "payment_id", "pay_0001"));
                assertThat(issued.status()).as(issued.raw()).isEqualTo(201);
                String grantId = issued.text("id");

                await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> receiver.received().size() >= 1);
                var created = receiver.received().getFirst();
                assertThat(created.event().path("type").asText()).isEqualTo("entitlement_grant.created");
                assertThat(created.event().path("data").path("id").asText()).isEqualTo(grantId);
                assertThat(created.event().path("data").path("status").asText()).isEqualTo("Pending");
                assertThat(created.event().path("business_id").asText()).startsWith("bus_");

                var fulfilled = api.post("/grants/" + grantId + "/license-key", Map.of("key", "ACME-HOOK-0001"));
                assertThat(fulfilled.status()).as(fulfilled.raw()).isEqualTo(200);

                await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> receiver.received().size() >= 3);
                var all = receiver.received();
                assertThat(all).hasSize(3);
                assertThat(all.subList(1, 3)).extracting(r -> r.event().path("type").asText())
                        .containsExactlyInAnyOrder("license_key.created", "entitlement_grant.delivered");
                var delivered = all.stream().filter(r -> r.event().path("type").asText().equals("entitlement_grant.delivered"))
                        .findFirst().orElseThrow();
                assertThat(delivered.event().path("data").path("status").asText()).isEqualTo("Delivered");
                for (var request : all) {
                    assertThat(request.path()).isEqualTo("/grantor");
                    assertThat(verifier.signs(request.header("webhook-id"), request.header("webhook-timestamp"),
                            request.header("webhook-signature"), request.body()))
                            .as("signature of %s", request.event().path("type").asText()).isTrue();
                    assertThat(Math.abs(Long.parseLong(request.header("webhook-timestamp")) - Instant.now().getEpochSecond()))
                            .as("timestamp within the receiver's tolerance").isLessThan(300);
                }
                assertThat(all).extracting(r -> r.header("webhook-id")).doesNotHaveDuplicates();
                assertThat(all.stream().map(Receiver.Request::clientPort).distinct())
                        .as("the connection kept from the first delivery carried a later one").hasSizeLessThan(3);

                // the dispatcher marks a delivery a moment after the receiver answered
                await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).until(() -> api.get("/webhooks/" + endpoint.text("id") + "/deliveries").body()
                        .path("data").findValuesAsText("status").equals(List.of("delivered", "delivered", "delivered")));
            }
        }
    }

    /** The spec's "deliveries sent and failed": a dead receiver used to show on /metrics only as pending deliveries. */
    @Nested
    class On_the_metrics {

        @Test
        void a_delivered_send_a_failed_one_and_a_delivery_given_up_on_are_counted() throws Exception {
            var database = DatabaseSettings.embedded(dataDir);
            String token = ManualFulfillmentEndToEndTest.apiKeyFromTheCli(database);
            var oneTry = new dev.grantor.application.webhook.DispatchPolicy(64, 8, 20, true, Duration.ofMinutes(2),
                    Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofMillis(100),
                    new dev.grantor.application.background.RetrySchedule.Doubling(1, Duration.ofSeconds(1), Duration.ofSeconds(1), 0),
                    io.vavr.control.Option.none());
            try (var receiver = new Receiver();
                 var service = Service.start(ServiceSettings.local(database, MailSettings.pickupDirectory())
                         .withRelayPolicy(ManualFulfillmentEndToEndTest.QUICK_RELAY).withDispatchPolicy(oneTry))) {
                var api = new Http(service.url(), token);
                assertThat(api.post("/webhooks", Map.of("url", receiver.url("/grantor"))).status()).isEqualTo(200);
                int dead;
                try (var closed = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                    dead = closed.getLocalPort();
                }
                assertThat(api.post("/webhooks", Map.of("url", "http://127.0.0.1:" + dead + "/gone")).status()).isEqualTo(200);

                var issued = api.post("/entitlements/" + manualEntitlement(api) + "/grants",
                        Map.of("customer", Map.of("email", "ada@example.com"), "payment_id", "pay_0001"));
                assertThat(issued.status()).as(issued.raw()).isEqualTo(201);

                await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
                        assertThat(api.get("/metrics").raw())
                                .contains("grantor_webhook_attempts_total{outcome=\"delivered\"} 1.0")
                                .contains("grantor_webhook_attempts_total{outcome=\"failed\"} 1.0")
                                .contains("grantor_webhook_deliveries_failed_total 1.0"));
                assertThat(api.get("/metrics").raw())
                        .contains("# TYPE grantor_webhook_attempts_total counter")
                        .contains("# TYPE grantor_webhook_deliveries_failed_total counter")
                        .contains("grantor_webhook_settlements_superseded_total 0.0");
            }
        }
    }

    @Nested
    class Two_nodes_on_one_postgresql {

        static final int GRANTS = 8;

        @Test
        void every_event_reaches_an_endpoint_exactly_once() throws Exception {
            var database = TestPostgres.newDatabase(dataDir);
            String token = ManualFulfillmentEndToEndTest.apiKeyFromTheCli(database);
            var settings = ServiceSettings.local(database, MailSettings.pickupDirectory())
                    .withRelayPolicy(ManualFulfillmentEndToEndTest.QUICK_RELAY.withBatchSize(2)).withDispatchPolicy(LOOPBACK_RECEIVERS);
            try (var receiver = new Receiver(); var first = Service.start(settings); var second = Service.start(settings)) {
                var nodes = List.of(new Http(first.url(), token), new Http(second.url(), token));
                var endpoint = nodes.get(0).post("/webhooks", Map.of("url", receiver.url("/hooks")));
                assertThat(endpoint.status()).as(endpoint.raw()).isEqualTo(200);
                String entitlementId = manualEntitlement(nodes.get(1));

                List<String> grantIds = new ArrayList<>();
                for (int i = 0; i < GRANTS; i++) {
                    var issued = nodes.get(i % 2).post("/entitlements/" + entitlementId + "/grants",
                            Map.of("customer", Map.of("email", "customer" + i + "@example.com"), "payment_id", "pay_" + i));
                    assertThat(issued.status()).as(issued.raw()).isEqualTo(201);
                    grantIds.add(issued.text("id"));
                }
                for (int i = 0; i < GRANTS; i++) {
                    var fulfilled = nodes.get((i + 1) % 2).post("/grants/" + grantIds.get(i) + "/license-key",
                            Map.of("key", "SHARED-HOOK-" + i));
                    assertThat(fulfilled.status()).as(fulfilled.raw()).isEqualTo(200);
                }

                int events = 3 * GRANTS;
                await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20)).until(() -> receiver.received().size() >= events);
                // both dispatchers keep polling: give a duplicate the time it would need to show up
                Thread.sleep(1_000);
                var received = receiver.received();
                assertThat(received).hasSize(events);
                assertThat(received).extracting(r -> r.header("webhook-id")).doesNotHaveDuplicates();
                Map<String, Long> perType = received.stream()
                        .collect(Collectors.groupingBy(r -> r.event().path("type").asText(), Collectors.counting()));
                assertThat(perType).containsOnly(Map.entry("entitlement_grant.created", (long) GRANTS),
                        Map.entry("license_key.created", (long) GRANTS), Map.entry("entitlement_grant.delivered", (long) GRANTS));
                assertThat(delivered(first) + delivered(second))
                        .isEqualTo(events);
            }
        }
    }

    static String manualEntitlement(Http api) {
        var entitlement = api.post("/entitlements", Map.of("name", "Acme Pro", "integration_type", "license_key",
                "integration_config", Map.of("fulfillment_mode", "manual")));
        assertThat(entitlement.status()).as(entitlement.raw()).isEqualTo(200);
        return entitlement.text("id");
    }

    /**
     * A merchant's server on loopback (the JDK's {@link HttpServer}): keeps every request and answers {@link #answer}
     * (204 unless a test says otherwise) after {@link #delayMillis}, as a receiver that takes a moment does.
     */
    static final class Receiver implements AutoCloseable {

        /** {@code clientPort}: the sender's end of the connection the request came on. */
        record Request(String path, Map<String, String> headers, String body, JsonNode event, int clientPort) {
            String header(String name) {
                return headers.get(name.toLowerCase(Locale.ROOT));
            }
        }

        final AtomicInteger answer = new AtomicInteger(204);
        final AtomicLong delayMillis = new AtomicLong();
        private final HttpServer server;
        private final ConcurrentLinkedQueue<Request> received = new ConcurrentLinkedQueue<>();

        Receiver() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.createContext("/", this::handle);
            server.start();
        }

        String url(String path) {
            return "http://127.0.0.1:" + server.getAddress().getPort() + path;
        }

        List<Request> received() {
            return List.copyOf(received);
        }

        /** The requests that came for one delivery (its {@code webhook-id}): more than one is a delivery sent twice. */
        int received(String delivery) {
            return (int) received.stream().filter(r -> delivery.equals(r.header("webhook-id"))).count();
        }

        /** How many requests came for each delivery, by its {@code webhook-id}. */
        Map<String, Integer> all() {
            var byDelivery = new TreeMap<String, Integer>();
            received.forEach(r -> byDelivery.merge(String.valueOf(r.header("webhook-id")), 1, Integer::sum));
            return byDelivery;
        }

        /** Forgets what came so far (what a first node's dispatcher was answered). */
        void clear() {
            received.clear();
        }

        private void handle(HttpExchange exchange) throws IOException {
            try (exchange) {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                Function<Map.Entry<String, List<String>>, String> first = e -> e.getValue().getFirst();
                var headers = new HashMap<String, String>();
                exchange.getRequestHeaders().entrySet()
                        .forEach(e -> headers.put(e.getKey().toLowerCase(Locale.ROOT), first.apply(e)));
                JsonNode event;
                try {
                    event = Http.JSON.readTree(body);
                } catch (IOException unreadable) {
                    throw new UncheckedIOException(unreadable);
                }
                received.add(new Request(exchange.getRequestURI().getPath(), Map.copyOf(headers), body, event,
                        exchange.getRemoteAddress().getPort()));
                Thread.sleep(delayMillis.get());
                exchange.sendResponseHeaders(answer.get(), -1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}

package dev.grantor.adapter.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.grantor.adapter.rest.RestSettings.RateLimit;
import dev.grantor.application.EngineFixture;
import dev.grantor.application.Grantor;
import dev.grantor.application.generate.SecureIdGenerator;
import dev.grantor.application.memory.InMemoryStore;
import dev.grantor.application.memory.RecordingMailer;
import dev.grantor.application.port.in.Access;
import dev.grantor.application.port.in.Webhooks;
import dev.grantor.application.port.out.WebhookSender;
import dev.grantor.application.webhook.DispatchPolicy;
import dev.grantor.application.webhook.ScriptedSender;
import dev.grantor.application.webhook.WebhookDispatcher;
import dev.grantor.domain.shared.BusinessId;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;

/**
 * A real server on a free loopback port, over a whole engine in memory, with two businesses (A and B),
 * each with a read-write and a read-only key; and a small HTTP client that speaks to it over the socket.
 * The engine's events fan out to webhook deliveries; nothing relays or sends them unless a test starts
 * {@code grantor.relay()} and {@link #dispatcher} (or runs a pass of each).
 */
final class ApiServer implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    final InMemoryStore store = new InMemoryStore();
    final RecordingMailer mailer = new RecordingMailer();
    final WebhookDispatcher dispatcher;
    final Webhooks webhooks;
    final Grantor grantor;
    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    final AtomicBoolean ready = new AtomicBoolean(true);
    final RestApi api;
    final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final Tenant a;
    final Tenant b;

    record Tenant(BusinessId business, String writeKey, String readKey) {}

    /** What came back: status, headers, the raw body and, when it is JSON, the parsed body. */
    record Response(int status, java.net.http.HttpHeaders headers, String raw, JsonNode json) {
        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        String code() {
            return json == null ? null : json.path("code").asText(null);
        }
    }

    ApiServer() {
        this(settings -> settings, null);
    }

    ApiServer(UnaryOperator<RestSettings> tune, UnaryOperator<RestApi.UseCases> replace) {
        this(tune, replace, new ScriptedSender());
    }

    /**
     * {@code replace} null serves the use cases as built, webhooks included; {@code sender} is where deliveries go.
     * Endpoints may point at loopback, where these tests' receivers listen.
     */
    ApiServer(UnaryOperator<RestSettings> tune, UnaryOperator<RestApi.UseCases> replace, WebhookSender sender) {
        this(tune, replace, sender, policy -> policy.withPrivateTargetsAllowed(true));
    }

    ApiServer(UnaryOperator<RestSettings> tune, UnaryOperator<RestApi.UseCases> replace, WebhookSender sender,
              UnaryOperator<DispatchPolicy> dispatch) {
        this(tune, replace, sender, dispatch, InstantSource.system());
    }

    /** A server whose engine reads {@code clock}: a test moves it to see what the engine's times decide. */
    ApiServer(InstantSource clock) {
        this(settings -> settings, null, new ScriptedSender(), policy -> policy.withPrivateTargetsAllowed(true), clock);
    }

    private ApiServer(UnaryOperator<RestSettings> tune, UnaryOperator<RestApi.UseCases> replace, WebhookSender sender,
                      UnaryOperator<DispatchPolicy> dispatch, InstantSource clock) {
        var ids = new SecureIdGenerator(clock);
        grantor = Grantor.builder().storage(EngineFixture.storage(store)).mailer(mailer).clock(clock).ids(ids)
                .relayPolicy(dev.grantor.application.outbox.RelayPolicy.defaults().withPollInterval(Duration.ofMillis(50)))
                .webhookSender(sender)
                .dispatchPolicy(dispatch.apply(DispatchPolicy.defaults().withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2))
                        .withPollInterval(Duration.ofMillis(50))))
                .build();
        dispatcher = grantor.dispatcher().get();
        webhooks = grantor.webhooks();
        a = tenant("Business A");
        b = tenant("Business B");
        var settings = tune.apply(RestSettings.defaults().withPort(0)
                .withRateLimits(new RateLimit(100_000, 100_000), new RateLimit(100_000, 100_000))
                .withLicenseFailureBudget(new RateLimit(100_000, 100_000))
                .withLicenseFailureBudgetPerBusiness(new RateLimit(100_000, 100_000))
                .withShutdownGrace(Duration.ofSeconds(2)));
        var useCases = RestApi.UseCases.of(grantor);
        api = RestApi.start(replace == null ? useCases : replace.apply(useCases), settings, registry, ready::get);
    }

    /** A further business of the same engine, with a read-write and a read-only key. */
    Tenant tenant(String name) {
        Access access = grantor.access();
        var business = access.createBusiness(name).get().id();
        return new Tenant(business, access.createApiKey(business, false).get().token(),
                access.createApiKey(business, true).get().token());
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + api.port() + path);
    }

    Response get(String path, String key) {
        return send("GET", path, key, null);
    }

    Response post(String path, String key, Object body) {
        return send("POST", path, key, body);
    }

    Response send(String method, String path, String key, Object body, String... headers) {
        var request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10));
        byte[] bytes = body == null ? null
                : body instanceof byte[] raw ? raw
                : body instanceof String text ? text.getBytes(StandardCharsets.UTF_8)
                : write(body).getBytes(StandardCharsets.UTF_8);
        request.method(method, bytes == null ? BodyPublishers.noBody() : BodyPublishers.ofByteArray(bytes));
        if (bytes != null) {
            request.header("Content-Type", "application/json");
        }
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.setHeader(headers[i], headers[i + 1]);
        }
        return exchange(request.build());
    }

    Response exchange(HttpRequest request) {
        try {
            HttpResponse<String> response = client.send(request, BodyHandlers.ofString());
            JsonNode json = null;
            if (!response.body().isEmpty() && response.headers().firstValue("Content-Type").orElse("").startsWith("application/json")) {
                json = JSON.readTree(response.body());
            }
            return new Response(response.statusCode(), response.headers(), response.body(), json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String write(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Ordered map from alternating keys and values; values may be null. */
    static Map<String, Object> json(Object... pairs) {
        var map = new LinkedHashMap<String, Object>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }

    // ---- short ways to the common steps --------------------------------------------------------------

    String manualEntitlement(Tenant tenant) {
        var created = post("/entitlements", tenant.writeKey(), json("name", "Pro license", "integration_type", "license_key",
                "integration_config", json("fulfillment_mode", "manual", "activations_limit", 2)));
        return requireStatus(created, 200).json().path("id").asText();
    }

    String entitlement(Tenant tenant, String type, Map<String, Object> config) {
        var created = post("/entitlements", tenant.writeKey(), json("name", "Pro " + type, "integration_type", type,
                "integration_config", config));
        return requireStatus(created, 200).json().path("id").asText();
    }

    JsonNode issue(Tenant tenant, String entitlementId, String email, Object... extra) {
        var body = json("customer", json("email", email, "name", "Ada"));
        body.putAll(json(extra));
        return requireStatus(post("/entitlements/" + entitlementId + "/grants", tenant.writeKey(), body), 201).json();
    }

    JsonNode fulfill(Tenant tenant, String grantId, String key) {
        return requireStatus(post("/grants/" + grantId + "/license-key", tenant.writeKey(), json("key", key)), 200).json();
    }

    static Response requireStatus(Response response, int status) {
        if (response.status() != status) {
            throw new AssertionError("expected " + status + " but got " + response.status() + ": " + response.raw());
        }
        return response;
    }

    /** Creates an endpoint over HTTP and answers its id. */
    String webhook(Tenant tenant, String url, Object... extra) {
        var body = json("url", url);
        body.putAll(json(extra));
        return requireStatus(post("/webhooks", tenant.writeKey(), body), 200).json().path("id").asText();
    }

    @Override
    public void close() {
        api.stop();
        dispatcher.stop(Duration.ofSeconds(2));
        grantor.close();
    }
}

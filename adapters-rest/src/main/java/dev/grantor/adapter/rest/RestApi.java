package dev.grantor.adapter.rest;

import dev.grantor.application.Grantor;
import dev.grantor.application.port.in.Access;
import dev.grantor.application.port.in.EntitlementCatalog;
import dev.grantor.application.port.in.GrantFulfillment;
import dev.grantor.application.port.in.GrantIssuing;
import dev.grantor.application.port.in.GrantQueries;
import dev.grantor.application.port.in.IdempotentRequests;
import dev.grantor.application.port.in.Licensing;
import dev.grantor.application.port.in.OutboxAdministration;
import dev.grantor.application.port.in.Webhooks;
import dev.grantor.domain.shared.ErrorCode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vavr.collection.List;
import io.vavr.control.Option;
import java.time.Duration;
import java.time.InstantSource;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The HTTP API of {@code shared/spec/http-api.md}, served by Javalin on Jetty with every handler on a
 * virtual thread. {@link #start} binds and serves; {@link #stop} stops accepting connections and gives
 * requests in flight {@link RestSettings#shutdownGrace()} to finish.
 *
 * <p>Logs carry the request id under the MDC key {@value #REQUEST_ID_MDC}; the access log (logger
 * {@value #ACCESS_LOGGER}) writes method, route template, status and latency, never a token, a license
 * key, an email address or a query string.
 */
public final class RestApi implements AutoCloseable {

    public static final String REQUEST_ID_HEADER = "X-Request-Id";
    public static final String REQUEST_ID_MDC = "request_id";
    public static final String ACCESS_LOGGER = "dev.grantor.adapter.rest.access";
    public static final String REQUESTS_METRIC = "http.server.requests";

    private static final Logger log = LoggerFactory.getLogger(RestApi.class);
    private static final Logger accessLog = LoggerFactory.getLogger(ACCESS_LOGGER);
    private static final int MAX_REQUEST_ID = 128;

    /**
     * The use cases the API serves, idempotent requests included (they make writes safe to retry). {@code webhooks} is optional:
     * without it the {@code /webhooks} routes are not served and answer 404 {@code NOT_FOUND}.
     */
    public record UseCases(EntitlementCatalog entitlements, GrantIssuing issuing, GrantFulfillment fulfillment,
                           GrantQueries grants, Licensing licensing, Access access,
                           OutboxAdministration outboxAdministration, IdempotentRequests idempotentRequests,
                           Option<Webhooks> webhooks) {
        public UseCases {
            if (entitlements == null || issuing == null || fulfillment == null || grants == null || licensing == null
                    || access == null || outboxAdministration == null || idempotentRequests == null || webhooks == null
                    || webhooks.contains(null)) {
                throw new IllegalArgumentException("the REST API needs every use case, idempotent requests included");
            }
        }

        /** Without webhooks. */
        public UseCases(EntitlementCatalog entitlements, GrantIssuing issuing, GrantFulfillment fulfillment,
                        GrantQueries grants, Licensing licensing, Access access,
                        OutboxAdministration outboxAdministration, IdempotentRequests idempotentRequests) {
            this(entitlements, issuing, fulfillment, grants, licensing, access, outboxAdministration, idempotentRequests,
                    Option.none());
        }

        public static UseCases of(Grantor grantor) {
            return new UseCases(grantor.entitlements(), grantor.issuing(), grantor.fulfillment(), grantor.grants(),
                    grantor.licensing(), grantor.access(), grantor.outboxAdministration(),
                    grantor.idempotentRequests().getOrElseThrow(() -> new IllegalArgumentException(
                            "the REST API needs idempotent requests: build Grantor with storage(...) or idempotencyRecords(...)")));
        }

        /** The facade's use cases and the webhook use cases, which live beside the facade rather than in it. */
        public static UseCases of(Grantor grantor, Webhooks webhooks) {
            return of(grantor).withWebhooks(webhooks);
        }

        public UseCases withWebhooks(Webhooks newWebhooks) {
            if (newWebhooks == null) {
                throw new IllegalArgumentException("webhooks are required here; leave them out with the constructor without them");
            }
            return new UseCases(entitlements, issuing, fulfillment, grants, licensing, access, outboxAdministration,
                    idempotentRequests, Option.some(newWebhooks));
        }
    }

    private final Javalin javalin;
    private final int port;

    private RestApi(Javalin javalin) {
        this.javalin = javalin;
        this.port = javalin.port();
    }

    public static RestApi start(Grantor grantor, RestSettings settings, PrometheusMeterRegistry registry,
                                Supplier<Boolean> readiness) {
        return start(UseCases.of(grantor), settings, registry, readiness);
    }

    /** The facade's use cases with the webhook management routes of {@code webhooks}. */
    public static RestApi start(Grantor grantor, Webhooks webhooks, RestSettings settings, PrometheusMeterRegistry registry,
                                Supplier<Boolean> readiness) {
        return start(UseCases.of(grantor, webhooks), settings, registry, readiness);
    }

    public static RestApi start(UseCases useCases, RestSettings settings, PrometheusMeterRegistry registry,
                                Supplier<Boolean> readiness) {
        return start(useCases, settings, "/", registry, readiness);
    }

    /**
     * Serves every route under {@code basePath} ({@code /grantor} answers {@code /grantor/entitlements} and
     * {@code /grantor/ready}), for a host that gives Grantor's API a prefix of its own.
     */
    public static RestApi start(UseCases useCases, RestSettings settings, String basePath, PrometheusMeterRegistry registry,
                                Supplier<Boolean> readiness) {
        if (basePath == null || !basePath.startsWith("/")) {
            throw new IllegalArgumentException("the base path starts with /");
        }
        var pipeline = new RequestPipeline(useCases.access(),
                new TokenBuckets(settings.merchantRateLimit(), settings.clock()),
                new TokenBuckets(settings.licenseRateLimit(), settings.clock()),
                new TokenBuckets(settings.licenseRateLimit(), settings.clock()),
                new IdempotentExecution(useCases.idempotentRequests(), settings.idempotencyTtl()),
                settings.maxBodyBytes());
        List<Route> routes = new EntitlementRoutes(useCases.entitlements()).routes()
                .appendAll(new GrantRoutes(useCases.issuing(), useCases.fulfillment(), useCases.grants()).routes())
                .appendAll(new LicenseRoutes(useCases.licensing()).routes())
                .appendAll(useCases.webhooks().toList().flatMap(webhooks -> new WebhookRoutes(webhooks).routes()))
                .appendAll(new OperationRoutes(registry, readiness).routes());
        OutboxGauges.register(registry, useCases.outboxAdministration(), settings.clock());

        Javalin javalin = Javalin.create(config -> {
            config.concurrency.useVirtualThreads = true;
            config.startup.showJavalinBanner = false;
            if (!basePath.equals("/")) {
                config.router.contextPath = basePath;
            }
            config.startup.showOldJavalinVersionWarning = false;
            config.http.maxRequestSize = settings.maxBodyBytes();
            config.jetty.modifyServer(server -> server.setStopTimeout(settings.shutdownGrace().toMillis()));
            config.routes.before(RestApi::assignRequestId);
            for (Route route : routes) {
                config.routes.addHttpHandler(route.method(), route.path(), ctx -> pipeline.handle(route, ctx));
            }
            config.routes.exception(HttpResponseException.class, (e, ctx) -> RequestPipeline.write(ctx, frameworkReply(e)));
            config.routes.exception(Exception.class, (e, ctx) -> {
                log.error("unexpected failure outside any operation", e);
                RequestPipeline.write(ctx, ErrorReplies.internal());
            });
            config.requestLogger.http((ctx, millis) -> recordRequest(registry, ctx, millis));
        });
        javalin.start(settings.host(), settings.port());
        log.info("Grantor HTTP API listening on {}:{}", settings.host(), javalin.port());
        return new RestApi(javalin);
    }

    /**
     * The outbox gauges ({@code grantor.outbox.pending}, {@code .parked}, {@code .oldest.age}) on a registry of the
     * host's, for a host that reports them without serving the API.
     */
    public static void registerOutboxGauges(MeterRegistry registry, OutboxAdministration outbox, InstantSource clock) {
        OutboxGauges.register(registry, outbox, clock);
    }

    /** The bound port, the free one chosen when the settings asked for 0. */
    public int port() {
        return port;
    }

    /** Stops accepting connections and waits up to the shutdown grace for requests in flight. */
    public void stop() {
        javalin.stop();
    }

    @Override
    public void close() {
        stop();
    }

    private static void assignRequestId(Context ctx) {
        String given = ctx.header(REQUEST_ID_HEADER);
        String id = isUsableRequestId(given) ? given : UUID.randomUUID().toString();
        MDC.put(REQUEST_ID_MDC, id);
        ctx.header(REQUEST_ID_HEADER, id);
    }

    /** Echoed into logs and headers, so only short visible ASCII without separators that could forge log lines. */
    private static boolean isUsableRequestId(String candidate) {
        return candidate != null && !candidate.isEmpty() && candidate.length() <= MAX_REQUEST_ID
                && candidate.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '"' && c != '\\');
    }

    /** Javalin's own answers (no such route, body too large) in the contract's error shape. */
    private static Reply frameworkReply(HttpResponseException e) {
        return switch (e.getStatus()) {
            case 404, 405 -> ErrorReplies.of(ErrorCode.NOT_FOUND, "no such endpoint");
            case 413 -> ErrorReplies.of(ErrorCode.PAYLOAD_TOO_LARGE, "the request body is too large");
            case 400 -> ErrorReplies.of(ErrorCode.INVALID_REQUEST, "the request could not be read");
            default -> ErrorReplies.internal();
        };
    }

    private static void recordRequest(PrometheusMeterRegistry registry, Context ctx, Float millis) {
        String route = ctx.attributeOrCompute(RequestPipeline.ROUTE_ATTRIBUTE, c -> "unmatched");
        String status = Integer.toString(ctx.statusCode());
        long nanos = (long) (millis * 1_000_000);
        Timer.builder(REQUESTS_METRIC)
                .description("HTTP requests by route and status")
                .tags("method", ctx.method().name(), "route", route, "status", status)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
        accessLog.info("{} {} {} {}ms", ctx.method().name(), route, status, String.format(java.util.Locale.ROOT, "%.1f", millis));
        MDC.remove(REQUEST_ID_MDC);
    }
}

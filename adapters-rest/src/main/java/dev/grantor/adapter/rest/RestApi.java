package dev.grantor.adapter.rest;

import dev.grantor.application.Grantor;
import dev.grantor.application.port.in.Access;
import dev.grantor.application.port.in.WebhookSendCounts;
import dev.grantor.application.port.in.CustomerPortal;
import dev.grantor.application.port.in.CustomerManagement;
import dev.grantor.application.port.in.DeliveryResends;
import dev.grantor.application.port.in.EntitlementCatalog;
import dev.grantor.application.port.in.GrantFulfillment;
import dev.grantor.application.port.in.GrantIssuing;
import dev.grantor.application.port.in.GrantQueries;
import dev.grantor.application.port.in.IdempotentRequests;
import dev.grantor.application.port.in.LicenseCheckOut;
import dev.grantor.application.port.in.KeyPoolManagement;
import dev.grantor.application.port.in.LicenseKeyManagement;
import dev.grantor.application.port.in.Licensing;
import dev.grantor.application.port.in.SigningKeyAdministration;
import dev.grantor.application.port.in.OutboxAdministration;
import dev.grantor.application.port.in.Webhooks;
import dev.grantor.domain.shared.ErrorCode;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.http.MethodNotAllowedResponse;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vavr.collection.List;
import io.vavr.control.Option;
import jakarta.servlet.DispatcherType;
import java.net.URI;
import java.time.Duration;
import java.time.InstantSource;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.StatisticsHandler;
import org.eclipse.jetty.util.component.LifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The HTTP API of {@code shared/spec/http-api.md}, served by Javalin on Jetty with every handler on a
 * virtual thread. {@link #start} binds and serves; {@link #stop} stops accepting connections and gives
 * requests in flight {@link RestSettings#shutdownGrace()} to finish. In flight means received: counted by
 * {@value #ACTIVE_REQUESTS_METRIC}. A connection still in the kernel's accept queue when the stop begins was never
 * taken by the server and is reset with the listening socket, as with any server: take a node out of rotation
 * ({@code GET /ready}) before stopping it. Once the stop begins, Jetty closes a connection that stays silent for one
 * second (its shutdown idle timeout), so idle keep-alive connections do not hold the stop for the whole grace; a
 * client that pauses longer than that in the middle of sending its request is cut off too.
 *
 * <p>Logs carry the request id under the MDC key {@value #REQUEST_ID_MDC}; the access log (logger
 * {@value #ACCESS_LOGGER}) writes method, route template, status and latency, never a token, a license
 * key, an email address or a query string. Refused requests (401, 429) are counted instead, one line per
 * {@link RefusedRequests#WINDOW}, so a flood of guesses does not fill the disk.
 */
public final class RestApi implements AutoCloseable {

    public static final String REQUEST_ID_HEADER = "X-Request-Id";
    public static final String REQUEST_ID_MDC = "request_id";
    public static final String ACCESS_LOGGER = "dev.grantor.adapter.rest.access";
    public static final String REQUESTS_METRIC = "http.server.requests";
    public static final String ACTIVE_REQUESTS_METRIC = "http.server.requests.active";
    /**
     * Where a handler served beside the API names its route template (a request attribute), so the access log and
     * {@value #REQUESTS_METRIC} tell its requests apart; a request without one is logged as {@code unmatched}.
     */
    public static final String ROUTE_ATTRIBUTE = RequestPipeline.ROUTE_ATTRIBUTE;

    private static final Logger log = LoggerFactory.getLogger(RestApi.class);
    private static final Logger accessLog = LoggerFactory.getLogger(ACCESS_LOGGER);
    private static final int MAX_REQUEST_ID = 128;

    /**
     * Pages served beside the API on its port, under paths of their own (the console, the portal). A request to one
     * of their paths that the server refuses itself (no route for it, a method no route of the path takes, a body over
     * the size limit, headers too large, an address it cannot decode, a failure no handler caught) is answered with
     * their page for the status, so a person in a browser reads a page of theirs; the API's paths keep the contract's
     * JSON envelope. {@code mount} adds their routes to the server's configuration; {@code serves} tells whether a path
     * (as requested, below the API's base path; as sent, undecoded, when the server could not decode it) is one of
     * theirs.
     */
    public record Alongside(Consumer<JavalinConfig> mount, Predicate<String> serves, Refusals refusals) {

        public Alongside {
            if (mount == null || serves == null || refusals == null) {
                throw new IllegalArgumentException("pages alongside name their routes, their paths and their refusals");
            }
        }

        /** Their whole answer to a refusal with {@code status} of a request to {@code path}, one of theirs. */
        @FunctionalInterface
        public interface Refusals {
            Page page(String path, int status);
        }

        /** An answer written as it is: media type, headers and body. */
        public record Page(String contentType, List<Header> headers, String body) {}

        public record Header(String name, String value) {}

        /** Handlers that answer for themselves and claim no path: the server's refusals stay the API's. */
        static Alongside claimingNoPaths(Consumer<JavalinConfig> mount) {
            return new Alongside(mount, path -> false, (path, status) -> {
                throw new IllegalStateException("no path is served alongside");
            });
        }
    }

    /** The offline-verification use cases: signing keys and license files. */
    public record OfflineVerification(SigningKeyAdministration signingKeys, LicenseCheckOut licenseFiles) {
        public OfflineVerification {
            if (signingKeys == null || licenseFiles == null) {
                throw new IllegalArgumentException("offline verification needs its signing keys and license files");
            }
        }

        public static OfflineVerification of(Grantor grantor) {
            return new OfflineVerification(grantor.signingKeys(), grantor.licenseFiles());
        }
    }

    /**
     * The customer portal's merchant side ({@code POST /customers/{customer_id}/customer-portal/session}).
     * {@code publicUrl} is the address customers open (the portal is at its {@code /portal}); without one, the link
     * names loopback at the port the request came in on, never the request's Host header.
     */
    public record PortalSessions(CustomerPortal portal, Option<URI> publicUrl) {
        public PortalSessions {
            if (portal == null || publicUrl == null || publicUrl.contains(null)) {
                throw new IllegalArgumentException("portal sessions need the portal use cases and an optional public URL");
            }
        }

        /** The rule of a public URL wherever one is configured: an absolute http(s) URL. */
        public static URI publicUrl(String text) {
            try {
                var url = URI.create(text.strip());
                if (url.getHost() != null && ("http".equals(url.getScheme()) || "https".equals(url.getScheme()))) {
                    return url;
                }
            } catch (IllegalArgumentException | NullPointerException malformed) {
                // refused below, in the same words as any other non-URL
            }
            throw new IllegalArgumentException("must be an absolute http(s) URL, such as https://grantor.example.com");
        }
    }

    /**
     * The use cases the API serves, idempotent requests included (they make writes safe to retry). {@code webhooks},
     * {@code customers}, {@code licenseKeys} and {@code offline} are optional: without them the {@code /webhooks},
     * {@code /customers}, {@code /license_keys}, {@code /license_key_instances}, JWKS, signing-key and license-file
     * routes are not served and answer 404 {@code NOT_FOUND}.
     */
    public record UseCases(EntitlementCatalog entitlements, GrantIssuing issuing, GrantFulfillment fulfillment,
                           GrantQueries grants, Licensing licensing, Access access,
                           OutboxAdministration outboxAdministration, IdempotentRequests idempotentRequests,
                           Option<Webhooks> webhooks, Option<CustomerManagement> customers,
                           Option<LicenseKeyManagement> licenseKeys, Option<OfflineVerification> offline,
                           Option<KeyPoolManagement> keyPools, Option<DeliveryResends> deliveryResends,
                           Option<PortalSessions> portalSessions) {
        public UseCases {
            if (keyPools == null || keyPools.contains(null)) {
                throw new IllegalArgumentException("absent key pools are Option.none()");
            }
            if (entitlements == null || issuing == null || fulfillment == null || grants == null || licensing == null
                    || access == null || outboxAdministration == null || idempotentRequests == null || webhooks == null
                    || webhooks.contains(null) || customers == null || customers.contains(null)
                    || licenseKeys == null || licenseKeys.contains(null) || offline == null || offline.contains(null)
                    || deliveryResends == null || deliveryResends.contains(null)
                    || portalSessions == null || portalSessions.contains(null)) {
                throw new IllegalArgumentException("the REST API needs every use case, idempotent requests included");
            }
        }

        /** Without the customer portal's sessions. */
        public UseCases(EntitlementCatalog entitlements, GrantIssuing issuing, GrantFulfillment fulfillment,
                        GrantQueries grants, Licensing licensing, Access access,
                        OutboxAdministration outboxAdministration, IdempotentRequests idempotentRequests,
                        Option<Webhooks> webhooks, Option<CustomerManagement> customers,
                        Option<LicenseKeyManagement> licenseKeys, Option<OfflineVerification> offline,
                        Option<KeyPoolManagement> keyPools, Option<DeliveryResends> deliveryResends) {
            this(entitlements, issuing, fulfillment, grants, licensing, access, outboxAdministration, idempotentRequests,
                    webhooks, customers, licenseKeys, offline, keyPools, deliveryResends, Option.none());
        }

        /**
         * Without key pools and without resending delivery emails: the {@code /entitlements/{id}/key-pool} routes
         * and {@code POST /grants/{grant_id}/resend} answer 404.
         */
        public UseCases(EntitlementCatalog entitlements, GrantIssuing issuing, GrantFulfillment fulfillment,
                        GrantQueries grants, Licensing licensing, Access access,
                        OutboxAdministration outboxAdministration, IdempotentRequests idempotentRequests,
                        Option<Webhooks> webhooks, Option<CustomerManagement> customers,
                        Option<LicenseKeyManagement> licenseKeys, Option<OfflineVerification> offline) {
            this(entitlements, issuing, fulfillment, grants, licensing, access, outboxAdministration, idempotentRequests,
                    webhooks, customers, licenseKeys, offline, Option.none(), Option.none(), Option.none());
        }

        /** Without license-key management and offline verification. */
        public UseCases(EntitlementCatalog entitlements, GrantIssuing issuing, GrantFulfillment fulfillment,
                        GrantQueries grants, Licensing licensing, Access access,
                        OutboxAdministration outboxAdministration, IdempotentRequests idempotentRequests,
                        Option<Webhooks> webhooks, Option<CustomerManagement> customers) {
            this(entitlements, issuing, fulfillment, grants, licensing, access, outboxAdministration, idempotentRequests,
                    webhooks, customers, Option.none(), Option.none());
        }

        /** Without the customer lookup either: {@code GET /customers} then answers 404 {@code NOT_FOUND}. */
        public UseCases(EntitlementCatalog entitlements, GrantIssuing issuing, GrantFulfillment fulfillment,
                        GrantQueries grants, Licensing licensing, Access access,
                        OutboxAdministration outboxAdministration, IdempotentRequests idempotentRequests,
                        Option<Webhooks> webhooks) {
            this(entitlements, issuing, fulfillment, grants, licensing, access, outboxAdministration, idempotentRequests,
                    webhooks, Option.none());
        }

        /** Without webhooks. */
        public UseCases(EntitlementCatalog entitlements, GrantIssuing issuing, GrantFulfillment fulfillment,
                        GrantQueries grants, Licensing licensing, Access access,
                        OutboxAdministration outboxAdministration, IdempotentRequests idempotentRequests) {
            this(entitlements, issuing, fulfillment, grants, licensing, access, outboxAdministration, idempotentRequests,
                    Option.none());
        }

        /** Every use case of the engine, webhooks, license-key management and offline verification included. */
        public static UseCases of(Grantor grantor) {
            return new UseCases(grantor.entitlements(), grantor.issuing(), grantor.fulfillment(), grantor.grants(),
                    grantor.licensing(), grantor.access(), grantor.outboxAdministration(),
                    grantor.idempotentRequests().getOrElseThrow(() -> new IllegalArgumentException(
                            "the REST API needs idempotent requests: build Grantor with storage(...) or idempotencyRecords(...)")),
                    Option.some(grantor.webhooks()), Option.some(grantor.customers()), Option.some(grantor.licenseKeys()),
                    Option.some(OfflineVerification.of(grantor)), Option.some(grantor.keyPools()),
                    Option.some(grantor.deliveryResends()),
                    Option.some(new PortalSessions(grantor.customerPortal(), Option.none())));
        }

        /** Without the portal session route: it answers 404, where no portal would answer its links. */
        public UseCases withoutPortalSessions() {
            return new UseCases(entitlements, issuing, fulfillment, grants, licensing, access, outboxAdministration,
                    idempotentRequests, webhooks, customers, licenseKeys, offline, keyPools, deliveryResends, Option.none());
        }

        /** Serves {@code POST /customers/{customer_id}/customer-portal/session}, its links under {@code publicUrl}. */
        public UseCases withPortalSessions(PortalSessions newPortalSessions) {
            return new UseCases(entitlements, issuing, fulfillment, grants, licensing, access, outboxAdministration,
                    idempotentRequests, webhooks, customers, licenseKeys, offline, keyPools, deliveryResends,
                    Option.some(newPortalSessions));
        }

    }

    private final Javalin javalin;
    private final int port;
    private final RefusedRequests refused;

    private RestApi(Javalin javalin, RefusedRequests refused) {
        this.javalin = javalin;
        this.port = javalin.port();
        this.refused = refused;
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
        return start(useCases, settings, basePath, registry, readiness, Alongside.claimingNoPaths(config -> { }));
    }

    /** Also serves {@code alongside}'s pages, which answer the server's refusals of their paths too. */
    public static RestApi start(UseCases useCases, RestSettings settings, String basePath, PrometheusMeterRegistry registry,
                                Supplier<Boolean> readiness, Alongside alongside) {
        if (basePath == null || !basePath.startsWith("/")) {
            throw new IllegalArgumentException("the base path starts with /");
        }
        var idempotency = new IdempotentExecution(useCases.idempotentRequests(), settings.idempotencyTtl());
        var pipeline = new RequestPipeline(useCases.access(),
                new TokenBuckets(settings.merchantRateLimit(), settings.clock()),
                new TokenBuckets(settings.licenseRateLimit(), settings.clock()),
                new TokenBuckets(settings.licenseRateLimit(), settings.clock()),
                idempotency, settings.maxBodyBytes());
        var guesses = new LicenseGuessBudget(settings.licenseFailureBudget(), settings.licenseFailureBudgetPerBusiness(),
                useCases.licensing()::keyOwner, settings.clock(), registry);
        List<Route> routes = new EntitlementRoutes(useCases.entitlements()).routes()
                .appendAll(new GrantRoutes(useCases.entitlements(), useCases.issuing(), useCases.fulfillment(), useCases.grants()).routes())
                .appendAll(new LicenseRoutes(useCases.licensing(), guesses, idempotency).routes())
                .appendAll(useCases.customers().toList().flatMap(customers -> new CustomerRoutes(customers).routes()))
                .appendAll(useCases.portalSessions().toList().flatMap(sessions -> new CustomerPortalRoutes(sessions).routes()))
                .appendAll(useCases.webhooks().toList().flatMap(webhooks -> new WebhookRoutes(webhooks).routes()))
                .appendAll(useCases.licenseKeys().toList().flatMap(keys -> new LicenseKeyRoutes(keys).routes()))
                .appendAll(useCases.keyPools().toList().flatMap(pools -> new KeyPoolRoutes(pools).routes()))
                .appendAll(useCases.deliveryResends().toList().flatMap(resends -> new DeliveryResendRoutes(resends).routes()))
                .appendAll(useCases.offline().toList().flatMap(offline ->
                        new OfflineVerificationRoutes(offline.signingKeys(), offline.licenseFiles(), guesses).routes()))
                .appendAll(new OperationRoutes(registry, readiness, useCases.keyPools()
                        .map(pools -> KeyPoolGauges.register(registry, pools, settings.clock()))
                        .getOrElse(() -> () -> { })).routes());
        OutboxGauges.register(registry, useCases.outboxAdministration(), settings.clock());
        var refused = new RefusedRequests(accessLog);
        var timers = new RequestTimers(registry);
        ErrorEnvelopes.Refusals unreadable = (method, status, beganNanos) -> {
            timers.of(methodLabel(method), UNREADABLE_ROUTE, Integer.toString(status))
                    .record(System.nanoTime() - beganNanos, TimeUnit.NANOSECONDS);
            refused.countUnreadable();
        };

        var jetty = new AtomicReference<Server>();
        var besides = new Besides(alongside, basePath);
        Javalin javalin = Javalin.create(config -> {
            config.concurrency.useVirtualThreads = true;
            config.startup.showJavalinBanner = false;
            if (!basePath.equals("/")) {
                config.router.contextPath = basePath;
            }
            config.startup.showOldJavalinVersionWarning = false;
            config.http.maxRequestSize = settings.maxBodyBytes();
            // a page's path asked with a method it does not take is 405 there; the API answers both as 404 NOT_FOUND
            config.http.prefer405over404 = true;
            config.jetty.modifyServer(server -> {
                server.setStopTimeout(settings.shutdownGrace().toMillis());
                jetty.set(server);
                server.setErrorHandler(new ErrorEnvelopes(unreadable, besides));
                server.addEventListener(new LifeCycle.Listener() {
                    @Override
                    public void lifeCycleStarting(LifeCycle event) {
                        var deadline = new HeaderReadDeadline(settings.headerReadDeadline(), server.getScheduler());
                        // only behind trusted proxies: its counters would say nothing but "peer" otherwise
                        var forwarded = settings.trustedProxies().isEmpty() ? null
                                : new ForwardedClient(settings.trustedProxies(), registry);
                        for (Connector connector : server.getConnectors()) {
                            connector.addEventListener(deadline);
                            if (connector instanceof AbstractConnector plain) {
                                plain.setConnectionFactories(plain.getConnectionFactories().stream()
                                        .map(factory -> factory.getClass() == HttpConnectionFactory.class
                                                ? UnreadableTargets.in((HttpConnectionFactory) factory)
                                                : factory)
                                        .toList());
                            }
                            for (var factory : connector.getConnectionFactories()) {
                                // connectors may share one configuration, and a customizer twice would run twice
                                if (forwarded != null && factory instanceof HttpConfiguration.ConnectionFactory http
                                        && !http.getHttpConfiguration().getCustomizers().contains(forwarded)) {
                                    http.getHttpConfiguration().addCustomizer(forwarded);
                                }
                            }
                        }
                    }
                });
            });
            config.jetty.modifyServletContextHandler(context -> {
                context.setErrorHandler(new ErrorEnvelopes(ErrorEnvelopes.Refusals.NONE, besides));
                context.addFilter(new FilterHolder(new MethodOverrides()), "/*", EnumSet.of(DispatcherType.REQUEST));
            });
            config.routes.before(RestApi::assignRequestId);
            for (Route route : routes) {
                config.routes.addHttpHandler(route.method(), route.path(), ctx -> pipeline.handle(route, ctx));
                if (route.method() == HandlerType.GET) {
                    // Javalin answers a HEAD for a GET route with an empty 200 and runs no handler: no key check, and
                    // /ready up while the database is down; a HEAD must be answered as its GET is, without the body
                    config.routes.addHttpHandler(HandlerType.HEAD, route.path(), ctx -> pipeline.handle(route, ctx));
                }
            }
            alongside.mount().accept(config);
            config.routes.exception(HttpResponseException.class, (e, ctx) -> {
                if (e.getStatus() != 413 && RequestPipeline.declaresBody(ctx)) {
                    ctx.header("Connection", "close");
                }
                if (besides.serves(ctx.path())) {
                    if (e instanceof MethodNotAllowedResponse notAllowed) {
                        // Javalin's one detail is the methods the path takes, which a 405 names
                        notAllowed.getDetails().values().stream().findFirst().ifPresent(methods -> ctx.header("Allow", methods));
                    }
                    besides.write(ctx, e.getStatus());
                    return;
                }
                RequestPipeline.write(ctx, frameworkReply(e));
            });
            config.routes.exception(Exception.class, (e, ctx) -> {
                log.error("unexpected failure outside any operation", e);
                if (besides.serves(ctx.path())) {
                    besides.write(ctx, 500);
                    return;
                }
                RequestPipeline.write(ctx, ErrorReplies.internal());
            });
            config.requestLogger.http((ctx, millis) -> recordRequest(timers, refused, ctx, millis));
        });
        warmUp();
        javalin.start(settings.host(), settings.port());
        var statistics = jetty.get().getDescendant(StatisticsHandler.class);
        if (statistics != null) {
            Gauge.builder(ACTIVE_REQUESTS_METRIC, statistics, StatisticsHandler::getRequestsActive)
                    .description("HTTP requests received and not yet answered").register(registry);
        }
        askOwnHealth(settings.host(), javalin.port(), basePath);
        log.info("Grantor HTTP API listening on {}:{}", settings.host(), javalin.port());
        return new RestApi(javalin, refused);
    }

    /**
     * The outbox gauges ({@code grantor.outbox.pending}, {@code .parked}, {@code .oldest.age}) on a registry of the
     * host's, for a host that reports them without serving the API.
     */
    public static void registerOutboxGauges(MeterRegistry registry, OutboxAdministration outbox, InstantSource clock) {
        OutboxGauges.register(registry, outbox, clock);
    }

    /**
     * The webhook dispatcher's counters ({@code grantor.webhook.attempts} by outcome, {@code
     * grantor.webhook.deliveries.failed}) on a registry, for the node that runs the dispatcher.
     */
    public static void registerWebhookCounters(MeterRegistry registry, WebhookSendCounts dispatcher) {
        WebhookCounters.register(registry, dispatcher);
    }

    /** The bound port, the free one chosen when the settings asked for 0. */
    public int port() {
        return port;
    }

    /** Stops accepting connections and waits up to the shutdown grace for requests in flight. */
    public void stop() {
        javalin.stop();
        refused.close();
    }

    @Override
    public void close() {
        stop();
    }

    private static void assignRequestId(Context ctx) {
        String given = ctx.header(REQUEST_ID_HEADER);
        String id = isUsableRequestId(given) ? given : newRequestId();
        MDC.put(REQUEST_ID_MDC, id);
        ctx.header(REQUEST_ID_HEADER, id);
    }

    /**
     * A version 4 UUID from {@link ThreadLocalRandom}: a request id must be unique, not unguessable, and
     * {@link UUID#randomUUID()} draws on the one shared {@code SecureRandom}, which every request then queued for.
     */
    static String newRequestId() {
        var random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & ~(0x3L << 62)) | (0x2L << 62);
        return new UUID(high, low).toString();
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
            case 413 -> ErrorReplies.of(TransportError.PAYLOAD_TOO_LARGE, "the request body is too large");
            case 400 -> ErrorReplies.of(ErrorCode.INVALID_REQUEST, "the request could not be read");
            default -> ErrorReplies.internal();
        };
    }

    /**
     * Runs once what every first request would otherwise pay on its own: the JSON configuration (and the JDK's number
     * tables behind it) and the request timer's histogram, the latter on a throwaway registry so that no request is
     * counted that was never made. A cold node's first request took seconds on a starved machine, longer than the
     * shutdown grace of a stop that followed the start; warm, it takes milliseconds.
     */
    private static void warmUp() {
        var body = WireJson.read("{\"name\":\"warm-up\",\"price\":1.50,\"count\":2,\"tags\":[true,null]}".getBytes(
                java.nio.charset.StandardCharsets.UTF_8));
        WireJson.write(WireJson.plain(body));
        var throwaway = new PrometheusMeterRegistry(io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT);
        try {
            new RequestTimers(throwaway).of("GET", "/warm-up", "200").record(1, TimeUnit.MILLISECONDS);
            throwaway.scrape();
        } finally {
            throwaway.close();
        }
    }

    /**
     * The node's own {@code GET /health}, once, before it says it listens: the first request through Jetty's parser,
     * the router, the pipeline and the metrics loads some hundred classes, and it is better paid by the node than by
     * a customer's request (it shows in {@code /metrics} as one {@code /health} request). Best effort: a node that
     * cannot reach itself serves anyway.
     */
    private static void askOwnHealth(String host, int port, String basePath) {
        String target = host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]") ? "127.0.0.1" : host;
        String path = (basePath.endsWith("/") ? basePath : basePath + "/") + "health";
        try (var socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress(target, port), 2_000);
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getInputStream().readAllBytes();
        } catch (java.io.IOException | RuntimeException e) {
            log.debug("the start-up request to the node's own /health failed: {}", e.toString());
        }
    }

    /**
     * The request timers by method, route and status, each registered once: building and registering a timer's id on
     * every request (tags sorted, the registry's map consulted) cost more than recording the time.
     */
    private static final class RequestTimers {
        private final PrometheusMeterRegistry registry;
        private final ConcurrentHashMap<String, Timer> timers = new ConcurrentHashMap<>();

        RequestTimers(PrometheusMeterRegistry registry) {
            this.registry = registry;
        }

        Timer of(String method, String route, String status) {
            return timers.computeIfAbsent(method + ' ' + route + ' ' + status, key -> Timer.builder(REQUESTS_METRIC)
                    .description("HTTP requests by route and status")
                    .tags("method", method, "route", route, "status", status)
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(1))
                    .maximumExpectedValue(Duration.ofSeconds(10))
                    .register(registry));
        }
    }

    /** Milliseconds to one decimal, as {@code %.1f} writes them: without a Formatter, which cost more than the log line. */
    static String tenths(float millis) {
        long tenths = Math.round((double) millis * 10);
        return (tenths / 10) + "." + (tenths % 10);
    }

    /** The methods that keep their name in metrics and the access log; any other is {@value #OTHER_METHOD}. */
    private static final Set<String> NAMED_METHODS =
            Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT");
    static final String OTHER_METHOD = "OTHER";

    /** The route label of a request Jetty refused before any route, because it could not read it as HTTP. */
    static final String UNREADABLE_ROUTE = "unreadable";

    /**
     * Jetty takes any token as a method, so a client could mint a new request series (and its 60-odd histogram
     * lines) with every request: the label keeps a fixed set of values, as {@code route} does with "unmatched".
     */
    static String methodLabel(String method) {
        return NAMED_METHODS.contains(method) ? method : OTHER_METHOD;
    }

    private static void recordRequest(RequestTimers timers, RefusedRequests refused, Context ctx, Float millis) {
        String route = ctx.attributeOrCompute(RequestPipeline.ROUTE_ATTRIBUTE, c -> "unmatched");
        String method = methodLabel(ctx.method().name());
        String status = Integer.toString(ctx.statusCode());
        long nanos = (long) (millis * 1_000_000);
        timers.of(method, route, status).record(nanos, TimeUnit.NANOSECONDS);
        if (RefusedRequests.isRefusal(ctx.statusCode())) {
            refused.count(ctx.statusCode());
        } else {
            accessLog.info("{} {} {} {}ms", method, route, status, tenths(millis));
        }
        MDC.remove(REQUEST_ID_MDC);
    }
}

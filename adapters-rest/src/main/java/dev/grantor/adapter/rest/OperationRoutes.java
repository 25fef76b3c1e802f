package dev.grantor.adapter.rest;

import static dev.grantor.adapter.rest.Route.Guard.OPERATIONS;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vavr.collection.List;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code /health}, {@code /ready}, {@code /metrics}, {@code /openapi.json}: no API key needed. */
final class OperationRoutes {

    static final String OPENAPI_RESOURCE = "openapi.json";
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private static final Logger log = LoggerFactory.getLogger(OperationRoutes.class);

    private final PrometheusMeterRegistry registry;
    private final Supplier<Boolean> readiness;
    private final Runnable beforeScrape;
    private final String openApi;

    OperationRoutes(PrometheusMeterRegistry registry, Supplier<Boolean> readiness) {
        this(registry, readiness, () -> { });
    }

    /** {@code beforeScrape} refreshes gauges whose rows change (one per key pool). */
    OperationRoutes(PrometheusMeterRegistry registry, Supplier<Boolean> readiness, Runnable beforeScrape) {
        this.registry = registry;
        this.readiness = readiness;
        this.beforeScrape = beforeScrape;
        this.openApi = openApiDocument();
    }

    List<Route> routes() {
        return List.of(
                Route.get("/health", OPERATIONS, call -> Reply.json(200, Map.of("status", "up"))),
                Route.get("/ready", OPERATIONS, call -> ready()),
                Route.get("/metrics", OPERATIONS, call -> {
                    beforeScrape.run();
                    return new Reply(200, PROMETHEUS_TEXT, registry.scrape());
                }),
                Route.get("/openapi.json", OPERATIONS, call -> new Reply(200, Reply.JSON, openApi)));
    }

    private Reply ready() {
        boolean ready;
        try {
            ready = Boolean.TRUE.equals(readiness.get());
        } catch (RuntimeException e) {
            log.warn("readiness check failed: {}", e.getClass().getSimpleName());
            ready = false;
        }
        if (ready) {
            return Reply.json(200, Map.of("status", "ready"));
        }
        var unavailable = ErrorReplies.of(TransportError.INTERNAL_ERROR, "not ready: the database does not answer");
        return new Reply(503, unavailable.contentType(), unavailable.body());
    }

    static String openApiDocument() {
        try (InputStream in = OperationRoutes.class.getResourceAsStream(OPENAPI_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the OpenAPI document " + OPENAPI_RESOURCE + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

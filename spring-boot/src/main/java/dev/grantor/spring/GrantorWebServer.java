package dev.grantor.spring;

import dev.grantor.adapter.rest.RestApi;
import dev.grantor.adapter.rest.RestApi.UseCases;
import dev.grantor.adapter.rest.RestSettings;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.function.Supplier;
import org.springframework.context.SmartLifecycle;

/**
 * Grantor's REST API on a port of its own, every route under {@code grantor.web.path}. The API is Javalin on
 * its own Jetty rather than a servlet in the application's container: its graceful stop, body limit, virtual
 * threads and error answers are those the standalone service is tested with, and it works the same in
 * applications on Tomcat, on Jetty, on WebFlux or without any web server.
 */
final class GrantorWebServer implements SmartLifecycle {

    private final UseCases useCases;
    private final RestSettings settings;
    private final String path;
    private final PrometheusMeterRegistry registry;
    private final Supplier<Boolean> readiness;
    private volatile RestApi api;

    GrantorWebServer(UseCases useCases, RestSettings settings, String path, PrometheusMeterRegistry registry,
                     Supplier<Boolean> readiness) {
        this.useCases = useCases;
        this.settings = settings;
        this.path = path;
        this.registry = registry;
        this.readiness = readiness;
    }

    @Override
    public void start() {
        try {
            api = RestApi.start(useCases, settings, path, registry, readiness);
        } catch (RuntimeException failure) {
            // Jetty's own words can be as bare as "UnresolvedAddressException: null"; the host's operator needs the
            // address and the properties that chose it
            throw new IllegalStateException("Grantor's REST API cannot listen on " + settings.host() + ":" + settings.port()
                    + " (grantor.web.host, grantor.web.port): " + reason(failure), failure);
        }
    }

    private static String reason(Throwable failure) {
        var reasons = new java.util.ArrayList<String>();
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            reasons.add(cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage());
        }
        return String.join(": ", reasons);
    }

    @Override
    public void stop() {
        var running = api;
        if (running != null) {
            running.stop();
            api = null;
        }
    }

    @Override
    public boolean isRunning() {
        return api != null;
    }

    /** The bound port (the free one picked for port 0); -1 when not running. */
    public int port() {
        var running = api;
        return running == null ? -1 : running.port();
    }

}

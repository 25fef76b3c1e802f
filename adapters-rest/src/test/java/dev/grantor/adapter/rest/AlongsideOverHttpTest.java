package dev.grantor.adapter.rest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.HttpAnswer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vavr.collection.List;
import org.junit.jupiter.api.Test;

/**
 * Pages served beside the API under a base path answer the server's refusals of their own paths; every other path,
 * the API's, keeps the contract's envelope. What the pages claim is decided below the base path.
 */
class AlongsideOverHttpTest {

    static final RestApi.Alongside PAGES = new RestApi.Alongside(
            config -> {
                config.routes.get("/pages/here", ctx -> ctx.result("here"));
                config.routes.get("/pages/failing", ctx -> {
                    throw new IllegalStateException("a page's own failure");
                });
            },
            path -> path.equals("/pages") || path.startsWith("/pages/"),
            (path, status) -> new RestApi.Alongside.Page("text/html; charset=utf-8",
                    List.of(new RestApi.Alongside.Header("X-Page", "yes")), "<p>page " + status + "</p>"));

    @Test
    void below_the_base_path_their_refusals_are_their_pages_and_the_apis_stay_json() {
        try (var server = new ApiServer();
             var api = RestApi.start(RestApi.UseCases.of(server.grantor), RestSettings.defaults().withPort(0), "/base",
                     new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), () -> true, PAGES)) {
            String tail = " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";

            var missing = HttpAnswer.exchange(api.port(), "GET /base/pages/missing" + tail);
            assertThat(missing.status()).isEqualTo(404);
            assertThat(missing.body()).isEqualTo("<p>page 404</p>");
            assertThat(missing.headers()).containsEntry("x-page", "yes");
            var wrongMethod = HttpAnswer.exchange(api.port(), "DELETE /base/pages/here" + tail);
            assertThat(wrongMethod.status()).isEqualTo(405);
            assertThat(wrongMethod.headers().get("allow")).contains("GET");
            var tooLarge = HttpAnswer.exchange(api.port(), "GET /base/pages/here HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                    + "X-Big: " + "x".repeat(20_000) + "\r\n\r\n");
            assertThat(tooLarge.status()).isEqualTo(431);
            assertThat(tooLarge.body()).isEqualTo("<p>page 431</p>");

            var failing = HttpAnswer.exchange(api.port(), "GET /base/pages/failing" + tail);
            assertThat(failing.status()).isEqualTo(500);
            assertThat(failing.body()).isEqualTo("<p>page 500</p>");

            assertThat(ContractEnvelope.of(HttpAnswer.exchange(api.port(), "GET /base/missing" + tail)).path("code").asText())
                    .isEqualTo("NOT_FOUND");
            assertThat(ContractEnvelope.of(HttpAnswer.exchange(api.port(), "GET /base/pagesque" + tail)).path("code").asText())
                    .as("a path that only starts with theirs").isEqualTo("NOT_FOUND");
            assertThat(HttpAnswer.exchange(api.port(), "GET /pages/missing" + tail).contentType())
                    .as("their path outside the base path is not theirs").startsWith("application/json");
        }
    }

    /**
     * A target Jetty refuses before any handler (a bad escape, a NUL) is one of theirs when, as sent, it is below the base
     * path in their paths: their page for Jetty's status, counted under the route {@code unreadable} as every such
     * refusal. So is a request line Jetty cannot split (a target over the size limit, a space in it, an absolute target
     * whose path is theirs): its target is read from the line as sent.
     */
    @Test
    void a_target_jetty_cannot_read_is_answered_by_the_pages_it_names() {
        var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (var server = new ApiServer();
             var api = RestApi.start(RestApi.UseCases.of(server.grantor), RestSettings.defaults().withPort(0), "/base",
                     registry, () -> true, PAGES)) {
            String tail = " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";

            var unreadable = java.util.List.of("/base/pages/%zz", "/base/pages/a%00b?x=1", "/base/pages/%", "/base/x/../pages/%zz",
                    "/base/pages/%3Cscript%3E%zz", "http://localhost/base/pages/%zz", "/base/pages/a b");
            for (String target : unreadable) {
                var answer = HttpAnswer.exchange(api.port(), "GET " + target + tail);
                assertThat(answer.status()).as(target).isEqualTo(400);
                assertThat(answer.body()).as(target).isEqualTo("<p>page 400</p>");
                assertThat(answer.headers()).as(target).containsEntry("x-page", "yes");
            }
            assertThat(registry.find(RestApi.REQUESTS_METRIC).tag("route", RestApi.UNREADABLE_ROUTE).timers().stream()
                    .mapToLong(io.micrometer.core.instrument.Timer::count).sum()).as("counted as before").isEqualTo(unreadable.size());

            for (String request : java.util.List.of("GET /base/missing/%zz" + tail, "GET /base/pagesque/%zz" + tail, "GET /base/pages/../entitlements/%zz" + tail,
                    "GET /base/pages%zz" + tail,
                    "GET /pages/%zz" + tail, "GET http://localhost/pages/%zz" + tail, "GET /base/pages/../x b" + tail,
                    "GET /pages/" + "a".repeat(9_000) + tail)) {
                var answer = HttpAnswer.exchange(api.port(), request);
                assertThat(answer.status()).as(request).isBetween(400, 414);
                assertThat(answer.body()).as(request)
                        .isEqualTo("{\"code\":\"INVALID_REQUEST\",\"message\":\"the request could not be read as HTTP\"}");
            }
            var tooLong = HttpAnswer.exchange(api.port(), "GET /base/pages/" + "a".repeat(9_000) + tail);
            assertThat(tooLong.status()).isEqualTo(414);
            assertThat(tooLong.body()).isEqualTo("<p>page 414</p>");
        }
    }
}

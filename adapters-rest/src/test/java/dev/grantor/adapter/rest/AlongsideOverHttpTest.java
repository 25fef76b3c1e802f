package dev.grantor.adapter.rest;

import static org.assertj.core.api.Assertions.assertThat;

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

            var missing = RawHttp.exchange(api.port(), "GET /base/pages/missing" + tail);
            assertThat(missing.status()).isEqualTo(404);
            assertThat(missing.body()).isEqualTo("<p>page 404</p>");
            assertThat(missing.headers()).containsEntry("x-page", "yes");
            var wrongMethod = RawHttp.exchange(api.port(), "DELETE /base/pages/here" + tail);
            assertThat(wrongMethod.status()).isEqualTo(405);
            assertThat(wrongMethod.headers().get("allow")).contains("GET");
            var tooLarge = RawHttp.exchange(api.port(), "GET /base/pages/here HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                    + "X-Big: " + "x".repeat(20_000) + "\r\n\r\n");
            assertThat(tooLarge.status()).isEqualTo(431);
            assertThat(tooLarge.body()).isEqualTo("<p>page 431</p>");

            var failing = RawHttp.exchange(api.port(), "GET /base/pages/failing" + tail);
            assertThat(failing.status()).isEqualTo(500);
            assertThat(failing.body()).isEqualTo("<p>page 500</p>");

            assertThat(RawHttp.exchange(api.port(), "GET /base/missing" + tail).envelope().path("code").asText())
                    .isEqualTo("NOT_FOUND");
            assertThat(RawHttp.exchange(api.port(), "GET /base/pagesque" + tail).envelope().path("code").asText())
                    .as("a path that only starts with theirs").isEqualTo("NOT_FOUND");
            assertThat(RawHttp.exchange(api.port(), "GET /pages/missing" + tail).contentType())
                    .as("their path outside the base path is not theirs").startsWith("application/json");
        }
    }
}

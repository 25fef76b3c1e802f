package dev.grantor.adapter.rest;

import static dev.grantor.adapter.rest.ApiServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.adapter.rest.RestSettings.RateLimit;
import dev.grantor.adapter.rest.RestSettings.TrustedProxies;
import dev.grantor.application.HttpAnswer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The client address behind a proxy, over a real socket from 127.0.0.1: the per-address limit of {@code /licenses/*},
 * two requests per address, tells clients apart only by the address a trusted proxy forwards.
 */
class ForwardedClientOverHttpTest {

    private static final int LIMIT = 2;

    private static ApiServer server(String trustedProxies) {
        return new ApiServer(s -> s.withRateLimits(new RateLimit(100_000, 100_000), new RateLimit(LIMIT, 0.001))
                .withTrustedProxies(TrustedProxies.parse(trustedProxies)), null);
    }

    /** The status of one license check that came with these {@code X-Forwarded-For} values, or none for null. */
    private static int check(ApiServer server, String forwardedFor) {
        var body = json("license_key", "NO-SUCH-KEY");
        var response = forwardedFor == null ? server.post("/licenses/validate", null, body)
                : server.send("POST", "/licenses/validate", null, body, "X-Forwarded-For", forwardedFor);
        return response.status();
    }

    private static void spend(ApiServer server, String forwardedFor) {
        for (int i = 0; i < LIMIT; i++) {
            assertThat(check(server, forwardedFor)).as("within the bucket of " + forwardedFor).isNotEqualTo(429);
        }
        assertThat(check(server, forwardedFor)).as("past the bucket of " + forwardedFor).isEqualTo(429);
    }

    @Nested
    class Behind_a_trusted_proxy {

        @Test
        void each_forwarded_client_has_a_bucket_of_its_own() {
            try (var server = server("127.0.0.1")) {
                spend(server, "203.0.113.1");

                assertThat(check(server, "203.0.113.2")).isNotEqualTo(429);
                assertThat(check(server, null)).as("the proxy's own requests are its own bucket").isNotEqualTo(429);
            }
        }

        @Test
        void a_chain_is_charged_to_its_rightmost_untrusted_address_whatever_the_client_wrote_to_its_left() {
            try (var server = server("127.0.0.0/8, 10.0.0.0/8")) {
                spend(server, "203.0.113.9, 198.51.100.7");

                assertThat(check(server, "1.1.1.1, 198.51.100.7")).as("same client, other spoofed prefix").isEqualTo(429);
                assertThat(check(server, "198.51.100.7, 10.1.2.3")).as("past a trusted inner proxy").isEqualTo(429);
                assertThat(check(server, "203.0.113.9")).as("the spoofed address was never charged").isNotEqualTo(429);
            }
        }

        @Test
        void several_header_lines_are_one_list_in_their_order() {
            try (var server = server("127.0.0.1")) {
                for (int i = 0; i < LIMIT; i++) {
                    var answer = HttpAnswer.exchange(server.api.port(), "POST /licenses/validate HTTP/1.1\r\nHost: localhost\r\n"
                            + "X-Forwarded-For: 203.0.113.9\r\nX-Forwarded-For: 198.51.100.8\r\nContent-Type: application/json\r\n"
                            + "Content-Length: 31\r\nConnection: close\r\n\r\n{\"license_key\":\"NO-SUCH-KEY-1\"}");
                    assertThat(answer.status()).isNotEqualTo(429);
                }

                assertThat(check(server, "198.51.100.8")).isEqualTo(429);
                assertThat(check(server, "203.0.113.9")).isNotEqualTo(429);
            }
        }

        @Test
        void the_addresses_of_one_ipv6_slash_64_are_one_client() {
            try (var server = server("127.0.0.1")) {
                spend(server, "2001:db8:77:1::1");

                assertThat(check(server, "2001:db8:77:1::2")).as("the next address of the same /64").isEqualTo(429);
                assertThat(check(server, "[2001:db8:77:1:ffff:ffff:ffff:ffff]:4711")).as("its last").isEqualTo(429);
                assertThat(check(server, "2001:db8:77:2::1")).as("another /64").isNotEqualTo(429);
            }
        }

        /**
         * A client that sends garbage of its own is still the address the proxy appended: two clients behind the proxy,
         * one of them sending garbage, and the proxy itself keep three buckets.
         */
        @Test
        void garbage_a_client_sends_left_of_its_address_is_not_read_and_costs_no_one_else() {
            try (var server = server("127.0.0.1")) {
                spend(server, "not-an-address, 203.0.113.1");

                assertThat(check(server, "203.0.113.2")).as("another client behind the proxy").isNotEqualTo(429);
                assertThat(check(server, null)).as("the proxy's own bucket").isNotEqualTo(429);
                assertThat(check(server, "203.0.113.1")).as("the garbage sender's bucket, garbage or not").isEqualTo(429);
                assertThat(check(server, "unknown, , _hidden,203.0.113.1:4711,")).as("blank entries are no entries")
                        .isEqualTo(429);
                assertThat(forwarded(server, "forwarded")).isEqualTo(LIMIT + 1 + 3);
                assertThat(forwarded(server, "unreadable")).isZero();
            }
        }

        /**
         * Where the client's address belongs the proxy wrote something else: the proxy does not know the client, and
         * what is left of it is the client's to choose, so the request is the proxy's, counted and told in the log.
         */
        @Test
        void an_entry_that_is_no_address_where_the_clients_belongs_charges_the_proxy_that_wrote_it() {
            var captured = new ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent>();
            var logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(ForwardedClient.class);
            captured.start();
            logger.addAppender(captured);
            try (var server = server("127.0.0.0/8, 10.0.0.0/8")) {
                double proxyBefore = forwarded(server, "proxy"); // the node's start-up request to its own /health
                spend(server, "203.0.113.1, unknown");

                assertThat(check(server, null)).as("the proxy's bucket was spent").isEqualTo(429);
                assertThat(check(server, "198.51.100.9, 203.0.113.1:99999")).as("a port out of range").isEqualTo(429);
                assertThat(check(server, "203.0.113.1")).as("the address left of it was never charged").isNotEqualTo(429);
                spend(server, "198.51.100.7, _hidden, 10.0.0.2");
                assertThat(check(server, "10.0.0.2")).as("the inner proxy that wrote it").isEqualTo(429);
                assertThat(check(server, "198.51.100.7")).isNotEqualTo(429);

                assertThat(forwarded(server, "unreadable")).isEqualTo(2 * (LIMIT + 1) + 1);
                assertThat(forwarded(server, "proxy")).isEqualTo(proxyBefore + 1);
                assertThat(captured.list).hasSize(1).first().extracting(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
                        .asString().startsWith("trusted proxy 127.0.0.1 forwarded 1 request(s) with an X-Forwarded-For entry"
                                + " that is no IP address").doesNotContain("unknown");
            } finally {
                logger.detachAppender(captured);
            }
        }
    }

    private static double forwarded(ApiServer server, String source) {
        var counter = server.registry.find(ForwardedClient.METRIC).tag("source", source).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void from_a_peer_that_is_not_trusted_the_header_is_ignored() {
        try (var server = server("")) {
            spend(server, "203.0.113.1");

            assertThat(check(server, "203.0.113.2")).as("one peer, one bucket").isEqualTo(429);
        }
        try (var server = server("10.0.0.0/8, ::1")) {
            spend(server, "203.0.113.1");

            assertThat(check(server, "203.0.113.2")).as("trusting others is not trusting this peer").isEqualTo(429);
        }
    }

    @Test
    void pages_served_alongside_the_api_see_the_forwarded_client_as_ctx_ip() {
        try (var server = server("127.0.0.1");
             var api = RestApi.start(RestApi.UseCases.of(server.grantor),
                     RestSettings.defaults().withPort(0).withTrustedProxies(TrustedProxies.parse("127.0.0.1")), "/",
                     new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), () -> true,
                     RestApi.Alongside.claimingNoPaths(config -> config.routes.get("/portal/address", ctx -> ctx.result(ctx.ip()))))) {
            String request = "GET /portal/address HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n";

            assertThat(HttpAnswer.exchange(api.port(), request + "X-Forwarded-For: 1.1.1.1, 2001:db8::7\r\n\r\n").body())
                    .as("written as Jetty writes an IPv6 peer's").isEqualTo("[2001:db8:0:0:0:0:0:7]");
            assertThat(HttpAnswer.exchange(api.port(), request + "X-Forwarded-For: 198.51.100.7\r\n\r\n").body())
                    .isEqualTo("198.51.100.7");
            assertThat(HttpAnswer.exchange(api.port(), request + "\r\n").body()).isEqualTo("127.0.0.1");
        }
    }
}

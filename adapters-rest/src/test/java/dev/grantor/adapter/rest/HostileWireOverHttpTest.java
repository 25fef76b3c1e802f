package dev.grantor.adapter.rest;

import static dev.grantor.adapter.rest.ApiServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.HttpAnswer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Requests no client should send, over raw sockets: every answer is the contract's error envelope, never Jetty's page. */
class HostileWireOverHttpTest {

    private static final ApiServer server = new ApiServer(settings -> settings.withHeaderReadDeadline(Duration.ofSeconds(1)), null);

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpAnswer raw(String request) {
        return HttpAnswer.exchange(server.api.port(), request);
    }

    @Nested
    class Errors_jetty_raises_before_any_route {

        @ParameterizedTest
        @ValueSource(strings = {"/health%00", "/entitlements/%zz", "/entitlements/%", "/entitlements/..;/health",
                "/entitlements/%2e%2e;/x", "/a%u0000b"})
        void a_bad_path_is_a_400_envelope(String path) {
            var answer = raw("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

            assertThat(answer.status()).isBetween(400, 499);
            ContractEnvelope.of(answer);
        }

        @Test
        void a_raw_nul_in_the_path_is_a_400_envelope() {
            var answer = raw("GET /he\0alth HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

            assertThat(answer.status()).isEqualTo(400);
            ContractEnvelope.of(answer);
        }

        @Test
        void a_100_kb_token_is_a_431_envelope() {
            var answer = raw("GET /entitlements HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + "a".repeat(100_000)
                    + "\r\nConnection: close\r\n\r\n");

            assertThat(answer.status()).isEqualTo(431);
            assertThat(ContractEnvelope.of(answer).path("code").asText()).isEqualTo("INVALID_REQUEST");
        }

        @Test
        void an_8000_byte_idempotency_key_is_a_431_envelope() {
            var answer = raw("POST /entitlements HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + server.a.writeKey()
                    + "\r\nIdempotency-Key: " + "k".repeat(8_000) + "\r\nContent-Type: application/json\r\nContent-Length: 2"
                    + "\r\nConnection: close\r\n\r\n{}");

            assertThat(answer.status()).isEqualTo(431);
            ContractEnvelope.of(answer);
        }

        @Test
        void content_length_with_transfer_encoding_is_a_400_envelope() {
            var answer = raw("POST /licenses/validate HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n0\r\n\r\n");

            assertThat(answer.status()).isEqualTo(400);
            ContractEnvelope.of(answer);
        }

        @Test
        void two_content_lengths_are_a_400_envelope() {
            var answer = raw("POST /licenses/validate HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 2\r\nContent-Length: 3\r\nConnection: close\r\n\r\n{}");

            assertThat(answer.status()).isEqualTo(400);
            ContractEnvelope.of(answer);
        }

        @Test
        void an_unknown_method_is_an_envelope() {
            var answer = raw("BREW /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

            assertThat(answer.status()).isBetween(400, 499);
            ContractEnvelope.of(answer);
        }
    }

    @Nested
    class Counted_once {

        @ParameterizedTest
        @ValueSource(strings = {
                "GET /entitlements/..;/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
                "GET /he\0alth HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
                "POST /licenses/validate HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 2\r\nContent-Length: 3\r\nConnection: close\r\n\r\n{}",
                "POST /licenses/validate HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n0\r\n\r\n",
                "GET /health HTTP/1.1\r\nHost: localhost\r\nX-Big: BIG\r\nConnection: close\r\n\r\n"})
        void a_request_jetty_refuses_shows_in_the_request_metrics_once(String request) throws InterruptedException {
            long unreadableBefore = counted(RestApi.UNREADABLE_ROUTE);
            long allBefore = counted(null);

            var answer = raw(request.replace("BIG", "b".repeat(20_000)));
            Thread.sleep(300); // a request a route served is counted after its answer: let it land, were it one

            assertThat(answer.status()).isBetween(400, 499);
            assertThat(counted(RestApi.UNREADABLE_ROUTE)).isEqualTo(unreadableBefore + 1);
            assertThat(counted(null)).isEqualTo(allBefore + 1);
        }

        private static long counted(String route) {
            return server.registry.find(RestApi.REQUESTS_METRIC).timers().stream()
                    .filter(timer -> route == null || route.equals(timer.getId().getTag("route")))
                    .mapToLong(io.micrometer.core.instrument.Timer::count).sum();
        }
    }

    @Nested
    class Authorization {

        @Test
        void two_authorization_headers_are_a_400_whichever_is_valid() {
            var answer = raw("GET /entitlements HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + server.a.readKey()
                    + "\r\nAuthorization: Bearer " + server.b.readKey() + "\r\nConnection: close\r\n\r\n");

            assertThat(answer.status()).isEqualTo(400);
            assertThat(ContractEnvelope.of(answer).path("code").asText()).isEqualTo("INVALID_REQUEST");
        }

        @Test
        void one_authorization_header_still_works() {
            var answer = raw("GET /entitlements HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + server.a.readKey()
                    + "\r\nConnection: close\r\n\r\n");

            assertThat(answer.status()).isEqualTo(200);
        }
    }

    @Nested
    class Method_overrides {

        @ParameterizedTest
        @ValueSource(strings = {"GET", "HEAD", "POST"})
        void do_not_turn_a_request_into_a_delete(String method) {
            String id = server.manualEntitlement(server.a);
            for (String header : new String[] {"X-HTTP-Method-Override", "X-HTTP-Method", "X-Method-Override"}) {
                server.send(method, "/entitlements/" + id, server.a.writeKey(), method.equals("POST") ? json() : null,
                        header, "DELETE");
            }

            assertThat(server.get("/entitlements/" + id, server.a.readKey()).status()).isEqualTo(200);
        }
    }

    @Nested
    class Slow_headers {

        @Test
        void a_connection_that_trickles_header_lines_is_closed_at_the_deadline() throws Exception {
            try (var socket = new Socket(InetAddress.getLoopbackAddress(), server.api.port())) {
                socket.setSoTimeout(8_000);
                var out = socket.getOutputStream();
                out.write("GET /health HTTP/1.1\r\nHost: localhost\r\n".getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                var trickle = Thread.ofVirtual().start(() -> {
                    try {
                        for (int i = 0; i < 80; i++) {
                            Thread.sleep(100);
                            out.write(("X-Slow-" + i + ": 1\r\n").getBytes(StandardCharsets.ISO_8859_1));
                            out.flush();
                        }
                    } catch (IOException | InterruptedException closed) {
                        // the server hung up, which is the point
                    }
                });
                long started = System.nanoTime();
                try {
                    HttpAnswer.read(socket.getInputStream());
                } catch (AssertionError notWhole) {
                    if (notWhole.getCause() instanceof SocketTimeoutException) {
                        throw new AssertionError("the connection was still open after 8 s of trickled headers", notWhole);
                    }
                    // closed inside an answer, or reset: closed all the same, which is what is asked here
                }
                trickle.interrupt();
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
            }
        }
    }

    @Nested
    class Keep_alive {

        @ParameterizedTest
        @ValueSource(strings = {"/entitlements/nothing-here/at-all", "/entitlements"})
        void a_request_refused_before_its_body_came_is_told_its_connection_closes(String path) throws Exception {
            String body = "{\"name\":\"x\"}";
            try (var socket = new Socket(InetAddress.getLoopbackAddress(), server.api.port())) {
                socket.setSoTimeout(5_000);
                var out = socket.getOutputStream();
                // no such route; then a route that refuses a request without a key (401)
                out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                        + "Content-Length: " + body.length() + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                Thread.sleep(300);
                out.write((body + "GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.flush();

                var first = HttpAnswer.read(socket.getInputStream());
                var second = HttpAnswer.read(socket.getInputStream());

                assertThat(first.status()).isIn(404, 401);
                assertThat(first.headers().getOrDefault("connection", "").equalsIgnoreCase("close") || second.status() == 200)
                        .as("either the answer says the connection closes, or the connection serves the next request (%s)",
                                second.status())
                        .isTrue();
            }
        }
    }
}

package dev.grantor.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The reader of raw answers against a server on a local socket that writes each answer in pieces of a few bytes with
 * pauses between them, as a loaded machine delivers them: the answer is read whole, framed by its own length or
 * chunks, not by the connection's end; one cut short fails with what arrived.
 */
class HttpAnswerTest {

    private static final String JSON_400 = "HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Length: 31\r\n"
            + "x-should-retry: false\r\n\r\n{\"code\":\"X\",\"message\":\"broken\"}";

    private static final byte[] REQUEST = "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

    private ServerSocket listener;
    private final CountDownLatch hangUp = new CountDownLatch(1);

    @BeforeEach
    void listen() throws IOException {
        listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    }

    @AfterEach
    void close() throws IOException {
        hangUp.countDown();
        listener.close();
    }

    @Test
    void an_answer_in_small_pieces_is_read_whole_by_its_length_while_the_connection_stays_open() throws Exception {
        serve(JSON_400, 3, false);

        var answer = exchange();

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.contentType()).isEqualTo("application/json");
        assertThat(answer.headers()).containsEntry("x-should-retry", "false");
        assertThat(answer.body()).isEqualTo("{\"code\":\"X\",\"message\":\"broken\"}");
    }

    @Test
    void a_chunked_answer_in_pieces_is_read_to_its_last_chunk() throws Exception {
        serve("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;note=1\r\nhello\r\n6\r\n, page\r\n0\r\nX-Trailer: 1\r\n\r\n",
                4, false);

        assertThat(exchange().body()).isEqualTo("hello, page");
    }

    @Test
    void an_answer_without_a_length_is_read_until_the_server_closes() throws Exception {
        serve("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nread to the end", 2, true);

        assertThat(exchange().body()).isEqualTo("read to the end");
    }

    @Test
    void repeated_headers_are_all_kept_in_order() throws Exception {
        serve("HTTP/1.1 204 No Content\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2; Secure\r\n\r\n", 5, false);

        var answer = exchange();

        assertThat(answer.values("set-cookie")).containsExactly("a=1", "b=2; Secure");
        assertThat(answer.headers()).containsEntry("set-cookie", "b=2; Secure");
    }

    @Test
    void a_connection_closed_before_any_answer_is_status_zero() throws Exception {
        serve("", 1, true);

        assertThat(exchange().status()).isZero();
    }

    @Test
    void an_answer_cut_inside_its_body_fails_with_what_was_read() throws Exception {
        serve(JSON_400.substring(0, JSON_400.length() - 10), 3, true);

        assertThatThrownBy(this::exchange).isInstanceOf(AssertionError.class)
                .hasMessageContaining("closed after 21 of the body's 31 bytes")
                .hasMessageContaining("HTTP/1.1 400 Bad Request\\r\\n").hasMessageContaining("{\"code\":\"X\",\"message\"]");
    }

    @Test
    void an_answer_cut_inside_its_status_line_fails_with_what_was_read() throws Exception {
        serve("HTTP/1.1", 2, true);

        assertThatThrownBy(this::exchange).isInstanceOf(AssertionError.class)
                .hasMessageContaining("closed inside the status line and headers").hasMessageContaining("read 8 bytes: [HTTP/1.1]");
    }

    @Test
    void bytes_that_are_no_answer_fail_with_what_was_read() throws Exception {
        serve("\r\n\r\n{\"code\":\"X\"}", 2, true);

        assertThatThrownBy(this::exchange).isInstanceOf(AssertionError.class).hasMessageContaining("no HTTP/1 status line")
                .hasMessageContaining("[\\r\\n\\r\\n]");
    }

    @Test
    void an_answer_that_stops_coming_fails_at_the_read_timeout_with_what_was_read() throws Exception {
        serve("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhalf", 4, false);

        long started = System.nanoTime();
        assertThatThrownBy(() -> exchange(Duration.ofMillis(700))).isInstanceOf(AssertionError.class)
                .hasMessageContaining("no more bytes within the read timeout").hasMessageContaining("\\r\\n\\r\\nhalf]");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void answers_on_one_connection_are_read_one_at_a_time() throws Exception {
        serve(JSON_400 + "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", 7, false);

        try (var socket = connect(Duration.ofSeconds(10))) {
            socket.getOutputStream().write(REQUEST);
            var first = HttpAnswer.read(socket.getInputStream());
            var second = HttpAnswer.read(socket.getInputStream());

            assertThat(first.status()).isEqualTo(400);
            assertThat(second.status()).isEqualTo(200);
            assertThat(second.body()).isEqualTo("ok");
        }
    }

    @Test
    void the_answer_to_a_head_request_has_a_length_and_no_body() throws Exception {
        serve("HTTP/1.1 200 OK\r\nContent-Length: 120\r\n\r\n", 3, false);

        var answer = CompletableFuture.supplyAsync(() -> HttpAnswer.exchange(listener.getLocalPort(), "HEAD / HTTP/1.1\r\n\r\n"))
                .get(10, TimeUnit.SECONDS);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).isEmpty();
    }

    /** One connection's request read and its answer written {@code piece} bytes at a time, 15 ms apart; then closed, or held open. */
    private void serve(String answer, int piece, boolean closeAfter) {
        Thread.ofVirtual().start(() -> {
            try (Socket connection = listener.accept()) {
                // the request read first, so that closing sends an end, not a reset over unread bytes
                var in = connection.getInputStream();
                for (int matched = 0, b; matched < 4 && (b = in.read()) >= 0; ) {
                    matched = b == (matched % 2 == 0 ? '\r' : '\n') ? matched + 1 : 0;
                }
                OutputStream out = connection.getOutputStream();
                byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
                for (int at = 0; at < bytes.length; at += piece) {
                    out.write(bytes, at, Math.min(piece, bytes.length - at));
                    out.flush();
                    Thread.sleep(15);
                }
                if (!closeAfter) {
                    hangUp.await(20, TimeUnit.SECONDS);
                }
            } catch (IOException | InterruptedException ended) {
                // the test is over
            }
        });
    }

    private HttpAnswer exchange() throws IOException {
        return exchange(Duration.ofSeconds(10));
    }

    private HttpAnswer exchange(Duration readTimeout) throws IOException {
        try (var socket = connect(readTimeout)) {
            socket.getOutputStream().write(REQUEST);
            return HttpAnswer.read(socket.getInputStream());
        }
    }

    private Socket connect(Duration readTimeout) throws IOException {
        var socket = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
        socket.setSoTimeout((int) readTimeout.toMillis());
        return socket;
    }
}

package dev.grantor.adapter.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.instancio.Select.all;

import dev.grantor.adapter.webhooks.RawHttpServer.After;
import dev.grantor.adapter.webhooks.RawHttpServer.Reply;
import dev.grantor.application.LoopbackTls;
import dev.grantor.application.port.out.WebhookSender.Outcome;
import dev.grantor.application.port.out.WebhookSender.WebhookRequest;
import io.vavr.collection.LinkedHashMap;
import io.vavr.control.Option;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.instancio.Instancio;
import org.instancio.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The sender keeps a connection whose answer it read to its end and sends the next request to the same place on it;
 * over real sockets, against a receiver whose every byte the test chooses.
 */
class KeptConnectionsTest {

    private static final Duration SHORT = Duration.ofMillis(800);
    private static final String OK = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";

    private static WebhookRequest post(String url, boolean privateAllowed, Duration readTimeout) {
        return new WebhookRequest(URI.create(url), LinkedHashMap.of("webhook-id", "msg_kept"), "{\"type\":\"entitlement_grant.delivered\"}", SHORT, readTimeout,
                privateAllowed);
    }

    private static WebhookRequest post(String url) {
        return post(url, true, SHORT);
    }

    private static Reply keep(String answer) {
        return Reply.of(answer, After.KEEP);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        OK,
        "HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\nConnection: keep-alive\r\n\r\n",
        "HTTP/1.1 204 No Content\r\n\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;note=1\r\nhello\r\n3\r\n ok\r\n0\r\nX-Trailer: 1\r\n\r\n",
        "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfirst"})
    void an_answer_read_to_its_end_lets_the_next_requests_use_the_same_connection(String answer) {
        int status = Integer.parseInt(answer.substring(answer.lastIndexOf("HTTP/1.1 ") + 9, answer.lastIndexOf("HTTP/1.1 ") + 12));
        try (var receiver = new RawHttpServer((connection, request) -> keep(answer));
             var sender = new HttpWebhookSender(WebhookSenderSettings.defaults())) {
            for (int i = 0; i < 3; i++) {
                assertThat(sender.send(post(receiver.url("http", "127.0.0.1")))).isEqualTo(new Outcome.Answered(status));
            }

            assertThat(receiver.connections()).isOne();
            assertThat(receiver.requests()).hasSize(3).noneMatch(RawHttpServer.Request::asksToClose);
            assertThat(sender.idleConnections()).isOne();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok",
        "HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok",
        "HTTP/1.1 200 OK\r\n\r\nread to the end of the stream",
        "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nok!",
        "HTTP/1.1 200 OK\r\nContent-Length: 2, 3\r\n\r\nok!",
        "HTTP/1.1 200 OK\r\nContent-Length: -2\r\n\r\nok",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\nnot really gzip",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, gzip\r\n\r\n0\r\n\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nnot a chunk size\r\n0\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort",
        "HTTP/1.1 200 OK\r\nContent-Length : 2\r\n\r\nok",
        "HTTP/1.1 200 OK\r\nX-Note: a\r\n Content-Length: 2\r\nContent-Length: 2\r\n\r\nok"})
    void an_answer_that_asks_to_close_or_cannot_be_framed_ends_its_connection(String answer) {
        try (var receiver = new RawHttpServer((connection, request) -> Reply.of(answer, After.CLOSE));
             var sender = new HttpWebhookSender(WebhookSenderSettings.defaults())) {
            for (int i = 0; i < 2; i++) {
                assertThat(sender.send(post(receiver.url("http", "127.0.0.1")))).isEqualTo(new Outcome.Answered(200));
                assertThat(sender.idleConnections()).isZero();
            }

            assertThat(receiver.connections()).isEqualTo(2);
        }
    }

    @Test
    void an_answer_over_the_cap_is_read_only_up_to_the_cap_and_its_connection_ends() {
        var big = "x".repeat(HttpWebhookSender.MAX_ANSWER_BYTES + 1_000);
        var chunked = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(big.length()) + "\r\n" + big
                + "\r\n0\r\n\r\n";
        var declared = "HTTP/1.1 200 OK\r\nContent-Length: " + big.length() + "\r\n\r\n" + big;
        for (var answer : List.of(chunked, declared)) {
            try (var receiver = new RawHttpServer((connection, request) -> keep(answer));
                 var sender = new HttpWebhookSender(WebhookSenderSettings.defaults())) {
                assertThat(sender.send(post(receiver.url("http", "127.0.0.1")))).isEqualTo(new Outcome.Answered(200));
                assertThat(sender.send(post(receiver.url("http", "127.0.0.1")))).isEqualTo(new Outcome.Answered(200));

                assertThat(sender.idleConnections()).isZero();
                assertThat(receiver.connections()).isEqualTo(2);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"CLOSE", "RESET"})
    void a_connection_the_receiver_ended_while_idle_is_replaced_and_the_request_arrives_once(After ending) {
        try (var receiver = new RawHttpServer((connection, request) -> Reply.of(OK, ending));
             var sender = new HttpWebhookSender(WebhookSenderSettings.defaults())) {
            assertThat(sender.send(post(receiver.url("http", "127.0.0.1")))).isEqualTo(new Outcome.Answered(200));
            assertThat(sender.idleConnections()).as("the answer did not say it would close").isOne();
            await().atMost(Duration.ofSeconds(5)).until(() -> receiver.ended() == 1);

            assertThat(sender.send(post(receiver.url("http", "127.0.0.1")))).isEqualTo(new Outcome.Answered(200));

            assertThat(receiver.connections()).isEqualTo(2);
            assertThat(receiver.requests()).hasSize(2).extracting(RawHttpServer.Request::connection).containsExactly(1, 2);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"CLOSE", "KEEP"})
    void a_408_on_a_kept_connection_sends_the_request_again_on_a_new_one(After after) {
        var timedOut = "HTTP/1.1 408 Request Timeout\r\nContent-Length: 0\r\n" + (after == After.CLOSE ? "Connection: close\r\n" : "") + "\r\n";
        try (var receiver = new RawHttpServer((connection, request) -> connection == 1 && request == 2 ? Reply.of(timedOut, after) : keep(OK));
             var sender = new HttpWebhookSender(WebhookSenderSettings.defaults())) {
            assertThat(sender.send(post(receiver.url("http", "127.0.0.1")))).isEqualTo(new Outcome.Answered(200));

            assertThat(sender.send(post(receiver.url("http", "127.0.0.1")))).as("the 408 crossed the request on the kept connection")
                    .isEqualTo(new Outcome.Answered(200));
            assertThat(receiver.requests()).extracting(RawHttpServer.Request::connection).containsExactly(1, 1, 2);
            assertThat(sender.idleConnections()).as("the second connection, not the one that timed out").isOne();
            await().atMost(Duration.ofSeconds(5)).until(() -> receiver.ended() == 1);
        }
    }

    @Test
    void a_408_on_a_new_connection_is_the_answer() {
        var timedOut = "HTTP/1.1 408 Request Timeout\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
        try (var receiver = new RawHttpServer((connection, request) -> Reply.of(timedOut, After.CLOSE));
             var sender = new HttpWebhookSender(WebhookSenderSettings.defaults())) {
            assertThat(sender.send(post(receiver.url("http", "127.0.0.1")))).isEqualTo(new Outcome.Answered(408));

            assertThat(receiver.connections()).isOne();
            assertThat(receiver.requests()).hasSize(1);
        }
    }

    @Test
    void bytes_the_receiver_sent_unasked_on_an_idle_connection_retire_it() {
        var timeoutNotice = "HTTP/1.1 408 Request Timeout\r\nContent-Length: 0\r\n\r\n";
        try (var receiver = new RawHttpServer((connection, request) -> keep(OK + timeoutNotice));
             var sender = new HttpWebhookSender(WebhookSenderSettings.defaults())) {
            assertThat(sender.send(post(receiver.url("http", "127.0.0.1")))).isEqualTo(new Outcome.Answered(200));

            assertThat(sender.send(post(receiver.url("http", "127.0.0.1")))).as("not the 408 left on the first connection")
                    .isEqualTo(new Outcome.Answered(200));
            assertThat(receiver.connections()).isEqualTo(2);
            await().atMost(Duration.ofSeconds(5)).until(() -> receiver.endedByClient() == 1);
        }
    }

    @Test
    void a_kept_connection_is_not_used_for_a_request_that_may_not_reach_its_address_now() {
        try (var receiver = new RawHttpServer((connection, request) -> keep(OK));
             var sender = new HttpWebhookSender(WebhookSenderSettings.defaults())) {
            assertThat(sender.send(post(receiver.url("http", "127.0.0.1"), true, SHORT))).isEqualTo(new Outcome.Answered(200));
            assertThat(sender.idleConnections()).isOne();

            var refused = sender.send(post(receiver.url("http", "127.0.0.1"), false, SHORT));

            assertThat(refused).isInstanceOf(Outcome.Unreachable.class);
            assertThat(((Outcome.Unreachable) refused).reason()).contains("not public");
            assertThat(receiver.requests()).hasSize(1);
        }
    }

    @Test
    void when_the_name_resolves_elsewhere_the_request_goes_to_the_new_address_on_a_new_connection() throws Exception {
        var answers = new AtomicReference<>(InetAddress.getByName("127.0.0.1"));
        var settings = WebhookSenderSettings.defaults().withResolver(host -> new InetAddress[] {answers.get()});
        try (var receiver = new RawHttpServer(InetAddress.getByName("0.0.0.0"), Option.none(), (connection, request) -> keep(OK));
             var sender = new HttpWebhookSender(settings)) {
            assertThat(sender.send(post(receiver.url("http", "hooks.example")))).isEqualTo(new Outcome.Answered(200));
            answers.set(InetAddress.getByName("127.0.0.2"));

            assertThat(sender.send(post(receiver.url("http", "hooks.example")))).isEqualTo(new Outcome.Answered(200));

            assertThat(receiver.requests()).extracting(r -> r.local().getHostAddress()).containsExactly("127.0.0.1", "127.0.0.2");
            assertThat(receiver.requests()).allMatch(r -> r.head().contains("\r\nHost: hooks.example:" + receiver.port() + "\r\n"));
            assertThat(receiver.connections()).isEqualTo(2);
        }
    }

    @Test
    void with_keep_alive_off_each_request_has_its_own_connection_and_asks_the_receiver_to_close_it() {
        try (var receiver = new RawHttpServer((connection, request) -> keep(OK));
             var sender = new HttpWebhookSender(WebhookSenderSettings.defaults().withKeepIdle(Duration.ZERO))) {
            for (int i = 0; i < 2; i++) {
                assertThat(sender.send(post(receiver.url("http", "127.0.0.1")))).isEqualTo(new Outcome.Answered(200));
            }

            assertThat(receiver.connections()).isEqualTo(2);
            assertThat(receiver.requests()).allMatch(RawHttpServer.Request::asksToClose);
            assertThat(sender.idleConnections()).isZero();
        }
    }

    @Test
    void a_connection_idle_for_longer_than_the_keep_time_is_closed_not_used() throws Exception {
        try (var receiver = new RawHttpServer((connection, request) -> keep(OK));
             var sender = new HttpWebhookSender(WebhookSenderSettings.defaults().withKeepIdle(Duration.ofMillis(150)))) {
            assertThat(sender.send(post(receiver.url("http", "127.0.0.1")))).isEqualTo(new Outcome.Answered(200));
            Thread.sleep(400);

            assertThat(sender.send(post(receiver.url("http", "127.0.0.1")))).isEqualTo(new Outcome.Answered(200));

            assertThat(receiver.connections()).isEqualTo(2);
            await().atMost(Duration.ofSeconds(5)).until(() -> receiver.endedByClient() == 1);
        }
    }

    @Test
    void a_kept_connection_that_gets_no_answer_in_time_is_not_tried_again() {
        try (var receiver = new RawHttpServer((connection, request) -> request == 1 ? keep(OK) : new Reply(new byte[0], After.HANG));
             var sender = new HttpWebhookSender(WebhookSenderSettings.defaults())) {
            assertThat(sender.send(post(receiver.url("http", "127.0.0.1")))).isEqualTo(new Outcome.Answered(200));

            var late = sender.send(post(receiver.url("http", "127.0.0.1"), true, Duration.ofMillis(300)));

            assertThat(late).isInstanceOf(Outcome.Unreachable.class);
            assertThat(((Outcome.Unreachable) late).reason()).startsWith("no answer within");
            assertThat(receiver.requests()).hasSize(2);
            assertThat(receiver.connections()).isOne();
            assertThat(sender.idleConnections()).isZero();
        }
    }

    @Test
    void closing_the_sender_closes_the_connections_it_kept() {
        try (var receiver = new RawHttpServer((connection, request) -> keep(OK))) {
            var sender = new HttpWebhookSender(WebhookSenderSettings.defaults());
            assertThat(sender.send(post(receiver.url("http", "127.0.0.1")))).isEqualTo(new Outcome.Answered(200));

            sender.close();

            await().atMost(Duration.ofSeconds(5)).until(() -> receiver.endedByClient() == 1);
            assertThat(sender.idleConnections()).isZero();
        }
    }

    @Test
    void requests_sent_at_once_never_share_a_connection_and_reuse_them_afterwards() throws Exception {
        try (var receiver = new RawHttpServer((connection, request) -> keep(OK));
             var sender = new HttpWebhookSender(WebhookSenderSettings.defaults());
             var threads = Executors.newFixedThreadPool(16)) {
            var sends = new ArrayList<Callable<Outcome>>();
            for (int i = 0; i < 400; i++) {
                sends.add(() -> sender.send(post(receiver.url("http", "127.0.0.1"))));
            }

            for (var outcome : threads.invokeAll(sends, 60, TimeUnit.SECONDS)) {
                assertThat(outcome.get()).isEqualTo(new Outcome.Answered(200));
            }

            assertThat(receiver.requests()).hasSize(400);
            assertThat(receiver.connections()).isBetween(1, 16);
            assertThat(sender.idleConnections()).isEqualTo(receiver.connections());
        }
    }

    @Test
    void over_tls_the_next_requests_use_the_first_connection_without_a_handshake_of_their_own(@TempDir Path keys) {
        var tls = LoopbackTls.makeIn(keys);
        try (var receiver = new RawHttpServer(InetAddress.getLoopbackAddress(), Option.some(tls.server()),
                (connection, request) -> keep(OK));
             var sender = new HttpWebhookSender(WebhookSenderSettings.defaults().withTls(tls.client()))) {
            for (int i = 0; i < 3; i++) {
                assertThat(sender.send(post(receiver.url("https", "127.0.0.1")))).isEqualTo(new Outcome.Answered(200));
            }

            assertThat(receiver.connections()).isOne();
            assertThat(receiver.requests()).hasSize(3);
        }
    }

    /**
     * Generated answers, each framed one way (HTTP version, status, {@code Content-Length}, {@code Transfer-Encoding},
     * {@code Connection}, body size), against a rule written out here apart from the sender's: the connection is
     * kept exactly when the answer is HTTP/1.1, nobody asked to close, its framing is unambiguous and its body ends
     * within the cap. A second request then gets its own answer whole, on the kept connection or a new one.
     */
    @Test
    void whether_an_answer_keeps_its_connection_follows_the_framing_rule() {
        var framings = Instancio.ofList(Framing.class).size(80).supply(all(Framing.class), Framing::generate)
                .withSeed(2026_12_04L).create();
        int kept = 0;
        for (var framing : framings) {
            boolean keeps = framing.keepsTheConnection();
            kept += keeps ? 1 : 0;
            try (var receiver = new RawHttpServer((connection, request) -> Reply.of(framing.answer(),
                    keeps ? After.KEEP : After.CLOSE));
                 var sender = new HttpWebhookSender(WebhookSenderSettings.defaults())) {
                assertThat(sender.send(post(receiver.url("http", "127.0.0.1")))).as(framing.toString())
                        .isEqualTo(new Outcome.Answered(framing.status()));
                assertThat(sender.idleConnections()).as(framing.toString()).isEqualTo(keeps ? 1 : 0);

                assertThat(sender.send(post(receiver.url("http", "127.0.0.1")))).as(framing.toString())
                        .isEqualTo(new Outcome.Answered(framing.status()));
                assertThat(receiver.connections()).as(framing.toString()).isEqualTo(keeps ? 1 : 2);
            }
        }
        assertThat(kept).as("both outcomes generated").isBetween(10, 70);
    }

    /** How one answer is framed; {@code length} is "" (none), a number, or two numbers that disagree. */
    record Framing(String version, int status, String length, String coding, String connection, int bodyBytes,
                   List<Integer> chunks, boolean trailer) {

        static Framing generate(Random r) {
            int body = r.oneOf(0, 0, 1, 17, 1_000, HttpWebhookSender.MAX_ANSWER_BYTES, HttpWebhookSender.MAX_ANSWER_BYTES + 1);
            var chunks = new ArrayList<Integer>();
            for (int left = body; left > 0; ) {
                int chunk = Math.min(left, r.intRange(1, 20_000));
                chunks.add(chunk);
                left -= chunk;
            }
            String length = r.oneOf("", "", "declared", "declared", "conflicting");
            return new Framing(r.oneOf("HTTP/1.1", "HTTP/1.1", "HTTP/1.1", "HTTP/1.0"), r.oneOf(200, 201, 202, 204, 304, 404, 500, 307),
                    length.equals("declared") ? String.valueOf(body) : length.equals("conflicting") ? body + ", " + (body + 1) : "",
                    r.oneOf("", "", "chunked", "chunked", "gzip", "gzip, chunked", "chunked, gzip"),
                    r.oneOf("", "", "keep-alive", "close", "Keep-Alive, Close", "upgrade"), body, List.copyOf(chunks), r.trueOrFalse());
        }

        boolean bodiless() {
            return status == 204 || status == 304;
        }

        boolean keepsTheConnection() {
            boolean asksToClose = List.of(connection.toLowerCase(java.util.Locale.ROOT).split(",")).stream().anyMatch(o -> o.trim().equals("close"));
            boolean lengthTrusted = length.isEmpty() || !length.contains(",");
            boolean onlyChunked = coding.isEmpty() || coding.equals("chunked");
            boolean unambiguous = lengthTrusted && onlyChunked && !(coding.equals("chunked") && !length.isEmpty());
            boolean framed = bodiless() || coding.equals("chunked") || !length.isEmpty();
            boolean withinCap = bodiless() || bodyBytes <= HttpWebhookSender.MAX_ANSWER_BYTES;
            return version.equals("HTTP/1.1") && !asksToClose && unambiguous && framed && withinCap;
        }

        /** The bytes on the wire: chunked when the codings end in it alone, otherwise the body as it is. */
        String answer() {
            var head = new StringBuilder(version + " " + status + " Whatever\r\n");
            if (!length.isEmpty()) {
                head.append("Content-Length: ").append(length).append("\r\n");
            }
            if (!coding.isEmpty()) {
                head.append("Transfer-Encoding: ").append(coding).append("\r\n");
            }
            if (!connection.isEmpty()) {
                head.append("Connection: ").append(connection).append("\r\n");
            }
            head.append("\r\n");
            if (bodiless()) {
                return head.toString();
            }
            if (coding.equals("chunked")) {
                for (int chunk : chunks) {
                    head.append(Integer.toHexString(chunk)).append(trailer ? ";ext=1" : "").append("\r\n")
                            .append("b".repeat(chunk)).append("\r\n");
                }
                return head.append("0\r\n").append(trailer ? "X-Checksum: 1\r\n" : "").append("\r\n").toString();
            }
            return head.append("b".repeat(bodyBytes)).toString();
        }
    }
}

package dev.grantor.adapter.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.port.out.WebhookSender.Outcome;
import dev.grantor.application.port.out.WebhookSender.WebhookRequest;
import io.vavr.collection.LinkedHashMap;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A receiver that accepts the connection and then reads nothing (a hostile one, or a process that froze while the
 * kernel kept accepting for it): its receive window fills, and a request larger than what the two socket buffers hold
 * cannot be written to its end. The attempt still ends within its time box, as the sender port promises.
 */
class StalledReceiverTest {

    private static final Duration BOX = Duration.ofMillis(500);

    @Test
    void a_receiver_that_never_reads_the_request_cannot_hold_an_attempt_past_its_time_box() throws Exception {
        try (var server = new ServerSocket(); var threads = Executors.newVirtualThreadPerTaskExecutor();
             var sender = new HttpWebhookSender(WebhookSenderSettings.defaults())) {
            server.setReceiveBufferSize(1024);
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            var accepted = threads.submit(server::accept);
            // how much a stalled receiver lets through is up to the sender's kernel: on loopback the send buffer grows to
            // the tcp_wmem maximum (4 MiB by default) at once, across a network it stays far smaller; this is larger
            String body = "{\"data\":\"" + "x".repeat(16 * 1024 * 1024) + "\"}";
            var request = new WebhookRequest(URI.create("http://127.0.0.1:" + server.getLocalPort() + "/stalled"),
                    LinkedHashMap.empty(), body, BOX, BOX, true);

            long start = System.nanoTime();
            var outcome = threads.submit(() -> sender.send(request));
            try (Socket unread = accepted.get(5, TimeUnit.SECONDS)) {
                Outcome result = outcome.get(10, TimeUnit.SECONDS);
                long took = Duration.ofNanos(System.nanoTime() - start).toMillis();

                assertThat(result).isInstanceOf(Outcome.Unreachable.class);
                assertThat(((Outcome.Unreachable) result).reason()).startsWith("no answer within");
                assertThat(took).isLessThan(BOX.multipliedBy(2).toMillis() + 1_000);
            }
        }
    }
}

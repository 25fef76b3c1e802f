package dev.grantor.adapter.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.memory.MutableClock;
import dev.grantor.application.port.out.WebhookSender.Outcome;
import dev.grantor.application.port.out.WebhookSender.WebhookRequest;
import dev.grantor.application.webhook.DispatchPolicy;
import dev.grantor.application.webhook.WebhookDispatcher;
import dev.grantor.application.webhook.WebhookTestbed;
import io.vavr.collection.LinkedHashMap;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Issue 11.2 at the moment of sending: the address judged is the one resolved for this attempt, the socket goes to
 * exactly that address, and the merchant learns nothing about what answered.
 */
class PrivateTargetsTest {

    private static final Duration SHORT = Duration.ofMillis(700);

    private final Receiver receiver = new Receiver();
    private final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));

    @AfterEach
    void close() {
        receiver.close();
    }

    private WebhookRequest request(String url, boolean privateAllowed) {
        return new WebhookRequest(URI.create(url), LinkedHashMap.empty(), "{}", SHORT, SHORT, privateAllowed);
    }

    /** A resolver that answers what a test says, counting how often it is asked: DNS an attacker controls. */
    private static final class Rebinding implements WebhookSenderSettings.Resolver {
        final AtomicInteger asked = new AtomicInteger();
        volatile InetAddress[] answer;

        Rebinding(InetAddress... answer) {
            this.answer = answer;
        }

        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
            asked.incrementAndGet();
            return answer;
        }
    }

    @Nested
    class The_sender {

        @Test
        void does_not_connect_to_a_name_that_resolves_to_loopback() {
            try (var sender = new HttpWebhookSender(WebhookSenderSettings.defaults())) {
                var outcome = sender.send(request("http://localhost:" + receiver.address().getPort() + "/x", false));

                assertThat(outcome).isInstanceOf(Outcome.Unreachable.class);
                assertThat(receiver.received()).isEmpty();
            }
        }

        @Test
        void judges_the_address_of_each_attempt_so_a_name_rebound_to_loopback_is_not_reached() throws Exception {
            var dns = new Rebinding(InetAddress.getByName("198.51.101.1"));   // public, and nobody answers here
            try (var sender = new HttpWebhookSender(WebhookSenderSettings.defaults().withResolver(dns))) {
                var url = "http://hooks.example.test:" + receiver.address().getPort() + "/x";
                assertThat(sender.send(request(url, false))).isInstanceOf(Outcome.Unreachable.class);

                dns.answer = new InetAddress[] {InetAddress.getLoopbackAddress()};
                assertThat(sender.send(request(url, false))).isInstanceOf(Outcome.Unreachable.class);

                assertThat(dns.asked).as("resolved once per attempt, by the sender itself").hasValue(2);
                assertThat(receiver.received()).isEmpty();
            }
        }

        @Test
        void skips_the_private_answers_of_a_name_and_never_tries_them() throws Exception {
            var dns = new Rebinding(InetAddress.getLoopbackAddress(), InetAddress.getByName("10.0.0.1"));
            try (var sender = new HttpWebhookSender(WebhookSenderSettings.defaults().withResolver(dns))) {
                var outcome = sender.send(request("http://mixed.example.test:" + receiver.address().getPort() + "/x", false));

                assertThat(outcome).isInstanceOf(Outcome.Unreachable.class);
                assertThat(((Outcome.Unreachable) outcome).reason()).contains("not public");
                assertThat(receiver.received()).isEmpty();
            }
        }

        @Test
        void connects_to_the_address_it_resolved_while_the_request_still_names_the_host() throws Exception {
            var dns = new Rebinding(InetAddress.getLoopbackAddress());
            try (var sender = new HttpWebhookSender(WebhookSenderSettings.defaults().withResolver(dns))) {
                int port = receiver.address().getPort();
                var outcome = sender.send(request("http://hooks.example.test:" + port + "/pinned?a=1", true));

                assertThat(outcome).isEqualTo(new Outcome.Answered(200));
                assertThat(dns.asked).hasValue(1);
                var got = receiver.receivedAt("/pinned");
                assertThat(got).hasSize(1);
                assertThat(got.get(0).header("host")).isEqualTo("hooks.example.test:" + port);
                assertThat(got.get(0).header("content-type")).isEqualTo("application/json");
                assertThat(got.get(0).body()).isEqualTo("{}");
            }
        }

        @Test
        void gives_up_within_the_time_box_when_a_receiver_drips_its_answer() throws Exception {
            try (var server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                 var sender = new HttpWebhookSender(WebhookSenderSettings.defaults())) {
                var dripping = Thread.ofVirtual().start(() -> {
                    try (var socket = server.accept()) {
                        var out = socket.getOutputStream();
                        for (char c : "HTTP/1.1 200 OK\r\n".toCharArray()) {
                            out.write(c);
                            out.flush();
                            Thread.sleep(300);
                        }
                    } catch (Exception stopped) {
                        // the sender hung up, as it should
                    }
                });
                long start = System.nanoTime();

                var outcome = sender.send(request("http://127.0.0.1:" + server.getLocalPort() + "/", true));

                assertThat(outcome).isInstanceOf(Outcome.Unreachable.class);
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(SHORT.plus(SHORT).plusMillis(500));
                dripping.interrupt();
            }
        }
    }

    @Nested
    class The_merchant {

        @Test
        void reads_one_generic_error_whatever_stopped_the_delivery() throws Exception {
            int closedPort;
            try (var probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                closedPort = probe.getLocalPort();
            }
            var dns = new Rebinding(InetAddress.getLoopbackAddress());
            try (var publicOnly = new HttpWebhookSender(WebhookSenderSettings.defaults().withResolver(dns));
                 var bed = new WebhookTestbed(publicOnly, DispatchPolicy.defaults().withTimeouts(SHORT, SHORT), clock);
                 var onPremise = new HttpWebhookSender(WebhookSenderSettings.defaults());
                 var open = new WebhookTestbed(onPremise, DispatchPolicy.defaults().withPrivateTargetsAllowed(true)
                         .withTimeouts(SHORT, SHORT), clock)) {
                var rebound = bed.endpoint("https://hooks.example.test:" + receiver.address().getPort() + "/admin");
                var refused = open.endpoint("http://127.0.0.1:" + closedPort + "/nothing-listens");
                bed.issue(bed.manualEntitlement());
                open.issue(open.manualEntitlement());

                bed.deliverDue();
                open.deliverDue();

                var first = bed.webhooks.deliveries(bed.business, rebound.id(), null).get().single();
                var second = open.webhooks.deliveries(open.business, refused.id(), null).get().single();
                assertThat(first.lastError()).contains(WebhookDispatcher.COULD_NOT_CONNECT);
                assertThat(second.lastError()).contains(WebhookDispatcher.COULD_NOT_CONNECT);
                assertThat(first.status()).isEqualTo("pending");
                assertThat(receiver.received()).isEmpty();
            }
        }
    }
}

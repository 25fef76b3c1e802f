package dev.grantor.adapter.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.grantor.adapter.mail.MailMetrics;
import dev.grantor.adapter.mail.PickupDirectoryMailer;
import dev.grantor.adapter.mail.Sender;
import dev.grantor.adapter.web.WebClient;
import dev.grantor.adapter.web.WebServer;
import dev.grantor.adapter.webhooks.HttpWebhookSender;
import dev.grantor.adapter.webhooks.WebhookSenderSettings;
import dev.grantor.application.port.in.Webhooks.CreateWebhook;
import dev.grantor.application.port.in.Webhooks.Delivery;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * "Retry this delivery" on a delivery waiting out its backoff sends it at once, over real sockets: the console over HTTP,
 * the dispatcher running in the background as the service runs it, the deliveries through the real sender to a receiver
 * that refuses twice (the next attempt then 5 minutes away) or once (5 seconds away, nearer than the dispatcher's lease)
 * and then accepts, on a clock that never reaches the backoff's end. A delivery a dispatcher is sending when the
 * operator clicks is left to it: the page says so, and the receiver gets it once.
 */
class ConsoleRetryNowOverHttpTest {

    static final Duration SOON = Duration.ofSeconds(10);

    static WebServer server;
    static HttpServer receiver;
    static HttpWebhookSender sender;
    /** What the receiver answers, one a request: a status code, or "hold" (answer 200 once {@link #release} opens). */
    static final BlockingQueue<String> script = new LinkedBlockingQueue<>();
    static final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();
    static CountDownLatch release = new CountDownLatch(0);
    static CountDownLatch holding = new CountDownLatch(0);
    static ConsoleData data;
    static String operator;
    static String auto;

    record Received(String webhookId, long nanos) {}

    @BeforeAll
    static void start() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        receiver.createContext("/hook", exchange -> {
            exchange.getRequestBody().readAllBytes();
            received.add(new Received(exchange.getRequestHeaders().getFirst("webhook-id"), System.nanoTime()));
            String answer = script.poll();
            if ("hold".equals(answer)) {
                holding.countDown();
                try {
                    release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            exchange.sendResponseHeaders(answer == null || answer.equals("hold") ? 200 : Integer.parseInt(answer), -1);
            exchange.close();
        });
        receiver.start();
        sender = new HttpWebhookSender(WebhookSenderSettings.defaults());
        Path pickup = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "grantor-retry-now");
        server = new WebServer(clock -> new PickupDirectoryMailer(pickup, Sender.EMBEDDED_DEFAULT, clock, MailMetrics.NONE), sender);
        data = new ConsoleData(server);
        operator = server.grantor.operatorAccess().add(server.a, "ops@acme.example").get().id();
        auto = data.entitlement(server.a, "Acme Pro", Map.of("fulfillment_mode", "auto", "activations_limit", 3));
        server.grantor.webhooks().create(server.a, new CreateWebhook("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook",
                "the shop", null, List.of("entitlement_grant.created"), null, null, null)).get();
        server.grantor.dispatcher().get().start();
    }

    @AfterAll
    static void stop() throws Exception {
        release.countDown();
        server.close();
        sender.close();
        receiver.stop(0);
    }

    @Test
    void a_delivery_in_its_backoff_is_sent_right_after_the_click_with_its_attempts_kept() {
        var delivery = failedTwice("ada@example.com", "pay_r1");
        var ops = signedIn();
        String page = ops.get("/console/grants/" + delivery.grant()).body();
        String retry = retryPath(page, delivery.id());
        Instant now = server.clock.instant();
        assertThat(delivery.waiting().nextAttemptAt().get()).as("its backoff").isAfter(now.plus(Duration.ofMinutes(4)));

        long clicked = System.nanoTime();
        var answer = ops.post(retry, Map.of("_csrf", WebClient.csrf(page), "grant", delivery.grant()));

        assertThat(answer.statusCode()).isEqualTo(303);
        assertThat(answer.headers().firstValue("Location")).contains("/console/grants/" + delivery.grant() + "?done=retried#timeline");
        var third = awaitState(delivery.id(), d -> d.status().equals("delivered"));
        assertThat(third.attempts()).as("two failed attempts and the one the click brought forward").isEqualTo(3);
        var sends = sendsOf(delivery.id());
        assertThat(sends).hasSize(3);
        assertThat(Duration.ofNanos(sends.get(2).nanos() - clicked)).as("sent right after the click").isLessThan(SOON);
        assertThat(server.clock.instant()).as("the clock never reached the end of the backoff").isEqualTo(now);
        String after = ops.get("/console/grants/" + delivery.grant() + "?done=retried").body();
        assertThat(after).contains("The delivery will be attempted again at once.");
        String endpoint = retry.substring("/console/webhooks/".length(), retry.indexOf("/deliveries/"));
        assertThat(ConsoleGrantDeliveriesOverHttpTest.entries(after))
                .as("filed under the grant the store names, the delivery in its detail")
                .contains("By ops@acme.example · retried a webhook delivery (delivery " + delivery.id() + ", endpoint " + endpoint + ")");
        assertThat(server.store.auditTrail().latestAbout(server.a, delivery.id(), io.vavr.control.Option.none(), 10)).isEmpty();
    }

    @Test
    void a_delivery_refused_once_is_sent_right_after_the_click_though_its_backoff_is_nearer_than_the_lease() {
        var delivery = refusedOnce("cy@example.com", "pay_r3");
        var ops = signedIn();
        String page = ops.get("/console/grants/" + delivery.grant()).body();
        Instant now = server.clock.instant();
        assertThat(delivery.waiting().nextAttemptAt().get()).as("the first failure's 5 seconds").isAfter(now)
                .isBefore(now.plus(Duration.ofMinutes(2)));

        long clicked = System.nanoTime();
        var answer = ops.post(retryPath(page, delivery.id()), Map.of("_csrf", WebClient.csrf(page), "grant", delivery.grant()));

        assertThat(answer.headers().firstValue("Location")).contains("/console/grants/" + delivery.grant() + "?done=retried#timeline");
        var second = awaitState(delivery.id(), d -> d.status().equals("delivered"));
        assertThat(second.attempts()).as("the refused attempt and the one the click brought forward").isEqualTo(2);
        var sends = sendsOf(delivery.id());
        assertThat(sends).hasSize(2);
        assertThat(Duration.ofNanos(sends.get(1).nanos() - clicked)).as("sent right after the click").isLessThan(SOON);
        assertThat(server.clock.instant()).as("the clock never reached the end of the backoff").isEqualTo(now);
        assertThat(retriesRecorded(delivery.grant())).isEqualTo(1);
    }

    @Test
    void a_retry_from_a_page_left_open_on_a_delivery_delivered_since_records_nothing() {
        var delivery = refusedOnce("dan@example.com", "pay_r4");
        var ops = signedIn();
        String page = ops.get("/console/grants/" + delivery.grant()).body();
        String retry = retryPath(page, delivery.id());
        assertThat(ops.post(retry, Map.of("_csrf", WebClient.csrf(page), "grant", delivery.grant())).statusCode()).isEqualTo(303);
        awaitState(delivery.id(), d -> d.status().equals("delivered"));

        var again = ops.post(retry, Map.of("_csrf", WebClient.csrf(page), "grant", delivery.grant()));

        assertThat(again.headers().firstValue("Location")).contains("/console/grants/" + delivery.grant() + "?done=delivered#timeline");
        assertThat(retriesRecorded(delivery.grant())).as("the first click's only").isEqualTo(1);
        assertThat(ConsoleGrantDeliveriesOverHttpTest.entries(ops.get("/console/grants/" + delivery.grant()).body()).stream()
                .filter(e -> e.contains("· retried a webhook delivery"))).hasSize(1);
        assertThat(sendsOf(delivery.id())).as("not sent again").hasSize(2);
    }

    @Test
    void a_delivery_a_dispatcher_is_sending_is_left_to_it_and_the_page_says_so() throws Exception {
        var delivery = refusedOnce("bob@example.com", "pay_r2");
        var ops = signedIn();
        String page = ops.get("/console/grants/" + delivery.grant()).body();
        release = new CountDownLatch(1);
        holding = new CountDownLatch(1);
        script.add("hold");
        assertThat(ops.post(retryPath(page, delivery.id()), Map.of("_csrf", WebClient.csrf(page), "grant", delivery.grant()))
                .statusCode()).isEqualTo(303);
        assertThat(holding.await(SOON.toSeconds(), TimeUnit.SECONDS)).as("the second attempt reached the receiver").isTrue();

        // the second attempt is in the dispatcher's hands (the receiver holds it): its claim holds the delivery
        String during = ops.get("/console/grants/" + delivery.grant()).body();
        var again = ops.post(retryPath(during, delivery.id()), Map.of("_csrf", WebClient.csrf(during), "grant", delivery.grant()));
        assertThat(again.headers().firstValue("Location")).contains("/console/grants/" + delivery.grant() + "?done=attempting#timeline");
        assertThat(retriesRecorded(delivery.grant())).as("the click that made it due only").isEqualTo(1);
        assertThat(ops.get("/console/grants/" + delivery.grant() + "?done=attempting").body())
                .contains("That delivery is being attempted now");
        // a delivery made due now would be claimed by the next pass and sent a second time while the first is held
        server.grantor.dispatcher().get().nudge();
        assertThat(awaitSends(delivery.id(), 3, Duration.ofSeconds(2))).as("no second send while the first is held").hasSize(2);

        release.countDown();
        var settled = awaitState(delivery.id(), d -> d.status().equals("delivered"));
        assertThat(settled.attempts()).isEqualTo(2);
        assertThat(sendsOf(delivery.id())).hasSize(2);
    }

    /** The operators' retries the audit trail holds about the grant. */
    private static long retriesRecorded(String grant) {
        return server.store.auditTrail().latestAbout(server.a, grant, io.vavr.control.Option.none(), 100)
                .count(entry -> entry.action().equals("retried a webhook delivery"));
    }

    /** A delivery whose grant is {@code grant}, refused and waiting out its backoff. */
    record Waiting(String grant, String id, Delivery waiting) {}

    /** Refused once: waiting out the first failure's 5 seconds, which the clock never reaches. */
    private static Waiting refusedOnce(String email, String payment) {
        script.add("503");
        String grant = data.grant(server.a, auto, email, "Buyer", payment);
        server.relay();
        var waiting = awaitDelivery(grant, d -> d.attempts() == 1);
        assertThat(waiting.status()).isEqualTo("pending");
        assertThat(waiting.lastResponseCode()).contains(503);
        return new Waiting(grant, waiting.id(), waiting);
    }

    /** Refused twice: waiting out a 5 minute backoff. */
    private static Waiting failedTwice(String email, String payment) {
        script.add("500");
        script.add("500");
        String grant = data.grant(server.a, auto, email, "Buyer", payment);
        server.relay();
        var first = awaitDelivery(grant, d -> d.attempts() == 1);
        server.clock.advance(Duration.ofSeconds(5));
        server.grantor.dispatcher().get().nudge();
        var waiting = awaitState(first.id(), d -> d.attempts() == 2);
        assertThat(waiting.status()).isEqualTo("pending");
        assertThat(waiting.lastResponseCode()).contains(500);
        return new Waiting(grant, first.id(), waiting);
    }

    private static Delivery awaitDelivery(String grant, Predicate<Delivery> state) {
        return await(() -> deliveries().filter(d -> eventAbout(d, grant)).find(state).toJavaOptional());
    }

    private static boolean eventAbout(Delivery delivery, String grant) {
        return server.store.webhookDeliveries().find(server.a, delivery.id()).exists(d -> d.grantId().exists(g -> g.value().equals(grant)));
    }

    private static Delivery awaitState(String id, Predicate<Delivery> state) {
        return await(() -> deliveries().find(d -> d.id().equals(id) && state.test(d)).toJavaOptional());
    }

    private static io.vavr.collection.List<Delivery> deliveries() {
        var endpoint = server.grantor.webhooks().list(server.a, new dev.grantor.application.port.in.Webhooks.ListWebhooks(null, 10)).get().data().head().id();
        return server.grantor.webhooks().deliveries(server.a, endpoint, 100).get();
    }

    private static <T> T await(java.util.function.Supplier<java.util.Optional<T>> found) {
        long until = System.nanoTime() + SOON.toNanos();
        while (System.nanoTime() < until) {
            var now = found.get();
            if (now.isPresent()) {
                return now.get();
            }
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
        throw new AssertionError("not within " + SOON + ": " + deliveries());
    }

    private static List<Received> sendsOf(String id) {
        return received.stream().filter(r -> id.equals(r.webhookId())).toList();
    }

    /** The sends of the delivery once there are {@code count}, or as they are after {@code within}. */
    private static List<Received> awaitSends(String id, int count, Duration within) {
        long until = System.nanoTime() + within.toNanos();
        while (sendsOf(id).size() < count && System.nanoTime() < until) {
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
        return sendsOf(id);
    }

    private static String retryPath(String page, String delivery) {
        var retry = Pattern.compile("action=\"(/console/webhooks/whk_\\w+/deliveries/" + delivery + "/retry)\"").matcher(page);
        assertThat(retry.find()).as(page).isTrue();
        return retry.group(1);
    }

    private static WebClient signedIn() {
        var client = new WebClient(server.base);
        assertThat(client.signIn(server.consoleLink(server.a, operator)).statusCode()).isEqualTo(303);
        return client;
    }
}

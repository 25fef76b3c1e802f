package dev.grantor.adapter.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.adapter.mail.MailMetrics;
import dev.grantor.adapter.mail.PickupDirectoryMailer;
import dev.grantor.adapter.mail.Sender;
import dev.grantor.adapter.web.WebClient;
import dev.grantor.adapter.web.WebServer;
import dev.grantor.application.port.out.Email;
import dev.grantor.application.port.out.Mailer;
import dev.grantor.application.port.out.OutboxMessage;
import dev.grantor.application.port.out.SendOutcome;
import io.vavr.collection.List;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * "Send now" on an email waiting for its retry sends it at once, over real sockets: the console over HTTP, the relay
 * running in the background as the service runs it, a mail server that answers 421 while it is down and then takes the
 * email into its pickup directory, on a clock that never reaches the retry time. An email a relay is sending when the
 * operator clicks is left to it: the page says so, and it goes once.
 */
class ConsoleSendNowOverHttpTest {

    static final Duration SOON = Duration.ofSeconds(10);

    static WebServer server;
    static Path pickup;
    static MailServer mail;
    static ConsoleData data;
    static String operator;
    static String otherOperator;
    static String auto;

    /** The mail server: down (421) or up, and when asked to, holding an email until released, as a slow server does. */
    static final class MailServer implements Mailer {
        final Mailer delivered;
        final AtomicBoolean down = new AtomicBoolean(true);
        final AtomicReference<CountDownLatch> hold = new AtomicReference<>();
        volatile CountDownLatch holding = new CountDownLatch(0);

        MailServer(Mailer delivered) {
            this.delivered = delivered;
        }

        @Override
        public List<SendOutcome> send(List<? extends Email> emails) {
            if (down.get()) {
                return emails.map(email -> new SendOutcome.TemporaryFailure("421 4.3.2 service not available, closing channel"));
            }
            var held = hold.getAndSet(null);
            if (held != null) {
                holding.countDown();
                try {
                    held.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return delivered.send(emails);
        }
    }

    @BeforeAll
    static void start() throws IOException {
        pickup = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "grantor-send-now");
        server = new WebServer(clock -> mail = new MailServer(new PickupDirectoryMailer(pickup, Sender.EMBEDDED_DEFAULT, clock,
                MailMetrics.NONE)));
        data = new ConsoleData(server);
        operator = server.grantor.operatorAccess().add(server.a, "ops@acme.example").get().id();
        otherOperator = server.grantor.operatorAccess().add(server.b, "ops@other.example").get().id();
        auto = data.entitlement(server.a, "Acme Pro", Map.of("fulfillment_mode", "auto", "activations_limit", 3));
        server.grantor.relay().start();
    }

    @AfterAll
    static void stop() {
        mail.hold.set(null);
        server.close();
    }

    @Test
    void an_email_waiting_for_its_retry_goes_right_after_the_click_and_the_timeline_shows_it_sent() {
        var waiting = failedOnce("ada@example.com", "pay_s1");
        var ops = signedIn(server.a, operator);
        String page = ops.get("/console/grants/" + waiting.grant()).body();
        Instant now = server.clock.instant();
        assertThat(waiting.message().nextAttemptAt()).as("its retry time").isAfter(now);
        assertThat(page).contains("retrying after 1 failed attempt, the last answered: 421 4.3.2")
                .contains("next attempt " + ConsolePages.when(waiting.message().nextAttemptAt()));
        mail.down.set(false);

        long clicked = System.nanoTime();
        var answer = ops.post(sendNowPath(page, waiting.id()), Map.of("_csrf", WebClient.csrf(page), "grant", waiting.grant()));

        assertThat(answer.statusCode()).isEqualTo(303);
        assertThat(answer.headers().firstValue("Location")).contains("/console/grants/" + waiting.grant() + "?done=sending#timeline");
        var sent = awaitMessage(waiting.id(), m -> m.status() == OutboxMessage.Status.SENT);
        assertThat(Duration.ofNanos(System.nanoTime() - clicked)).as("sent right after the click").isLessThan(SOON);
        assertThat(sent.attempts()).as("the failed attempt, kept").isEqualTo(1);
        assertThat(emailsTo(waiting.grant())).as("in the mail server's hands, once").hasSize(1);
        assertThat(server.clock.instant()).as("the clock never reached the retry time").isEqualTo(now);
        String after = ops.get("/console/grants/" + waiting.grant() + "?done=sending").body();
        assertThat(after).contains("The email is due now: the relay sends it within seconds.")
                .contains("after 1 failed attempt").doesNotContain("/send-now");
        assertThat(ConsoleGrantDeliveriesOverHttpTest.entries(after)).as("filed under the grant the store names")
                .contains("By ops@acme.example · sent an email now (email " + waiting.id() + ", brought forward from its retry time)");
        assertThat(server.store.auditTrail().latestAbout(server.a, waiting.grant(), io.vavr.control.Option.none(), 10)
                .map(entry -> entry.actor() + " " + entry.action())).containsExactly(operator + " sent an email now");
        assertThat(server.store.auditTrail().latestAbout(server.a, waiting.id(), io.vavr.control.Option.none(), 10)).isEmpty();
    }

    @Test
    void a_send_now_that_changes_nothing_records_nothing_on_the_grant_s_timeline() {
        var waiting = failedOnce("eve@example.com", "pay_s5");
        var ops = signedIn(server.a, operator);
        String page = ops.get("/console/grants/" + waiting.grant()).body();
        mail.down.set(false);
        assertThat(ops.post(sendNowPath(page, waiting.id()), Map.of("_csrf", WebClient.csrf(page), "grant", waiting.grant()))
                .statusCode()).isEqualTo(303);
        awaitMessage(waiting.id(), m -> m.status() == OutboxMessage.Status.SENT);

        var again = ops.post(sendNowPath(page, waiting.id()), Map.of("_csrf", WebClient.csrf(page), "grant", waiting.grant()));

        assertThat(again.headers().firstValue("Location")).contains("/console/grants/" + waiting.grant() + "?done=sent#timeline");
        assertThat(server.store.auditTrail().latestAbout(server.a, waiting.grant(), io.vavr.control.Option.none(), 10)
                .map(entry -> entry.action())).as("the first send-now only").containsExactly("sent an email now");
    }

    @Test
    void an_email_a_relay_is_sending_is_left_to_it_and_the_page_says_so() throws Exception {
        var waiting = failedOnce("bob@example.com", "pay_s2");
        var ops = signedIn(server.a, operator);
        String page = ops.get("/console/grants/" + waiting.grant()).body();
        mail.down.set(false);
        var release = new CountDownLatch(1);
        mail.holding = new CountDownLatch(1);
        mail.hold.set(release);
        assertThat(ops.post(sendNowPath(page, waiting.id()), Map.of("_csrf", WebClient.csrf(page), "grant", waiting.grant()))
                .statusCode()).isEqualTo(303);
        assertThat(mail.holding.await(SOON.toSeconds(), TimeUnit.SECONDS)).as("the relay's attempt reached the mail server").isTrue();

        try {
            // the relay's claim holds the email while the mail server holds its attempt; the page still offers the button
            String during = ops.get("/console/grants/" + waiting.grant()).body();
            var held = server.store.outbox().find(waiting.id()).get();
            var again = ops.post(sendNowPath(during, waiting.id()), Map.of("_csrf", WebClient.csrf(during), "grant", waiting.grant()));

            assertThat(again.headers().firstValue("Location")).contains("/console/grants/" + waiting.grant() + "?done=being-sent#timeline");
            assertThat(server.store.outbox().find(waiting.id())).as("left as the relay's claim holds it").contains(held);
            assertThat(ops.get("/console/grants/" + waiting.grant() + "?done=being-sent").body())
                    .contains("That email is being sent right now: it was left as it is, so that it is not sent twice.");
            server.grantor.relay().nudge();
        } finally {
            release.countDown();
        }
        awaitMessage(waiting.id(), m -> m.status() == OutboxMessage.Status.SENT);
        server.grantor.relay().nudge();
        java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(500).toNanos());
        assertThat(emailsTo(waiting.grant())).as("sent once").hasSize(1);
    }

    @Test
    void another_business_s_email_is_not_found_and_stays_as_it_was() {
        var waiting = failedOnce("cy@example.com", "pay_s3");
        var before = server.store.outbox().find(waiting.id()).get();
        var theirs = signedIn(server.b, otherOperator);
        String page = theirs.get("/console/outbox").body();

        var answer = theirs.post("/console/outbox/" + waiting.id() + "/send-now", Map.of("_csrf", WebClient.csrf(page)));

        assertThat(answer.statusCode()).isEqualTo(404);
        assertThat(answer.body()).contains("There is no such email waiting in the outbox.");
        assertThat(server.store.outbox().find(waiting.id())).contains(before);
        for (var business : List.of(server.a, server.b)) {
            for (var subject : List.of(waiting.id(), waiting.grant())) {
                assertThat(server.store.auditTrail().latestAbout(business, subject, io.vavr.control.Option.none(), 10)).isEmpty();
            }
        }
        var forged = theirs.post("/console/outbox/" + waiting.id() + "/send-now", Map.of("_csrf", WebClient.csrf(page), "grant", waiting.grant()));
        assertThat(forged.statusCode()).as("naming the grant in the form changes nothing").isEqualTo(404);
        assertThat(server.store.auditTrail().latestAbout(server.a, waiting.grant(), io.vavr.control.Option.none(), 10)).isEmpty();
        mail.down.set(false);
    }

    @Test
    void a_send_now_without_the_form_s_token_is_refused_and_changes_nothing() {
        var waiting = failedOnce("dee@example.com", "pay_s4");
        var before = server.store.outbox().find(waiting.id()).get();
        var ops = signedIn(server.a, operator);

        var answer = ops.post("/console/outbox/" + waiting.id() + "/send-now", Map.of("grant", waiting.grant()));

        assertThat(answer.statusCode()).isEqualTo(403);
        assertThat(server.store.outbox().find(waiting.id())).contains(before);
        mail.down.set(false);
    }

    /** A grant's delivery email the mail server refused once (421), waiting for its retry, which the clock never reaches. */
    record Waiting(String grant, String id, OutboxMessage message) {}

    private static Waiting failedOnce(String email, String payment) {
        mail.down.set(true);
        String grant = data.grant(server.a, auto, email, "Buyer", payment);
        server.grantor.relay().nudge();
        var message = await(() -> server.store.outbox().list(server.a, OutboxMessage.Status.PENDING, new dev.grantor.application.port.out.Page(0, 100))
                .find(m -> m.grantId().exists(g -> g.value().equals(grant)) && m.attempts() == 1).toJavaOptional());
        return new Waiting(grant, message.id(), message);
    }

    private static OutboxMessage awaitMessage(String id, Predicate<OutboxMessage> state) {
        return await(() -> server.store.outbox().find(id).filter(state).toJavaOptional());
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
        throw new AssertionError("not within " + SOON);
    }

    /** The emails about the grant the mail server took (its pickup directory names each file after the grant). */
    private static java.util.List<Path> emailsTo(String grant) {
        try (var files = Files.list(pickup)) {
            return files.filter(file -> file.getFileName().toString().startsWith(grant)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sendNowPath(String page, String message) {
        var sendNow = Pattern.compile("action=\"(/console/outbox/" + message + "/send-now)\"").matcher(page);
        assertThat(sendNow.find()).as(page).isTrue();
        return sendNow.group(1);
    }

    private static WebClient signedIn(dev.grantor.domain.shared.BusinessId business, String subject) {
        var client = new WebClient(server.base);
        assertThat(client.signIn(server.consoleLink(business, subject)).statusCode()).isEqualTo(303);
        return client;
    }
}

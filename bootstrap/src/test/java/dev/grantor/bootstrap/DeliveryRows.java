package dev.grantor.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.adapter.mail.Sender;
import dev.grantor.adapter.mail.SmtpSettings;
import dev.grantor.application.port.in.SignIn;
import dev.grantor.application.port.in.SignIn.Principal;
import dev.grantor.application.port.in.SignIn.Realm;
import dev.grantor.domain.shared.BusinessId;
import io.vavr.control.Option;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.regex.Pattern;

/**
 * Emails and webhook deliveries for the console's delivery actions to act on, made by a served node the way they are in
 * use: grants fulfilled through the API, their delivery emails refused by a mail server that is down (a closed port:
 * each waits for its retry, its payload kept), their events fanned out to an endpoint that answers 503 for now. The
 * rows' states for a race are then set by SQL, as the relay and the dispatcher would have left them.
 */
final class DeliveryRows {

    /** One grant's delivery email and one delivery of its events. */
    record Pair(String grant, String email, String delivery) {}

    record Made(BusinessId business, String endpoint, List<Pair> pairs) {}

    private DeliveryRows() {}

    /** A mail server that is down: a port nothing listens on. */
    static MailSettings mailServerDown() throws IOException {
        int closed;
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        return new MailSettings(Option.some(SmtpSettings.of("127.0.0.1", closed, SmtpSettings.Security.NONE)),
                Sender.EMBEDDED_DEFAULT);
    }

    /** Serves once with its relay on until every grant has its email and a delivery, then stops. */
    static Made make(DatabaseSettings database, WebhooksEndToEndTest.Receiver receiver, int grants) throws Exception {
        receiver.answer.set(503);
        var settings = ServiceSettings.local(database, mailServerDown())
                .withRelayPolicy(ManualFulfillmentEndToEndTest.QUICK_RELAY)
                .withDispatchPolicy(WebhooksEndToEndTest.LOOPBACK_RECEIVERS);
        try (var service = Service.start(settings)) {
            var grantor = service.deployment().grantor();
            var business = grantor.access().createBusiness("Shop").get().id();
            var api = new Http(service.url(), grantor.access().createApiKey(business, false).get().token());
            var endpoint = api.post("/webhooks", Map.of("url", receiver.url("/hooks")));
            assertThat(endpoint.status()).as(endpoint.raw()).isEqualTo(200);
            var entitlement = api.post("/entitlements", Map.of("name", "Pro", "integration_type", "license_key",
                    "integration_config", Map.of("fulfillment_mode", "manual")));
            assertThat(entitlement.status()).as(entitlement.raw()).isEqualTo(200);
            var granted = new ArrayList<String>();
            for (int i = 0; i < grants; i++) {
                var grant = api.post("/entitlements/" + entitlement.text("id") + "/grants",
                        Map.of("customer", Map.of("email", "buyer" + i + "@example.com")));
                assertThat(grant.status()).as(grant.raw()).isEqualTo(201);
                var fulfilled = api.post("/grants/" + grant.text("id") + "/license-key", Map.of("key", "CLICK-RACE-" + i + "-7Q2M"));
                assertThat(fulfilled.status()).as(fulfilled.raw()).isEqualTo(200);
                granted.add(grant.text("id"));
            }
            var pairs = new ArrayList<Pair>();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            try (var sql = connect(database)) {
                for (String grant : granted) {
                    Option<String> email = Option.none();
                    Option<String> delivery = Option.none();
                    while ((email.isEmpty() || delivery.isEmpty()) && System.nanoTime() < deadline) {
                        email = text(sql, "SELECT id FROM outbox WHERE kind = 'EMAIL' AND grant_id = ?", grant);
                        delivery = text(sql, "SELECT id FROM webhook_deliveries WHERE grant_id = ? ORDER BY created_at, id", grant);
                        Thread.sleep(20);
                    }
                    assertThat(email).as("the delivery email of %s", grant).isNotEmpty();
                    assertThat(delivery).as("a webhook delivery of %s", grant).isNotEmpty();
                    pairs.add(new Pair(grant, email.get(), delivery.get()));
                }
                // every event fanned out, so that no delivery appears after the node stops
                while (count(sql, "SELECT count(*) FROM outbox WHERE kind = ? AND status = 'PENDING'", "EVENT") > 0
                        && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertThat(count(sql, "SELECT count(*) FROM outbox WHERE kind = ? AND status = 'PENDING'", "EVENT")).isZero();
            }
            return new Made(business, endpoint.text("id"), List.copyOf(pairs));
        }
    }

    static Connection connect(DatabaseSettings database) throws SQLException {
        return DriverManager.getConnection(database.url().get(), database.user().get(), database.password().get());
    }

    static Option<String> text(Connection sql, String query, String parameter) throws SQLException {
        try (var statement = sql.prepareStatement(query)) {
            statement.setString(1, parameter);
            try (var found = statement.executeQuery()) {
                return found.next() ? Option.some(found.getString(1)) : Option.none();
            }
        }
    }

    static long count(Connection sql, String query, String parameter) throws SQLException {
        try (var statement = sql.prepareStatement(query)) {
            statement.setString(1, parameter);
            try (var found = statement.executeQuery()) {
                found.next();
                return found.getLong(1);
            }
        }
    }

    static void update(Connection sql, String statement, Object... parameters) throws SQLException {
        try (var update = sql.prepareStatement(statement)) {
            for (int i = 0; i < parameters.length; i++) {
                update.setObject(i + 1, parameters[i]);
            }
            assertThat(update.executeUpdate()).as(statement).isEqualTo(1);
        }
    }

    static long nanos(Instant at) {
        return at.getEpochSecond() * 1_000_000_000L + at.getNano();
    }

    /** An email waiting for its retry at {@code at}, after one failed attempt, no claim on it. */
    static void emailWaitsUntil(Connection sql, String email, Instant at) throws SQLException {
        update(sql, "UPDATE outbox SET status = 'PENDING', attempts = 1, next_attempt_at = ?, claimed_until = NULL,"
                + " finished_at = NULL WHERE id = ?", nanos(at), email);
    }

    /** A delivery the dispatcher gave up on after three attempts. */
    static void deliveryFailed(Connection sql, String delivery) throws SQLException {
        update(sql, "UPDATE webhook_deliveries SET status = 'FAILED', attempts = 3, next_attempt_at = ?, claimed_until = NULL"
                + " WHERE id = ?", nanos(Instant.now()), delivery);
    }

    /** A delivery waiting out its backoff until {@code at}, after one failed attempt. */
    static void deliveryWaitsUntil(Connection sql, String delivery, Instant at) throws SQLException {
        update(sql, "UPDATE webhook_deliveries SET status = 'PENDING', attempts = 1, next_attempt_at = ?, claimed_until = NULL"
                + " WHERE id = ?", nanos(at), delivery);
    }

    /** The row as a race leaves it: status, attempts, whether it is due at {@code now}, whether a claim holds it. */
    record Row(String status, int attempts, boolean due, boolean held) {}

    static Row row(Connection sql, String table, String id, Instant now) throws SQLException {
        try (var statement = sql.prepareStatement("SELECT status, attempts, next_attempt_at, claimed_until FROM " + table
                + " WHERE id = ?")) {
            statement.setString(1, id);
            try (var found = statement.executeQuery()) {
                assertThat(found.next()).isTrue();
                long claimed = found.getLong(4);
                boolean held = !found.wasNull() && claimed > nanos(now);
                return new Row(found.getString(1), found.getInt(2), found.getLong(3) <= nanos(now), held);
            }
        }
    }

    static long entries(Connection sql, String action) throws SQLException {
        return count(sql, "SELECT count(*) FROM audit_entries WHERE action = ?", action);
    }

    /** An operator signed in to the served console as a browser is: the session cookie and the page's CSRF token. */
    record Operator(URI base, String session, String csrf) {

        static Operator signIn(Service service, BusinessId business) throws Exception {
            var link = service.deployment().grantor().signIn().mintLink(new Principal(Realm.CONSOLE, business, SignIn.OWNER)).get();
            String session = ConsoleOnTheServiceTest.signIn(service.url() + "console/login/" + link.token());
            var page = ConsoleOnTheServiceTest.get(service.url().resolve("/console/"), session);
            assertThat(page.statusCode()).isEqualTo(200);
            return new Operator(service.url(), session, ConsoleOnTheServiceTest.csrf(page.body()));
        }

        /** A click on a button of the console: a form post with the token, from the console's own origin. */
        Click click(String path) throws Exception {
            String origin = base.getScheme() + "://" + base.getRawAuthority();
            var answer = ConsoleOnTheServiceTest.CLIENT.send(HttpRequest.newBuilder(base.resolve("/console" + path))
                    .timeout(Duration.ofSeconds(30))
                    .header("Cookie", session).header("Origin", origin).header("Sec-Fetch-Site", "same-origin")
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + csrf)).build(), HttpResponse.BodyHandlers.ofString());
            var location = answer.headers().firstValue("Location").orElse("");
            var done = Pattern.compile("[?&]done=([a-z-]+)").matcher(location);
            return new Click(path, answer.statusCode(), done.find() ? done.group(1) : "", location, answer.body());
        }
    }

    /** What a click was answered: its status, and the notice its redirect names ({@code done=}), if any. */
    record Click(String path, int status, String done, String location, String body) {}

    /** Every click of {@code paths} at once (released together); the answers in the order of {@code paths}. */
    static List<Click> atOnce(ExecutorService pool, Operator operator, List<String> paths) throws Exception {
        var start = new CountDownLatch(1);
        var answers = new ArrayList<Future<Click>>();
        for (String path : paths) {
            answers.add(pool.submit(() -> {
                start.await();
                return operator.click(path);
            }));
        }
        start.countDown();
        var clicks = new ArrayList<Click>();
        for (var answer : answers) {
            clicks.add(answer.get());
        }
        return clicks;
    }

    static List<String> times(int n, String path) {
        return java.util.Collections.nCopies(n, path);
    }
}

package dev.grantor.adapter.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.adapter.web.WebClient;
import dev.grantor.adapter.web.WebServer;
import dev.grantor.application.port.in.GrantQueries.ListGrants;
import dev.grantor.application.port.in.KeyPoolManagement;
import dev.grantor.application.port.in.Licensing;
import dev.grantor.application.port.in.OperatorAccess.Role;
import dev.grantor.application.port.out.OutboxMessage;
import dev.grantor.application.port.out.WebhookSender.Outcome;
import dev.grantor.domain.shared.BusinessId;
import io.javalin.http.HandlerType;
import io.vavr.control.Option;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The console's roles on the wire. A viewer reads every page and is offered no form that changes anything; every POST
 * route of the console that is a change (every one but signing in and out), as the server has them registered, answers
 * a viewer 403 with a page that says why, and changes nothing. A route added later is walked too, so one added without
 * the check fails here.
 */
class ConsoleRolesOverHttpTest {

    /** The console's POST routes that are not changes: signing in (no session yet) and signing out. */
    private static final java.util.Set<String> NOT_CHANGES = java.util.Set.of("/console/login", "/console/login/{token}",
            "/console/sign-out");
    /** GET pages that are not a signed-in visitor's: the sign-in forms and the static files. */
    private static final java.util.Set<String> SIGNED_OUT_PAGES = java.util.Set.of("/console/sign-in", "/console/login/{token}",
            "/console/assets/{file}");
    private static final Pattern POST_FORM = Pattern.compile("<form[^>]*method=\"post\"[^>]*action=\"([^\"]*)\"");

    static WebServer server;
    static ConsoleData data;
    static String viewer;
    static String operator;
    /** Each path parameter a console route may have, as an id of a record it could change. */
    static Map<String, String> ids;
    static String seatedKey;

    @BeforeAll
    static void start() {
        server = new WebServer();
        data = new ConsoleData(server);
        var a = server.a;
        viewer = server.grantor.operatorAccess().add(a, "vic@acme.example", Option.some(Role.VIEWER)).get().id();
        operator = server.grantor.operatorAccess().add(a, "ops@acme.example").get().id();
        String manual = data.manualEntitlement(a, "Acme Pro");
        String pooled = data.pooledEntitlement(a, "Acme Team");
        server.grantor.keyPools().importKeys(a, pooled, new KeyPoolManagement.ImportKeys(io.vavr.collection.List.of(
                new KeyPoolManagement.KeyLine(1, "ACME-POOLED-KEY-0001", null, null, null),
                new KeyPoolManagement.KeyLine(2, "ACME-POOLED-KEY-0002", null, null, null)))).get();
        data.webhook(a);
        server.webhookAnswer.set(new Outcome.Answered(500));
        String pending = data.grant(a, manual, "ada@example.com", "Ada", "pay_1");
        data.grant(a, pooled, "pat@example.com", "Pat", "pay_2");
        String seated = data.grant(a, pooled, "sam@example.com", "Sam", "pay_3");
        seatedKey = server.grantor.grants().get(a, seated).get().licenseKey().get().value().value();
        server.grantor.licensing().activate(new Licensing.ActivateLicense(seatedKey, "Sam laptop")).get();
        String seat = server.grantor.licenseKeys().instances(a, null).get().head().instance().id().value();
        String parked = parkedDeliveryEmail(a);
        server.clock.advance(Duration.ofMinutes(5));
        server.relay();
        server.dispatch();
        String webhook = server.grantor.webhooks().list(a, new dev.grantor.application.port.in.Webhooks.ListWebhooks(null, 10))
                .get().data().head().id();
        String delivery = server.grantor.webhooks().deliveries(a, webhook, 20).get().head().id();
        // the stock left after the two pooled grants, for "void" and "fill from pool"
        server.grantor.keyPools().importKeys(a, pooled, new KeyPoolManagement.ImportKeys(io.vavr.collection.List.of(
                new KeyPoolManagement.KeyLine(1, "ACME-POOLED-KEY-0003", null, null, null)))).get();
        String key = server.grantor.keyPools().keys(a, pooled, null).get().find(k -> k.status().wire().equals("available"))
                .get().id().value();
        String customer = server.grantor.grants().get(a, pending).get().grant().customerId().value();
        ids = Map.of("{id}", pending, "{seated}", seated, "{instance}", seat, "{entitlement}", pooled, "{key}", key,
                "{webhook}", webhook, "{delivery}", delivery, "{message}", parked, "{customer}", customer);
    }

    /** A delivery email the SMTP server refused for good: parked, and an operator may requeue it. */
    private static String parkedDeliveryEmail(BusinessId business) {
        var email = server.store.outbox().claimDue(server.clock.instant(), 1_000, Duration.ofMinutes(1))
                .find(m -> m.businessId().equals(business) && m.kind() == OutboxMessage.Kind.EMAIL).get();
        server.store.outbox().park(email.claim(), 1, "550 no such user", server.clock.instant());
        return email.id();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static WebClient signedInAs(String subject) {
        var client = new WebClient(server.base);
        assertThat(client.signIn(server.consoleLink(server.a, subject)).statusCode()).isEqualTo(303);
        return client;
    }

    /** A route's path with its parameters filled: a grant's seat and resend need the grant that has them. */
    static String filled(String route) {
        String path = route;
        if (route.contains("/instances/") || route.endsWith("/resend")) {
            path = path.replace("{id}", ids.get("{seated}"));
        }
        for (var id : ids.entrySet()) {
            path = path.replace(id.getKey(), id.getValue());
        }
        return path.replaceAll("\\{[a-z]+}", "x_unknown");
    }

    /** Everything a console change could touch, read through the use cases. */
    static String everything() {
        var a = server.a;
        return String.join("\n",
                server.grantor.grants().list(a, new ListGrants(100, 0, null, null, null, null)).get()
                        .map(g -> g.grant().id().value() + " " + g.grant().status() + " " + g.licenseKey().map(k -> k.instances().size()))
                        .mkString(","),
                server.grantor.keyPools().list(a).get().mkString(","),
                server.grantor.keyPools().keys(a, ids.get("{entitlement}"), null).get().map(k -> k.status().wire()).mkString(","),
                server.grantor.webhooks().deliveries(a, ids.get("{webhook}"), 20).get()
                        .map(d -> d.id() + " " + d.status() + " " + d.attempts()).mkString(","),
                server.store.outbox().find(ids.get("{message}")).map(m -> m.status() + " " + m.attempts()).getOrElse("gone"),
                server.grantor.deliveryResends().resends(a, ids.get("{seated}")).get().mkString(","),
                server.grantor.customers().get(a, ids.get("{customer}")).get().toString(),
                io.vavr.collection.List.ofAll(ids.values()).flatMap(subject -> server.grantor.operatorAccess().actionsOn(a, subject))
                        .mkString(","));
    }

    @Nested
    class A_viewer {

        @Test
        void is_refused_every_change_route_of_the_console_with_403_and_a_page_that_says_why_and_nothing_changes() {
            var vic = signedInAs(viewer);
            String csrf = WebClient.csrf(vic.get("/console/").body());
            var changes = server.routes(HandlerType.POST).stream()
                    .filter(route -> route.startsWith("/console/") && !NOT_CHANGES.contains(route)).toList();
            String before = everything();

            assertThat(changes).as("the console's change routes, as registered").hasSizeGreaterThanOrEqualTo(12)
                    .contains("/console/grants/{id}/fulfill", "/console/pools/{entitlement}/upload",
                            "/console/outbox/{message}/requeue", "/console/outbox/{message}/send-now",
                            "/console/webhooks/{webhook}/deliveries/{delivery}/retry",
                            "/console/customers/{customer}");
            for (String route : changes) {
                var answer = vic.post(filled(route), Map.ofEntries(Map.entry("_csrf", csrf), Map.entry("key", "VIEWER-TYPED-KEY-0001"),
                        Map.entry("keys", "VIEWER-POOLED-0001"), Map.entry("n", "1"), Map.entry("reason", "manual"),
                        Map.entry("error_code", "x"), Map.entry("error_message", "y"), Map.entry("email", "vic.took.it@example.com"),
                        Map.entry("name", "Taken By A Viewer"), Map.entry("phone_number", "+1 212 555 0100")));

                assertThat(answer.statusCode()).as(route).isEqualTo(403);
                assertThat(answer.body()).as(route).contains("Not allowed").contains("Your role in this console is viewer")
                        .contains("Nothing was changed");
            }
            assertThat(everything()).as("nothing changed").isEqualTo(before);
        }

        @Test
        void reads_every_page_and_is_offered_no_form_that_changes_anything_and_may_still_sign_out() {
            var vic = signedInAs(viewer);
            var pages = server.routes(HandlerType.GET).stream()
                    .filter(route -> route.startsWith("/console/") && !SIGNED_OUT_PAGES.contains(route)).toList();
            var grantPages = java.util.List.of("/console/grants/" + ids.get("{id}"), "/console/grants/" + ids.get("{seated}"));

            assertThat(pages).contains("/console/", "/console/grants/{id}", "/console/customers", "/console/customers/{customer}",
                    "/console/pools", "/console/webhooks", "/console/outbox");
            for (String path : io.vavr.collection.List.ofAll(pages).map(ConsoleRolesOverHttpTest::filled).appendAll(grantPages)) {
                var page = vic.get(path);

                assertThat(page.statusCode()).as(path).isEqualTo(200);
                assertThat(page.body()).as("the header of %s", path).contains("(viewer: reads only)");
                assertThat(io.vavr.collection.List.ofAll(POST_FORM.matcher(page.body()).results().map(m -> m.group(1)).toList()))
                        .as("the change forms of %s", path).containsOnly("/console/sign-out");
            }
            assertThat(vic.post("/console/sign-out", Map.of("_csrf", WebClient.csrf(vic.get("/console/").body()))).statusCode())
                    .isEqualTo(303);
        }

        /** The role is said on the pages that answer a refusal too: a missing grant, a refused change. */
        @Test
        void is_named_a_viewer_in_the_header_of_a_refusal_page_as_well() {
            var vic = signedInAs(viewer);
            var missing = vic.get("/console/grants/grant_none");
            var refused = vic.post("/console/grants/" + ids.get("{id}") + "/revoke",
                    Map.of("_csrf", WebClient.csrf(vic.get("/console/").body()), "reason", "manual"));

            assertThat(missing.statusCode()).isEqualTo(404);
            assertThat(missing.body()).contains("signed in as vic@acme.example (viewer: reads only)");
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(refused.body()).contains("signed in as vic@acme.example (viewer: reads only)");
        }

        /**
         * A receiver may take its secret in the URL's path or query, and whoever has it can post there as Grantor: a
         * viewer sees where the deliveries go, not the rest. An operator sees the whole URL.
         */
        @Test
        void sees_a_webhook_s_scheme_host_and_port_but_not_its_path_or_query() {
            var url = "https://hooks.example.test:8443/services/T0ACME/B0ACME/s3cr3tPathToken?token=q5ecr5t";
            server.grantor.webhooks().create(server.a, new dev.grantor.application.port.in.Webhooks.CreateWebhook(url,
                    "chat alerts", null, null, null, null, null)).get();

            var seen = signedInAs(viewer).get("/console/webhooks").body();

            assertThat(seen).contains("https://hooks.example.test:8443/…").contains("https://hooks.example.test/…")
                    .doesNotContain("s3cr3tPathToken").doesNotContain("q5ecr5t").doesNotContain("/services/T0ACME")
                    .doesNotContain("hooks.example.test/grantor");
            assertThat(signedInAs(operator).get("/console/webhooks").body()).as("an operator's page")
                    .contains(url.replace("&", "&amp;")).contains("https://hooks.example.test/grantor");
        }

        /** Handing a key out is a delivery, and delivering is a change: a viewer sees which key it is, not the key. */
        @Test
        void sees_a_key_s_last_four_characters_and_its_seats_but_never_the_key() {
            var page = signedInAs(viewer).get("/console/grants/" + ids.get("{seated}")).body();

            assertThat(page).doesNotContain(seatedKey).doesNotContain("Reveal the key")
                    .contains("…" + seatedKey.substring(seatedKey.length() - 4)).contains("Sam laptop");
        }

        /**
         * The search finds a grant by the end of its key. Were a viewer's search matched against more than the four
         * characters its pages show, each answer would tell whether a guess of one more character is right, and the
         * whole key would come out a character at a time.
         */
        @Test
        void finds_a_grant_by_its_key_s_last_four_characters_and_learns_nothing_more_of_the_key_by_searching() {
            var vic = signedInAs(viewer);
            String seated = ids.get("{seated}");

            assertThat(vic.get("/console/grants?q=" + seatedKey.substring(seatedKey.length() - 4)).body()).contains(seated);
            for (int length = 5; length <= seatedKey.length(); length++) {
                String guess = seatedKey.substring(seatedKey.length() - length);

                assertThat(vic.get("/console/grants?q=" + guess).body()).as(guess).doesNotContain(seated)
                        .contains("No grant matches");
            }
            assertThat(signedInAs(operator).get("/console/grants?q=" + seatedKey).body()).as("an operator's search")
                    .contains(seated);
        }

        /**
         * A key shorter than 16 characters shows none of itself, on the grant page and in its timeline alike, however
         * its characters are encoded: eight characters outside the Basic Multilingual Plane are sixteen UTF-16 units.
         */
        @Test
        void reads_nothing_of_a_short_key_in_the_timeline_of_the_grant_an_operator_fulfilled_with_it() {
            String grant = data.grant(server.a, data.manualEntitlement(server.a, "Acme Symbols"), "sym@example.com", "Sym", "pay_sym");
            String key = "\uD83D\uDD11\uD83D\uDD12\uD83D\uDD13\uD83D\uDD14\uD83D\uDD15\uD83D\uDD16\uD83D\uDD17\uD83D\uDD18";
            var ops = signedInAs(operator);
            var fulfilled = ops.post("/console/grants/" + grant + "/fulfill", Map.of("_csrf", WebClient.csrf(ops.get("/console/").body()),
                    "key", key, "back", "grant"));

            assertThat(fulfilled.statusCode()).isEqualTo(303);
            assertThat(fulfilled.headers().firstValue("Location")).as("the operator is warned the key is short")
                    .hasValueSatisfying(location -> assertThat(location).endsWith("&short=8"));
            assertThat(signedInAs(viewer).get("/console/grants/" + grant).body())
                    .doesNotContain(key.substring(key.length() - 4)).doesNotContain(key.substring(key.length() - 2))
                    .contains("fulfilled (key ending (short key, not shown))");
            assertThat(signedInAs(viewer).get("/console/grants?q=" + java.net.URLEncoder.encode(key.substring(key.length() - 8),
                    java.nio.charset.StandardCharsets.UTF_8)).body()).as("a viewer's search by its last four characters")
                    .doesNotContain(grant).contains("No grant matches");
        }
    }

    /**
     * A pooled key is some customer's key tomorrow: the pools page names a short one (under 16 characters) by none of
     * its characters, as its grant page will, where four would be half of an eight-character key and all of a
     * four-character one; for an operator too, whose Void button names it by when it was added.
     */
    @Test
    void the_pools_page_shows_nothing_of_a_short_pooled_key_and_the_last_four_of_a_long_one() {
        String pooled = data.pooledEntitlement(server.a, "Acme Short Keys");
        server.grantor.keyPools().importKeys(server.a, pooled, new KeyPoolManagement.ImportKeys(io.vavr.collection.List.of(
                new KeyPoolManagement.KeyLine(1, "SHRT-K9Q7", null, null, null),
                new KeyPoolManagement.KeyLine(2, "K4Z7", null, null, null),
                new KeyPoolManagement.KeyLine(3, "LONG-ENOUGH-KEY-W3X8", null, null, null)))).get();

        for (var client : java.util.List.of(signedInAs(viewer), signedInAs(operator))) {
            assertThat(client.get("/console/pools").body()).doesNotContain("K9Q7").doesNotContain("K4Z7")
                    .contains("a short key, not shown").contains("…W3X8");
        }
        assertThat(signedInAs(operator).get("/console/pools").body()).contains("aria-label=\"Void the key ending W3X8\"")
                .contains("aria-label=\"Void the short key added ");
    }

    /**
     * A delivery not yet attempted has no answer: its cell says so rather than stand empty (at 360 px a card line
     * "Last answer:" followed by nothing). One attempted says what the receiver answered.
     */
    @Test
    void a_delivery_not_yet_attempted_says_its_last_answer_is_none_yet() {
        data.webhook(server.b);
        data.grant(server.b, data.manualEntitlement(server.b, "Bolt Waiting"), "wes@bolt.example", "Wes", "pay_b_wait");
        server.relay();
        var owner = new WebClient(server.base);
        assertThat(owner.signIn(server.consoleLink(server.b)).statusCode()).isEqualTo(303);

        assertThat(owner.get("/console/webhooks").body()).contains(">pending</td>")
                .contains("<td data-label=\"Last answer\"><span class=\"muted\">none yet</span></td>");
        assertThat(signedInAs(operator).get("/console/webhooks").body()).as("business A's, answered 500")
                .contains("<td data-label=\"Last answer\">500 ");
    }

    @Nested
    class An_operator {

        /** The same pages offer an operator its forms: what a viewer misses is the role's doing, not the page's. */
        @Test
        void is_offered_the_change_forms_and_the_key() {
            var ops = signedInAs(operator);

            assertThat(ops.get("/console/").body()).contains("/console/grants/" + ids.get("{id}") + "/fulfill")
                    .doesNotContain("(viewer");
            assertThat(ops.get("/console/grants/" + ids.get("{seated}")).body()).contains(seatedKey).contains("/free");
            assertThat(ops.get("/console/pools").body()).contains("/void");
        }

        @Test
        void made_a_viewer_is_refused_on_its_next_request_and_made_an_operator_again_is_not() {
            var ops = signedInAs(operator);
            String csrf = WebClient.csrf(ops.get("/console/").body());
            String revoke = "/console/grants/" + ids.get("{id}") + "/revoke";

            server.grantor.operatorAccess().changeRole(server.a, operator, Role.VIEWER).get();
            var refused = ops.post(revoke, Map.of("_csrf", csrf, "reason", "manual"));
            server.grantor.operatorAccess().changeRole(server.a, operator, Role.OPERATOR).get();
            var allowed = ops.post("/console/grants/" + ids.get("{id}") + "/fail", Map.of("_csrf", csrf, "error_code", "",
                    "error_message", ""));

            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(allowed.statusCode()).as("refused by the use case's own rule, past the role check").isEqualTo(400);
        }
    }

    @Nested
    class The_owner_of_a_command_line_link {

        @Test
        void is_offered_the_change_forms() {
            var owner = new WebClient(server.base);
            owner.signIn(server.consoleLink(server.a));

            assertThat(owner.get("/console/").body()).contains("/console/grants/" + ids.get("{id}") + "/fulfill");
        }
    }
}

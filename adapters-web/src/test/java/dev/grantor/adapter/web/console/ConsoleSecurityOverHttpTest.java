package dev.grantor.adapter.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.adapter.web.WebClient;
import dev.grantor.adapter.web.WebServer;
import dev.grantor.application.port.in.KeyPoolManagement;
import dev.grantor.application.port.in.Licensing;
import dev.grantor.domain.grant.GrantStatus;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The console's defences over plain HTTP: what a browser would enforce is checked on the wire. */
class ConsoleSecurityOverHttpTest {

    static WebServer server;
    static ConsoleData data;
    static String grantOfA;
    static String grantOfB;

    @BeforeAll
    static void start() {
        server = new WebServer();
        data = new ConsoleData(server);
        grantOfA = data.grant(server.a, data.manualEntitlement(server.a, "Acme Pro"), "ada@example.com",
                ConsoleData.HOSTILE_NAME, "pay_1");
        grantOfB = data.grant(server.b, data.manualEntitlement(server.b, "Bolt Pro"), "bea@example.com", "Bea", "pay_2");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static WebClient signedIn(dev.grantor.domain.shared.BusinessId business) {
        var client = new WebClient(server.base);
        assertThat(client.signIn(server.consoleLink(business)).statusCode()).isEqualTo(303);
        return client;
    }

    @Nested
    class Forms_without_the_csrf_token {

        @Test
        void are_refused_with_403_and_change_nothing() {
            var client = signedIn(server.a);

            var missing = client.post("/console/grants/" + grantOfA + "/fulfill", Map.of("key", "KEY-NO-TOKEN-000001"));
            var wrong = client.post("/console/grants/" + grantOfA + "/fulfill",
                    Map.of("_csrf", "not-the-token", "key", "KEY-NO-TOKEN-000001"));

            assertThat(missing.statusCode()).isEqualTo(403);
            assertThat(wrong.statusCode()).isEqualTo(403);
            assertThat(status(grantOfA)).isEqualTo(GrantStatus.PENDING);
        }

        @Test
        void another_sessions_token_is_not_this_sessions_token() {
            var ada = signedIn(server.a);
            var other = signedIn(server.a);
            String othersToken = WebClient.csrf(other.get("/console/").body());

            var answer = ada.post("/console/grants/" + grantOfA + "/revoke", Map.of("_csrf", othersToken, "reason", "manual"));

            assertThat(answer.statusCode()).isEqualTo(403);
            assertThat(status(grantOfA)).isEqualTo(GrantStatus.PENDING);
        }

        @Test
        void the_open_sign_in_form_needs_its_token_too() {
            var client = new WebClient(server.base);
            client.get("/console/sign-in");

            assertThat(client.post("/console/login", Map.of("email", "ops@example.com")).statusCode()).isEqualTo(403);
        }
    }

    @Nested
    class A_session_of_business_A {

        @Test
        void cannot_see_business_Bs_grant() {
            var a = signedIn(server.a);

            var page = a.get("/console/grants/" + grantOfB);

            assertThat(page.statusCode()).isEqualTo(404);
            assertThat(page.body()).doesNotContain("bea@example.com");
            assertThat(a.get("/console/").body()).doesNotContain(grantOfB);
            assertThat(a.get("/console/grants?q=bea%40example.com").body()).doesNotContain(grantOfB);
        }

        @Test
        void cannot_act_on_business_Bs_grant() {
            var a = signedIn(server.a);
            String csrf = WebClient.csrf(a.get("/console/").body());

            var fulfill = a.post("/console/grants/" + grantOfB + "/fulfill", Map.of("_csrf", csrf, "key", "KEY-CROSS-TENANT-01"));
            var revoke = a.post("/console/grants/" + grantOfB + "/revoke", Map.of("_csrf", csrf, "reason", "manual"));

            assertThat(fulfill.statusCode()).isEqualTo(404);
            assertThat(revoke.statusCode()).isEqualTo(404);
            assertThat(server.grantor.grants().get(server.b, grantOfB).get().grant().status()).isEqualTo(GrantStatus.PENDING);
        }
    }

    /**
     * Business B's pool, its pooled key, a seat on its key and its outbox messages: a session of A gets for each exactly
     * the answer it gets for an id nobody has (status and page), and B's records stay as they were.
     */
    @Nested
    class Business_Bs_pool_seats_and_outbox {

        @Test
        void answer_a_session_of_A_as_ids_nobody_has() {
            String pooledOfB = data.pooledEntitlement(server.b, "Bolt Keys");
            server.grantor.keyPools().importKeys(server.b, pooledOfB, new KeyPoolManagement.ImportKeys(io.vavr.collection.List.of(
                    new KeyPoolManagement.KeyLine(1, "BOLT-POOLED-0001", null, null, null),
                    new KeyPoolManagement.KeyLine(2, "BOLT-POOLED-0002", null, null, null)))).get();
            String keyOfB = server.grantor.keyPools().keys(server.b, pooledOfB, null).get().head().id().value();
            String seatedGrantOfB = data.grant(server.b, pooledOfB, "bo@example.com", "Bo", "pay_seat");
            String valueOfB = server.grantor.grants().get(server.b, seatedGrantOfB).get().licenseKey().get().value().value();
            server.grantor.licensing().activate(new Licensing.ActivateLicense(valueOfB, "Bo's laptop")).get();
            String seatOfB = server.grantor.licenseKeys().instances(server.b, null).get().head().instance().id().value();
            String messageOfB = server.grantor.outboxAdministration().pending(0, 100)
                    .find(m -> m.businessId().equals(server.b)).get().id();
            String nobodys = "ent_000000000000000000000";
            var a = signedIn(server.a);
            String csrf = WebClient.csrf(a.get("/console/").body());
            var form = Map.of("_csrf", csrf, "keys", "A-INTO-B-0001", "n", "5");
            String poolBefore = server.grantor.keyPools().get(server.b, pooledOfB).get().toString();

            for (var pair : java.util.List.of(
                    java.util.List.of("/console/pools/" + pooledOfB + "/keys", "/console/pools/" + nobodys + "/keys"),
                    java.util.List.of("/console/pools/" + pooledOfB + "/keys/" + keyOfB + "/void",
                            "/console/pools/" + nobodys + "/keys/pk_000000000000000000000/void"),
                    java.util.List.of("/console/pools/" + pooledOfB + "/fulfill-oldest", "/console/pools/" + nobodys + "/fulfill-oldest"),
                    java.util.List.of("/console/grants/" + seatedGrantOfB + "/instances/" + seatOfB + "/free",
                            "/console/grants/entg_000000000000000000000/instances/lki_000000000000000000000/free"),
                    java.util.List.of("/console/grants/" + grantOfA + "/instances/" + seatOfB + "/free",
                            "/console/grants/" + grantOfA + "/instances/lki_000000000000000000000/free"),
                    java.util.List.of("/console/grants/" + seatedGrantOfB + "/resend", "/console/grants/entg_000000000000000000000/resend"),
                    java.util.List.of("/console/outbox/" + messageOfB + "/requeue", "/console/outbox/msg_000000000000000000000/requeue"),
                    java.util.List.of("/console/outbox/" + messageOfB + "/send-now", "/console/outbox/msg_000000000000000000000/send-now"))) {
                var theirs = a.post(pair.get(0), form);
                var nobody = a.post(pair.get(1), form);

                assertThat(theirs.statusCode()).as(pair.get(0)).isEqualTo(404);
                assertThat(nobody.statusCode()).as(pair.get(1)).isEqualTo(404);
                assertThat(page(theirs.body())).as(pair.get(0)).isEqualTo(page(nobody.body()));
                assertThat(theirs.body()).as(pair.get(0)).doesNotContain("Bolt").doesNotContain("BOLT").doesNotContain("bo@example.com");
            }

            assertThat(server.grantor.keyPools().get(server.b, pooledOfB).get().toString()).isEqualTo(poolBefore);
            assertThat(server.grantor.keyPools().keys(server.b, pooledOfB, null).get()).extracting(k -> k.status().wire())
                    .containsExactly("available", "assigned");
            assertThat(server.grantor.licenseKeys().instances(server.b, null).get()).hasSize(1);
        }

        /** A page with the parts that differ per request (the CSRF token, the ids in the path) taken out. */
        private static String page(String html) {
            return html.replaceAll("name=\"_csrf\" value=\"[^\"]*\"", "").replaceAll("(ent|pk|entg|lki|msg)_[0-9A-Za-z]{21}", "ID");
        }
    }

    @Nested
    class The_queue {

        /** The console reads the query's numbers; their bounds are the query's rule (issue 10: each rule in one place). */
        @Test
        void a_negative_offset_is_refused_by_the_querys_rule_not_corrected_by_the_page() {
            var a = signedIn(server.a);

            var page = a.get("/console/?offset=-1");

            assertThat(page.statusCode()).isEqualTo(400);
            assertThat(page.body()).contains("must be greater than or equal to 0");
            assertThat(a.get("/console/?offset=0").statusCode()).isEqualTo(200);
        }
    }

    @Nested
    class Sign_in_links_and_sessions {

        @Test
        void a_used_link_is_refused() {
            String link = server.consoleLink(server.a);
            assertThat(new WebClient(server.base).signIn(link).statusCode()).isEqualTo(303);

            var again = new WebClient(server.base).signIn(link);

            assertThat(again.statusCode()).isEqualTo(401);
            assertThat(again.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("grantor_console="));
        }

        @Test
        void an_expired_link_is_refused() {
            String link = server.consoleLink(server.a);
            server.clock.advance(Duration.ofMinutes(15).plusSeconds(1));

            assertThat(new WebClient(server.base).signIn(link).statusCode()).isEqualTo(401);
        }

        @Test
        void a_session_idle_for_8_hours_has_ended() {
            var client = signedIn(server.a);
            assertThat(client.get("/console/").statusCode()).isEqualTo(200);
            server.clock.advance(Duration.ofHours(8).plusSeconds(1));

            var page = client.get("/console/");

            assertThat(page.statusCode()).isEqualTo(303);
            assertThat(page.headers().firstValue("Location")).contains("/console/sign-in");
        }

        @Test
        void the_session_cookie_is_http_only_strict_and_scoped_to_the_console() {
            var signedIn = new WebClient(server.base).signIn(server.consoleLink(server.a));

            String cookie = signedIn.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("grantor_console="))
                    .findFirst().orElseThrow();
            assertThat(cookie).contains("; Path=/console").contains("HttpOnly").contains("SameSite=Strict")
                    .as("plain http on loopback: no Secure, or the browser would drop it").doesNotContain("Secure");
            assertThat(cookie.split(";")[0].length()).as("256 random bits").isEqualTo("grantor_console=".length() + 43);
        }

        @Test
        void a_links_button_without_its_token_opens_nothing_and_leaves_the_link_usable() {
            String link = server.consoleLink(server.a);
            var client = new WebClient(server.base);
            client.get(URIs.path(link));

            assertThat(client.post(URIs.path(link), Map.of()).statusCode()).isEqualTo(403);
            assertThat(client.cookie("grantor_console")).isNull();
            assertThat(new WebClient(server.base).signIn(link).statusCode()).isEqualTo(303);
        }

        @Test
        void a_forged_or_foreign_cookie_is_no_session() {
            var client = new WebClient(server.base);
            client.cookie("grantor_console", "A".repeat(43));

            assertThat(client.get("/console/").statusCode()).isEqualTo(303);
        }
    }

    @Nested
    class Every_page {

        @ParameterizedTest
        @ValueSource(strings = {"/console/", "/console/grants", "/console/pools", "/console/webhooks", "/console/outbox",
                "/console/sign-in", "/console/grants?q=ada%40example.com"})
        void carries_the_security_headers_and_escapes_a_hostile_customer_name(String path) {
            var client = signedIn(server.a);

            var page = client.get(path);

            assertThat(page.statusCode()).isEqualTo(200);
            assertSecurityHeaders(page);
            assertThat(page.body()).doesNotContain("<img src=x");
        }

        /** Generated markup in names (seeded): whatever a customer is called, the pages show it as text. */
        @Test
        void no_generated_name_ever_becomes_markup() {
            var names = org.instancio.Instancio.ofList(String.class).size(25).withSeed(20261202L).create().stream()
                    .map(s -> "<b data-x=\"" + s.substring(0, Math.min(8, s.length())) + "\" onmouseover=alert(1)>" + s
                            + "</b><script>alert('" + s + "')</script>")
                    .toList();
            String entitlement = data.manualEntitlement(server.a, "Generated names");
            var issued = new java.util.ArrayList<String>();
            for (int i = 0; i < names.size(); i++) {
                var grant = server.grantor.issuing().issue(server.a, entitlement, new dev.grantor.application.port.in
                        .GrantIssuing.IssueGrant(new dev.grantor.application.port.in.GrantIssuing.CustomerContact(null,
                        "gen" + i + "@example.com", names.get(i)), "pay_gen_" + i, null, null));
                grant.forEach(g -> issued.add(g.grant().grant().id().value()));
            }
            assertThat(issued).as("names the domain accepts").hasSizeGreaterThan(10);
            var client = signedIn(server.a);

            var pages = new java.util.ArrayList<String>();
            pages.add(client.get("/console/?entitlement=" + entitlement).body());
            issued.forEach(id -> pages.add(client.get("/console/grants/" + id).body()));
            pages.add(client.get("/console/grants?q=gen3%40example.com").body());

            assertThat(pages).allSatisfy(body -> assertThat(body).doesNotContain("<b data-x").doesNotContain("<script>"));
        }

        @Test
        void the_grant_page_escapes_the_name_too() {
            var page = signedIn(server.a).get("/console/grants/" + grantOfA);

            assertThat(page.body()).contains("&lt;img src=x onerror=alert(1)&gt;").doesNotContain("<img src=x");
            assertSecurityHeaders(page);
        }

        @Test
        void assets_are_versioned_and_cached_for_a_year() {
            var page = signedIn(server.a).get("/console/");
            var css = java.util.regex.Pattern.compile("href=\"(/console/assets/grantor\\.[0-9a-f]{10}\\.css)\"").matcher(page.body());
            assertThat(css.find()).isTrue();

            var asset = new WebClient(server.base).get(css.group(1));

            assertThat(asset.statusCode()).isEqualTo(200);
            assertThat(asset.headers().firstValue("Cache-Control")).contains("public, max-age=31536000, immutable");
            assertThat(asset.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/css"));
            assertThat(new WebClient(server.base).get("/console/assets/grantor.0000000000.css").statusCode()).isEqualTo(404);
        }
    }

    @Nested
    class Emailed_sign_in_links {

        @Test
        void an_unknown_email_gets_the_same_answer_as_a_known_one_and_a_link_goes_only_to_the_operator() {
            var operator = server.grantor.operatorAccess().add(server.a, "ops@acme.example").get();
            var client = new WebClient(server.base);
            String csrf = WebClient.csrf(client.get("/console/sign-in").body());
            long before = signInMails().size();

            var known = askForLink(client, form(csrf, "ops@acme.example"));
            var unknown = askForLink(client, form(csrf, "nobody@acme.example"));

            assertThat(known.statusCode()).isEqualTo(unknown.statusCode()).isEqualTo(200);
            assertThat(known.body().replace("ops@acme.example", "X")).isEqualTo(unknown.body().replace("nobody@acme.example", "X"));
            assertThat(signInMails().size() - before).as("queued, not sent in the request").isZero();
            server.relay();
            assertThat(signInMails().size() - before).isEqualTo(1);
            assertThat(operator.id()).startsWith("op_");
        }

        /**
         * The request counts the client and answers; the operator's link and email are found and written after it, so
         * the answer must not take measurably longer for either kind of address. An hour between rounds keeps both under
         * the per-address and per-client limits, which answer sooner; it also makes the purges due again, which the
         * round's first request runs, whoever it is for, so the two take turns at going first. Within 10 ms: on a loaded
         * two-core machine (load 7 to 11) the lower quartiles, taken this way, differed by 3 ms at most in 20 runs of a
         * fresh server each, and by 4.5 ms in this class among the whole module's tests. The store here is in memory,
         * where the lookup costs microseconds: {@code SignInTimingOnTheServiceTest} times it on a real database.
         */
        @Test
        void an_operator_s_address_and_an_unknown_one_are_answered_in_a_similar_time() {
            server.grantor.operatorAccess().add(server.a, "timed@acme.example").get();
            var client = new WebClient(server.base);
            String csrf = WebClient.csrf(client.get("/console/sign-in").body());
            var known = new java.util.ArrayList<Long>();
            var unknown = new java.util.ArrayList<Long>();
            for (int round = 0; round < 10; round++) {
                server.clock.advance(Duration.ofHours(1));
                for (int i : round % 2 == 0 ? new int[] {0, 1} : new int[] {1, 0}) {
                    String email = i == 0 ? "timed@acme.example" : "stranger" + round + "@acme.example";
                    long started = System.nanoTime();
                    var answer = askForLink(client, form(csrf, email));
                    long took = System.nanoTime() - started;
                    assertThat(answer.statusCode()).isEqualTo(200);
                    (i == 0 ? known : unknown).add(took);
                }
                // each request holds one of its site's 10 console places until its work is done, 200 ms after it
                // was answered: twenty back to back are a flood of one site, which the queue refuses
                server.settled();
            }
            dev.grantor.adapter.web.SimilarTimes.assertSimilar("console link request", "operator", known, "unknown", unknown,
                    Duration.ofMillis(10));
            server.relay();
        }

        @Test
        void at_most_5_links_an_hour_go_to_one_operator() {
            server.grantor.operatorAccess().add(server.b, "flood@bolt.example").get();
            var client = new WebClient(server.base);
            String csrf = WebClient.csrf(client.get("/console/sign-in").body());
            long before = signInMails().size();

            for (int i = 0; i < 8; i++) {
                assertThat(askForLink(client, form(csrf, "flood@bolt.example")).statusCode()).isEqualTo(200);
            }

            server.relay();
            assertThat(signInMails().size() - before).isEqualTo(5);
            server.clock.advance(Duration.ofMinutes(61));
            askForLink(client, form(csrf, "flood@bolt.example"));
            server.relay();
            assertThat(signInMails().size() - before).isEqualTo(6);
        }

        private static Map<String, String> form(String csrf, String email) {
            var fields = new LinkedHashMap<String, String>();
            fields.put("_csrf", csrf);
            fields.put("email", email);
            return fields;
        }

        /** At a person's pace: every test here asks from 127.0.0.1, which may ask 6 times a minute. */
        private static java.net.http.HttpResponse<String> askForLink(WebClient client, Map<String, String> form) {
            server.clock.advance(Duration.ofSeconds(15));
            return client.post("/console/login", form);
        }

        private static java.util.List<java.nio.file.Path> signInMails() {
            try (var files = java.nio.file.Files.list(server.pickup)) {
                return files.filter(p -> p.getFileName().toString().startsWith("sign-in-")).toList();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    /** {@code grantor operators remove}: a staff member who left is shut out at once, and history still names them. */
    @Nested
    class Removing_an_operator {

        @Test
        void signs_out_their_open_session_and_kills_every_link_minted_for_them() throws Exception {
            var operator = server.grantor.operatorAccess().add(server.a, "leaver@acme.example").get();
            var session = new WebClient(server.base);
            assertThat(session.signIn(server.consoleLink(server.a, operator.id())).statusCode()).isEqualTo(303);
            assertThat(session.get("/console/").statusCode()).isEqualTo(200);
            String minted = server.consoleLink(server.a, operator.id());
            String emailed = emailedLink("leaver@acme.example");

            assertThat(server.grantor.operatorAccess().remove(server.a, "Leaver@Acme.example").get().already()).isFalse();

            var page = session.get("/console/");
            assertThat(page.statusCode()).as("the next request of the open session").isEqualTo(303);
            assertThat(page.headers().firstValue("Location")).contains("/console/sign-in");
            assertThat(new WebClient(server.base).signIn(minted).statusCode()).as("a link minted before").isEqualTo(401);
            assertThat(new WebClient(server.base).signIn(emailed).statusCode()).as("a link emailed before").isEqualTo(401);
            // a link minted while the removal committed slips past its deletion: the operator's mark still refuses it
            var late = new WebClient(server.base).signIn(server.consoleLink(server.a, operator.id()));
            assertThat(late.statusCode()).isEqualTo(401);
            assertThat(late.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("grantor_console="));
        }

        @Test
        void their_address_then_answers_as_an_unknown_one_and_gets_no_link_until_added_again() throws Exception {
            var operator = server.grantor.operatorAccess().add(server.b, "gone@bolt.example").get();
            server.grantor.operatorAccess().remove(server.b, operator.id()).get();
            var client = new WebClient(server.base);
            String csrf = WebClient.csrf(client.get("/console/sign-in").body());
            long before = signInMails().size();

            var removed = askForLink(client, form(csrf, "gone@bolt.example"));
            var unknown = askForLink(client, form(csrf, "never@bolt.example"));
            server.relay();

            assertThat(removed.statusCode()).isEqualTo(unknown.statusCode()).isEqualTo(200);
            assertThat(removed.body().replace("gone@bolt.example", "X")).isEqualTo(unknown.body().replace("never@bolt.example", "X"));
            assertThat(signInMails().size() - before).isZero();

            assertThat(server.grantor.operatorAccess().add(server.b, "GONE@bolt.example").get().id()).isEqualTo(operator.id());
            var back = new WebClient(server.base);
            assertThat(back.signIn(emailedLink("gone@bolt.example")).statusCode()).isEqualTo(303);
            assertThat(back.get("/console/").statusCode()).isEqualTo(200);
        }

        @Test
        void the_grant_timeline_still_names_them_by_email() {
            var operator = server.grantor.operatorAccess().add(server.a, "historian@acme.example").get();
            // an entry is written only with a change: this operator's is a fulfillment, of a grant of its own
            String grant = data.grant(server.a, data.manualEntitlement(server.a, "Acme History"), "hal@example.com", "Hal", "pay_h");
            server.grantor.operatorAccess().recorded(server.a, operator.id(),
                    new dev.grantor.application.port.in.OperatorAccess.Note("fulfilled", grant, "before leaving"),
                    () -> server.grantor.fulfillment().fulfillLicenseKey(server.a, grant,
                            new dev.grantor.application.port.in.GrantFulfillment.FulfillLicenseKey("HISTORY-KEY-0001-ABCD", null, null)))
                    .get();
            server.grantor.operatorAccess().remove(server.a, operator.id()).get();

            var page = signedIn(server.a).get("/console/grants/" + grant);

            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("historian@acme.example").doesNotContain(operator.id());
        }

        private static String emailedLink(String email) throws Exception {
            var client = new WebClient(server.base);
            var before = java.util.Set.copyOf(signInMails());
            askForLink(client, form(WebClient.csrf(client.get("/console/sign-in").body()), email));
            server.relay();
            var mail = signInMails().stream().filter(p -> !before.contains(p)).findFirst().orElseThrow();
            var link = java.util.regex.Pattern.compile("(https?://\\S+/console/login/[A-Za-z0-9_-]{43})")
                    .matcher(java.nio.file.Files.readString(mail));
            assertThat(link.find()).as("a link in " + mail).isTrue();
            return link.group(1);
        }

        private static Map<String, String> form(String csrf, String email) {
            var fields = new LinkedHashMap<String, String>();
            fields.put("_csrf", csrf);
            fields.put("email", email);
            return fields;
        }

        /** At a person's pace: every test here asks from 127.0.0.1, which may ask 6 times a minute. */
        private static java.net.http.HttpResponse<String> askForLink(WebClient client, Map<String, String> form) {
            server.clock.advance(Duration.ofSeconds(15));
            return client.post("/console/login", form);
        }

        private static java.util.List<java.nio.file.Path> signInMails() {
            try (var files = java.nio.file.Files.list(server.pickup)) {
                return files.filter(p -> p.getFileName().toString().startsWith("sign-in-")).toList();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    @Nested
    class A_head_request {

        @Test
        void is_answered_as_its_get_without_the_body_session_check_and_headers_included() {
            var stranger = new WebClient(server.base);
            var signedOut = stranger.head("/console/");
            assertThat(signedOut.statusCode()).isEqualTo(303);
            assertThat(signedOut.headers().firstValue("Location")).contains("/console/sign-in");
            assertSecurityHeaders(signedOut);
            assertSecurityHeaders(stranger.head("/console/sign-in"));
            assertThat(stranger.head("/console/grants/" + grantOfA).statusCode()).isEqualTo(303);

            var client = signedIn(server.a);
            var get = client.get("/console/grants/" + grantOfA);
            var head = client.head("/console/grants/" + grantOfA);
            assertThat(head.statusCode()).isEqualTo(200);
            assertThat(head.body()).isEmpty();
            assertThat(head.headers().firstValue("Content-Type")).isEqualTo(get.headers().firstValue("Content-Type"));
            assertSecurityHeaders(head);
            assertThat(client.head("/console/grants/" + grantOfB).statusCode()).as("another business's grant").isEqualTo(404);
        }
    }

    static void assertSecurityHeaders(HttpResponse<String> page) {
        var headers = page.headers();
        assertThat(headers.firstValue("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp)
                .contains("default-src 'none'").contains("frame-ancestors 'none'").contains("form-action 'self'")
                .doesNotContain("unsafe-inline").doesNotContain("unsafe-eval"));
        assertThat(headers.firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(headers.firstValue("Referrer-Policy")).contains("same-origin");
        assertThat(headers.firstValue("X-Frame-Options")).contains("DENY");
        assertThat(headers.firstValue("Cache-Control")).contains("no-store");
    }

    static GrantStatus status(String grant) {
        return server.grantor.grants().get(server.a, grant).get().grant().status();
    }

    /** The path of a link, for a client that speaks to the same server. */
    static final class URIs {
        static String path(String link) {
            return java.net.URI.create(link).getPath();
        }
    }

    @Nested
    class Filling_the_oldest_waiting_grants_from_a_pool {

        @Test
        void fills_them_oldest_first_until_the_keys_run_out_each_with_its_own_audit_entry() {
            String entitlement = data.pooledEntitlement(server.a, "Acme Bulk");
            var waiting = new java.util.ArrayList<String>();
            for (String name : java.util.List.of("one", "two", "three")) {
                // a second apart: grants of one instant queue in id order, which is random
                server.clock.advance(Duration.ofSeconds(1));
                waiting.add(data.grant(server.a, entitlement, name + "@example.com", name, "pay_bulk_" + name));
            }
            data.stockBesideWaitingGrants(server.a, entitlement, "BULK-KEY-0001", "BULK-KEY-0002");
            var a = signedIn(server.a);
            String csrf = WebClient.csrf(a.get("/console/pools").body());

            var answer = a.post("/console/pools/" + entitlement + "/fulfill-oldest", Map.of("_csrf", csrf, "n", "3"));

            assertThat(answer.statusCode()).isEqualTo(303);
            var statuses = waiting.stream().map(id -> server.grantor.grants().get(server.a, id).get().grant().status()).toList();
            assertThat(statuses).containsExactly(GrantStatus.DELIVERED, GrantStatus.DELIVERED, GrantStatus.PENDING);
            for (int i = 0; i < waiting.size(); i++) {
                var actions = server.grantor.operatorAccess().actionsOn(server.a, waiting.get(i));
                if (i < 2) {
                    assertThat(actions).singleElement().satisfies(action -> {
                        assertThat(action.action()).isEqualTo("fulfilled from the pool");
                        assertThat(action.detail()).isEqualTo("bulk");
                    });
                } else {
                    assertThat(actions).as("the grant the keys did not reach").isEmpty();
                }
            }
        }

        /** The refusal sits at the N field it is about, keeps what was typed and takes the focus; nothing is filled. */
        @Test
        void a_count_out_of_range_is_refused_at_its_field() {
            String entitlement = data.pooledEntitlement(server.a, "Acme Count");
            String waiting = data.grant(server.a, entitlement, "count@example.com", "count", "pay_count");
            data.stockBesideWaitingGrants(server.a, entitlement, "COUNT-KEY-0001");
            var a = signedIn(server.a);
            String csrf = WebClient.csrf(a.get("/console/pools").body());

            var answer = a.post("/console/pools/" + entitlement + "/fulfill-oldest", Map.of("_csrf", csrf, "n", "1001"));

            assertThat(answer.statusCode()).isEqualTo(422);
            String html = answer.body();
            var field = java.util.regex.Pattern.compile("<input id=\"n-" + entitlement + "\"[^>]*>").matcher(html);
            assertThat(field.find()).as("the N field is on the page").isTrue();
            assertThat(field.group()).contains("value=\"1001\"").contains("aria-invalid=\"true\"").contains("autofocus")
                    .contains("aria-describedby=\"n-error-" + entitlement + "\"");
            assertThat(html).contains("<span class=\"field-error\" id=\"n-error-" + entitlement
                    + "\">How many grants: a whole number from 1 to 1000.</span>");
            assertThat(html).containsPattern("<title>Error: ");
            assertThat(html).as("said once, at the field").doesNotContain("class=\"notice");
            assertThat(server.grantor.grants().get(server.a, waiting).get().grant().status()).isEqualTo(GrantStatus.PENDING);
        }
    }

    /** A parked message about no grant is on no grant's timeline: its requeue is recorded under its own id, as before. */
    @Nested
    class A_parked_message_about_no_grant {

        @Test
        void is_requeued_from_the_outbox_page_and_recorded_under_its_own_id() {
            var event = dev.grantor.application.contract.ContractFixtures.event(server.a, server.clock.instant());
            server.store.transactions().write(() -> {
                server.store.outbox().append(io.vavr.collection.List.of(event));
                return io.vavr.control.Either.right(true);
            });
            var claimed = server.store.outbox().claimDue(server.clock.instant(), 1_000, Duration.ofMinutes(1))
                    .find(m -> m.id().equals(event.id())).get();
            server.store.outbox().park(claimed.claim(), 1, "fan-out failed", server.clock.instant());
            var a = signedIn(server.a);
            String page = a.get("/console/outbox").body();

            var requeued = a.post("/console/outbox/" + event.id() + "/requeue", Map.of("_csrf", WebClient.csrf(page)));

            assertThat(requeued.statusCode()).isEqualTo(303);
            assertThat(server.store.auditTrail().latestAbout(server.a, event.id(), io.vavr.control.Option.none(), 10)
                    .map(entry -> entry.action() + "|" + entry.detail())).containsExactly("requeued an outbox message|");
        }
    }

    /** A parked sign-in email's secret is erased, so it cannot go again: the page says so instead of offering it. */
    @Nested
    class A_parked_sign_in_email {

        @Test
        void is_shown_without_a_requeue_button_and_a_requeue_says_why_not() {
            var email = dev.grantor.application.contract.ContractFixtures.signInEmail(server.a, "K7PQ2W", server.clock.instant());
            server.store.transactions().write(() -> {
                server.store.outbox().append(io.vavr.collection.List.of(email));
                return io.vavr.control.Either.right(true);
            });
            var claimed = server.store.outbox().claimDue(server.clock.instant(), 1_000, Duration.ofMinutes(1))
                    .find(m -> m.id().equals(email.id())).get();
            server.store.outbox().park(claimed.claim(), 1, "550 no such user", server.clock.instant());
            var a = signedIn(server.a);

            String page = a.get("/console/outbox").body();
            assertThat(page).contains(email.id()).contains("cannot be sent again")
                    .doesNotContain("/console/outbox/" + email.id() + "/requeue");

            var refused = a.post("/console/outbox/" + email.id() + "/requeue", Map.of("_csrf", WebClient.csrf(page)));
            assertThat(refused.statusCode()).isEqualTo(409);
            assertThat(refused.body()).contains("A sign-in email cannot be sent again").doesNotContain("There is no such parked message");
            assertThat(server.store.outbox().find(email.id()).get().status())
                    .isEqualTo(dev.grantor.application.port.out.OutboxMessage.Status.PARKED);
        }
    }
}

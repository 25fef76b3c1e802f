package dev.grantor.adapter.web.portal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.contract.Race;
import dev.grantor.application.port.in.CustomerPortal;
import dev.grantor.application.port.in.GrantView;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The portal over a real socket with a plain HTTP client that keeps its own cookies: code guessing, link replay and
 * expiry, CSRF, and the same answer (and a similar time) for a customer's email and a stranger's.
 */
class PortalOverHttpTest {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    /** An error page's way back: the link after its notice, not the layout's. */
    private static final Pattern WAY_BACK = Pattern.compile("<p>(<a href=\"[^\"]*\">[^<]*</a>)</p>");

    static PortalWorld world;
    static String entitlement;

    @BeforeAll
    static void start() {
        world = new PortalWorld();
        entitlement = world.entitlement(world.server.a, 3, Map.of());
    }

    @AfterAll
    static void stop() {
        world.close();
    }

    /** One visitor: its cookies, sent back as a browser would on /portal. Every visitor comes from 127.0.0.1. */
    static final class Visitor {
        private final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5)).build();
        private final Map<String, String> cookies = new LinkedHashMap<>();

        HttpResponse<String> get(String path) {
            return send(HttpRequest.newBuilder(URI.create(world.server.url(path))).GET());
        }

        HttpResponse<String> post(String path, Map<String, String> form) {
            String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
            return send(HttpRequest.newBuilder(URI.create(world.server.url(path)))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body)));
        }

        /** The CSRF token of the form on the page at {@code path} (which also sets the form cookie). */
        String csrf(String path) {
            var matcher = CSRF.matcher(get(path).body());
            assertThat(matcher.find()).as("a form with a CSRF field on " + path).isTrue();
            return matcher.group(1);
        }

        private HttpResponse<String> send(HttpRequest.Builder request) {
            if (!cookies.isEmpty()) {
                request.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining("; ")));
            }
            try {
                var response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
                for (String set : response.headers().allValues("set-cookie")) {
                    String pair = set.split(";", 2)[0];
                    int eq = pair.indexOf('=');
                    if (set.contains("Max-Age=0")) {
                        cookies.remove(pair.substring(0, eq));
                    } else {
                        cookies.put(pair.substring(0, eq), pair.substring(eq + 1));
                    }
                }
                return response;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        HttpResponse<String> requestCode(String email) {
            String signIn = "/portal/" + world.server.a.value();
            return post(signIn + "/code", Map.of("_csrf", csrf(signIn), "email", email));
        }

        HttpResponse<String> typeCode(String email, String code) {
            String signIn = "/portal/" + world.server.a.value();
            return post(signIn + "/sign-in", Map.of("_csrf", csrf(signIn), "email", email, "code", code));
        }

        String sessionCsrf(String page) {
            return csrf(page);
        }

        boolean signedIn() {
            return get("/portal/").statusCode() == 200;
        }

        /** Another client with this one's cookies: a second tab of the same browser. */
        Visitor twin() {
            var twin = new Visitor();
            twin.cookies.putAll(cookies);
            return twin;
        }
    }

    private static GrantView bought(String email) {
        return world.buy(world.server.a, entitlement, email, "Buyer");
    }

    @Nested
    class Signing_in_with_a_code {

        @Test
        void five_wrong_codes_burn_it_so_even_the_right_one_then_fails() {
            bought("guess@example.com");
            world.server.clock.advance(Duration.ofHours(1));
            var visitor = new Visitor();
            assertThat(visitor.requestCode("guess@example.com").statusCode()).isEqualTo(200);
            String code = world.codeFromTheEmail("guess@example.com");
            String wrong = code.startsWith("A") ? "BBBBBB" : "AAAAAA";

            for (int i = 0; i < CustomerPortal.WRONG_TRIES_PER_CODE; i++) {
                var refused = visitor.typeCode("guess@example.com", wrong);
                assertThat(refused.statusCode()).isEqualTo(422);
                assertThat(refused.body()).contains("That code is not right");
            }
            assertThat(visitor.typeCode("guess@example.com", code).statusCode()).isEqualTo(422);
            assertThat(visitor.signedIn()).isFalse();

            // a new code works, once
            visitor.requestCode("guess@example.com");
            String fresh = world.codeFromTheEmail("guess@example.com");
            var opened = visitor.typeCode("guess@example.com", fresh);
            assertThat(opened.statusCode()).isEqualTo(303);
            assertThat(opened.headers().firstValue("location")).contains("/portal/");
            assertThat(visitor.signedIn()).isTrue();
            assertThat(new Visitor().typeCode("guess@example.com", fresh).statusCode()).isEqualTo(422);
        }

        /**
         * The request counts the email and the client and answers; the code, and for a customer its email, are written
         * after it: the answer must not take measurably longer for either. An hour between rounds keeps both under the per-address limit; it also
         * makes the clean-ups due again, which the round's first request runs, whoever it is for, so the two take turns at
         * going first. Within 15 ms (or half the slower): on a loaded two-core machine (load 4 to 8) the lower quartiles
         * differed by 7.8 ms at most in 20 runs of the case in one JVM (the first, on a cold server), the customer's
         * slower in 16, and by 2.8 ms at most in 3 runs on a fresh server each; with the customer first every time, its
         * side was the slower in 18 of 20, by up to 6.6 ms.
         */
        @Test
        void a_customers_email_and_a_strangers_get_the_same_answer_in_a_similar_time() {
            bought("known@example.com");
            var known = new ArrayList<Long>();
            var unknown = new ArrayList<Long>();
            String knownBody = null;
            String unknownBody = null;
            for (int round = 0; round < 10; round++) {
                world.server.clock.advance(Duration.ofHours(1));
                for (int i : round % 2 == 0 ? new int[] {0, 1} : new int[] {1, 0}) {
                    var visitor = new Visitor();
                    String email = i == 0 ? "known@example.com" : "stranger" + round + "@example.com";
                    long started = System.nanoTime();
                    var answer = visitor.requestCode(email);
                    long took = System.nanoTime() - started;
                    assertThat(answer.statusCode()).isEqualTo(200);
                    String body = CSRF.matcher(answer.body()).replaceAll("").replace(email, "EMAIL");
                    if (i == 0) {
                        known.add(took);
                        knownBody = body;
                    } else {
                        unknown.add(took);
                        unknownBody = body;
                    }
                }
            }
            assertThat(unknownBody).isEqualTo(knownBody);
            dev.grantor.adapter.web.SimilarTimes.assertSimilar("code request", "customer", known, "stranger", unknown,
                    Duration.ofMillis(15));
        }

        @Test
        void the_seventh_code_request_for_one_email_within_the_hour_is_refused() {
            bought("limited@example.com");
            world.server.clock.advance(Duration.ofHours(1));
            for (int i = 0; i < CustomerPortal.CODE_REQUESTS_PER_EMAIL_PER_HOUR; i++) {
                assertThat(new Visitor().requestCode("limited@example.com").statusCode()).isEqualTo(200);
            }
            var refused = new Visitor().requestCode("limited@example.com");
            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(refused.body()).contains("Too many codes were asked for");
            assertThat(retryAfter(refused)).as("as the console's and the API's 429s say it; the hour rolls over 60 to 61 minutes").isBetween(1L, 3660L);
        }

        @Test
        void too_many_codes_typed_from_one_client_say_when_to_come_back() {
            world.server.clock.advance(Duration.ofHours(1));
            var visitor = new Visitor();
            for (int i = 0; i < CustomerPortal.SIGN_IN_TRIES_PER_ADDRESS_PER_MINUTE; i++) {
                assertThat(visitor.typeCode("tries-" + i + "@example.com", "AAAAAA").statusCode()).isEqualTo(422);
            }
            var refused = visitor.typeCode("tries@example.com", "AAAAAA");
            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(retryAfter(refused)).isEqualTo(60L);
            world.server.clock.advance(Duration.ofMinutes(2));
        }
    }

    @Nested
    class A_merchants_link {

        private String token(String link) {
            return link.substring(link.indexOf("/portal/link/") + "/portal/link/".length());
        }

        @Test
        void opens_one_session_and_a_replay_opens_nothing() {
            var grant = bought("link@example.com");
            String path = "/portal/link/" + token(world.link(world.server.a, grant));
            var first = new Visitor();
            assertThat(first.get(path).statusCode()).as("looking at it").isEqualTo(200);

            var used = first.post(path, Map.of("_csrf", first.csrf(path)));
            assertThat(used.statusCode()).isEqualTo(303);
            assertThat(used.headers().allValues("set-cookie")).anyMatch(c -> c.startsWith("grantor_portal=")
                    && c.contains("Path=/portal") && c.contains("HttpOnly") && c.contains("SameSite=Strict"));
            assertThat(first.signedIn()).isTrue();

            var replay = new Visitor();
            String csrf = replay.csrf("/portal/" + world.server.a.value());
            var replayed = replay.post(path, Map.of("_csrf", csrf));
            assertThat(replayed.statusCode()).isEqualTo(401);
            assertThat(replay.signedIn()).isFalse();
            assertThat(replay.get(path).statusCode()).isEqualTo(401);
        }

        @Test
        void an_expired_link_opens_nothing() {
            var grant = bought("expired@example.com");
            String path = "/portal/link/" + token(world.link(world.server.a, grant));
            world.server.clock.advance(Duration.ofHours(24));
            var visitor = new Visitor();

            assertThat(visitor.get(path).statusCode()).isEqualTo(401);
            String csrf = visitor.csrf("/portal/" + world.server.a.value());
            assertThat(visitor.post(path, Map.of("_csrf", csrf)).statusCode()).isEqualTo(401);
            assertThat(visitor.signedIn()).isFalse();
        }
    }

    @Nested
    class Forms_without_their_csrf_token {

        @Test
        void change_nothing() throws Exception {
            var grant = bought("csrf@example.com");
            String key = world.key(grant);
            var held = world.server.grantor.licensing().activate(
                    new dev.grantor.application.port.in.Licensing.ActivateLicense(key, "laptop")).get();
            var visitor = new Visitor();
            String path = "/portal/link/" + world.link(world.server.a, grant).replaceAll(".*/portal/link/", "");
            assertThat(visitor.post(path, Map.of()).statusCode()).as("no form token").isEqualTo(403);
            visitor.post(path, Map.of("_csrf", visitor.csrf(path)));
            assertThat(visitor.signedIn()).isTrue();
            String deactivate = "/portal/grants/" + grant.grant().id().value() + "/instances/" + held.instance().id().value()
                    + "/deactivate";

            assertThat(visitor.post(deactivate, Map.of()).statusCode()).isEqualTo(403);
            assertThat(visitor.post(deactivate, Map.of("_csrf", "forged")).statusCode()).isEqualTo(403);
            assertThat(visitor.post("/portal/" + world.server.a.value() + "/code", Map.of("email", "csrf@example.com")).statusCode())
                    .isEqualTo(403);
            assertThat(world.server.grantor.licensing().validate(new dev.grantor.application.port.in.Licensing.ValidateLicense(key,
                    held.instance().id().value())).get()).as("the seat is still taken").isTrue();

            String csrf = visitor.sessionCsrf("/portal/grants/" + grant.grant().id().value());
            assertThat(visitor.post(deactivate, Map.of("_csrf", csrf)).statusCode()).isEqualTo(303);
        }

        /**
         * The portal's refusal pages for a visitor they do not know (an unverified form's 403, a form after the session
         * ended, a page the server has not) lead the one way: to the purchases, which send a visitor without a session on
         * to the sign-in, and show a signed-in one, whose forged form gets the same page, what it bought.
         */
        @Test
        void lead_back_the_way_the_server_s_own_refusals_do() {
            var stranger = new Visitor();
            var unverified = stranger.post("/portal/" + world.server.a.value() + "/code", Map.of("email", "back@example.com"));
            var ended = stranger.post("/portal/grants/gr_none/replace", Map.of("_csrf", "none"));
            var edge = stranger.get("/portal/assets/no-such-file.css");
            assertThat(List.of(unverified.statusCode(), ended.statusCode(), edge.statusCode())).containsExactly(403, 401, 404);
            for (var page : List.of(unverified, ended, edge)) {
                assertThat(WAY_BACK.matcher(page.body()).results().map(m -> m.group(1)).toList())
                        .as("the way back of the %d page", page.statusCode())
                        .containsExactly("<a href=\"/portal/\">Go to my purchases</a>");
            }
            var signedOut = stranger.get("/portal/");
            assertThat(signedOut.statusCode()).isEqualTo(303);
            assertThat(signedOut.headers().firstValue("location")).contains("/portal/sign-in");

            var customer = new Visitor();
            String link = "/portal/link/" + world.link(world.server.a, bought("back@example.com")).replaceAll(".*/portal/link/", "");
            customer.post(link, Map.of("_csrf", customer.csrf(link)));
            var forged = customer.post("/portal/sign-out", Map.of("_csrf", "forged"));
            assertThat(forged.statusCode()).isEqualTo(403);
            assertThat(forged.body()).contains("<a href=\"/portal/\">Go to my purchases</a>");
            assertThat(customer.get("/portal/").statusCode()).as("signed in still, the way back shows the purchases").isEqualTo(200);
        }
    }

    /**
     * What a key's page offers follows the entitlement (web.md): "deactivate" unless {@code customer_can_deactivate} is
     * false, "replace this key" only with {@code customer_can_rotate} and never within ten minutes of the delivery. A
     * control not offered is refused too, and changes nothing.
     */
    @Nested
    class What_a_key_page_offers {

        private static final String REPLACE_FORM = "/replace\"";
        private static final String DEACTIVATE_FORM = "/deactivate\"";

        private Visitor signedInAs(GrantView grant) {
            var visitor = new Visitor();
            String path = "/portal/link/" + world.link(world.server.a, grant).replaceAll(".*/portal/link/", "");
            visitor.post(path, Map.of("_csrf", visitor.csrf(path)));
            assertThat(visitor.signedIn()).isTrue();
            return visitor;
        }

        @Test
        void replacing_is_offered_only_when_the_entitlement_allows_it_and_ten_minutes_after_the_delivery() {
            var plain = bought("plain-replace@example.com");
            var rotatable = world.buy(world.server.a, world.entitlement(world.server.a, 3, Map.of("customer_can_rotate", true)),
                    "may-replace@example.com", "Buyer");
            String plainPage = "/portal/grants/" + plain.grant().id().value();
            String rotatablePage = "/portal/grants/" + rotatable.grant().id().value();
            var owner = signedInAs(rotatable);

            world.server.clock.advance(CustomerPortal.NO_REPLACEMENT_AFTER_DELIVERY.minusMinutes(1));
            assertThat(owner.get(rotatablePage).body()).as("a minute before the ten are up").doesNotContain(REPLACE_FORM)
                    .doesNotContain("Replace this key");
            world.server.clock.advance(java.time.Duration.ofMinutes(1));
            assertThat(owner.get(rotatablePage).body()).as("ten minutes after the delivery").contains(REPLACE_FORM);

            var buyer = signedInAs(plain);
            String before = world.key(plain);
            assertThat(buyer.get(plainPage).body()).as("customer_can_rotate is false by default").doesNotContain(REPLACE_FORM)
                    .doesNotContain("Replace this key");
            assertThat(buyer.post(plainPage + "/replace", Map.of("_csrf", buyer.sessionCsrf(plainPage))).statusCode()).isEqualTo(403);
            assertThat(world.server.grantor.grants().get(world.server.a, plain.grant().id().value()).get().licenseKey().get()
                    .value().value()).isEqualTo(before);
        }

        @Test
        void deactivating_is_offered_unless_the_entitlement_forbids_it_and_then_the_limit_points_to_the_shop() {
            var usual = world.buy(world.server.a, world.entitlement(world.server.a, 1, Map.of()), "may-free@example.com", "Buyer");
            var locked = world.buy(world.server.a, world.entitlement(world.server.a, 1, Map.of("customer_can_deactivate", false)),
                    "may-not-free@example.com", "Buyer");
            var licensing = world.server.grantor.licensing();
            licensing.activate(new dev.grantor.application.port.in.Licensing.ActivateLicense(world.key(usual), "laptop")).get();
            var held = licensing.activate(new dev.grantor.application.port.in.Licensing.ActivateLicense(world.key(locked),
                    "desktop")).get();
            String usualPage = "/portal/grants/" + usual.grant().id().value();
            String lockedPage = "/portal/grants/" + locked.grant().id().value();

            assertThat(signedInAs(usual).get(usualPage).body()).as("customer_can_deactivate is true by default")
                    .contains(DEACTIVATE_FORM).contains("Deactivate a device you no longer use to free its seat.");
            var buyer = signedInAs(locked);
            String page = buyer.get(lockedPage).body();
            assertThat(page).contains("desktop").doesNotContain(DEACTIVATE_FORM)
                    .contains("To free a device's seat, ask the shop.").contains("Ask the shop to free a seat.");
            var refused = buyer.post(lockedPage + "/instances/" + held.instance().id().value() + "/deactivate",
                    Map.of("_csrf", buyer.sessionCsrf(lockedPage)));

            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(licensing.validate(new dev.grantor.application.port.in.Licensing.ValidateLicense(world.key(locked),
                    held.instance().id().value())).get()).as("the seat is still taken").isTrue();
        }
    }

    @Nested
    class Replacing_a_key {

        @Test
        void a_double_click_replaces_it_once_and_the_other_clicks_meet_the_quiet_time() {
            String rotatable = world.entitlement(world.server.a, 3, Map.of("customer_can_rotate", true));
            var grant = world.buy(world.server.a, rotatable, "double-click@example.com", "Buyer");
            world.server.clock.advance(CustomerPortal.NO_REPLACEMENT_AFTER_DELIVERY.plusMinutes(1));
            var visitor = new Visitor();
            String path = "/portal/link/" + world.link(world.server.a, grant).replaceAll(".*/portal/link/", "");
            visitor.post(path, Map.of("_csrf", visitor.csrf(path)));
            String page = "/portal/grants/" + grant.grant().id().value();
            String csrf = visitor.sessionCsrf(page);
            var tabs = io.vavr.collection.List.range(0, 8).map(n -> visitor.twin());

            var statuses = Race.answers(Race.of(tabs.size(), n -> tabs.get(n).post(page + "/replace", Map.of("_csrf", csrf)).statusCode()));

            assertThat(statuses.count(status -> status == 303)).as("replaced " + statuses).isEqualTo(1);
            assertThat(statuses.filter(status -> status != 303)).as("the other clicks").containsOnly(429);
            assertThat(world.server.store.licenseKeys().latestPastValues(grant.licenseKey().get().id(), io.vavr.control.Option.none(), 10)).hasSize(1);
        }
    }

    /**
     * web.md's "honest wording per status" on My purchases: Pending says the key is coming, Failed gives the merchant's
     * message (as text), Revoked the reason in words, not a wire value.
     */
    @Test
    void my_purchases_word_each_status_honestly() {
        var server = world.server;
        String manual = world.entitlement(server.a, 1, Map.of("fulfillment_mode", "manual"));
        String email = "every-status@example.com";
        var waiting = world.buy(server.a, manual, email, "Buyer");
        var failed = world.buy(server.a, manual, email, "Buyer");
        server.grantor.fulfillment().reportFailure(server.a, failed.grant().id().value(),
                new dev.grantor.application.port.in.GrantFulfillment.ReportFailure("supplier_out",
                        "Our supplier ran out of <b>keys</b>; your money is on its way back.")).get();
        var refunded = world.buy(server.a, entitlement, email, "Buyer");
        server.grantor.fulfillment().revoke(server.a, refunded.grant().id().value(),
                new dev.grantor.application.port.in.GrantFulfillment.RevokeGrant(null, "refund")).get();
        var delivered = world.buy(server.a, entitlement, email, "Buyer");
        var visitor = new Visitor();
        String path = "/portal/link/" + world.link(server.a, delivered).replaceAll(".*/portal/link/", "");
        visitor.post(path, Map.of("_csrf", visitor.csrf(path)));

        String page = visitor.get("/portal/").body();

        assertThat(row(page, waiting)).contains("Your key will be sent as soon as it is ready.");
        assertThat(row(page, failed)).contains("The shop could not deliver this: Our supplier ran out of &lt;b&gt;keys&lt;/b&gt;;"
                + " your money is on its way back.").doesNotContain("supplier_out");
        assertThat(row(page, refunded)).contains("Revoked because the payment was refunded.").doesNotContain(">refund<");
        assertThat(row(page, delivered)).contains("Delivered on ");
    }

    /** The purchase's item on My purchases, from its opening tag to the next. */
    private static String row(String page, GrantView grant) {
        int reference = page.indexOf("<code>" + grant.grant().id().value() + "</code>");
        assertThat(reference).as("listed: " + grant.grant().id().value()).isPositive();
        int start = page.lastIndexOf("<li class=\"grant-row\"", reference);
        return page.substring(start, page.indexOf("</li>", reference));
    }

    @Test
    void a_fourth_send_again_within_the_hour_says_when_to_come_back() {
        var grant = bought("again@example.com");
        var visitor = new Visitor();
        String path = "/portal/link/" + world.link(world.server.a, grant).replaceAll(".*/portal/link/", "");
        visitor.post(path, Map.of("_csrf", visitor.csrf(path)));
        String page = "/portal/grants/" + grant.grant().id().value();
        String csrf = visitor.sessionCsrf(page);
        for (int i = 0; i < 3; i++) {
            assertThat(visitor.post(page + "/send-again", Map.of("_csrf", csrf)).statusCode()).isEqualTo(303);
        }

        var refused = visitor.post(page + "/send-again", Map.of("_csrf", csrf));

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(retryAfter(refused)).isBetween(1L, 3660L);
    }

    private static long retryAfter(HttpResponse<String> answer) {
        return Long.parseLong(answer.headers().firstValue("Retry-After").orElseThrow(
                () -> new AssertionError("no Retry-After on a " + answer.statusCode())));
    }

    @Test
    void another_customers_ids_answer_404() {
        var mine = bought("mine@example.com");
        var theirs = bought("theirs@example.com");
        var held = world.server.grantor.licensing().activate(
                new dev.grantor.application.port.in.Licensing.ActivateLicense(world.key(theirs), "their laptop")).get();
        var visitor = new Visitor();
        String path = "/portal/link/" + world.link(world.server.a, mine).replaceAll(".*/portal/link/", "");
        visitor.post(path, Map.of("_csrf", visitor.csrf(path)));
        String csrf = visitor.sessionCsrf("/portal/grants/" + mine.grant().id().value());
        String other = "/portal/grants/" + theirs.grant().id().value();

        assertThat(visitor.get(other).statusCode()).isEqualTo(404);
        assertThat(visitor.get(other).body()).doesNotContain(world.key(theirs));
        assertThat(visitor.post(other + "/reveal", Map.of("_csrf", csrf)).statusCode()).isEqualTo(404);
        assertThat(visitor.post(other + "/send-again", Map.of("_csrf", csrf)).statusCode()).isEqualTo(404);
        assertThat(visitor.post(other + "/replace", Map.of("_csrf", csrf)).statusCode()).isEqualTo(404);
        assertThat(visitor.post(other + "/instances/" + held.instance().id().value() + "/deactivate", Map.of("_csrf", csrf))
                .statusCode()).isEqualTo(404);
        assertThat(visitor.post("/portal/grants/" + mine.grant().id().value() + "/instances/" + held.instance().id().value()
                + "/deactivate", Map.of("_csrf", csrf)).statusCode()).as("their instance under my grant").isEqualTo(404);
        assertThat(visitor.get("/portal/").body()).doesNotContain(theirs.grant().id().value());
    }
}

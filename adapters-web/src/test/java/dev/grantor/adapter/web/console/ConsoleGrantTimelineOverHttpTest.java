package dev.grantor.adapter.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.adapter.web.WebClient;
import dev.grantor.adapter.web.WebServer;
import dev.grantor.application.port.in.DeliveryResends;
import dev.grantor.application.port.in.DeliveryResends.ResendPolicy;
import dev.grantor.application.port.in.GrantTimeline;
import dev.grantor.application.port.in.LicenseKeyManagement.RotateLicenseKey;
import dev.grantor.application.port.in.OperatorAccess.Role;
import io.vavr.control.Option;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A grant's timeline on the wire, over a real socket: newest first, {@value GrantPages#TIMELINE_PAGE} entries a page,
 * each older page reached from where the last ended and numbered on from it; its own steps, its key's rotations, its
 * resends, the operators' actions and its emails (each rotation's too) merged, entries of one instant each shown once. A link the console did not make is
 * refused; a link made for another grant shows nothing of that grant.
 */
class ConsoleGrantTimelineOverHttpTest {

    static WebServer server;
    static String operator;
    static String viewer;
    /** Issued and delivered at one instant, resent three times, its key rotated 26 times, two rotations an instant. */
    static String rotated;
    static String plain;
    /**
     * Resent by an API key, by its customer on the portal and by the owner, each under its own policy; then by "root" at
     * the command line, and by "root" as the command line stored it before it had a form of its own (an operator's).
     */
    static String resentByEach;
    /** A grant of business B, as unknown to A's operators as a made-up id. */
    static String strangers;

    @BeforeAll
    static void start() {
        server = new WebServer();
        var data = new ConsoleData(server);
        operator = server.grantor.operatorAccess().add(server.a, "ops@acme.example").get().id();
        viewer = server.grantor.operatorAccess().add(server.a, "vic@acme.example", Option.some(Role.VIEWER)).get().id();
        String auto = data.entitlement(server.a, "Acme Pro", Map.of("fulfillment_mode", "auto", "activations_limit", 3));
        rotated = data.grant(server.a, auto, "rot@example.com", "Rob", "pay_r1");
        plain = data.grant(server.a, auto, "pla@example.com", "Pia", "pay_p1");
        var plainView = server.grantor.grants().get(server.a, plain).get();
        server.grantor.licenseKeys().rotate(server.a, "customer:" + plainView.grant().customerId().value(),
                plainView.licenseKey().get().id().value(), new RotateLicenseKey(null, false)).get();
        resentByEach = data.grant(server.a, auto, "res@example.com", "Rea", "pay_e1");
        var resends = server.grantor.deliveryResends();
        resends.resend(server.a, resentByEach, new DeliveryResends.ByApiKey("key_shop"), ResendPolicy.MERCHANT).get();
        resends.resend(server.a, resentByEach, new DeliveryResends.ByCustomer(
                server.grantor.grants().get(server.a, resentByEach).get().grant().customerId()), ResendPolicy.CUSTOMER).get();
        resends.resend(server.a, resentByEach, new DeliveryResends.ByOperator("owner"), ResendPolicy.OPERATOR).get();
        server.clock.advance(Duration.ofSeconds(61));
        resends.resend(server.a, resentByEach, new DeliveryResends.ByCommandLine("root"), ResendPolicy.OPERATOR).get();
        server.clock.advance(Duration.ofSeconds(61));
        resends.resend(server.a, resentByEach, new DeliveryResends.ByOperator("root"), ResendPolicy.OPERATOR).get();
        strangers = data.grant(server.b, data.manualEntitlement(server.b, "Bolt Pro"), "bea@bolt.example", "Bea", "pay_b1");
        var ops = signedInAs(operator);
        for (int n = 0; n < 3; n++) {
            server.clock.advance(Duration.ofSeconds(61));
            String page = ops.get("/console/grants/" + rotated).body();
            assertThat(ops.post("/console/grants/" + rotated + "/resend", Map.of("_csrf", WebClient.csrf(page))).statusCode())
                    .isEqualTo(303);
        }
        String keyId = server.grantor.grants().get(server.a, rotated).get().licenseKey().get().id().value();
        for (int n = 1; n <= 26; n++) {
            if (n % 2 == 1) {
                server.clock.advance(Duration.ofSeconds(1));
            }
            server.grantor.licenseKeys().rotate(server.a, "key_" + n, keyId, new RotateLicenseKey(null, false)).get();
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void pages_through_sixty_four_entries_newest_first_numbered_across_the_pages_for_a_viewer() {
        var vic = signedInAs(viewer);

        String first = vic.get("/console/grants/" + rotated).body();
        var firstEntries = entries(first);
        assertThat(firstEntries).hasSize(25);
        assertThat(first).contains("<ol class=\"timeline\" start=\"1\">").doesNotContain("Newest entries");
        assertThat(firstEntries.subList(0, 4)).as("the last two rotations, of one instant, each with the email of its new key")
                .containsExactly("Delivery email · queued", "Delivery email · queued", firstEntries.get(2), firstEntries.get(3))
                .allMatch(e -> e.equals("Delivery email · queued") || e.matches("Key rotated · by API key key_2[56]"));
        String older = link(first, "Older entries");
        assertThat(older).startsWith("/console/grants/" + rotated + "?before=").endsWith("#timeline");

        String second = vic.get(older).body();
        assertThat(entries(second)).hasSize(25);
        assertThat(second).contains("<ol class=\"timeline\" start=\"26\">");
        String third = vic.get(link(second, "Older entries")).body();
        var thirdEntries = entries(third);
        assertThat(thirdEntries).hasSize(14);
        assertThat(third).contains("<ol class=\"timeline\" start=\"51\">").doesNotContain("Older entries");
        assertThat(link(third, "Newest entries")).isEqualTo("/console/grants/" + rotated + "#timeline");
        assertThat(thirdEntries.getLast()).as("issued and delivered at one instant, issued the older").startsWith("Issued · payment pay_r1");
        assertThat(thirdEntries.get(thirdEntries.size() - 2)).startsWith("Delivered · license key");
        assertThat(thirdEntries.get(thirdEntries.size() - 3)).as("its delivery email, of that instant too").isEqualTo("Delivery email · queued");

        var all = new ArrayList<>(firstEntries);
        all.addAll(entries(second));
        all.addAll(thirdEntries);
        var whole = server.grantor.grantTimeline().timeline(server.a, rotated, Option.none(), 100).get().entries();
        assertThat(all).hasSize(whole.size()).hasSize(2 + 3 * 3 + 26 * 2 + 1);
        assertThat(all.stream().filter(e -> e.startsWith("Delivery email · "))).as("the delivery email, its 3 resends, 26 new keys")
                .hasSize(30).allMatch(e -> e.equals("Delivery email · queued"));
        assertThat(all.stream().filter(e -> e.startsWith("Key rotated")).distinct()).hasSize(26);
        assertThat(all.stream().filter(e -> e.startsWith("By ops@acme.example · resent the delivery email"))).hasSize(3);
        assertThat(all.stream().filter(e -> e.startsWith("Delivery email resent · requested by "))).hasSize(3)
                .allMatch(e -> e.equals("Delivery email resent · requested by ops@acme.example"));
        for (int i = 0; i < whole.size(); i++) {
            assertThat(all.get(i)).as("entry %d", i + 1).startsWith(kind(whole.get(i)));
        }
    }

    /**
     * Who asked for a resend is named as every history of the console names an actor, not in its stored form; a name
     * given on the command line says so, and one stored before it could reads as it always did.
     */
    @Test
    void names_who_asked_for_each_resend_as_the_other_histories_name_them() {
        var resent = entries(signedInAs(viewer).get("/console/grants/" + resentByEach).body()).stream()
                .filter(e -> e.startsWith("Delivery email resent")).toList();

        assertThat(resent).containsExactlyInAnyOrder("Delivery email resent · requested by API key key_shop",
                "Delivery email resent · requested by the customer, on the portal",
                "Delivery email resent · requested by " + ConsolePages.OWNER_NAME,
                "Delivery email resent · requested by root (command line)",
                "Delivery email resent · requested by root");
    }

    @Test
    void a_link_the_console_did_not_make_is_refused_and_another_grant_s_shows_nothing_of_it() {
        var ops = signedInAs(operator);
        String older = link(ops.get("/console/grants/" + rotated).body(), "Older entries");
        String token = older.substring(older.indexOf("?before="), older.indexOf('#'));

        for (var forged : new String[] {"?before=yesterday", "?before=2026-01-01T00:00:00Z~action~aud_1~0",
                "?before=2026-01-01T00:00:00Z~elsewhere~aud_1~25", "?before=%2B1000000000-12-31T23:59:59.999999999Z~action~a~25"}) {
            var refused = ops.get("/console/grants/" + rotated + forged);
            assertThat(refused.statusCode()).as(forged).isEqualTo(400);
            assertThat(refused.body()).contains("This link to older entries of the timeline is not one the console made.")
                    .contains("href=\"/console/grants/" + rotated + "\"");
        }

        String elsewhere = ops.get("/console/grants/" + plain + token).body();
        assertThat(entries(elsewhere)).noneMatch(e -> e.contains("key_") || e.contains("resent"));
        assertThat(entries(ops.get("/console/grants/" + plain).body())).as("a rotation the customer asked for on the portal")
                .contains("Key rotated · by the customer, on the portal");
        assertThat(ops.get("/console/grants/" + strangers + token).statusCode()).isEqualTo(404);
    }

    private static String kind(GrantTimeline.Entry entry) {
        return switch (entry) {
            case GrantTimeline.Issued i -> "Issued";
            case GrantTimeline.Delivered d -> "Delivered";
            case GrantTimeline.Failed f -> "Failed";
            case GrantTimeline.Revoked r -> "Revoked";
            case GrantTimeline.KeyRotated k -> "Key rotated · by API key " + k.rotatedBy();
            case GrantTimeline.Resent r -> "Delivery email resent";
            case GrantTimeline.Action a -> "By ";
            case GrantTimeline.Email e -> "Delivery email";
            case GrantTimeline.Webhook w -> "Webhook ";
        };
    }

    static WebClient signedInAs(String subject) {
        var client = new WebClient(server.base);
        assertThat(client.signIn(server.consoleLink(server.a, subject)).statusCode()).isEqualTo(303);
        return client;
    }

    /** The timeline's entries, each as "what · detail" (its time left out). */
    private static java.util.List<String> entries(String page) {
        int from = page.indexOf("<h2 id=\"timeline\"");
        assertThat(from).as("the timeline's heading").isPositive();
        var m = Pattern.compile("<li><strong>([^<]*)</strong> <span class=\"muted\">[^<]*</span>(?: · ([^<]*))?</li>")
                .matcher(page.substring(from));
        var found = new ArrayList<String>();
        while (m.find()) {
            found.add(m.group(1) + (m.group(2) == null ? "" : " · " + m.group(2)));
        }
        return found;
    }

    private static String link(String page, String text) {
        var m = Pattern.compile("<a href=\"([^\"]+)\">" + text + "</a>").matcher(page);
        assertThat(m.find()).as("a link " + text).isTrue();
        return m.group(1).replace("&amp;", "&");
    }
}

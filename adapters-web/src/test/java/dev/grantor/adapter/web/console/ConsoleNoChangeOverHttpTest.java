package dev.grantor.adapter.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.adapter.web.WebClient;
import dev.grantor.adapter.web.WebServer;
import io.vavr.control.Option;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A console action clicked again, from a page left open, on what it already did, over a real socket: the first click's
 * change has one entry in the audit trail and on the grant's timeline, the second changes nothing, records nothing, and
 * its page says what it found rather than that it was done.
 */
class ConsoleNoChangeOverHttpTest {

    static WebServer server;
    static ConsoleData data;
    static String operator;
    static String manual;

    @BeforeAll
    static void start() {
        server = new WebServer();
        data = new ConsoleData(server);
        operator = server.grantor.operatorAccess().add(server.a, "ops@acme.example").get().id();
        manual = data.manualEntitlement(server.a, "Acme Pro");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void revoke_on_a_revoked_grant_records_nothing_and_says_it_was_revoked_already() {
        String grant = data.grant(server.a, manual, "rev@example.com", "Rea", "pay_n1");
        var ops = signedIn();
        String page = ops.get("/console/grants/" + grant).body();
        var form = Map.of("_csrf", WebClient.csrf(page), "reason", "manual", "back", "grant");

        var first = ops.post("/console/grants/" + grant + "/revoke", form);
        var again = ops.post("/console/grants/" + grant + "/revoke", form);

        assertThat(first.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).contains("done=revoked"));
        assertThat(again.statusCode()).isEqualTo(303);
        assertThat(again.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).contains("done=revoked-already"));
        String after = ops.get(again.headers().firstValue("Location").get()).body();
        assertThat(after).contains("That grant was revoked already: nothing was changed.");
        assertThat(actionsOn(grant)).containsExactly("revoked");
        assertThat(ConsoleGrantDeliveriesOverHttpTest.entries(after).stream().filter(e -> e.endsWith("· revoked (reason: manual)")))
                .as("one operator's entry on the timeline").hasSize(1);
    }

    @Test
    void the_same_key_again_records_nothing_sends_nothing_and_says_the_grant_has_it() {
        String grant = data.grant(server.a, manual, "key@example.com", "Kay", "pay_n2");
        var ops = signedIn();
        String page = ops.get("/console/grants/" + grant).body();
        var form = Map.of("_csrf", WebClient.csrf(page), "key", "NOCHANGE-KEY-0001-ABCD", "back", "grant");

        var first = ops.post("/console/grants/" + grant + "/fulfill", form);
        var again = ops.post("/console/grants/" + grant + "/fulfill", form);

        assertThat(first.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).contains("done=fulfilled"));
        assertThat(again.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).contains("done=has-key"));
        String after = ops.get(again.headers().firstValue("Location").get()).body();
        assertThat(after).contains("That grant has this key already: nothing was changed, and no email was sent again.");
        assertThat(actionsOn(grant)).containsExactly("fulfilled");
        var timeline = ConsoleGrantDeliveriesOverHttpTest.entries(after);
        assertThat(timeline.stream().filter(e -> e.startsWith("Delivery email"))).as("one delivery email").hasSize(1);
        assertThat(timeline.stream().filter(e -> e.contains("· fulfilled (key ending"))).as("one operator's entry").hasSize(1);
    }

    @Test
    void an_import_that_stocks_nothing_records_nothing() {
        String pooled = data.pooledEntitlement(server.a, "Acme Pooled");
        var ops = signedIn();
        String page = ops.get("/console/pools").body();
        var form = Map.of("_csrf", WebClient.csrf(page), "keys", "POOLED-NOCHANGE-0001\nPOOLED-NOCHANGE-0002\n");

        var first = ops.post("/console/pools/" + pooled + "/keys", form);
        var again = ops.post("/console/pools/" + pooled + "/keys", form);

        assertThat(first.body()).contains("2 imported, 0 duplicates");
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).as("the notice as before").contains("0 imported, 2 duplicates, 0 invalid");
        assertThat(actionsOn(pooled)).containsExactly("imported pooled keys");
    }

    /** The audit trail's entries about {@code subject}, newest first, by action. */
    static java.util.List<String> actionsOn(String subject) {
        return server.store.auditTrail().latestAbout(server.a, subject, Option.none(), 100).map(e -> e.action()).toJavaList();
    }

    private static WebClient signedIn() {
        var client = new WebClient(server.base);
        assertThat(client.signIn(server.consoleLink(server.a, operator)).statusCode()).isEqualTo(303);
        return client;
    }
}

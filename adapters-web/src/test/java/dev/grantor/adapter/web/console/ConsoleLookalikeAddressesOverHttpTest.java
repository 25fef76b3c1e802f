package dev.grantor.adapter.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.adapter.web.WebClient;
import dev.grantor.adapter.web.WebServer;
import java.util.LinkedHashMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An address with a character outside ASCII ("аlice@example.com", its "а" Cyrillic) is accepted, as over the API, and
 * wherever the console shows it, the character is spelled out beside it, so "alice@… → аlice@…" no longer reads as
 * no change. A plain address gets no note.
 */
class ConsoleLookalikeAddressesOverHttpTest {

    static final String LOOKALIKE = "\u0430lice@example.com";
    static final String NOTE = "<small class=\"lookalike\">contains characters outside plain ASCII: [U+0430]lice@example.com</small>";

    static WebServer server;
    static ConsoleData data;

    @BeforeAll
    static void start() {
        server = new WebServer();
        data = new ConsoleData(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static WebClient owner() {
        var client = new WebClient(server.base);
        assertThat(client.signIn(server.consoleLink(server.a)).statusCode()).isEqualTo(303);
        return client;
    }

    @Test
    void a_customer_moved_to_a_lookalike_address_is_noted_on_its_page_its_history_and_its_grants_page() {
        String grant = data.grant(server.a, data.manualEntitlement(server.a, "Acme Look"), "alice@example.com", "Alice", "pay_look1");
        String customer = server.grantor.grants().get(server.a, grant).get().grant().customerId().value();
        var owner = owner();
        String before = owner.get("/console/customers/" + customer).body();
        assertThat(before).doesNotContain("lookalike");
        var form = new LinkedHashMap<String, String>();
        form.put("_csrf", WebClient.csrf(before));
        form.put("shown_email", "alice@example.com");
        form.put("email", LOOKALIKE);

        assertThat(owner.post("/console/customers/" + customer, form).statusCode()).isEqualTo(303);

        String page = owner.get("/console/customers/" + customer).body();
        assertThat(page).contains("<dd>" + LOOKALIKE + " " + NOTE + "</dd>")
                .contains("email alice@example.com → " + LOOKALIKE + " " + NOTE + "</li>");
        assertThat(owner.get("/console/grants/" + grant).body()).contains(LOOKALIKE + " (Alice)</a> " + NOTE);
        assertThat(owner.get("/console/").body()).as("the queue").contains(LOOKALIKE + "</a> " + NOTE);
        assertThat(owner.get("/console/customers").body()).as("the newest customers").contains(LOOKALIKE + "</a> " + NOTE);
        assertThat(owner.get("/console/grants?q=" + grant).body()).as("a grant search").contains(LOOKALIKE + " " + NOTE);
    }

    @Test
    void an_operator_with_a_lookalike_address_is_noted_in_the_team_and_in_its_access_changes() {
        server.grantor.operatorAccess().add(server.a, LOOKALIKE).get();
        server.grantor.operatorAccess().add(server.a, "alice@example.com").get();

        String page = owner().get("/console/team").body();

        assertThat(Pattern.compile(Pattern.quote(LOOKALIKE + " " + NOTE)).matcher(page).results().count())
                .as("its row and its change, not the plain address's").isEqualTo(2);
    }
}

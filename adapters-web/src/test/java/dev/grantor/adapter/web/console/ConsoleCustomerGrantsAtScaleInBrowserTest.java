package dev.grantor.adapter.web.console;

import static org.assertj.core.api.Assertions.assertThat;
import dev.grantor.application.port.in.Older;

import dev.grantor.adapter.web.Browser;
import dev.grantor.adapter.web.WebServer;
import dev.grantor.application.port.in.GrantIssuing.CustomerContact;
import dev.grantor.application.port.in.GrantIssuing.IssueGrant;
import dev.grantor.application.port.in.GrantQueries;
import dev.grantor.domain.grant.Grant;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A reseller's customer page in the console: 5,000 grants, listed a page at a time by position, numbered on, with a way
 * to older grants and back to the newest; the last page is read as the first is; every page fits 360 px.
 */
class ConsoleCustomerGrantsAtScaleInBrowserTest {

    static final int GRANTS = 5_000;
    static final int PAGE = ConsolePages.PAGE;

    static WebServer server;
    static Browser browser;
    static List<Grant> newestFirst;
    static String customer;

    @BeforeAll
    static void start() {
        server = new WebServer();
        var data = new ConsoleData(server);
        String auto = data.entitlement(server.a, "Acme Pro", Map.of("fulfillment_mode", "auto", "activations_limit", 3));
        var bought = new ArrayList<Grant>();
        for (int i = 0; i < GRANTS; i++) {
            if (i % 3 == 0) {
                server.clock.advance(Duration.ofSeconds(1));
            }
            bought.add(server.grantor.issuing().issue(server.a, auto, new IssueGrant(new CustomerContact(null,
                    "reseller@example.com", "Reseller Ltd"), null, null, null)).get().grant().grant());
        }
        customer = bought.getFirst().customerId().value();
        newestFirst = bought.stream().sorted(Comparator.comparing(Grant::createdAt).thenComparing(g -> g.id().value()).reversed())
                .toList();
        String ops = server.grantor.operatorAccess().add(server.a, "ops@acme.example").get().id();
        browser = Browser.open();
        browser.go(server.consoleLink(server.a, ops));
        browser.submit(browser.find("main button[type=submit]"));
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        server.close();
    }

    @Test
    void the_customer_page_lists_a_page_of_grants_and_goes_on_to_older_ones_by_position() {
        browser.go(server.url("/console/customers/" + customer));
        assertThat(shownIds()).containsExactlyElementsOf(ids(0, PAGE));
        assertThat(browser.find("#grants").getText()).isEqualTo("Grants 1 to " + PAGE + ", newest first");
        assertThat(pageLinks()).containsExactly("Older grants");
        browser.assertAccessible();
        browser.screenshots("console-customer-many-grants");

        browser.go(browser.find("nav[aria-label=\"Pages of the customer's grants\"] a").getAttribute("href"));

        assertThat(shownIds()).containsExactlyElementsOf(ids(PAGE, 2 * PAGE));
        assertThat(browser.find("#grants").getText()).isEqualTo("Grants " + (PAGE + 1) + " to " + 2 * PAGE + ", newest first");
        assertThat(pageLinks()).containsExactly("Newest grants", "Older grants");
        browser.assertAccessible();
        browser.assertFitsNarrow();
    }

    @Test
    void the_last_page_is_read_by_position_and_a_position_the_console_did_not_make_is_refused() {
        int shown = GRANTS - PAGE;
        var lastShown = newestFirst.get(shown - 1);
        String token = new Older(lastShown.createdAt(), lastShown.id().value(), shown).token();

        browser.go(server.url("/console/customers/" + customer + "?grants_before=" + URLEncoder.encode(token, StandardCharsets.UTF_8)));

        assertThat(shownIds()).containsExactlyElementsOf(ids(shown, GRANTS));
        assertThat(pageLinks()).containsExactly("Newest grants");
        browser.assertFitsNarrow();

        browser.go(server.url("/console/customers/" + customer + "?grants_before=yesterday"));
        assertThat(browser.text()).contains("This link to older grants is not one the console made.");
    }

    private static List<String> ids(int from, int to) {
        return newestFirst.subList(from, to).stream().map(g -> g.id().value()).toList();
    }

    private static List<String> shownIds() {
        return browser.all("table[aria-labelledby=grants] tbody code").stream().map(code -> code.getText()).toList();
    }

    private static List<String> pageLinks() {
        return browser.all("nav[aria-label=\"Pages of the customer's grants\"] a").stream().map(a -> a.getText()).toList();
    }
}

package dev.grantor.adapter.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.adapter.web.Browser;
import dev.grantor.adapter.web.WebServer;
import dev.grantor.application.port.in.GrantQueries;
import dev.grantor.domain.shared.BusinessId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;
import org.openqa.selenium.support.ui.Select;

/**
 * A store's queue in headless Chromium: a business selling more entitlements than a page of the catalog holds filters
 * its queue by any entitlement with waiting grants, the oldest of its products too; one with more of them waiting than
 * a list offers types an entitlement's id and is told what it named.
 */
class ConsoleQueueFilterInBrowserTest {

    static final int SOLD = ConsolePages.PAGE + 1;

    static WebServer server;
    static Browser browser;
    static ConsoleData data;
    /** Of business A: its oldest entitlement, past the catalog's first page, and one of its newest; both have a grant waiting. */
    static String oldest;
    static String oldestGrant;
    static String newer;
    /** Of business B: every entitlement has a grant waiting. */
    static List<String> everyOneWaits = new ArrayList<>();

    @BeforeAll
    static void start() {
        server = new WebServer();
        data = new ConsoleData(server);
        List<String> sold = new ArrayList<>();
        for (int i = 1; i <= SOLD; i++) {
            server.clock.advance(Duration.ofSeconds(1));
            sold.add(data.manualEntitlement(server.a, "Store item %03d".formatted(i)));
            everyOneWaits.add(data.manualEntitlement(server.b, "Shelf item %03d".formatted(i)));
            data.grant(server.b, everyOneWaits.getLast(), "buyer%d@example.com".formatted(i), "Buyer " + i, "pay_b" + i);
        }
        oldest = sold.getFirst();
        newer = sold.get(SOLD - 2);
        oldestGrant = data.grant(server.a, oldest, "first@example.com", "First Buyer", "pay_1");
        data.grant(server.a, newer, "later@example.com", "Later Buyer", "pay_2");
        browser = Browser.open();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        server.close();
    }

    @Test
    void the_oldest_of_a_hundred_and_one_entitlements_is_chosen_from_the_select_of_those_with_waiting_grants() {
        signIn(server.a);
        browser.go(server.url("/console/"));
        var select = new Select(browser.find("#f-entitlement"));
        assertThat(select.getOptions().stream().map(o -> o.getText()).toList())
                .containsExactly("All entitlements", "Store item 001", "Store item " + "%03d".formatted(SOLD - 1));

        select.selectByVisibleText("Store item 001");
        browser.find("form.filters button").sendKeys("");
        browser.pressForNextPage(Keys.ENTER);

        assertThat(browser.all("li.grant-row").stream().map(row -> row.getAttribute("id")).toList())
                .containsExactly("row-" + oldestGrant);
        assertThat(browser.driver().switchTo().activeElement().getText()).isEqualTo("1 waiting grant matches these filters.");
        assertThat(new Select(browser.find("#f-entitlement")).getFirstSelectedOption().getText()).isEqualTo("Store item 001");
        browser.assertAccessible();
        browser.assertFitsNarrow();
    }

    @Test
    void with_more_entitlements_waiting_than_a_list_offers_the_filter_takes_a_typed_id_and_says_what_it_named() {
        signIn(server.b);
        browser.go(server.url("/console/"));
        var field = browser.find("#f-entitlement");
        assertThat(field.getTagName()).isEqualTo("input");
        assertThat(field.getAccessibleName()).isEqualTo("Entitlement id");
        String chosen = everyOneWaits.getFirst();

        field.sendKeys(chosen);
        browser.pressForNextPage(Keys.ENTER);

        assertThat(browser.all("li.grant-row")).hasSize(1);
        assertThat(browser.find("li.grant-row .facts").getText()).contains("Shelf item 001");
        assertThat(browser.driver().switchTo().activeElement().getText())
                .isEqualTo("Entitlement Shelf item 001 (" + chosen + "). 1 waiting grant matches these filters.");
        assertThat(browser.find("#f-entitlement").getAttribute("value")).isEqualTo(chosen);
        browser.assertAccessible();
        browser.assertFitsNarrow();

        var typed = browser.find("#f-entitlement");
        typed.clear();
        typed.sendKeys("ent_nosuchthing");
        browser.pressForNextPage(Keys.ENTER);
        assertThat(browser.driver().switchTo().activeElement().getText())
                .isEqualTo("No entitlement has the id ent_nosuchthing. No waiting grant matches these filters.");
    }

    @Test
    void the_queue_s_choices_are_read_a_bounded_list_at_a_time() {
        var waiting = server.grantor.grants().waitingEntitlements(server.b);
        assertThat(waiting.entitlements()).hasSize(GrantQueries.MOST_WAITING_ENTITLEMENTS);
        assertThat(waiting.more()).isTrue();
        assertThat(server.grantor.grants().waitingEntitlements(server.a).entitlements()).extracting(e -> e.id().value())
                .containsExactly(oldest, newer);
    }

    private static void signIn(BusinessId business) {
        browser.go(server.url("/console/sign-in"));
        browser.driver().manage().deleteAllCookies();
        browser.go(server.consoleLink(business));
        browser.submit(browser.find("main button[type=submit]"));
    }
}

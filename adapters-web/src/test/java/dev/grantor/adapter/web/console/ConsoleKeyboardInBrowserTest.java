package dev.grantor.adapter.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.adapter.web.Browser;
import dev.grantor.adapter.web.WebServer;
import dev.grantor.application.port.in.Licensing.ActivateLicense;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;

/**
 * The console worked with the keyboard alone, at 400% zoom and in a high-contrast theme, in headless Chromium: every
 * page's first Tab is a skip link to the content, Tab reaches every control in the order it is shown, each focused stop
 * shows its focus, and no stop holds it; after an action that answers with a notice the focus is on the notice, so a
 * screen reader reads what happened; pages reflow at 320 px and with the text twice as large; in forced colours the
 * focus still shows and a refusal still says it is one.
 */
class ConsoleKeyboardInBrowserTest {

    static final String LONG_EMAIL = "a.very.long.mailbox.name.for.testing.overflow@customers-of-acme-tools.example.com";

    static WebServer server;
    static Browser browser;
    static ConsoleData data;
    static String pending;
    static String seated;
    static String pooled;
    static String manual;
    static List<String> pages;

    @BeforeAll
    static void start() {
        server = new WebServer();
        data = new ConsoleData(server);
        manual = data.entitlement(server.a, "Acme Strict", Map.of("fulfillment_mode", "manual", "activations_limit", 3,
                "min_key_length", 12));
        pending = data.grant(server.a, manual, LONG_EMAIL, "Lee Long", "pay_3001");
        data.grant(server.a, manual, "olga@example.com", "Olga Ott", "pay_3002");
        pooled = data.pooledEntitlement(server.a, "Acme Team");
        data.grant(server.a, pooled, "pia@example.com", "Pia Pool", "pay_3003");
        String auto = data.entitlement(server.a, "Acme Auto", Map.of("fulfillment_mode", "auto", "activations_limit", 3));
        seated = data.grant(server.a, auto, "sam@example.com", "Sam Seat", "pay_3004");
        String key = server.grantor.grants().get(server.a, seated).get().licenseKey().get().value().value();
        server.grantor.licensing().activate(new ActivateLicense(key, "Laptop")).get();
        data.webhook(server.a);
        server.grantor.operatorAccess().add(server.a, LONG_EMAIL).get();
        String customer = server.grantor.grants().get(server.a, seated).get().grant().customerId().value();
        pages = List.of("/console/", "/console/grants", "/console/grants/" + pending, "/console/grants/" + seated,
                "/console/customers", "/console/customers/" + customer, "/console/pools", "/console/team",
                "/console/webhooks", "/console/outbox");
        browser = Browser.open();
        browser.go(server.consoleLink(server.a));
        browser.submit(browser.find("main button[type=submit]"));
    }

    @AfterEach
    void plainScreen() {
        browser.driver().executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features", List.of()));
        browser.driver().executeCdpCommand("Page.setFontSizes", Map.of("fontSizes", Map.of("standard", 16, "fixed", 13)));
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        server.close();
    }

    @Test
    void every_page_is_worked_with_Tab_alone_each_stop_showing_its_focus_in_the_order_shown() {
        var found = new ArrayList<String>();
        for (String page : pages) {
            browser.go(server.url(page));
            browser.assertSkipLinkLeadsToTheContent();
            browser.keyboardTour().forEach(problem -> found.add(page + ": " + problem));
        }
        assertThat(found).isEmpty();
    }

    @Test
    void in_forced_colours_every_stop_still_shows_its_focus() {
        browser.driver().executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features",
                List.of(Map.of("name", "forced-colors", "value", "active"))));
        var found = new ArrayList<String>();
        for (String page : pages) {
            browser.go(server.url(page));
            assertThat((Boolean) browser.driver().executeScript("return matchMedia('(forced-colors: active)').matches")).isTrue();
            browser.keyboardTour().forEach(problem -> found.add(page + ": " + problem));
        }
        browser.go(server.url("/console/"));
        browser.screenshots("console-queue-forced-colours");
        browser.go(server.url("/console/pools"));
        browser.screenshots("console-pools-forced-colours");
        assertThat(found).isEmpty();
    }

    @Test
    void every_page_reflows_at_320_px_as_at_400_percent_zoom() {
        var found = new ArrayList<String>();
        for (String page : pages) {
            browser.go(server.url(page));
            browser.sidewaysAt(320).forEach(problem -> found.add(page + ": " + problem));
        }
        assertThat(found).isEmpty();
    }

    @Test
    void text_set_twice_as_large_in_the_browser_is_twice_as_large_and_nothing_scrolls_sideways() {
        browser.driver().executeCdpCommand("Page.setFontSizes", Map.of("fontSizes", Map.of("standard", 32, "fixed", 26)));
        var found = new ArrayList<String>();
        for (String page : pages) {
            browser.go(server.url(page));
            String size = String.valueOf(browser.driver().executeScript(
                    "return getComputedStyle(document.querySelector('main p, main label, main td') || document.body).fontSize"));
            if (!size.equals("32px")) {
                found.add(page + ": the text is " + size + " where the browser asks for 32px");
            }
            browser.sidewaysAt(1280).forEach(problem -> found.add(page + ": " + problem));
        }
        assertThat(found).isEmpty();
    }

    @Test
    void a_success_notice_takes_the_focus_so_that_it_is_read_out() {
        browser.go(server.url("/console/grants/" + seated));
        browser.find("form[action$='/resend'] button").sendKeys("");
        browser.pressForNextPage(Keys.ENTER);

        assertThat(browser.text()).contains("The delivery email will be sent again.");
        var focused = browser.driver().switchTo().activeElement();
        assertThat(focused.getAttribute("class")).as("focused: " + browser.focused()).contains("notice");
        assertThat(focused.getAttribute("role")).isEqualTo("status");
        assertThat(focused.getText()).isEqualTo("The delivery email will be sent again.");
        browser.assertAccessible();
    }

    /**
     * A search answers with a new page, as a change does: what it found is said first and takes the focus, so a screen
     * reader reads it and the next Tab goes on to the first grant found. A plain visit to the same page keeps the focus
     * at its top, where the skip link is the first Tab.
     */
    @Test
    void a_search_s_answer_takes_the_focus_and_a_plain_visit_leaves_it_at_the_top() {
        String key = server.grantor.grants().get(server.a, seated).get().licenseKey().get().value().value();
        String ending = key.substring(key.length() - 6);
        var searches = List.of(
                List.of("/console/grants", "sam@example.com", "1 grant matches sam@example.com."),
                List.of("/console/grants", ending, "1 grant matches " + ending + "."),
                List.of("/console/grants", "nobody@example.com", "No grant matches nobody@example.com."),
                List.of("/console/customers", "SAM@example.com", "Found the customer with the email SAM@example.com."),
                List.of("/console/customers", "nobody@example.com", "No customer has the email nobody@example.com."));
        for (var search : searches) {
            browser.go(server.url(search.get(0)));
            assertThat(browser.focused()).as("a plain visit to " + search.get(0)).isEqualTo("body");

            browser.find("#q").sendKeys("");
            browser.press(search.get(1));
            browser.pressForNextPage(Keys.ENTER);

            var focused = browser.driver().switchTo().activeElement();
            assertThat(focused.getAttribute("id")).as(search + " focused: " + browser.focused()).isEqualTo("found");
            assertThat(focused.getAttribute("role")).isEqualTo("status");
            assertThat(focused.getText()).isEqualTo(search.get(2));
            if (search.get(2).startsWith("1 grant")) {
                browser.press(Keys.TAB);
                assertThat(browser.driver().switchTo().activeElement().getText()).as("the next Tab").isEqualTo(seated);
            }
        }
        browser.assertAccessible();

        browser.go(server.url("/console/grants?status=delivered"));
        assertThat(browser.driver().switchTo().activeElement().getText()).as("a link to a filtered list answers too")
                .matches("\\d+ grants? with the status delivered\\.");
        browser.go(server.url("/console/customers"));
        browser.find("#q").sendKeys("");
        browser.pressForNextPage(Keys.ENTER);
        assertThat(browser.driver().switchTo().activeElement().getText()).as("an empty search")
                .isEqualTo("Nothing typed to find: these are the newest customers.");
    }

    @Test
    void the_queue_s_filters_answer_as_a_search_does_and_a_plain_visit_leaves_the_focus_at_the_top() {
        browser.go(server.url("/console/"));
        assertThat(browser.focused()).isEqualTo("body");
        new org.openqa.selenium.support.ui.Select(browser.find("#f-entitlement")).selectByValue(manual);
        browser.find("form.filters button").sendKeys("");
        browser.pressForNextPage(Keys.ENTER);

        var focused = browser.driver().switchTo().activeElement();
        assertThat(focused.getAttribute("id")).as("focused: " + browser.focused()).isEqualTo("found");
        assertThat(focused.getText()).isEqualTo("2 waiting grants match these filters.");

        new org.openqa.selenium.support.ui.Select(browser.find("#f-age")).selectByIndex(
                browser.all("#f-age option").size() - 1);
        browser.find("form.filters button").sendKeys("");
        browser.pressForNextPage(Keys.ENTER);
        assertThat(browser.driver().switchTo().activeElement().getText()).isEqualTo("No waiting grant matches these filters.");
        assertThat(browser.text()).containsOnlyOnce("No waiting grant matches these filters.");
        browser.assertAccessible();
    }

    @Test
    void signed_out_with_the_keyboard_the_sign_in_page_opens_in_its_email_field_and_its_answer_takes_the_focus() {
        try {
            browser.go(server.url("/console/"));
            browser.find("form.sign-out button").sendKeys("");
            browser.pressForNextPage(Keys.ENTER);

            assertThat(browser.path()).isEqualTo("/console/sign-in");
            assertThat(browser.focused()).isEqualTo("email");
            assertThat(browser.find("#email").getAttribute("aria-describedby")).isEqualTo("sign-in-about");
            browser.press("nobody@example.com");
            browser.pressForNextPage(Keys.ENTER);

            var focused = browser.driver().switchTo().activeElement();
            assertThat(focused.getAttribute("role")).as("focused: " + browser.focused()).isEqualTo("status");
            assertThat(focused.getText()).contains("nobody@example.com").contains("sign-in link");
        } finally {
            browser.go(server.consoleLink(server.a));
            browser.submit(browser.find("main button[type=submit]"));
        }
    }

    @Test
    void a_refusal_notice_takes_the_focus_and_says_it_is_an_error_in_words_not_only_in_red() {
        browser.go(server.url("/console/pools"));
        browser.find("#paste-" + pooled).sendKeys("");
        browser.press(Keys.TAB);
        browser.press(Keys.TAB);
        browser.press(Keys.TAB);
        assertThat(browser.driver().switchTo().activeElement().getText()).startsWith("Upload");
        browser.pressForNextPage(Keys.ENTER);

        var focused = browser.driver().switchTo().activeElement();
        assertThat(focused.getAttribute("class")).as("focused: " + browser.focused()).contains("notice");
        assertThat(focused.getAttribute("role")).isEqualTo("alert");
        assertThat(focused.getText()).isEqualTo("Error: Choose a file to upload.");
    }
}

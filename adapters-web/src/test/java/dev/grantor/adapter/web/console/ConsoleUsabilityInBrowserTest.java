package dev.grantor.adapter.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.adapter.web.Browser;
import dev.grantor.adapter.web.WebServer;
import dev.grantor.application.port.in.Licensing.ActivateLicense;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The console as a staff member works it with a screen reader, the keyboard or a phone, in headless Chromium: a
 * refused form puts the focus on its field and says "Error" in the title; a refused "Mark failed" keeps what was
 * typed, its problem said once next to its field; no page scrolls sideways at 360 px with a long address in it; each
 * field and button has a name of its own, as a screen reader lists them out of their row; every page has a title of
 * its own, one h1, headings in order and no empty landmark; an empty answer says why; an error page names the site
 * in its title and keeps the console around it.
 */
class ConsoleUsabilityInBrowserTest {

    static final String LONG_EMAIL = "a.very.long.mailbox.name.for.testing.overflow@customers-of-acme-tools.example.com";
    /** An entitlement's name is an option of the queue's filter, whose select is as wide as its longest option. */
    static final String LONG_NAME = "Acme Auto Studio Professional, Unlimited Seats Edition for Growing Teams";

    static WebServer server;
    static Browser browser;
    static ConsoleData data;
    static String longGrant;
    static String otherGrant;
    static String seated;

    @BeforeAll
    static void start() {
        server = new WebServer();
        data = new ConsoleData(server);
        String strict = data.entitlement(server.a, "Acme Strict", Map.of("fulfillment_mode", "manual", "activations_limit", 3,
                "min_key_length", 12));
        longGrant = data.grant(server.a, strict, LONG_EMAIL, "Lee Long", "pay_2001");
        otherGrant = data.grant(server.a, strict, "olga@example.com", "Olga Ott", "pay_2002");
        for (String name : List.of("Acme Team", "Acme Site")) {
            data.grant(server.a, data.pooledEntitlement(server.a, name), "pia@example.com", "Pia Pool", "pay_" + name.length());
        }
        String auto = data.entitlement(server.a, LONG_NAME, Map.of("fulfillment_mode", "auto", "activations_limit", 3));
        seated = data.grant(server.a, auto, "sam@example.com", "Sam Seat", "pay_2003");
        String key = server.grantor.grants().get(server.a, seated).get().licenseKey().get().value().value();
        server.grantor.licensing().activate(new ActivateLicense(key, "Laptop")).get();
        server.grantor.licensing().activate(new ActivateLicense(key, "Desktop")).get();
        // the Team page's rows and history name it: one more page that must not scroll sideways
        server.grantor.operatorAccess().add(server.a, LONG_EMAIL).get();
        browser = Browser.open();
        browser.go(server.consoleLink(server.a));
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
    void a_refused_key_takes_the_focus_and_the_title_begins_with_Error() {
        browser.go(server.url("/console/"));
        browser.find("#key-" + otherGrant).sendKeys("SHORT");
        browser.submit(browser.find("#row-" + otherGrant + " form[action$='/fulfill'] button"));

        assertThat(focused()).isEqualTo("key-" + otherGrant);
        assertThat(browser.title()).isEqualTo("Error: Queue (4) · Grantor console");

        browser.go(server.url("/console/grants/" + otherGrant));
        assertThat(browser.title()).isEqualTo("Grant " + otherGrant + " · Grantor console");
        browser.find("#key").sendKeys("SHORT");
        browser.submit(browser.find("form[action$='/fulfill'] button"));

        assertThat(focused()).isEqualTo("key");
        assertThat(browser.title()).startsWith("Error: Grant " + otherGrant);
        assertThat(browser.find("#key").getAttribute("aria-describedby")).isEqualTo("key-error");
    }

    @Test
    void a_refusal_without_a_field_of_its_own_takes_the_focus_in_its_row() {
        browser.go(server.url("/console/"));
        String row = browser.all("li.grant-row").stream().filter(r -> r.getText().contains("Acme Team")).findFirst().orElseThrow()
                .getAttribute("id");
        browser.submit(browser.find("#" + row + " form[action$='/fill-from-pool'] button"));

        assertThat(browser.find("#" + row + " .field-error").getText()).contains("no available key");
        assertThat(browser.driver().switchTo().activeElement()).isEqualTo(browser.find("#" + row + " .field-error"));
        assertThat(browser.title()).startsWith("Error: Queue");
    }

    @Test
    void a_refused_failure_says_its_problem_once() {
        browser.go(server.url("/console/"));
        browser.toggle(browser.find("#row-" + otherGrant + " details:nth-of-type(1) summary"));
        browser.find("#code-" + otherGrant).sendKeys("supplier_out");
        browser.find("#msg-" + otherGrant).sendKeys("   ");
        browser.submit(browser.find("#row-" + otherGrant + " form[action$='/fail'] button"));

        assertThat(browser.find("#row-" + otherGrant + " .field-error").getText()).isEqualTo("error_message is required");
    }

    @Test
    void a_refused_failure_is_shown_open_with_what_was_typed_and_the_problem_at_its_field() {
        browser.go(server.url("/console/"));
        browser.toggle(browser.find("#row-" + otherGrant + " details:nth-of-type(1) summary"));
        browser.find("#code-" + otherGrant).sendKeys("supplier_out");
        browser.find("#msg-" + otherGrant).sendKeys("   ");
        browser.submit(browser.find("#row-" + otherGrant + " form[action$='/fail'] button"));

        assertThat(browser.find("#code-" + otherGrant).getAttribute("value")).isEqualTo("supplier_out");
        assertThat(browser.find("#msg-" + otherGrant).getAttribute("aria-describedby")).isEqualTo("fail-" + otherGrant);
        assertThat(browser.find("#msg-" + otherGrant).getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(browser.find("#code-" + otherGrant).getAttribute("aria-invalid")).isNull();
        assertThat(focused()).isEqualTo("msg-" + otherGrant);
        assertThat(browser.find("#fail-" + otherGrant).getText()).isEqualTo("error_message is required");

        browser.go(server.url("/console/grants/" + otherGrant));
        browser.toggle(browser.all("details summary").stream().filter(d -> d.getText().equals("Mark failed")).findFirst().orElseThrow());
        browser.find("#error_code").sendKeys("x".repeat(101));
        browser.find("#error_message").sendKeys("The supplier has no keys left");
        browser.submit(browser.find("form[action$='/fail'] button"));

        assertThat(browser.find("#error_message").getAttribute("value")).isEqualTo("The supplier has no keys left");
        assertThat(browser.find("#error_code").getAttribute("aria-describedby")).isEqualTo("failure-error");
        assertThat(focused()).isEqualTo("error_code");
        assertThat(browser.find("#failure-error").getText()).isEqualTo("error_code must be at most 100 characters");
        browser.assertAccessible();
    }

    @Test
    void no_page_scrolls_sideways_at_360_px_with_a_long_address_in_it() {
        var wide = new ArrayList<String>();
        for (String path : List.of("/console/", "/console/grants/" + longGrant, "/console/grants?q=" + LONG_EMAIL.replace("@", "%40") + "x",
                "/console/customers", "/console/customers/" + customerOf(longGrant),
                "/console/customers?q=" + LONG_EMAIL.replace("@", "%40") + "x", "/console/pools", "/console/webhooks",
                "/console/outbox", "/console/team")) {
            browser.go(server.url(path));
            wide.addAll(browser.sidewaysAt360().stream().map(found -> path + ": " + found).toList());
        }
        browser.go(server.url("/console/sign-in"));
        browser.find("#email").sendKeys(LONG_EMAIL);
        browser.submit(browser.find("main form button[type=submit]"));
        assertThat(browser.find(".notice").getText()).contains(LONG_EMAIL);
        wide.addAll(browser.sidewaysAt360().stream().map(found -> "the sign-in page's answer: " + found).toList());

        assertThat(wide).isEmpty();
    }

    @Test
    void a_table_wider_than_the_screen_is_read_as_cards_between_a_phone_and_its_own_width() {
        var wide = new ArrayList<String>();
        var pages = List.of("/console/grants?q=" + LONG_EMAIL.replace("@", "%40"), "/console/customers/" + customerOf(longGrant),
                "/console/grants/" + seated, "/console/pools", "/console/webhooks", "/console/outbox", "/console/team");
        for (String path : pages) {
            browser.go(server.url(path));
            for (int width : new int[] {481, 560, 720, 900}) {
                wide.addAll(browser.sidewaysAt(width).stream().map(found -> path + " at " + width + " px: " + found).toList());
            }
        }
        assertThat(wide).isEmpty();

        // a table that fits keeps its columns and their headers
        browser.go(server.url("/console/team"));
        assertThat(browser.find("main table.cards thead").isDisplayed()).isTrue();
        assertThat(browser.find("main table.cards").getAttribute("class")).doesNotContain("stacked");
    }

    @Test
    void a_form_clicked_twice_is_sent_once_and_shows_its_own_answer() {
        browser.go(server.url("/console/grants/" + seated));
        // the second click lands while the first request is on its way, as a double click's does
        browser.submitByScript("const resend = [...document.querySelectorAll('main form')]"
                + ".find(f => f.action.endsWith('/resend')).querySelector('button');"
                + " resend.click(); setTimeout(() => resend.click(), 15);");

        assertThat(browser.find(".notice").getText()).isEqualTo("The delivery email will be sent again.");

        // the same, step by step: a page's second submit of a form is cancelled before it leaves
        browser.go(server.url("/console/grants/" + seated));
        assertThat(browser.actWithoutLeaving("""
                const form = [...document.querySelectorAll('main form')].find(f => f.action.endsWith('/resend'));
                const cancelled = [];
                document.addEventListener('submit', e => { cancelled.push(e.defaultPrevented); e.preventDefault(); });
                form.requestSubmit();
                form.requestSubmit();
                return cancelled;
                """)).isEqualTo(List.of(false, true));
    }

    @Test
    void every_field_and_button_has_a_name_of_its_own() {
        for (String path : List.of("/console/", "/console/pools", "/console/grants/" + seated, "/console/customers",
                "/console/customers/" + customerOf(seated))) {
            browser.go(server.url(path));
            browser.driver().executeScript("document.querySelectorAll('details').forEach(d => d.open = true)");
            var names = browser.all("main button, main input:not([type=hidden]), main select, main textarea, main summary").stream()
                    .map(e -> e.getTagName() + " " + e.getAccessibleName()).toList();

            assertThat(names).as(path).doesNotHaveDuplicates().noneMatch(n -> n.endsWith(" "));
        }
        browser.go(server.url("/console/"));
        assertThat(browser.find("#key-" + longGrant).getAccessibleName())
                .isEqualTo("License key for " + LONG_EMAIL + ", Acme Strict (at least 12 characters)");
        var hidden = browser.find("label[for='key-" + longGrant + "'] .visually-hidden").getRect();
        assertThat(hidden.getWidth() * hidden.getHeight()).as("what the eye sees is unchanged").isLessThanOrEqualTo(1);
        browser.screenshots("console-queue-names");
    }

    @Test
    void an_empty_answer_says_why_and_what_to_do_next() {
        browser.go(server.url("/console/grants?status=failed"));
        assertThat(browser.find("main .notice[role=status]").getText()).isEqualTo("No grant with the status failed.");

        browser.go(server.url("/console/?age=72"));
        assertThat(browser.find("main").getText()).contains("No waiting grant matches these filters.")
                .doesNotContain("Nothing is waiting");
        browser.submit(browser.driver().findElement(org.openqa.selenium.By.linkText("Show the whole queue")));
        assertThat(browser.all("li.grant-row")).hasSize(4);
    }

    @Test
    void every_page_has_a_title_of_its_own_one_h1_headings_in_order_and_no_empty_landmark() {
        var titles = new ArrayList<String>();
        for (String path : List.of("/console/", "/console/grants/" + seated, "/console/grants", "/console/customers",
                "/console/customers/" + customerOf(seated), "/console/pools",
                "/console/webhooks", "/console/outbox", "/console/team", "/console/sign-in",
                java.net.URI.create(server.consoleLink(server.a)).getPath())) {
            browser.go(server.url(path));
            titles.add(browser.title());
            assertThat(browser.all("h1")).as(path).hasSize(1);
            var levels = browser.all("h1, h2, h3, h4, h5, h6").stream().map(h -> h.getTagName().charAt(1) - '0').toList();
            for (int i = 1; i < levels.size(); i++) {
                assertThat(levels.get(i)).as(path + " heading " + i).isLessThanOrEqualTo(levels.get(i - 1) + 1);
            }
            assertThat(browser.all("nav")).as(path + ": a navigation landmark with nothing in it")
                    .allMatch(nav -> !nav.findElements(org.openqa.selenium.By.cssSelector("a")).isEmpty());
        }
        assertThat(titles).doesNotHaveDuplicates();
    }

    @Test
    void an_error_page_names_the_site_in_its_title() {
        browser.go(server.url("/console/grants/grant_nobody"));

        assertThat(browser.title()).isEqualTo("Page not found · Grantor console");
        assertThat(browser.find("h1").getText()).isEqualTo("Page not found");
        browser.assertFocusOn("main .notice");
    }

    @Test
    void a_refusal_keeps_the_operator_signed_in_with_the_console_around_it() {
        browser.go(server.url("/console/grants/grant_nobody"));

        assertThat(browser.all("nav a").stream().map(a -> a.getText()).toList()).contains("Queue", "Grants", "Pools");
        assertThat(browser.all("form.sign-out button")).hasSize(1);
        browser.submit(browser.driver().findElement(org.openqa.selenium.By.linkText("Search the grants")));
        assertThat(browser.path()).isEqualTo("/console/grants");
    }

    private static String customerOf(String grant) {
        return server.grantor.grants().get(server.a, grant).get().grant().customerId().value();
    }

    private static String focused() {
        return browser.driver().switchTo().activeElement().getAttribute("id");
    }
}

package dev.grantor.adapter.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.adapter.web.Browser;
import dev.grantor.adapter.web.WebServer;
import dev.grantor.application.port.out.WebhookSender.Outcome;
import dev.grantor.domain.grant.GrantStatus;
import dev.grantor.domain.shared.GrantId;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The console in headless Chromium, as an operator works it: sign in through a link, work the queue (paste a key
 * with spaces around it, see the grant delivered and its email in the pickup folder; paste a taken key and see the
 * error next to the field with the value kept; revoke; fill from a pool), read a grant, retry a failed webhook
 * delivery, fulfill with the keyboard alone, read the team, sign out. Every page passes axe-core and is photographed at 1280 and
 * 360 px under target/screenshots.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleInBrowserTest {

    static WebServer server;
    static Browser browser;
    static ConsoleData data;
    static String entitlement;
    static String pooled;
    static String adaGrant;
    static String bobGrant;
    static String carolGrant;
    static String pooledGrant;
    static String keyboardGrant;

    @BeforeAll
    static void start() {
        server = new WebServer();
        data = new ConsoleData(server);
        entitlement = data.manualEntitlement(server.a, "Acme Pro");
        pooled = data.pooledEntitlement(server.a, "Acme Team");
        data.webhook(server.a);
        server.webhookAnswer.set(new Outcome.Answered(500));
        adaGrant = data.grant(server.a, entitlement, "ada@example.com", ConsoleData.HOSTILE_NAME, "pay_1001");
        server.clock.advance(Duration.ofHours(30));
        bobGrant = data.grant(server.a, entitlement, "bob@example.com", "Bob Stone", "pay_1002");
        carolGrant = data.grant(server.a, entitlement, "carol@example.com", "Carol Chen", "pay_1003");
        pooledGrant = data.grant(server.a, pooled, "dan@example.com", "Dan Diaz", "pay_1004");
        keyboardGrant = data.grant(server.a, entitlement, "erin@example.com", "Erin Ek", "pay_1005");
        server.clock.advance(Duration.ofMinutes(42));
        server.relay();
        server.dispatch();
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
    @Order(1)
    void a_sign_in_link_opens_the_queue_oldest_first_with_the_old_grant_highlighted() {
        browser.go(server.consoleLink(server.a));
        browser.assertAccessible();
        browser.screenshots("console-sign-in-link");
        browser.submit(browser.find("main button[type=submit]"));

        assertThat(browser.path()).isEqualTo("/console/");
        assertThat(browser.title()).startsWith("Queue (5)");
        browser.assertSignedInAs("Acme Tools, signed in with a command-line link");
        var rows = browser.all("li.grant-row");
        assertThat(rows).hasSize(5);
        assertThat(rows.get(0).getAttribute("id")).isEqualTo("row-" + adaGrant);
        assertThat(rows.get(0).findElement(By.cssSelector(".old")).getText()).contains("over a day");
        assertThat(rows.get(0).getText()).contains(ConsoleData.HOSTILE_NAME).contains("pay_1001");
        var created = server.grantor.grants().get(server.a, adaGrant).get().grant().createdAt();
        assertThat(rows.get(0).getText()).as("the exact time is on the row, not only in a tooltip")
                .contains("since " + ConsolePages.WHEN.format(created));
        assertThat(browser.all("img")).as("the customer's name is text, never markup").isEmpty();
        browser.assertAccessible();
        browser.screenshots("console-queue");
    }

    @Test
    @Order(2)
    void a_key_pasted_with_spaces_around_it_delivers_the_grant_and_its_email_is_written() throws Exception {
        field(adaGrant).sendKeys("  ACME-PRO-7K2Q-M9XD-4HJ8  ");
        submit(adaGrant);

        assertThat(browser.find(".notice").getText()).startsWith("Fulfilled");
        assertThat(browser.all("#row-" + adaGrant)).isEmpty();
        var grant = server.grantor.grants().get(server.a, adaGrant).get();
        assertThat(grant.grant().status()).isEqualTo(GrantStatus.DELIVERED);
        assertThat(grant.licenseKey().get().value().value()).isEqualTo("ACME-PRO-7K2Q-M9XD-4HJ8");
        server.relay();
        var eml = server.pickup.resolve(adaGrant + ".eml");
        assertThat(eml).exists();
        assertThat(Files.readString(eml)).contains("ACME-PRO-7K2Q-M9XD-4HJ8");
    }

    @Test
    @Order(3)
    void a_taken_key_is_refused_next_to_its_field_with_what_was_typed_kept() {
        field(bobGrant).sendKeys("ACME-PRO-7K2Q-M9XD-4HJ8");
        submit(bobGrant);

        var error = browser.find("#err-" + bobGrant);
        assertThat(error.getText()).containsIgnoringCase("license key");
        assertThat(field(bobGrant).getAttribute("value")).isEqualTo("ACME-PRO-7K2Q-M9XD-4HJ8");
        assertThat(field(bobGrant).getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(server.grantor.grants().get(server.a, bobGrant).get().grant().status()).isEqualTo(GrantStatus.PENDING);
        browser.assertAccessible();
        browser.screenshots("console-queue-error");
    }

    @Test
    @Order(4)
    void a_short_key_is_accepted_with_a_warning() {
        browser.go(server.url("/console/"));
        field(bobGrant).sendKeys("AB12CD");
        submit(bobGrant);

        var notice = browser.find(".notice.warn");
        assertThat(notice.getText()).contains("only 6 characters").contains("min_key_length");
    }

    @Test
    @Order(5)
    void revoking_from_the_queue_takes_the_grant_out_of_it() {
        browser.go(server.url("/console/"));
        var row = browser.find("#row-" + carolGrant);
        browser.toggle(row.findElements(By.cssSelector("summary")).stream().filter(s -> s.getText().startsWith("Revoke")).findFirst().orElseThrow());
        browser.submit(row.findElement(By.cssSelector("form[action$='/revoke'] button")));

        assertThat(browser.find(".notice").getText()).isEqualTo("Revoked.");
        assertThat(browser.all("#row-" + carolGrant)).isEmpty();
        assertThat(server.grantor.grants().get(server.a, carolGrant).get().grant().status()).isEqualTo(GrantStatus.REVOKED);
    }

    @Test
    @Order(6)
    void an_empty_pool_says_so_and_keys_pasted_into_it_fill_the_waiting_grant() {
        browser.submit(browser.find("#row-" + pooledGrant + " form[action$='/fill-from-pool'] button"));
        assertThat(browser.find("#row-" + pooledGrant + " .field-error").getText()).contains("no available key");

        browser.go(server.url("/console/pools"));
        browser.find("#paste-" + pooled).sendKeys("TEAM-AAAA-0001-ZZZZ\nTEAM-AAAA-0002-ZZZZ\nTEAM-AAAA-0001-ZZZZ");
        browser.submit(browser.find("form[action$='/" + pooled + "/keys'] button"));

        assertThat(browser.find(".notice").getText()).contains("2 imported, 1 duplicate, 0 invalid; 1 waiting grant fulfilled.");
        assertThat(browser.all("tbody tr").get(2).getText()).contains("duplicate");
        assertThat(server.grantor.grants().get(server.a, pooledGrant).get().grant().status()).isEqualTo(GrantStatus.DELIVERED);
        // laid out as cards, an imported line's empty "Why" is no line of its own: no label left hanging over nothing
        browser.atWidth(360, () -> assertThat(browser.driver().executeScript("const why = document.querySelector('tbody tr td[data-label=Why]');"
                + " return [why.textContent, why.getBoundingClientRect().height];")).isEqualTo(List.of("", 0L)));
        browser.assertAccessible();
        browser.screenshots("console-pools");
    }

    @Test
    @Order(7)
    void a_grant_shows_its_fields_its_key_on_request_and_its_timeline_with_who_did_what() {
        browser.go(server.url("/console/grants/" + adaGrant));

        assertThat(browser.find("dl.fields").getText()).contains(ConsoleData.HOSTILE_NAME).contains("payment pay_1001");
        var key = browser.find("details.reveal code");
        assertThat(key.isDisplayed()).isFalse();
        browser.toggle(browser.find("details.reveal summary"));
        assertThat(key.getText()).isEqualTo("ACME-PRO-7K2Q-M9XD-4HJ8");
        var copy = browser.find("details.reveal button.copy");
        assertThat(copy.getText()).as("the copy button, shown by the script").isEqualTo("Copy the key");
        assertThat(browser.copyWith(copy)).isEqualTo("ACME-PRO-7K2Q-M9XD-4HJ8");
        assertThat(browser.find("ol.timeline").getText()).contains("Issued").contains("Delivered")
                .contains("By the owner (command line)").contains("fulfilled");
        assertThat(browser.all("img")).isEmpty();
        browser.assertAccessible();
        browser.screenshots("console-grant");
    }

    @Test
    @Order(8)
    void a_seat_held_by_an_instance_is_freed_from_the_grant_page() {
        server.grantor.licensing().activate(new dev.grantor.application.port.in.Licensing.ActivateLicense(
                "ACME-PRO-7K2Q-M9XD-4HJ8", "Ada's laptop")).get();
        browser.go(server.url("/console/grants/" + adaGrant));
        assertThat(browser.text()).contains("Ada's laptop").contains("1 of 3");

        browser.submit(browser.find("form[action*='/instances/'] button"));

        assertThat(browser.find(".notice").getText()).isEqualTo("The seat is free.");
        assertThat(browser.text()).contains("No instance holds a seat").contains("freed a seat");
        assertThat(server.grantor.grants().get(server.a, adaGrant).get().licenseKey().get().instances()).isEmpty();
    }

    @Test
    @Order(9)
    void the_grant_search_finds_by_email_and_by_payment() {
        browser.go(server.url("/console/grants?q=bob%40example.com"));
        assertThat(browser.all("tbody tr")).hasSize(1);
        assertThat(browser.find("tbody").getText()).contains(bobGrant);
        browser.go(server.url("/console/grants?q=pay_1001"));
        assertThat(browser.find("tbody").getText()).contains(adaGrant);
        browser.assertAccessible();
        browser.screenshots("console-grants");
    }

    @Test
    @Order(10)
    void a_failed_webhook_delivery_is_retried_and_then_delivered() {
        // every delivery fails twice (a pass takes 8 of a business's): the next attempts are 5 minutes away, and the
        // retry makes one due at once (a delivery refused once would be too: its claim ended with the failure)
        for (int round = 0; round < 2; round++) {
            server.clock.advance(Duration.ofSeconds(5));
            int claimed;
            do {
                claimed = server.grantor.dispatcher().get().runOnce();
            } while (claimed > 0);
        }
        browser.go(server.url("/console/webhooks"));
        var retry = browser.all("form[action*='/deliveries/'] button");
        assertThat(retry).isNotEmpty();
        browser.assertAccessible();
        browser.screenshots("console-webhooks");
        server.webhookAnswer.set(new Outcome.Answered(200));
        int before = server.webhookSender.requests().size();
        browser.submit(retry.get(0));

        assertThat(browser.find(".notice").getText()).contains("attempted again at once");
        server.dispatch();
        assertThat(server.webhookSender.requests().size()).isGreaterThan(before);
    }

    @Test
    @Order(11)
    void the_outbox_page_shows_what_is_parked() {
        browser.go(server.url("/console/outbox"));
        assertThat(browser.find("h1").getText()).startsWith("Outbox");
        browser.assertAccessible();
        browser.screenshots("console-outbox");
    }

    @Test
    @Order(12)
    void a_grant_is_fulfilled_with_the_keyboard_alone() {
        browser.go(server.url("/console/?type=license_key"));
        var target = field(keyboardGrant);
        var body = browser.find("body");
        body.sendKeys(Keys.HOME);
        for (int tabs = 0; tabs < 200 && !target.equals(browser.driver().switchTo().activeElement()); tabs++) {
            browser.driver().switchTo().activeElement().sendKeys(Keys.TAB);
        }
        assertThat(browser.driver().switchTo().activeElement()).as("reached by Tab").isEqualTo(target);
        browser.submitWithKeys(browser.driver().switchTo().activeElement(), "ERIN-KEYB-OARD-ONLY-0001" + Keys.ENTER);

        assertThat(browser.find(".notice").getText()).startsWith("Fulfilled");
        assertThat(server.grantor.grants().get(server.a, keyboardGrant).get().grant().status()).isEqualTo(GrantStatus.DELIVERED);
    }

    @Test
    @Order(13)
    void signing_out_ends_the_session_on_the_server() {
        String cookie = browser.driver().manage().getCookieNamed("grantor_console").getValue();
        browser.submit(browser.find("form.sign-out button"));

        assertThat(browser.path()).isEqualTo("/console/sign-in");
        assertThat(server.grantor.signIn().resume(dev.grantor.application.port.in.SignIn.Realm.CONSOLE, cookie)).isEmpty();
        browser.go(server.url("/console/"));
        assertThat(browser.path()).as("the session is gone").isEqualTo("/console/sign-in");
        browser.assertAccessible();
        browser.screenshots("console-sign-in");
    }

    @Test
    @Order(14)
    void an_operators_session_names_the_business_and_the_operators_email_on_every_page() {
        String operator = server.grantor.operatorAccess().add(server.a, "night.shift.operator@acme-tools.example").get().id();
        browser.go(server.consoleLink(server.a, operator));
        browser.submit(browser.find("main button[type=submit]"));

        for (String page : new String[] {"/console/", "/console/grants", "/console/grants/" + adaGrant, "/console/pools",
                "/console/webhooks", "/console/outbox", "/console/grants/grant_none"}) {
            browser.go(server.url(page));
            browser.assertSignedInAs("Acme Tools, signed in as night.shift.operator@acme-tools.example");
            assertThat(browser.text()).as(page).doesNotContain("Bolt Works");
        }
        browser.go(server.url("/console/grants/" + adaGrant));
        browser.assertAccessible();
        browser.screenshots("console-grant-as-operator");
    }

    /**
     * After {@link #an_operators_session_names_the_business_and_the_operators_email_on_every_page}: the browser is signed
     * in as that operator, whose row the Team page marks.
     */
    @Test
    @Order(15)
    void the_team_page_lists_who_may_enter_marks_the_visitors_row_and_shows_the_changes_newest_first_without_a_form() {
        var access = server.grantor.operatorAccess();
        server.clock.advance(Duration.ofMinutes(1));
        access.add(server.a, "support.desk.viewer@acme-tools.example", io.vavr.control.Option.some(
                dev.grantor.application.port.in.OperatorAccess.Role.VIEWER)).get();
        server.clock.advance(Duration.ofMinutes(1));
        String left = access.add(server.a, "left.the.company@acme-tools.example").get().id();
        server.clock.advance(Duration.ofMinutes(1));
        access.remove(server.a, left).get();
        access.add(server.b, "someone.at.bolt@bolt-works.example").get();

        browser.go(server.url("/console/"));
        browser.submit(browser.driver().findElement(By.linkText("Team")));

        assertThat(browser.path()).isEqualTo("/console/team");
        assertThat(browser.title()).startsWith("Team");
        browser.assertSignedInAs("Acme Tools, signed in as night.shift.operator@acme-tools.example");
        var own = browser.all("main tr.you");
        assertThat(own).singleElement().satisfies(row -> assertThat(row.getText()).contains("night.shift.operator@acme-tools.example (you)"));
        var changes = browser.all("table[aria-labelledby=changes] tbody tr");
        assertThat(changes).hasSize(4);
        assertThat(changes.get(0).getText()).contains("the owner (command line)").contains("removed an operator")
                .contains("left.the.company@acme-tools.example");
        assertThat(changes.get(3).getText()).contains("added an operator").contains("night.shift.operator@acme-tools.example");
        assertThat(browser.all("main form")).as("access is changed on the command line only").isEmpty();
        assertThat(browser.text()).contains("grantor operators add --business " + server.a.value()).doesNotContain("bolt-works");
        browser.atWidth(360, () -> assertThat(browser.find("table[aria-labelledby=changes] thead").getRect().getHeight())
                .as("at 360 px each row is a card of labelled lines, the header row hidden").isLessThanOrEqualTo(1));
        browser.assertAccessible();
        browser.screenshots("console-team");
    }

    private static WebElement field(String grant) {
        return browser.find("#key-" + grant);
    }

    private static void submit(String grant) {
        browser.submit(browser.find("#row-" + grant + " form[action$='/fulfill'] button"));
    }

    static GrantId id(String value) {
        return new GrantId(value);
    }
}

package dev.grantor.adapter.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.adapter.web.Browser;
import dev.grantor.adapter.web.ForeignPage;
import dev.grantor.adapter.web.WebServer;
import dev.grantor.domain.grant.GrantStatus;
import io.vavr.control.Option;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WindowType;

/**
 * What an operator sees, in headless Chromium, when a console form does not do what it says: pressed on a grant page
 * left open in another tab after the same action was done there (revoke, the same key), and pressed on a page of
 * another site while signed in. Each page is read as a person reads it (heading, words, the way on, the page's
 * language and title), checked with axe-core, and photographed at 1280 and 360 px.
 */
class ConsoleStaleAndForeignFormsInBrowserTest {

    static WebServer server;
    static ConsoleData data;
    static ForeignPage foreign;
    static Browser browser;
    static String manual;

    @BeforeAll
    static void start() {
        server = new WebServer();
        data = new ConsoleData(server);
        manual = data.manualEntitlement(server.a, "Acme Pro");
        foreign = new ForeignPage();
        browser = Browser.open();
        browser.go(server.consoleLink(server.a));
        browser.submit(browser.find("main button[type=submit]"));
        assertThat(browser.path()).isEqualTo("/console/");
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        foreign.close();
        server.close();
    }

    @Test
    void revoke_pressed_again_on_a_page_left_open_says_the_grant_was_revoked_already() {
        String grant = data.grant(server.a, manual, "rea@example.com", "Rea Ray", "pay_2001");
        String first = browser.driver().getWindowHandle();
        browser.go(server.url("/console/grants/" + grant));
        browser.driver().switchTo().newWindow(WindowType.TAB);
        revoke(grant);
        assertThat(browser.find(".notice").getText()).isEqualTo("Revoked.");
        assertThat(browser.find(".notice").getAttribute("class")).isEqualTo("notice good");
        browser.driver().close();
        browser.driver().switchTo().window(first);

        pressRevoke();

        assertThat(browser.path()).isEqualTo("/console/grants/" + grant);
        assertThat(browser.find(".notice").getText()).isEqualTo("That grant was revoked already: nothing was changed.");
        assertThat(browser.find(".notice").getAttribute("class")).as("not shown as a change done").isEqualTo("notice info");
        browser.assertFocusOn("main .notice");
        assertThat(browser.all("form[action$='/revoke']")).as("no Revoke offered on a revoked grant").isEmpty();
        assertThat(browser.find("h1").getText()).contains(grant).endsWith("Revoked");
        assertThat(actionsOn(grant)).containsExactly("revoked");
        browser.assertAccessible();
        browser.screenshots("console-grant-revoked-already");
    }

    @Test
    void the_same_key_pressed_again_on_a_page_left_open_says_the_grant_has_it() {
        String grant = data.grant(server.a, manual, "kay@example.com", "Kay Kim", "pay_2002");
        String first = browser.driver().getWindowHandle();
        browser.go(server.url("/console/grants/" + grant));
        browser.driver().switchTo().newWindow(WindowType.TAB);
        fulfill(grant, "ACME-PRO-SAME-KEY-0001");
        assertThat(browser.find(".notice").getText()).startsWith("Fulfilled");
        browser.driver().close();
        browser.driver().switchTo().window(first);
        server.relay();

        browser.find("#key").sendKeys("ACME-PRO-SAME-KEY-0001");
        browser.submit(browser.find("form[action$='/fulfill'] button"));

        assertThat(browser.path()).isEqualTo("/console/grants/" + grant);
        assertThat(browser.find(".notice").getText())
                .isEqualTo("That grant has this key already: nothing was changed, and no email was sent again.");
        assertThat(browser.find(".notice").getAttribute("class")).as("not shown as a change done").isEqualTo("notice info");
        assertThat(browser.all("form[action$='/fulfill']")).as("no Fulfill offered on a delivered grant").isEmpty();
        server.relay();
        assertThat(actionsOn(grant)).containsExactly("fulfilled");
        assertThat(browser.find("ol.timeline").getText().lines().filter(l -> l.startsWith("Delivery email"))).hasSize(1);
        browser.assertAccessible();
        browser.screenshots("console-grant-has-this-key-already");
    }

    @Test
    void a_form_of_another_site_pressed_while_signed_in_is_refused_and_changes_nothing() {
        String grant = data.grant(server.a, manual, "vic@example.com", "Vic Vale", "pay_2003");
        browser.go(foreign.show(server.url("/console/grants/" + grant + "/revoke"),
                Map.of("_csrf", "guessed", "reason", "fraudulent", "back", "grant")));

        browser.submit(browser.find("button[type=submit]"));

        assertThat(browser.path()).isEqualTo("/console/grants/" + grant + "/revoke");
        assertThat(browser.title()).isEqualTo("Not allowed · Grantor console");
        assertThat(browser.find("html").getAttribute("lang")).isEqualTo("en");
        assertThat(browser.all("h1")).singleElement().satisfies(h -> assertThat(h.getText()).isEqualTo("Not allowed"));
        assertThat(browser.all("h2, h3")).isEmpty();
        assertThat(browser.find("main .notice").getText()).isEqualTo("This form was sent from a page of another site, or of"
                + " another address of this one, so it was not used and nothing was changed. If you did not mean to send it,"
                + " there is nothing more to do. If you did, open this site at its usual address and send the form from there.");
        browser.assertFocusOn("main .notice");
        assertThat(browser.all("header form.sign-out")).as("the page reads nobody's session").isEmpty();
        assertThat(server.grantor.grants().get(server.a, grant).get().grant().status()).isEqualTo(GrantStatus.PENDING);
        assertThat(actionsOn(grant)).isEmpty();
        browser.assertAccessible();
        browser.screenshots("console-refused-another-site");

        var back = browser.find("main a[href='/console/']");
        assertThat(back.getText()).isEqualTo("Go to the queue");
        browser.submit(back);
        assertThat(browser.path()).as("still signed in").isEqualTo("/console/");
        assertThat(browser.find("#row-" + grant).getText()).contains("Vic Vale");
    }

    private static void revoke(String grant) {
        browser.go(server.url("/console/grants/" + grant));
        pressRevoke();
    }

    private static void pressRevoke() {
        browser.toggle(browser.all("summary").stream().filter(s -> s.getText().equals("Revoke")).findFirst().orElseThrow());
        browser.submit(browser.find("form[action$='/revoke'] button"));
    }

    /** The audit trail's entries about {@code grant}, newest first, by action. */
    private static java.util.List<String> actionsOn(String grant) {
        return server.store.auditTrail().latestAbout(server.a, grant, Option.none(), 100).map(e -> e.action()).toJavaList();
    }

    private static void fulfill(String grant, String key) {
        browser.go(server.url("/console/grants/" + grant));
        browser.find("#key").sendKeys(key);
        browser.submit(browser.find("form[action$='/fulfill'] button"));
    }
}

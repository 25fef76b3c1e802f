package dev.grantor.adapter.web.portal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.adapter.web.Browser;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;

/**
 * The portal as a buyer uses it with a screen reader, the keyboard or a phone, in headless Chromium: a refused email
 * or code puts the focus back on its field and says "Error" in the title; the code page does not scroll sideways at
 * 360 px with a long address in it; pages have titles of their own; an error page names the portal in its title, and
 * a refused action keeps the customer signed in with a way back to the key.
 */
class PortalUsabilityInBrowserTest {

    static final String LONG_EMAIL = "a.very.long.mailbox.name.for.testing.overflow@customers-of-acme-tools.example.com";

    static PortalWorld world;
    static Browser browser;

    @BeforeAll
    static void start() {
        world = new PortalWorld();
        browser = Browser.open();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        world.close();
    }

    @Test
    void a_refused_email_or_code_takes_the_focus_and_the_title_begins_with_Error() {
        var server = world.server;
        world.buy(server.a, world.entitlement(server.a, 2, Map.of()), "rita@example.com", "Rita");
        browser.driver().manage().deleteAllCookies();
        browser.go(server.url("/portal/" + server.a.value()));
        assertThat(browser.title()).isEqualTo("Sign in · Customer portal");
        browser.find("#email").sendKeys("rita at example");
        browser.submit(browser.find("main form button[type=submit]"));

        assertThat(focused()).isEqualTo("email");
        assertThat(browser.title()).isEqualTo("Error: Sign in · Customer portal");

        browser.find("#email").clear();
        browser.find("#email").sendKeys("rita@example.com");
        browser.submit(browser.find("main form button[type=submit]"));
        assertThat(browser.title()).isEqualTo("Enter your code · Customer portal");
        browser.find("#code").sendKeys("WRONG1");
        browser.submit(browser.find("main form.stack button[type=submit]"));

        assertThat(focused()).isEqualTo("code");
        assertThat(browser.title()).isEqualTo("Error: Enter your code · Customer portal");
        assertThat(browser.find("#code").getAttribute("aria-describedby")).isEqualTo("code-error");
    }

    @Test
    void the_code_page_opens_with_the_focus_in_its_field_so_the_code_is_typed_straight_in() {
        var server = world.server;
        world.buy(server.a, world.entitlement(server.a, 2, Map.of()), "kim@example.com", "Kim");
        browser.driver().manage().deleteAllCookies();
        browser.go(server.url("/portal/" + server.a.value()));
        browser.find("#email").sendKeys("kim@example.com");
        browser.submit(browser.find("main form button[type=submit]"));

        assertThat(focused()).isEqualTo("code");
        browser.submitWithKeys(browser.driver().switchTo().activeElement(), world.codeFromTheEmail("kim@example.com") + Keys.ENTER);
        assertThat(browser.find("h1").getText()).isEqualTo("My purchases");
    }

    @Test
    void the_code_page_does_not_scroll_sideways_at_360_px_with_a_long_address() {
        var server = world.server;
        browser.driver().manage().deleteAllCookies();
        browser.go(server.url("/portal/" + server.a.value()));
        browser.find("#email").sendKeys(LONG_EMAIL);
        browser.submit(browser.find("main form button[type=submit]"));
        assertThat(browser.find(".notice").getText()).contains(LONG_EMAIL);

        browser.assertFitsNarrow();
    }

    @Test
    void the_signed_out_page_and_the_sign_in_page_have_titles_of_their_own() {
        browser.driver().manage().deleteAllCookies();
        browser.go(world.server.url("/portal/sign-in"));
        String signedOut = browser.title();
        browser.go(world.server.url("/portal/" + world.server.a.value()));

        assertThat(browser.title()).isEqualTo("Sign in · Customer portal").isNotEqualTo(signedOut);
        assertThat(signedOut).isEqualTo("Not signed in · Customer portal");
    }

    @Test
    void a_refused_action_keeps_the_customer_signed_in_with_a_way_back_to_the_key() {
        var server = world.server;
        var sam = world.buy(server.a, world.entitlement(server.a, 3, Map.of()), "sam@example.com", "Sam");
        browser.driver().manage().deleteAllCookies();
        browser.go(world.link(server.a, sam));
        browser.submit(browser.find("main form button[type=submit]"));
        String keyPage = "/portal/grants/" + sam.grant().id().value();
        for (int press = 0; press < 5 && !browser.find("h1").getText().equals("Too many attempts"); press++) {
            browser.go(server.url(keyPage));
            browser.submit(browser.find("form[action$='/send-again'] button"));
        }

        assertThat(browser.find("h1").getText()).isEqualTo("Too many attempts");
        browser.assertFocusOn("main .notice");
        assertThat(browser.all("nav a").stream().map(a -> a.getText()).toList()).contains("My purchases");
        assertThat(browser.all("form.sign-out button")).hasSize(1);
        var back = browser.driver().findElement(org.openqa.selenium.By.linkText("Back to the key"));
        browser.submit(back);
        assertThat(browser.path()).isEqualTo(keyPage);
        browser.assertAccessible();
    }

    @Test
    void an_error_page_names_the_portal_in_its_title() {
        browser.go(world.server.url("/portal/link/no-such-link"));

        assertThat(browser.title()).isEqualTo("Sign-in needed · Customer portal");
        assertThat(browser.find("h1").getText()).isEqualTo("Sign-in needed");
        browser.assertFocusOn("main .notice");
    }

    private static String focused() {
        return browser.driver().switchTo().activeElement().getAttribute("id");
    }
}

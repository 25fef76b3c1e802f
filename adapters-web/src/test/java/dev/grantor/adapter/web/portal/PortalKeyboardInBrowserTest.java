package dev.grantor.adapter.web.portal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.adapter.web.Browser;
import dev.grantor.application.port.in.GrantView;
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
 * The portal used with the keyboard alone, at 400% zoom and in a high-contrast theme, in headless Chromium: the sign-in
 * page opens in its email field with its explanation read with it; every page's controls are reached with Tab in the
 * order shown, each showing its focus; a revealed key and a notice take the focus so a screen reader reads them; pages
 * reflow at 320 px and with the text twice as large.
 */
class PortalKeyboardInBrowserTest {

    static final String LONG_EMAIL = "a.very.long.mailbox.name.for.testing.overflow@customers-of-acme-tools.example.com";

    static PortalWorld world;
    static Browser browser;
    static GrantView bought;

    @BeforeAll
    static void start() {
        world = new PortalWorld();
        var server = world.server;
        bought = world.buy(server.a, world.entitlement(server.a, 2, Map.of("customer_can_rotate", true)), LONG_EMAIL, "Lee");
        server.grantor.licensing().activate(new ActivateLicense(world.key(bought), "Laptop")).get();
        browser = Browser.open();
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
        world.close();
    }

    @Test
    void the_sign_in_page_opens_in_its_email_field_which_is_described_by_the_text_above_it() {
        world.server.clock.advance(java.time.Duration.ofHours(1));
        browser.driver().manage().deleteAllCookies();
        browser.go(world.server.url("/portal/" + world.server.a.value()));

        assertThat(browser.focused()).isEqualTo("email");
        assertThat(browser.find("#email").getAttribute("aria-describedby")).isEqualTo("sign-in-about");
        assertThat(browser.find("#sign-in-about").getText()).startsWith("Enter the email address you bought with.");
        browser.press(LONG_EMAIL);
        browser.pressForNextPage(Keys.ENTER);

        assertThat(browser.focused()).isEqualTo("code");
        assertThat(browser.find("#code").getAttribute("aria-describedby")).isEqualTo("code-sent");
        browser.press(world.codeFromTheEmail(LONG_EMAIL));
        browser.pressForNextPage(Keys.ENTER);
        assertThat(browser.find("h1").getText()).isEqualTo("My purchases");
    }

    @Test
    void every_page_is_worked_with_Tab_alone_each_stop_showing_its_focus_in_the_order_shown_also_in_forced_colours() {
        var found = new ArrayList<String>();
        for (boolean forced : new boolean[] {false, true}) {
            browser.driver().executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features",
                    List.of(Map.of("name", "forced-colors", "value", forced ? "active" : "none"))));
            for (var open : pages()) {
                String page = open.get();
                if (!forced) {
                    browser.assertSkipLinkLeadsToTheContent();
                }
                browser.keyboardTour().forEach(problem -> found.add((forced ? "forced colours " : "") + page + ": " + problem));
            }
        }
        assertThat(found).isEmpty();
    }

    @Test
    void every_page_reflows_at_320_px_and_with_the_text_twice_as_large() {
        var found = new ArrayList<String>();
        for (var open : pages()) {
            String page = open.get();
            browser.sidewaysAt(320).forEach(problem -> found.add(page + " at 320 px: " + problem));
        }
        browser.driver().executeCdpCommand("Page.setFontSizes", Map.of("fontSizes", Map.of("standard", 32, "fixed", 26)));
        for (var open : pages()) {
            String page = open.get();
            String size = String.valueOf(browser.driver().executeScript("return getComputedStyle(document.querySelector('main p')).fontSize"));
            if (!size.equals("32px")) {
                found.add(page + ": the text is " + size + " where the browser asks for 32px");
            }
            browser.sidewaysAt(1280).forEach(problem -> found.add(page + " with 32px text: " + problem));
        }
        assertThat(found).isEmpty();
    }

    @Test
    void a_revealed_key_and_a_notice_take_the_focus_so_that_they_are_read_out() {
        signIn();
        browser.go(world.server.url("/portal/grants/" + bought.grant().id().value()));
        browser.find("form[action$=reveal] button").sendKeys("");
        browser.pressForNextPage(Keys.ENTER);

        var focused = browser.driver().switchTo().activeElement();
        assertThat(browser.focused()).isEqualTo("key-shown");
        assertThat(focused.getText().replaceAll("\\s+", " ")).isEqualTo("Your license key: " + world.key(bought));
        browser.assertAccessible();

        browser.find("form[action$=deactivate] button").sendKeys("");
        browser.pressForNextPage(Keys.SPACE);
        focused = browser.driver().switchTo().activeElement();
        assertThat(focused.getAttribute("role")).as("focused: " + browser.focused()).isEqualTo("status");
        assertThat(focused.getText()).isEqualTo("The device was deactivated: its seat is free.");
    }

    /** Opens each page in turn, signed out then signed in, and answers its address once it is shown. */
    private static List<java.util.function.Supplier<String>> pages() {
        var server = world.server;
        String signIn = server.url("/portal/" + server.a.value());
        return List.of(
                () -> signedOut(signIn),
                () -> {
                    server.clock.advance(java.time.Duration.ofHours(1)); // past the hourly limit of codes per address
                    signedOut(signIn);
                    browser.press(LONG_EMAIL);
                    // keys pressed before the page's autofocus moved the focus were lost: the code went to a stranger
                    assertThat(browser.find("#email").getDomProperty("value")).as("the address typed").isEqualTo(LONG_EMAIL);
                    browser.pressForNextPage(Keys.ENTER);
                    // a refusal (a limit, a full queue) shows another page and sends nothing: say which page it was
                    assertThat(browser.focused()).as("focus on %s: %s", browser.path(), browser.find("main").getText())
                            .isEqualTo("code");
                    world.codeFromTheEmail(LONG_EMAIL); // read, so that a later sign-in reads its own code
                    return "the code page";
                },
                () -> signedOut(server.url("/portal/sign-in")),
                () -> {
                    signIn();
                    return browser.path();
                },
                () -> {
                    browser.go(server.url("/portal/grants/" + bought.grant().id().value()));
                    return browser.path();
                });
    }

    private static String signedOut(String url) {
        browser.driver().manage().deleteAllCookies();
        browser.go(url);
        return url;
    }

    private static void signIn() {
        browser.driver().manage().deleteAllCookies();
        browser.go(world.link(world.server.a, bought));
        browser.submit(browser.find("main form button[type=submit]"));
    }
}

package dev.grantor.adapter.web.portal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.adapter.web.Browser;
import dev.grantor.adapter.web.ForeignPage;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a signed-in customer sees, in headless Chromium, after pressing a button on a page of another site that posts
 * one of the portal's forms: the portal's refusal page, read as a person reads it, checked with axe-core and
 * photographed at 1280 and 360 px; the key is the one it was, and the way back leads to the purchases, still signed in.
 */
class PortalForeignFormInBrowserTest {

    static PortalWorld world;
    static ForeignPage foreign;
    static Browser browser;

    @BeforeAll
    static void start() {
        world = new PortalWorld();
        foreign = new ForeignPage();
        browser = Browser.open();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        foreign.close();
        world.close();
    }

    @Test
    void a_form_of_another_site_pressed_while_signed_in_is_refused_and_the_key_stays() {
        var server = world.server;
        var ada = world.buy(server.a, world.entitlement(server.a, 2, Map.of()), "ada@example.com", "Ada");
        String key = world.key(ada);
        String grant = ada.grant().id().value();
        browser.go(world.link(server.a, ada));
        browser.submit(browser.find("main form button[type=submit]"));
        assertThat(browser.path()).isEqualTo("/portal/");

        browser.go(foreign.show(server.url("/portal/grants/" + grant + "/replace"), Map.of("_csrf", "guessed")));
        browser.submit(browser.find("button[type=submit]"));

        assertThat(browser.path()).isEqualTo("/portal/grants/" + grant + "/replace");
        assertThat(browser.title()).isEqualTo("Not allowed · Customer portal");
        assertThat(browser.find("html").getAttribute("lang")).isEqualTo("en");
        assertThat(browser.all("h1")).singleElement().satisfies(h -> assertThat(h.getText()).isEqualTo("Not allowed"));
        assertThat(browser.all("h2, h3")).isEmpty();
        assertThat(browser.find("main .notice").getText()).isEqualTo("This form was sent from a page of another site, or of"
                + " another address of this one, so it was not used and nothing was changed. If you did not mean to send it,"
                + " there is nothing more to do. If you did, open this site at its usual address and send the form from there.");
        browser.assertFocusOn("main .notice");
        assertThat(browser.all("header form.sign-out")).as("the page reads nobody's session").isEmpty();
        assertThat(world.key(server.grantor.grants().get(server.a, grant).get())).as("the key was not replaced").isEqualTo(key);
        browser.assertAccessible();
        browser.screenshots("portal-refused-another-site");

        var back = browser.find("main a[href='/portal/']");
        assertThat(back.getText()).isEqualTo("Go to my purchases");
        browser.submit(back);
        assertThat(browser.path()).as("still signed in").isEqualTo("/portal/");
        assertThat(browser.find("h1").getText()).isEqualTo("My purchases");
    }
}

package dev.grantor.adapter.web.portal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.adapter.web.Browser;
import dev.grantor.application.EngineFixture;
import dev.grantor.application.port.in.EntitlementCatalog.CreateEntitlement;
import dev.grantor.application.port.in.GrantFulfillment.FulfillLicenseKey;
import dev.grantor.application.port.in.Licensing.ActivateLicense;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The portal in headless Chromium, as a buyer uses it: a code from the email, the key revealed and copied, a device
 * deactivated so another can be activated; and what another customer, or a session of another business, gets (404).
 * Screenshots at 1280 and 360 px and axe-core on every page.
 */
class PortalInBrowserTest {

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
    void a_customer_signs_in_with_the_emailed_code_reveals_and_copies_the_key_and_frees_a_seat_for_a_new_machine() {
        var server = world.server;
        String entitlement = world.entitlement(server.a, 1, Map.of());
        var ada = world.buy(server.a, entitlement, "ada@example.com", "Ada <b>Lovelace</b>");
        var bob = world.buy(server.a, entitlement, "bob@example.com", "Bob");
        String key = world.key(ada);
        server.grantor.licensing().activate(new ActivateLicense(key, "Old laptop")).get();
        assertThat(server.grantor.licensing().activate(new ActivateLicense(key, "New laptop")).getLeft().code().name())
                .isEqualTo("LICENSE_KEY_LIMIT_REACHED");

        browser.go(server.url("/portal/" + server.a.value()));
        assertThat(browser.find("h1").getText()).isEqualTo("Sign in to your purchases");
        browser.assertAccessible();
        browser.screenshots("portal-sign-in");
        browser.find("#email").sendKeys("ADA@example.com");
        browser.submit(browser.find("main form button[type=submit]"));

        assertThat(browser.find("h1").getText()).isEqualTo("Enter your code");
        browser.assertAccessible();
        browser.screenshots("portal-code");
        browser.find("#code").sendKeys(world.codeFromTheEmail("ada@example.com").toLowerCase());
        browser.submit(browser.find("main form.stack button[type=submit]"));

        assertThat(browser.path()).isEqualTo("/portal/");
        assertThat(browser.find("h1").getText()).isEqualTo("My purchases");
        browser.assertSignedInAs("Acme Tools, signed in as ada@example.com");
        assertThat(browser.all("li.grant-row")).hasSize(1);
        assertThat(browser.text()).contains("Delivered on").doesNotContain(bob.grant().id().value());
        browser.assertAccessible();
        browser.screenshots("portal-purchases");

        browser.submit(browser.find("li.grant-row a"));
        assertThat(browser.path()).isEqualTo("/portal/grants/" + ada.grant().id().value());
        assertThat(browser.text()).doesNotContain(key).contains("1 of 1 activations used").contains("The key's one activation is in use");
        var masked = browser.find("code.key");
        assertThat(masked.findElement(org.openqa.selenium.By.cssSelector("[aria-hidden=true]")).getText())
                .as("a screen reader is spared the bullets").matches("[•-]+");
        assertThat(masked.findElement(org.openqa.selenium.By.cssSelector(".visually-hidden")).getAttribute("textContent"))
                .isEqualTo("Hidden, ending in ");
        assertThat(masked.getText()).endsWith(key.substring(key.length() - 4));
        browser.assertAccessible();
        browser.screenshots("portal-key-hidden");

        browser.submit(browser.find("form[action$=reveal] button"));
        assertThat(browser.find("#license-key").getText()).isEqualTo(key);
        assertThat(browser.copyWith(browser.find("button.copy"))).isEqualTo(key);
        browser.assertAccessible();
        browser.screenshots("portal-key-revealed");

        browser.submit(browser.find("form[action$=deactivate] button"));
        assertThat(browser.text()).contains("The device was deactivated").contains("0 of 1 activations used")
                .doesNotContain("activation is in use");
        browser.assertAccessible();
        browser.screenshots("portal-key-deactivated");
        assertThat(server.grantor.licensing().activate(new ActivateLicense(key, "New laptop")).isRight()).isTrue();

        // another customer of the same business, signed in with the merchant's link, sees none of it
        browser.driver().manage().deleteAllCookies();
        browser.go(world.link(server.a, bob));
        browser.assertAccessible();
        browser.screenshots("portal-link");
        browser.submit(browser.find("main form button[type=submit]"));
        assertThat(browser.path()).isEqualTo("/portal/");
        assertThat(browser.text()).doesNotContain(ada.grant().id().value());
        browser.go(server.url("/portal/grants/" + ada.grant().id().value()));
        assertThat(browser.find("h1").getText()).isEqualTo("Page not found");
        assertThat(browser.text()).doesNotContain(key);
        browser.assertAccessible();
        browser.screenshots("portal-not-found");
    }

    /** A key of four characters masked by its last four would be the key itself: a key under 16 is hidden whole. */
    @Test
    void a_short_key_is_hidden_by_none_of_its_characters_until_revealed() {
        var server = world.server;
        var config = new java.util.LinkedHashMap<String, Object>();
        config.put("fulfillment_mode", "manual");
        String entitlement = server.grantor.entitlements().create(server.a, new CreateEntitlement("Short Keys",
                EngineFixture.wireConfig("license_key", config), null, null)).get().id().value();
        var dana = world.buy(server.a, entitlement, "dana@example.com", "Dana");
        String key = "Q7Z4";
        server.grantor.fulfillment().fulfillLicenseKey(server.a, dana.grant().id().value(), new FulfillLicenseKey(key, null, null)).get();
        browser.driver().manage().deleteAllCookies();
        browser.go(world.link(server.a, dana));
        browser.submit(browser.find("main form button[type=submit]"));

        browser.go(server.url("/portal/grants/" + dana.grant().id().value()));

        assertThat(browser.find("h1").getText()).isEqualTo("Short Keys");
        var masked = browser.find("code.key");
        assertThat(masked.getAttribute("textContent")).doesNotContain(key).doesNotContain("Z4").endsWith("Hidden");
        assertThat(browser.text()).doesNotContain(key);
        browser.assertAccessible();
        browser.screenshots("portal-short-key-hidden");
        browser.submit(browser.find("form[action$=reveal] button"));
        assertThat(browser.find("#license-key").getText()).isEqualTo(key);
    }

    @Test
    void a_session_of_business_a_is_useless_at_business_b() {
        var server = world.server;
        var atA = world.buy(server.a, world.entitlement(server.a, 2, Map.of()), "carol@example.com", "Carol");
        var atB = world.buy(server.b, world.entitlement(server.b, 2, Map.of()), "carol@example.com", "Carol");
        browser.driver().manage().deleteAllCookies();
        browser.go(world.link(server.a, atA));
        browser.submit(browser.find("main form button[type=submit]"));
        assertThat(browser.text()).contains(atA.grant().id().value()).doesNotContain(atB.grant().id().value());
        browser.assertSignedInAs("Acme Tools, signed in as carol@example.com");

        browser.go(server.url("/portal/grants/" + atB.grant().id().value()));

        assertThat(browser.find("h1").getText()).isEqualTo("Page not found");
        browser.assertSignedInAs("Acme Tools, signed in as carol@example.com");
        assertThat(browser.text()).doesNotContain("Bolt Works");
        assertThat(browser.text()).doesNotContain(world.key(atB));
        browser.go(server.url("/portal/" + server.b.value()));
        assertThat(browser.find("h1").getText()).as("B's own sign-in page, not A's purchases").isEqualTo("Sign in to your purchases");
    }
}

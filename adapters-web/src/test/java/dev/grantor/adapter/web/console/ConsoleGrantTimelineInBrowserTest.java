package dev.grantor.adapter.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.adapter.web.Browser;
import dev.grantor.adapter.web.WebServer;
import dev.grantor.application.port.in.LicenseKeyManagement.RotateLicenseKey;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * A grant rotated every month for three years, in headless Chromium: its page shows the newest 25 entries of the
 * timeline (each rotation with the email of its new key) and the way to the older ones, numbered on from 26 and 51, and
 * back to the newest. Each page passes axe-core, fits
 * 360 px without scrolling sideways, and is photographed at 1280 and 360 px under target/screenshots.
 */
class ConsoleGrantTimelineInBrowserTest {

    static WebServer server;
    static Browser browser;
    static String grant;
    static String billing;

    @BeforeAll
    static void start() {
        server = new WebServer();
        var data = new ConsoleData(server);
        String auto = data.entitlement(server.a, "Acme Pro", Map.of("fulfillment_mode", "auto", "activations_limit", 3));
        grant = data.grant(server.a, auto, "ada@example.com", "Ada", "pay_3001");
        String key = server.grantor.grants().get(server.a, grant).get().licenseKey().get().id().value();
        billing = server.grantor.access().createApiKey(server.a, false).get().id();
        for (int month = 1; month <= 36; month++) {
            server.clock.advance(Duration.ofDays(30));
            server.grantor.licenseKeys().rotate(server.a, billing, key, new RotateLicenseKey(null, false)).get();
        }
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
    void the_timeline_pages_to_its_older_entries_numbered_on_and_back_to_the_newest() {
        browser.go(server.base.resolve("/console/grants/" + grant).toString());

        assertThat(browser.all("ol.timeline li")).hasSize(25);
        assertThat(browser.all("ol.timeline li").get(0).getText()).as("the newest key's email").startsWith("Delivery email");
        assertThat(browser.all("ol.timeline li").get(1).getText()).startsWith("Key rotated").endsWith("by API key " + billing);
        assertThat(browser.all("a")).noneMatch(link -> link.getText().equals("Newest entries"));
        browser.assertAccessible();
        assertSideways();
        browser.screenshots("console-grant-timeline");

        browser.submit(browser.driver().findElement(By.linkText("Older entries")));

        assertThat(browser.all("ol.timeline li")).hasSize(25);
        assertThat(browser.find("ol.timeline").getAttribute("start")).isEqualTo("26");
        browser.submit(browser.driver().findElement(By.linkText("Older entries")));

        var older = browser.all("ol.timeline li");
        assertThat(older).as("36 rotations and the emails of their keys, the delivery email, delivered and issued: 75").hasSize(25);
        assertThat(browser.find("ol.timeline").getAttribute("start")).isEqualTo("51");
        assertThat(older.get(older.size() - 1).getText()).startsWith("Issued");
        assertThat(browser.all("a")).noneMatch(link -> link.getText().equals("Older entries"));
        browser.assertAccessible();
        assertSideways();
        browser.screenshots("console-grant-timeline-older");

        browser.submit(browser.driver().findElement(By.linkText("Newest entries")));
        assertThat(browser.all("ol.timeline li")).hasSize(25);
        assertThat(browser.find("ol.timeline").getAttribute("start")).isEqualTo("1");
    }

    /** Readable at 360 px: nothing on the page reaches past its width. */
    private static void assertSideways() {
        assertThat(browser.sidewaysAt360()).as(browser.path() + " at 360 px").isEmpty();
    }
}

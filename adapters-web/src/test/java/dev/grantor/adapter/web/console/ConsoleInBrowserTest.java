package dev.grantor.adapter.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.adapter.web.Browser;
import dev.grantor.adapter.web.WebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The console in headless Chromium: what an operator sees and does, with screenshots and axe-core on every page. */
class ConsoleInBrowserTest {

    static WebServer server;
    static Browser browser;

    @BeforeAll
    static void start() {
        server = new WebServer();
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
    void a_sign_in_link_opens_the_queue_and_signing_out_ends_the_session() {
        browser.go(server.consoleLink(server.a));
        browser.assertAccessible();
        browser.find("main button[type=submit]").click();

        assertThat(browser.path()).isEqualTo("/console/");
        assertThat(browser.find("h1").getText()).startsWith("Queue");
        browser.assertAccessible();
        browser.screenshots("console-queue-empty");

        browser.find("form.sign-out button").click();
        assertThat(browser.path()).isEqualTo("/console/sign-in");
        browser.go(server.url("/console/"));
        assertThat(browser.path()).as("the session is gone").isEqualTo("/console/sign-in");
        browser.assertAccessible();
    }
}

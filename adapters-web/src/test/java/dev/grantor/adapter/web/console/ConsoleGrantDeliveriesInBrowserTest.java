package dev.grantor.adapter.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.adapter.web.Browser;
import dev.grantor.adapter.web.WebServer;
import dev.grantor.application.port.in.Webhooks.CreateWebhook;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A grant whose delivery email the mail server refused for good (its reply carrying a script and quotes) and one of whose
 * webhook deliveries the receiver answered 500, in headless Chromium: the grant's timeline shows the reply as text (the
 * script never runs), the operator requeues the email and retries the delivery from there, and comes back to the grant
 * each time to see them sent and delivered; and a grant whose delivery email the mail server refused for now (421),
 * which the operator sends now from its timeline instead of waiting for its retry. The pages pass axe-core and fit
 * 360 px; photographed under target/screenshots.
 */
class ConsoleGrantDeliveriesInBrowserTest {

    static DeliveryWorld world;
    static WebServer server;
    static Browser browser;
    static String grant;
    static ConsoleData data;
    static String auto;

    @BeforeAll
    static void start() {
        world = new DeliveryWorld();
        server = world.server;
        data = new ConsoleData(server);
        server.grantor.webhooks().create(server.a, new CreateWebhook(world.hookUrl(),
                "the shop", null, java.util.List.of("entitlement_grant.created"), null, null, null)).get();
        auto = data.entitlement(server.a, "Acme Pro", Map.of("fulfillment_mode", "auto", "activations_limit", 3));
        world.smtp.refuse("550 5.1.1 <script>window.smtpRan=1</script> \"no such mailbox\"");
        world.answers.add(500);
        world.answers.add(500);
        grant = data.grant(server.a, auto, "ada@example.com", "Ada", "pay_b1");
        server.relay();
        server.dispatch();
        // failed twice: its next attempt 5 minutes away, and no claim holds it, so a retry makes it due at once
        server.clock.advance(Duration.ofSeconds(5));
        server.dispatch();
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
        world.close();
    }

    @Test
    void the_parked_email_is_requeued_and_the_failed_delivery_retried_from_the_grant_s_timeline() {
        browser.go(server.base.resolve("/console/grants/" + grant).toString());

        var email = entry("Delivery email");
        assertThat(email).contains("parked").contains("SMTP 550").contains("<script>window.smtpRan=1</script> \"no such mailbox\"");
        assertThat(browser.driver().executeScript("return window.smtpRan === undefined")).isEqualTo(true);
        assertThat(entry("Webhook entitlement_grant.created")).contains("retrying, 2 attempts").contains("(HTTP 500)");
        browser.assertAccessible();
        browser.assertFitsNarrow();
        browser.screenshots("console-grant-deliveries");

        browser.submit(browser.driver().findElement(org.openqa.selenium.By.xpath("//ol[@class='timeline']/li[strong='Delivery email']//button")));
        assertThat(browser.path()).isEqualTo("/console/grants/" + grant);
        assertThat(browser.text()).contains("The message is back in the outbox and will be sent again.");
        assertThat(entry("Delivery email")).endsWith("queued");

        browser.submit(browser.driver().findElement(org.openqa.selenium.By.xpath(
                "//ol[@class='timeline']/li[strong='Webhook entitlement_grant.created']//button")));
        assertThat(browser.text()).contains("The delivery will be attempted again at once.");
        server.relay();
        server.dispatch();

        browser.go(server.base.resolve("/console/grants/" + grant).toString());
        assertThat(entry("Delivery email")).contains("sent ");
        assertThat(entry("Webhook entitlement_grant.created")).contains("delivered, 3 attempts").contains("(HTTP 200)");
        assertThat(entry("Webhook entitlement_grant.created")).contains("delivered").endsWith("(HTTP 200)");
        assertThat(browser.all("ol.timeline button")).isEmpty();
        assertThat(world.smtp.accepted).anyMatch(message -> message.contains(grant));
    }

    @Test
    void an_email_waiting_for_its_retry_is_sent_now_from_the_grant_s_timeline() {
        world.smtp.refuse("421 4.3.2 <b>down</b> for maintenance, try again later");
        String waiting = data.grant(server.a, auto, "bo@example.com", "Bo", "pay_b2");
        server.relay();
        browser.go(server.base.resolve("/console/grants/" + waiting).toString());

        assertThat(entry("Delivery email")).contains("retrying after 1 failed attempt").contains("SMTP 421")
                .contains("<b>down</b> for maintenance").contains("next attempt ");
        browser.assertAccessible();
        browser.screenshots("console-grant-send-now");

        browser.submit(browser.driver().findElement(org.openqa.selenium.By.xpath(
                "//ol[@class='timeline']/li[strong='Delivery email']//button[normalize-space()='Send now']")));
        assertThat(browser.path()).isEqualTo("/console/grants/" + waiting);
        assertThat(browser.text()).contains("The email is due now: the relay sends it within seconds.");
        server.relay();

        browser.go(server.base.resolve("/console/grants/" + waiting).toString());
        assertThat(entry("Delivery email")).contains("sent ").contains("after 1 failed attempt");
        assertThat(world.smtp.accepted).anyMatch(message -> message.contains(waiting));
    }

    private static String entry(String what) {
        return browser.all("ol.timeline li").stream().map(li -> li.getText()).filter(text -> text.startsWith(what + " "))
                .findFirst().orElseThrow(() -> new AssertionError("no entry " + what + " in " + browser.text()));
    }
}

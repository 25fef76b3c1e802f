package dev.grantor.adapter.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.grantor.adapter.mail.MailMetrics;
import dev.grantor.adapter.mail.Sender;
import dev.grantor.adapter.mail.SmtpMailer;
import dev.grantor.adapter.mail.SmtpSettings;
import dev.grantor.adapter.web.Browser;
import dev.grantor.adapter.web.ScriptedSmtp;
import dev.grantor.adapter.web.WebServer;
import dev.grantor.adapter.webhooks.HttpWebhookSender;
import dev.grantor.adapter.webhooks.WebhookSenderSettings;
import dev.grantor.application.port.in.Webhooks.CreateWebhook;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A grant whose delivery email the mail server refused for good (its reply carrying a script and quotes) and one of whose
 * webhook deliveries the receiver answered 500, in headless Chromium: the grant's timeline shows the reply as text (the
 * script never runs), the operator requeues the email and retries the delivery from there, and comes back to the grant
 * each time to see them sent and delivered. The page passes axe-core and fits 360 px; photographed under
 * target/screenshots.
 */
class ConsoleGrantDeliveriesInBrowserTest {

    static ScriptedSmtp smtp;
    static HttpServer receiver;
    static final ConcurrentLinkedQueue<Integer> answers = new ConcurrentLinkedQueue<>();
    static HttpWebhookSender sender;
    static WebServer server;
    static Browser browser;
    static String grant;

    @BeforeAll
    static void start() throws IOException {
        smtp = new ScriptedSmtp();
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hook", exchange -> {
            exchange.getRequestBody().readAllBytes();
            Integer answer = answers.poll();
            exchange.sendResponseHeaders(answer == null ? 200 : answer, -1);
            exchange.close();
        });
        receiver.start();
        sender = new HttpWebhookSender(WebhookSenderSettings.defaults());
        server = new WebServer(clock -> new SmtpMailer(SmtpSettings.of("127.0.0.1", smtp.port(), SmtpSettings.Security.NONE)
                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(5)),
                Sender.EMBEDDED_DEFAULT, clock, MailMetrics.NONE), sender);
        var data = new ConsoleData(server);
        server.grantor.webhooks().create(server.a, new CreateWebhook("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook",
                "the shop", null, java.util.List.of("entitlement_grant.created"), null, null, null)).get();
        String auto = data.entitlement(server.a, "Acme Pro", Map.of("fulfillment_mode", "auto", "activations_limit", 3));
        smtp.refuse("550 5.1.1 <script>window.smtpRan=1</script> \"no such mailbox\"");
        answers.add(500);
        grant = data.grant(server.a, auto, "ada@example.com", "Ada", "pay_b1");
        server.relay();
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
        server.close();
        try {
            sender.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        receiver.stop(0);
        smtp.close();
    }

    @Test
    void the_parked_email_is_requeued_and_the_failed_delivery_retried_from_the_grant_s_timeline() {
        browser.go(server.base.resolve("/console/grants/" + grant).toString());

        var email = entry("Delivery email");
        assertThat(email).contains("parked").contains("SMTP 550").contains("<script>window.smtpRan=1</script> \"no such mailbox\"");
        assertThat(browser.driver().executeScript("return window.smtpRan === undefined")).isEqualTo(true);
        assertThat(entry("Webhook entitlement_grant.created")).contains("retrying, 1 attempt").contains("(HTTP 500)");
        browser.assertAccessible();
        browser.assertFitsNarrow();
        browser.screenshots("console-grant-deliveries");

        browser.submit(browser.driver().findElement(org.openqa.selenium.By.xpath("//ol[@class='timeline']/li[strong='Delivery email']//button")));
        assertThat(browser.path()).isEqualTo("/console/grants/" + grant);
        assertThat(browser.text()).contains("The message is back in the outbox and will be sent again.");
        assertThat(entry("Delivery email")).endsWith("queued");

        browser.submit(browser.driver().findElement(org.openqa.selenium.By.xpath(
                "//ol[@class='timeline']/li[strong='Webhook entitlement_grant.created']//button")));
        assertThat(browser.text()).contains("The delivery will be attempted again.");
        server.clock.advance(Duration.ofHours(1));
        server.relay();
        server.dispatch();

        browser.go(server.base.resolve("/console/grants/" + grant).toString());
        assertThat(entry("Delivery email")).contains("sent ");
        assertThat(entry("Webhook entitlement_grant.created")).contains("delivered").endsWith("(HTTP 200)");
        assertThat(browser.all("ol.timeline button")).isEmpty();
        assertThat(smtp.accepted).anyMatch(message -> message.contains(grant));
    }

    private static String entry(String what) {
        return browser.all("ol.timeline li").stream().map(li -> li.getText()).filter(text -> text.startsWith(what + " "))
                .findFirst().orElseThrow(() -> new AssertionError("no entry " + what + " in " + browser.text()));
    }
}

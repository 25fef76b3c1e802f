package dev.grantor.adapter.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.adapter.web.Browser;
import dev.grantor.adapter.web.WebServer;
import dev.grantor.application.port.in.CustomerManagement.CreateCustomer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;

/**
 * The support case in headless Chromium: a customer's key went to a mistyped address. An operator finds the customer by
 * the address in other letters, tries an address another customer has (refused next to the field, with what was typed
 * kept), moves it to the right one, follows the page's hint to the grant and resends the delivery email, which is
 * written for the new address. Every page passes axe-core, fits 360 px without scrolling sideways, and is photographed
 * at 1280 and 360 px under target/screenshots.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleCustomersInBrowserTest {

    static final String TYPO = "ada@exmaple.com";
    static final String RIGHT = "ada@example.com";

    static WebServer server;
    static Browser browser;
    static String grant;
    static String customer;

    @BeforeAll
    static void start() {
        server = new WebServer();
        var data = new ConsoleData(server);
        String auto = data.entitlement(server.a, "Acme Pro", Map.of("fulfillment_mode", "auto", "activations_limit", 3));
        grant = data.grant(server.a, auto, TYPO, ConsoleData.HOSTILE_NAME, "pay_3001");
        customer = server.grantor.grants().get(server.a, grant).get().grant().customerId().value();
        server.grantor.customers().create(server.a, new CreateCustomer("bob@example.com", "Bob Stone", null, null)).get();
        String ops = server.grantor.operatorAccess().add(server.a, "ops@acme.example").get().id();
        server.relay();
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
    @Order(1)
    void the_customers_section_finds_a_customer_by_email_in_other_letters() {
        browser.submit(browser.driver().findElement(By.linkText("Customers")));
        assertThat(browser.path()).isEqualTo("/console/customers");
        assertThat(browser.find("main table").getText()).contains(TYPO).contains("bob@example.com");
        browser.assertAccessible();
        browser.screenshots("console-customers");

        browser.submitWithKeys(browser.find("#q"), "ADA@EXMAPLE.COM\n");

        var rows = browser.all("main tbody tr");
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).getText()).contains(TYPO).contains(ConsoleData.HOSTILE_NAME).contains(customer);
        assertThat(browser.all("img")).as("the name is text, never markup").isEmpty();
        browser.assertFitsNarrow();
        browser.submit(rows.get(0).findElement(By.linkText(TYPO)));
        assertThat(browser.path()).isEqualTo("/console/customers/" + customer);
    }

    @Test
    @Order(2)
    void the_customer_page_shows_the_details_and_the_grant() {
        assertThat(browser.title()).startsWith("Customer " + TYPO);
        assertThat(browser.find("dl.fields").getText()).contains(ConsoleData.HOSTILE_NAME).contains(TYPO).contains(customer);
        assertThat(browser.find("main table").getText()).contains(grant).contains("Delivered").contains("Acme Pro");
        assertThat(browser.find("#name").getAccessibleName()).isEqualTo("Name (empty removes it)");
        assertThat(browser.find("#email").getAccessibleName()).isEqualTo("Email");
        assertThat(browser.find("#phone_number").getAccessibleName()).isEqualTo("Phone number (empty removes it)");
        browser.assertAccessible();
        browser.screenshots("console-customer");
    }

    @Test
    @Order(3)
    void an_address_another_customer_has_is_refused_next_to_the_field_with_what_was_typed_kept() {
        replace("#phone_number", "+44 20 7946 0958");
        replace("#email", "Bob@Example.com");
        browser.submit(browser.find("form[action='/console/customers/" + customer + "'] button"));

        assertThat(browser.title()).startsWith("Error: Customer");
        assertThat(browser.find("#email-error").getText()).startsWith("email belongs to another customer of this business");
        assertThat(browser.find("#email").getAttribute("value")).isEqualTo("Bob@Example.com");
        assertThat(browser.find("#email").getAttribute("aria-describedby")).isEqualTo("email-error");
        assertThat(browser.find("#phone_number").getAttribute("value")).isEqualTo("+44 20 7946 0958");
        assertThat(browser.driver().switchTo().activeElement().getAttribute("id")).isEqualTo("email");
        assertThat(server.grantor.customers().get(server.a, customer).get().email().value()).isEqualTo(TYPO);
        assertThat(server.grantor.customers().get(server.a, customer).get().phoneNumber()).isEmpty();
        browser.assertAccessible();
        browser.screenshots("console-customer-refused");
    }

    @Test
    @Order(4)
    void the_right_address_moves_the_email_and_the_page_points_to_the_grant_to_resend_from() {
        replace("#email", RIGHT);
        browser.submit(browser.find("form[action='/console/customers/" + customer + "'] button"));

        assertThat(browser.find(".notice.good").getText()).contains("The email moved");
        assertThat(browser.find(".notice.warn").getText()).contains("Resend the delivery email").contains(grant);
        assertThat(browser.find("dl.fields").getText()).contains(RIGHT).contains("+44 20 7946 0958");
        assertThat(browser.find("ol.timeline").getText()).contains("ops@acme.example")
                .contains("email " + TYPO + " → " + RIGHT + ", phone number");
        browser.assertAccessible();
        browser.screenshots("console-customer-moved");
    }

    @Test
    @Order(5)
    void resending_from_the_grant_writes_the_delivery_email_for_the_new_address() {
        browser.submit(browser.find(".notice.warn a"));
        assertThat(browser.path()).isEqualTo("/console/grants/" + grant);
        assertThat(browser.find("dl.fields").getText()).contains(RIGHT);

        browser.submit(browser.driver().findElement(By.xpath("//button[normalize-space()='Resend the delivery email']")));
        assertThat(browser.find(".notice").getText()).isEqualTo("The delivery email will be sent again.");
        server.relay();

        String resent = resentEmail();
        assertThat(resent.replace("\r\n ", " ")).containsPattern("(?m)^To: .*ada@example\\.com").doesNotContain(TYPO);
        assertThat(resent).contains(server.grantor.grants().get(server.a, grant).get().licenseKey().get().value().value());
        browser.screenshots("console-customer-resent");

        browser.submit(browser.find("dl.fields a[href='/console/customers/" + customer + "']"));
        assertThat(browser.path()).isEqualTo("/console/customers/" + customer);
    }

    /**
     * Thirty changes later, by the merchant's API key and the host application, the page shows the newest 25, each
     * with who made it, and the way to the older ones, where the operator's move still is.
     */
    @Test
    @Order(6)
    void the_history_names_the_api_key_and_pages_to_the_operator_s_older_change() {
        String key = server.grantor.access().createApiKey(server.a, false).get().id();
        for (int n = 1; n <= 30; n++) {
            server.clock.advance(java.time.Duration.ofSeconds(1));
            var by = n % 2 == 0 ? new dev.grantor.application.port.in.Actor.ApiKey(key) : new dev.grantor.application.port.in.Actor.Host();
            server.grantor.customers().update(server.a, customer, new dev.grantor.application.port.in.CustomerManagement.UpdateCustomer(
                    null, null, null, false, Map.of("sync", n)), by).get();
        }
        browser.go(server.base.resolve("/console/customers/" + customer).toString());

        var entries = browser.all("ol.timeline li");
        assertThat(entries).hasSize(25);
        assertThat(entries.get(0).getText()).contains("API key " + key + " · metadata");
        assertThat(entries.get(1).getText()).contains("the host application · metadata");
        assertThat(browser.find("ol.timeline").getText()).doesNotContain("ops@acme.example");
        browser.assertAccessible();
        browser.screenshots("console-customer-history");

        browser.submit(browser.driver().findElement(By.linkText("Older entries")));

        assertThat(browser.all("ol.timeline li")).hasSize(6);
        assertThat(browser.find("ol.timeline").getAttribute("start")).as("numbered on from the newest page's 25").isEqualTo("26");
        assertThat(browser.find("ol.timeline").getText()).contains("ops@acme.example · email " + TYPO + " → " + RIGHT);
        assertThat(browser.all("a")).noneMatch(link -> link.getText().equals("Older entries"));
        browser.assertAccessible();
        browser.screenshots("console-customer-history-older");
        browser.submit(browser.driver().findElement(By.linkText("Newest entries")));
        assertThat(browser.all("ol.timeline li")).hasSize(25);
    }

    /** The resend's file in the pickup folder: {@code <grant>.resend.<message>.eml}. */
    private static String resentEmail() {
        try (Stream<Path> files = Files.list(server.pickup)) {
            var resends = files.filter(f -> f.getFileName().toString().startsWith(grant + ".resend.")).toList();
            assertThat(resends).hasSize(1);
            return Files.readString(resends.get(0), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void replace(String css, String text) {
        var field = browser.find(css);
        field.clear();
        field.sendKeys(text);
    }
}

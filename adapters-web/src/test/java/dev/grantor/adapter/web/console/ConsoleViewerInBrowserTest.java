package dev.grantor.adapter.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.adapter.web.Browser;
import dev.grantor.adapter.web.WebServer;
import dev.grantor.application.port.in.KeyPoolManagement;
import dev.grantor.application.port.in.OperatorAccess.Role;
import dev.grantor.domain.grant.GrantStatus;
import io.vavr.control.Option;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The console in headless Chromium as a viewer sees it: the queue and a grant without a form that changes anything,
 * a key by its last four characters; and an operator made a viewer while its queue is open, who presses Fulfill and
 * is told why not. Every page passes axe-core and is photographed at 1280 and 360 px under target/screenshots.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleViewerInBrowserTest {

    static WebServer server;
    static Browser browser;
    static String pending;
    static String delivered;
    static String deliveredKey;
    static String operator;

    @BeforeAll
    static void start() {
        server = new WebServer();
        var data = new ConsoleData(server);
        String manual = data.manualEntitlement(server.a, "Acme Pro");
        String pooled = data.pooledEntitlement(server.a, "Acme Team");
        server.grantor.keyPools().importKeys(server.a, pooled, new KeyPoolManagement.ImportKeys(io.vavr.collection.List.of(
                new KeyPoolManagement.KeyLine(1, "ACME-TEAM-7Q2W-K4PD", null, null, null)))).get();
        pending = data.grant(server.a, manual, "ada@example.com", "Ada Lovelace", "pay_2001");
        delivered = data.grant(server.a, pooled, "bob@example.com", "Bob Stone", "pay_2002");
        deliveredKey = server.grantor.grants().get(server.a, delivered).get().licenseKey().get().value().value();
        operator = server.grantor.operatorAccess().add(server.a, "ops@acme.example").get().id();
        browser = Browser.open();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        server.close();
    }

    private static void signInAs(String subject) {
        browser.driver().manage().deleteAllCookies();
        browser.go(server.consoleLink(server.a, subject));
        browser.submit(browser.find("main button[type=submit]"));
        assertThat(browser.path()).isEqualTo("/console/");
    }

    @Test
    @Order(1)
    void a_viewer_s_queue_lists_the_waiting_grants_without_a_form_to_act_on_them() {
        var viewer = server.grantor.operatorAccess().add(server.a, "vic@acme.example", Option.some(Role.VIEWER)).get().id();
        signInAs(viewer);

        assertThat(browser.find("#row-" + pending).getText()).contains("ada@example.com").contains("pay_2001");
        assertThat(browser.all("main form[method=post]")).as("no change form").isEmpty();
        assertThat(browser.all("main input, main textarea").stream().map(e -> e.getAttribute("name")))
                .as("no field to type into: the filters are selects").isEmpty();
        assertThat(browser.all("form.sign-out button")).hasSize(1);
        browser.assertAccessible();
        browser.screenshots("console-queue-viewer");
    }

    @Test
    @Order(2)
    void a_viewer_sees_a_grant_s_key_by_its_last_four_characters_and_no_action() {
        browser.go(server.url("/console/grants/" + delivered));

        assertThat(browser.text()).contains("The key ends in …" + deliveredKey.substring(deliveredKey.length() - 4))
                .doesNotContain(deliveredKey).doesNotContain("Reveal the key").doesNotContain("Revoke")
                .doesNotContain("Resend the delivery email");
        assertThat(browser.all("main form")).isEmpty();
        browser.assertAccessible();
        browser.screenshots("console-grant-viewer");
    }

    @Test
    @Order(3)
    void an_operator_made_a_viewer_with_the_queue_open_is_told_why_its_fulfill_is_refused_and_nothing_changes() {
        signInAs(operator);
        browser.find("#key-" + pending).sendKeys("ACME-PRO-STALE-PAGE-01");

        server.grantor.operatorAccess().changeRole(server.a, operator, Role.VIEWER).get();
        browser.submit(browser.find("#row-" + pending + " form[action$='/fulfill'] button"));

        assertThat(browser.find("h1").getText()).isEqualTo("Not allowed");
        assertThat(browser.text()).contains("Your role in this console is viewer").contains("Nothing was changed");
        assertThat(server.grantor.grants().get(server.a, pending).get().grant().status()).isEqualTo(GrantStatus.PENDING);
        assertThat(browser.find("main a").getText()).isEqualTo("Back to the grant");
        assertThat(browser.find("main a").getAttribute("href")).endsWith("/console/grants/" + pending);
        browser.assertAccessible();
        browser.screenshots("console-refused-viewer");
    }

    /**
     * The role's words lengthen the header's line: at 360 px it wraps beside Sign out, never off the screen (at 1280 px
     * so long an address takes a second row, under the navigation).
     */
    @Test
    @Order(4)
    void a_viewer_with_a_long_address_is_named_with_its_role_beside_sign_out_at_360_px() {
        String email = "customer.support.night.shift.team.lead@support.acme-tools.example";
        signInAs(server.grantor.operatorAccess().add(server.a, email, Option.some(Role.VIEWER)).get().id());
        browser.go(server.url("/console/grants/grant_none"));
        browser.atWidth(360, () -> {
            var who = browser.find("header .session .who");
            var signOut = browser.find("header .session form.sign-out button").getRect();
            long sideways = ((Number) browser.driver().executeScript(
                    "return document.documentElement.scrollWidth - document.documentElement.clientWidth")).longValue();

            assertThat(who.getText()).isEqualTo("Acme Tools, signed in as " + email + " (viewer: reads only)");
            assertThat(signOut.getX()).as("Sign out right of the line").isGreaterThanOrEqualTo(who.getRect().getX() + who.getRect().getWidth());
            assertThat(signOut.getX() + signOut.getWidth()).as("Sign out on the screen").isLessThanOrEqualTo(360);
            assertThat(sideways).as("the page scrolls sideways by").isLessThanOrEqualTo(0);
            browser.assertAccessible();
        });
    }
}

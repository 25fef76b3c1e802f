package dev.grantor.adapter.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.adapter.web.Browser;
import dev.grantor.adapter.web.WebServer;
import dev.grantor.domain.entitlement.ActivationsLimit;
import dev.grantor.domain.grant.GrantState;
import dev.grantor.domain.grant.GrantStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * What web.md asks of the console beyond pasting a key, worked in headless Chromium: the Pools page takes an uploaded
 * file (CSV with its optional columns, or text) and shows the per-line results, and voids a key; a queue row is marked
 * failed with a code and a message. Each through the page's own form, read back from the engine. The grant page shows
 * what its state holds (delivered, failed with code and message, revoked with reason) and its key's status and expiry.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsolePoolFilesInBrowserTest {

    @TempDir
    static Path files;

    static WebServer server;
    static Browser browser;
    static String pooled;
    static String waiting;
    static String manual;
    static String failing;

    @BeforeAll
    static void start() {
        server = new WebServer();
        var data = new ConsoleData(server);
        pooled = data.pooledEntitlement(server.a, "Acme Team");
        manual = data.manualEntitlement(server.a, "Acme Pro");
        waiting = data.grant(server.a, pooled, "dan@example.com", "Dan Diaz", "pay_2001");
        server.clock.advance(Duration.ofMinutes(5));
        failing = data.grant(server.a, manual, "fay@example.com", "Fay Fox", "pay_2002");
        browser = Browser.open();
        browser.go(server.consoleLink(server.a));
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
    void an_uploaded_csv_fills_the_waiting_grant_with_its_columns_and_reports_each_line() {
        var file = write("keys.csv", """
                key,activations_limit,expires_at
                TEAM-FILE-0001-ZZZZ,5,2031-03-01T00:00:00Z
                TEAM-FILE-0002-ZZZZ,x,
                TEAM-FILE-0001-ZZZZ,1,
                """);
        upload(file);

        assertThat(browser.find(".notice").getText()).contains("1 imported, 1 duplicate, 1 invalid; 1 waiting grant fulfilled.");
        var lines = browser.all("tbody tr");
        assertThat(lines.get(0).getText()).contains("2").contains("imported");
        assertThat(lines.get(1).getText()).contains("3").contains("invalid").contains("activations_limit must be a whole number");
        assertThat(lines.get(2).getText()).contains("4").contains("duplicate");
        var grant = server.grantor.grants().get(server.a, waiting).get();
        assertThat(grant.grant().status()).isEqualTo(GrantStatus.DELIVERED);
        var key = grant.licenseKey().get();
        assertThat(key.value().value()).isEqualTo("TEAM-FILE-0001-ZZZZ");
        assertThat(key.activationsLimit().map(ActivationsLimit::value)).as("the file's activations_limit column")
                .contains(5);
        assertThat(key.expiresAt()).as("the file's expires_at column").contains(Instant.parse("2031-03-01T00:00:00Z"));
        browser.assertAccessible();
    }

    /** web.md's "every field of the grant": when it was delivered, and the key's own status and expiry. */
    @Test
    @Order(2)
    void the_delivered_grant_s_page_shows_when_and_its_key_s_status_and_expiry() {
        browser.go(server.url("/console/grants/" + waiting));
        var delivered = ((GrantState.Delivered) server.grantor.grants().get(server.a, waiting).get().grant().state()).deliveredAt();

        assertThat(fields()).contains("Delivered\n" + ConsolePages.when(delivered)).contains("Key status\nactive")
                .contains("Key expires\n" + ConsolePages.when(Instant.parse("2031-03-01T00:00:00Z")));
    }

    @Test
    @Order(3)
    void an_uploaded_text_file_is_one_key_per_line() {
        upload(write("more-keys.txt", "TEAM-TEXT-0001-ZZZZ\n\nTEAM-TEXT-0002-ZZZZ\n"));

        assertThat(browser.find(".notice").getText()).contains("2 imported, 0 duplicates, 0 invalid; 0 waiting grants fulfilled.");
        assertThat(browser.all("tbody tr").get(1).getText()).as("the blank line keeps its number").startsWith("3");
        assertThat(server.grantor.keyPools().get(server.a, pooled).get().available()).isEqualTo(2);
    }

    @Test
    @Order(4)
    void a_key_voided_from_the_pools_page_is_never_handed_out() {
        browser.go(server.url("/console/pools"));
        assertThat(browser.all("form[action*='/keys/'][action$='/void'] button")).hasSize(2);
        browser.submit(browser.find("form[action*='/keys/'][action$='/void'] button"));

        assertThat(browser.find(".notice").getText()).isEqualTo("The key was voided: it will never be handed out.");
        assertThat(browser.all("form[action*='/keys/'][action$='/void'] button")).hasSize(1);
        var pool = server.grantor.keyPools().get(server.a, pooled).get();
        assertThat(pool.available()).isEqualTo(1);
        assertThat(pool.voided()).isEqualTo(1);
        assertThat(browser.find("section.pool p").getText()).contains("1 available").contains("1 voided");
    }

    @Test
    @Order(5)
    void a_grant_marked_failed_from_the_queue_leaves_it_with_the_code_and_message() {
        browser.go(server.url("/console/"));
        browser.toggle(browser.find("#row-" + failing + " details summary"));
        browser.find("#code-" + failing).sendKeys("supplier_out");
        browser.find("#msg-" + failing).sendKeys("The supplier has no keys left");
        browser.submit(browser.find("#row-" + failing + " form[action$='/fail'] button"));

        assertThat(browser.find(".notice").getText()).isEqualTo("Marked failed.");
        assertThat(browser.all("#row-" + failing)).as("out of the queue").isEmpty();
        var grant = server.grantor.grants().get(server.a, failing).get().grant();
        assertThat(grant.state()).isInstanceOfSatisfying(GrantState.Failed.class, failed -> {
            assertThat(failed.errorCode()).isEqualTo("supplier_out");
            assertThat(failed.errorMessage()).isEqualTo("The supplier has no keys left");
        });
        browser.go(server.url("/console/grants/" + failing));
        assertThat(fields()).as("at the top, whatever the timeline pages away").contains("Error code\nsupplier_out")
                .contains("Error message\nThe supplier has no keys left");
    }

    @Test
    @Order(6)
    void a_revoked_grant_s_page_shows_when_and_why() {
        server.grantor.fulfillment().revoke(server.a, failing,
                new dev.grantor.application.port.in.GrantFulfillment.RevokeGrant(null, "refund")).get();
        browser.go(server.url("/console/grants/" + failing));

        assertThat(fields()).contains("Revoked\n" + ConsolePages.when(server.clock.instant()))
                .contains("Revocation reason\nrefund");
    }

    /** The grant page's list of fields, a label and its value a line each. */
    private static String fields() {
        return browser.find("dl.fields").getText();
    }

    private static void upload(Path file) {
        browser.go(server.url("/console/pools"));
        browser.find("#file-" + pooled).sendKeys(file.toAbsolutePath().toString());
        browser.submit(browser.find("form[action$='/" + pooled + "/upload'] button"));
    }

    private static Path write(String name, String content) {
        try {
            return Files.writeString(files.resolve(name), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

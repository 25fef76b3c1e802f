package dev.grantor.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.port.in.EntitlementCatalog.CreateEntitlement;
import dev.grantor.application.port.in.GrantIssuing.CustomerContact;
import dev.grantor.application.port.in.GrantIssuing.IssueGrant;
import dev.grantor.application.port.in.LicenseKeyManagement.RotateLicenseKey;
import dev.grantor.application.port.in.OperatorAccess.Role;
import dev.grantor.application.port.in.SignIn.Principal;
import dev.grantor.application.port.in.SignIn.Realm;
import dev.grantor.domain.entitlement.IntegrationConfig.LicenseKeyConfig;
import io.vavr.control.Option;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's grant search on the service, over real HTTP, on SQLite and on PostgreSQL: a grant issued before 1,000
 * others is found by its payment id, by its key's ending and by its customer's email, where the console used to look
 * only among the newest 1,000 and answered "No grant matches". A viewer still matches a key by its last four
 * characters only. A rotated key finds its grant by its new value, no longer by its old one. A customer's 1,000 grants
 * come a page at a time, newest first, each page's link going on from where the last ended.
 */
class ConsoleGrantSearchOnTheServiceTest {

    static final int NEWER = 1_000;

    @TempDir
    Path dataDir;

    @Test
    void finds_a_grant_older_than_a_thousand_others_on_sqlite() throws Exception {
        run(DatabaseSettings.embedded(dataDir));
    }

    @Test
    void finds_a_grant_older_than_a_thousand_others_on_postgresql() throws Exception {
        run(TestPostgres.newDatabase(dataDir));
    }

    private void run(DatabaseSettings database) throws Exception {
        var settings = ServiceSettings.local(database, MailSettings.pickupDirectory()).withoutRelay();
        try (var service = Service.start(settings)) {
            var grantor = service.deployment().grantor();
            var business = grantor.access().createBusiness("Acme Software").get().id();
            var config = LicenseKeyConfig.auto().withActivationsLimit(2);
            String entitlement = grantor.entitlements().create(business,
                    new CreateEntitlement("Acme Pro", config, null, null)).get().id().value();
            var old = grantor.issuing().issue(business, entitlement, new IssueGrant(new CustomerContact(null,
                    "spring@example.com", "Last Spring"), "pay_lastspring", null, null)).get();
            String grant = old.grant().grant().id().value();
            String key = grantor.grants().get(business, grant).get().licenseKey().get().value().value();
            for (int i = 0; i < NEWER; i++) {
                grantor.issuing().issue(business, entitlement, new IssueGrant(new CustomerContact(null,
                        "regular@example.com", "Regular"), "pay_" + i, null, null)).get();
            }
            String owner = ConsoleOnTheServiceTest.signIn(service.url() + "console/login/"
                    + grantor.signIn().mintLink(new Principal(Realm.CONSOLE, business, "owner")).get().token());
            String viewerId = grantor.operatorAccess().add(business, "vic@acme.example", Option.some(Role.VIEWER)).get().id();
            String viewer = ConsoleOnTheServiceTest.signIn(service.url() + "console/login/"
                    + grantor.signIn().mintLink(new Principal(Realm.CONSOLE, business, viewerId)).get().token());

            assertThat(search(service, owner, "pay_lastspring")).as("by payment id").contains(grant);
            assertThat(search(service, owner, "pay_lastspring&status=delivered")).contains(grant);
            assertThat(search(service, owner, "pay_lastspring&status=revoked")).doesNotContain(grant)
                    .contains("No grant matches pay_lastspring with the status revoked.");
            assertThat(search(service, owner, key.substring(key.length() - 7))).as("by a key's last seven characters").contains(grant);
            assertThat(search(service, owner, key)).as("by the whole key").contains(grant);
            assertThat(search(service, owner, "SPRING@Example.com")).as("by email, in any letter case").contains(grant);
            assertThat(search(service, owner, grant)).as("by grant id").contains(grant);
            assertThat(search(service, viewer, key.substring(key.length() - 4))).as("a viewer, by the last four").contains(grant);
            assertThat(search(service, viewer, key.substring(key.length() - 5))).as("a viewer, by the last five")
                    .doesNotContain(grant).contains("No grant matches");

            // the search reads the grant's copy of its key: a rotation rewrites it, so the new value finds the grant
            String keyId = grantor.grants().get(business, grant).get().licenseKey().get().id().value();
            String rotated = grantor.licenseKeys().rotate(business, "api_key:test", keyId, new RotateLicenseKey(null, null))
                    .get().licenseKey().value().value();
            assertThat(search(service, owner, rotated.substring(rotated.length() - 7))).as("by the rotated key's ending").contains(grant);
            assertThat(search(service, owner, key.substring(key.length() - 7))).as("by the old key's ending")
                    .doesNotContain(grant);

            String first = search(service, owner, "regular@example.com");
            assertThat(rows(first)).hasSize(100);
            assertThat(first).contains("These are the newest 100 grants that match, of more").doesNotContain("Newest grants");
            String older = link(first, "Older grants");
            String second = ConsoleOnTheServiceTest.get(URI.create(service.url() + older.substring(1)), owner).body();
            assertThat(rows(second)).hasSize(100).doesNotContainAnyElementsOf(rows(first));
            assertThat(second).contains("These are 100 older grants that match, of more");
            assertThat(link(second, "Newest grants")).isEqualTo("/console/grants?q=regular%40example.com&status=");
            assertThat(ConsoleOnTheServiceTest.get(URI.create(service.url() + "console/grants?q=x&before=not-a-position"), owner)
                    .statusCode()).isEqualTo(400);
        }
    }

    private static String search(Service service, String session, String query) throws Exception {
        int status = query.indexOf("&status=");
        String q = status < 0 ? query : query.substring(0, status);
        String rest = status < 0 ? "" : query.substring(status);
        var page = ConsoleOnTheServiceTest.get(URI.create(service.url() + "console/grants?q="
                + URLEncoder.encode(q, StandardCharsets.UTF_8) + rest), session);
        assertThat(page.statusCode()).isEqualTo(200);
        return page.body();
    }

    private static java.util.List<String> rows(String page) {
        return Pattern.compile("href=\"/console/grants/(entg_[0-9A-Za-z]+)\"").matcher(page).results().map(m -> m.group(1)).toList();
    }

    private static String link(String page, String text) {
        var m = Pattern.compile("<a href=\"([^\"]+)\">" + text + "</a>").matcher(page);
        assertThat(m.find()).as("a link %s in%n%s", text, page).isTrue();
        return m.group(1).replace("&amp;", "&");
    }
}

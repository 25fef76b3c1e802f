package dev.grantor.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.port.in.CustomerPortal.MintLink;
import dev.grantor.application.port.in.EntitlementCatalog.CreateEntitlement;
import dev.grantor.application.port.in.GrantIssuing.CustomerContact;
import dev.grantor.application.port.in.GrantIssuing.IssueGrant;
import dev.grantor.application.port.in.GrantView;
import dev.grantor.application.port.in.Licensing.ActivateLicense;
import dev.grantor.domain.entitlement.IntegrationConfig.LicenseKeyConfig;
import java.net.URI;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An instance's name is written by whoever holds the key, through the public activate endpoint, and it keeps the
 * control-only rule (customers' software names devices in every script). A bidi override in it (U+202E) must not turn
 * around the text after it on the customer's key page or the operator's grant page: each page shows the name isolated
 * ({@code <bdi>}), so the override ends with the name.
 */
class InstanceNamesOverHttpTest {

    private static final String OVERRIDING = "laptop \u202eEVIL";

    static WebServer server;
    static GrantView grant;
    static String operator;

    @BeforeAll
    static void start() {
        server = new WebServer();
        String entitlement = server.grantor.entitlements().create(server.a, new CreateEntitlement("Pro Tools",
                LicenseKeyConfig.auto().withActivationsLimit(2), null, null)).get().id().value();
        grant = server.grantor.issuing().issue(server.a, entitlement,
                new IssueGrant(new CustomerContact(null, "carol@example.com", "Carol"), null, null, null)).get().grant();
        server.grantor.licensing().activate(new ActivateLicense(grant.licenseKey().get().value().value(), OVERRIDING)).get();
        operator = server.grantor.operatorAccess().add(server.a, "ops@acme.example").get().id();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void the_customer_s_key_page_isolates_a_device_s_name() {
        var customer = signedIn(server.grantor.customerPortal().mintLink(server.a,
                new MintLink(grant.grant().customerId().value(), false, null), URI.create(server.url("/portal"))).get().link()
                .toString());

        String page = customer.get("/portal/grants/" + grant.grant().id().value()).body();

        assertThat(page).contains("<strong><bdi>" + OVERRIDING + "</bdi></strong> <span class=\"muted\">activated on");
        assertVisibleOnlyIsolated(page);
    }

    @Test
    void the_operator_s_grant_page_isolates_a_seat_s_name() {
        var ops = signedIn(server.consoleLink(server.a, operator));

        String page = ops.get("/console/grants/" + grant.grant().id().value()).body();

        assertThat(page).contains("<td data-label=\"Instance\"><bdi>" + OVERRIDING + "</bdi> <code");
        assertVisibleOnlyIsolated(page);
    }

    /** Every shown occurrence sits in a bdi; the visually hidden ones (a button's name for screen readers) draw nothing. */
    private static void assertVisibleOnlyIsolated(String page) {
        var occurrences = Pattern.compile("(<bdi>|<span class=\"visually-hidden\">[^<]*?)?" + Pattern.quote(OVERRIDING)).matcher(page);
        int found = 0;
        while (occurrences.find()) {
            found++;
            assertThat(occurrences.group(1)).as("what comes before occurrence " + found).isNotNull();
        }
        assertThat(found).isPositive();
    }

    private static WebClient signedIn(String link) {
        var client = new WebClient(server.base);
        assertThat(client.signIn(link).statusCode()).isEqualTo(303);
        return client;
    }
}

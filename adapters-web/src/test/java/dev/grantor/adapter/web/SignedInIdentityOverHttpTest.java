package dev.grantor.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.port.in.CustomerManagement;
import dev.grantor.application.port.in.CustomerPortal.MintLink;
import dev.grantor.application.port.in.EntitlementCatalog.CreateEntitlement;
import dev.grantor.application.port.in.GrantIssuing.CustomerContact;
import dev.grantor.application.port.in.GrantIssuing.IssueGrant;
import dev.grantor.application.port.in.GrantView;
import dev.grantor.application.port.in.OperatorAccess;
import dev.grantor.domain.entitlement.IntegrationConfig.LicenseKeyConfig;
import dev.grantor.domain.shared.BusinessId;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every signed-in page says, in its header, in which business and as whom the visitor is signed in (a forwarded
 * sign-in link must not put anyone in another's console or portal unnoticed): the business's name and the operator's
 * or customer's email, escaped, and never another business's name, though the same address is a customer of both.
 */
class SignedInIdentityOverHttpTest {

    private static final Pattern WHO = Pattern.compile("<p class=\"who\">(.*?)</p>", Pattern.DOTALL);
    private static final String HOSTILE = "Café <b>&amp;</b> \"Quotes\" <script>alert(1)</script>";

    static WebServer server;
    static BusinessId hostile;
    static String operator;
    static GrantView carolAtA;
    static GrantView carolAtB;
    static GrantView carolAtHostile;

    @BeforeAll
    static void start() {
        server = new WebServer();
        hostile = server.grantor.access().createBusiness(HOSTILE).get().id();
        operator = server.grantor.operatorAccess().add(server.a, "Ops@Acme.example").get().id();
        server.grantor.operatorAccess().add(server.b, "ops@acme.example").get();
        carolAtA = buy(server.a, "carol@example.com");
        carolAtB = buy(server.b, "carol@example.com");
        carolAtHostile = buy(hostile, "carol@example.com");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void every_console_page_of_an_operator_names_the_business_and_the_operators_email() {
        var ops = signedIn(server.consoleLink(server.a, operator));

        for (String page : new String[] {"/console/", "/console/grants", "/console/grants/" + carolAtA.grant().id().value(),
                "/console/customers", "/console/customers?q=carol%40example.com",
                "/console/customers/" + carolAtA.grant().customerId().value(),
                "/console/customers/" + carolAtB.grant().customerId().value(),
                "/console/pools", "/console/webhooks", "/console/outbox", "/console/grants/grant_none"}) {
            var answer = ops.get(page);
            assertThat(who(answer)).as(page).isEqualTo("<strong class=\"place\" dir=\"auto\">Acme Tools</strong>,"
                    + " <span class=\"person\" dir=\"auto\">signed in as Ops@Acme.example</span>");
            assertThat(answer.body()).as(page).doesNotContain("Bolt Works");
        }
        assertThat(ops.get("/console/grants/grant_none").statusCode()).as("a refusal names them too").isEqualTo(404);
    }

    @Test
    void a_console_session_of_a_command_line_link_says_so_rather_than_name_someone() {
        var owner = signedIn(server.consoleLink(server.b));

        assertThat(who(owner.get("/console/"))).isEqualTo("<strong class=\"place\" dir=\"auto\">Bolt Works</strong>,"
                + " <span class=\"person\" dir=\"auto\">signed in with a command-line link</span>");
        assertThat(owner.get("/console/pools").body()).doesNotContain("Acme Tools");
    }

    @Test
    void every_portal_page_names_the_shop_and_the_customers_email() {
        var carol = signedIn(portalLink(server.a, carolAtA));

        for (String page : new String[] {"/portal/", "/portal/grants/" + carolAtA.grant().id().value(),
                "/portal/grants/" + carolAtB.grant().id().value()}) {
            var answer = carol.get(page);
            assertThat(who(answer)).as(page).isEqualTo("<strong class=\"place\" dir=\"auto\">Acme Tools</strong>,"
                    + " <span class=\"person\" dir=\"auto\">signed in as carol@example.com</span>");
            assertThat(answer.body()).as(page).doesNotContain("Bolt Works");
        }
    }

    /**
     * The header is read with the session on every request, not kept from the sign-in: a customer whose email the shop
     * changes ({@code PATCH /customers/{id}}) and an operator demoted while signed in are named as they are now.
     */
    @Test
    void a_session_already_open_names_the_customer_s_new_email_and_the_operator_s_new_role() {
        var dora = buy(server.a, "dora@example.com");
        var portal = signedIn(portalLink(server.a, dora));
        String viewer = server.grantor.operatorAccess().add(server.a, "soon.viewer@acme.example").get().id();
        var console = signedIn(server.consoleLink(server.a, viewer));
        assertThat(who(portal.get("/portal/"))).contains("signed in as dora@example.com");
        assertThat(who(console.get("/console/"))).endsWith("signed in as soon.viewer@acme.example</span>");

        server.grantor.customers().update(server.a, dora.grant().customerId().value(),
                new CustomerManagement.UpdateCustomer("Dora@Example.COM", null, null, false, null)).get();
        server.grantor.operatorAccess().changeRole(server.a, viewer, OperatorAccess.Role.VIEWER).get();

        assertThat(who(portal.get("/portal/"))).contains("signed in as Dora@Example.COM").doesNotContain("dora@example.com");
        assertThat(who(console.get("/console/"))).endsWith("signed in as soon.viewer@acme.example (viewer: reads only)</span>");
    }

    /** The same mailbox in other letters keeps its session (above); a move to another mailbox ends it. */
    @Test
    void a_customer_moved_to_another_mailbox_is_signed_out_of_the_portal() {
        var erin = buy(server.a, "erin@example.com");
        var portal = signedIn(portalLink(server.a, erin));
        assertThat(portal.get("/portal/").statusCode()).isEqualTo(200);

        server.grantor.customers().update(server.a, erin.grant().customerId().value(),
                new CustomerManagement.UpdateCustomer("erin.new@example.com", null, null, false, null)).get();

        var after = portal.get("/portal/");
        assertThat(after.statusCode()).as("no longer a signed-in page").isNotEqualTo(200);
        assertThat(after.body()).doesNotContain("erin.new@example.com").doesNotContain("erin@example.com");
    }

    @Test
    void a_business_name_is_text_in_the_header_never_markup() {
        var carol = signedIn(portalLink(hostile, carolAtHostile));
        var owner = signedIn(server.consoleLink(hostile));

        String escaped = "Café &lt;b&gt;&amp;amp;&lt;/b&gt; \"Quotes\" &lt;script&gt;alert(1)&lt;/script&gt;";
        for (var answer : java.util.List.of(carol.get("/portal/"), owner.get("/console/"))) {
            assertThat(who(answer)).startsWith("<strong class=\"place\" dir=\"auto\">" + escaped + "</strong>,");
            assertThat(answer.body()).doesNotContain("<script>alert(1)").doesNotContain("<b>&amp;</b>");
        }
    }

    @Test
    void signed_out_pages_name_no_one() {
        var stranger = new WebClient(server.base);

        assertThat(stranger.get("/console/sign-in").body()).doesNotContain("class=\"who\"").doesNotContain("Acme Tools");
        assertThat(stranger.get("/portal/" + server.a.value()).body()).doesNotContain("class=\"who\"");
    }

    private static String who(HttpResponse<String> answer) {
        assertThat(answer.statusCode()).as("a page, not a redirect to the sign-in").isIn(200, 404);
        var m = WHO.matcher(answer.body());
        assertThat(m.find()).as("the header names who and where").isTrue();
        String who = m.group(1);
        assertThat(m.find()).as("once").isFalse();
        return who;
    }

    private static WebClient signedIn(String link) {
        var client = new WebClient(server.base);
        assertThat(client.signIn(link).statusCode()).isEqualTo(303);
        return client;
    }

    private static String portalLink(BusinessId business, GrantView grant) {
        return server.grantor.customerPortal().mintLink(business, new MintLink(grant.grant().customerId().value(), false, null),
                URI.create(server.url("/portal"))).get().link().toString();
    }

    private static GrantView buy(BusinessId business, String email) {
        String entitlement = server.grantor.entitlements().create(business, new CreateEntitlement("Pro Tools",
                LicenseKeyConfig.auto().withActivationsLimit(2), null, null)).get().id().value();
        return server.grantor.issuing().issue(business, entitlement,
                new IssueGrant(new CustomerContact(null, email, "Carol"), null, null, null)).get().grant();
    }
}

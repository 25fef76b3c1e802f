package dev.grantor.adapter.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.adapter.web.WebClient;
import dev.grantor.adapter.web.WebServer;
import dev.grantor.application.port.in.OperatorAccess;
import dev.grantor.application.port.in.OperatorAccess.Role;
import io.vavr.control.Option;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Team page on the wire: every signed-in role reads who may enter the console and the history of that, newest first
 * a page at a time, its own row marked; it has no form that changes access, and another business's operators, even one
 * with the same address, never show.
 */
class ConsoleTeamOverHttpTest {

    /** A mark that would begin an entity if it were not escaped; an address may carry it. */
    private static final String ODD = "o'neil&sons@acme.example";
    private static final Pattern CHANGE_ROW = Pattern.compile("<tr><td data-label=\"When\">([^<]*)</td><td data-label=\"By\">"
            + "([^<]*)</td><td data-label=\"Change\">([^<]*)</td><td data-label=\"Operator or API key\">([^<]*)</td><td data-label=\"Detail\">([^<]*)</td></tr>");
    /** Role changes of {@link #ODD}, beyond the page's 100 rows with the adds and the removal. */
    private static final int TOGGLES = 100;

    static WebServer server;
    static String ada;
    static String vic;
    static String rob;
    static String odd;

    @BeforeAll
    static void start() {
        server = new WebServer();
        var access = server.grantor.operatorAccess();
        ada = step(() -> access.add(server.a, "ada@acme.example").get().id());
        vic = step(() -> access.add(server.a, "vic@acme.example", Option.some(Role.VIEWER)).get().id());
        rob = step(() -> access.add(server.a, "rob@acme.example").get().id());
        odd = step(() -> access.add(server.a, ODD).get().id());
        step(() -> access.remove(server.a, rob).get());
        for (int i = 0; i < TOGGLES; i++) {
            Role role = i % 2 == 0 ? Role.VIEWER : Role.OPERATOR;
            step(() -> access.changeRole(server.a, odd, role).get());
        }
        // the other business: another person, and one with an address of business a's
        step(() -> access.add(server.b, "eve@bolt.example").get());
        step(() -> access.add(server.b, "ada@acme.example", Option.some(Role.VIEWER)).get());
        step(() -> access.remove(server.b, "eve@bolt.example").get());
    }

    /** Each change a second after the one before, so that newest first is the order they were made in. */
    private static <T> T step(java.util.function.Supplier<T> change) {
        server.clock.advance(Duration.ofSeconds(1));
        return change.get();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static WebClient signedInAs(String subject) {
        var client = new WebClient(server.base);
        assertThat(client.signIn(server.consoleLink(server.a, subject)).statusCode()).isEqualTo(303);
        return client;
    }

    private static java.util.List<String> changes(String html) {
        return CHANGE_ROW.matcher(html).results().map(m -> m.group(1) + " | " + m.group(2) + " | " + m.group(3) + " | "
                + m.group(4) + " | " + m.group(5)).toList();
    }

    private static final Pattern OLDER = Pattern.compile("<a href=\"(/console/team\\?before=[^\"#]+)#changes\">Older changes</a>");

    /** The query of the page an "Older changes" link opens, as the page wrote it (no entity in a position's text). */
    private static String older(String html) {
        var link = OLDER.matcher(html);
        assertThat(link.find()).as("an Older changes link").isTrue();
        return link.group(1).substring("/console/team".length());
    }

    private static HttpResponse<String> team(WebClient client, String query) {
        var page = client.get("/console/team" + query);
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        return page;
    }

    @Test
    void an_operator_reads_every_operator_with_role_and_times_its_own_row_marked_and_no_form_but_sign_out() {
        String html = team(signedInAs(ada), "").body();

        assertThat(html).contains("<title>Team · Grantor console</title>")
                .containsSubsequence("<a href=\"/console/outbox\">Outbox</a>",
                        "<a href=\"/console/team\" aria-current=\"page\">Team</a>", "</ul></nav>")
                .contains("<h1>Team <span class=\"count\">3 with access</span></h1>");
        assertThat(html).containsSubsequence("<h1>", "<h2 id=\"operators\" class=\"part\">Operators</h2>", "<h2 id=\"changes\" class=\"part\">Access changes</h2>");
        assertThat(html).containsSubsequence("ada@acme.example <strong class=\"you-mark\">(you)</strong></td><td data-label=\"Role\">operator</td>",
                "vic@acme.example</td><td data-label=\"Role\">viewer</td>", "rob@acme.example</td>",
                "o'neil&amp;sons@acme.example</td><td data-label=\"Role\">operator</td>");
        var rob = server.grantor.operatorAccess().find(server.a, ConsoleTeamOverHttpTest.rob).get();
        assertThat(html).contains("rob@acme.example</td><td data-label=\"Role\">operator</td><td data-label=\"Added\">"
                + ConsolePages.when(rob.createdAt()) + "</td><td data-label=\"Removed\">" + ConsolePages.when(rob.removedAt().get()) + "</td>");
        assertThat(html).as("one row is the visitor's").containsOnlyOnce("(you)").doesNotContain(ODD);
        assertThat(html).contains("<code>grantor operators add --business " + server.a.value() + " --email EMAIL [--role operator|viewer]</code>")
                .contains("grantor operators remove --business " + server.a.value());
        assertThat(Pattern.compile("<form").matcher(html).results().count()).as("only Sign out").isEqualTo(1);
        assertThat(html).contains("action=\"/console/sign-out\"");
    }

    @Test
    void a_viewer_reads_the_same_page_its_own_row_marked() {
        String html = team(signedInAs(vic), "").body();

        assertThat(html).contains("(viewer: reads only)")
                .contains("vic@acme.example <strong class=\"you-mark\">(you)</strong>").containsOnlyOnce("(you)")
                .contains("ada@acme.example</td>");
        assertThat(changes(html)).hasSize(ConsolePages.PAGE);
        assertThat(Pattern.compile("<form").matcher(html).results().count()).isEqualTo(1);
    }

    @Test
    void the_history_is_newest_first_a_page_of_at_most_a_hundred_and_older_ones_on_the_next() {
        var client = signedInAs(ada);
        String first = team(client, "").body();

        var newest = changes(first);
        assertThat(newest).hasSize(ConsolePages.PAGE);
        assertThat(newest.getFirst()).endsWith(" | the owner (command line) | changed an operator's role | o'neil&amp;sons@acme.example"
                + " | from viewer to operator");
        assertThat(newest.get(1)).endsWith("from operator to viewer");
        assertThat(first).doesNotContain("Newest changes");

        String second = team(client, older(first)).body();

        assertThat(changes(second)).map(row -> row.substring(row.indexOf(" | ") + 3)).containsExactly(
                "the owner (command line) | removed an operator | rob@acme.example | role operator",
                "the owner (command line) | added an operator | o'neil&amp;sons@acme.example | role operator",
                "the owner (command line) | added an operator | rob@acme.example | role operator",
                "the owner (command line) | added an operator | vic@acme.example | role viewer",
                "the owner (command line) | added an operator | ada@acme.example | role operator");
        var ada = server.grantor.operatorAccess().find(server.a, ConsoleTeamOverHttpTest.ada).get();
        assertThat(changes(second).getLast()).startsWith(ConsolePages.when(ada.createdAt()) + " | ");
        assertThat(second).contains("<a href=\"/console/team#changes\">Newest changes</a>").doesNotContain("Older changes");
        var access = server.grantor.operatorAccess();
        var newestPage = access.accessChanges(server.a, Option.none(), 100).get();
        assertThat(changes(first).size() + changes(second).size())
                .isEqualTo(newestPage.changes().size() + access.accessChanges(server.a, newestPage.older(), 100).get().changes().size());
    }

    @Test
    void another_business_s_operators_and_changes_never_show_even_one_with_the_same_address() {
        var client = signedInAs(ada);
        String newest = team(client, "").body();
        String all = newest + team(client, older(newest)).body();

        assertThat(all).doesNotContain("eve@bolt.example").doesNotContain(server.b.value()).doesNotContain("Bolt Works");
        assertThat(all).as("ada is an operator in a, a viewer in b").doesNotContain("ada@acme.example</td><td data-label=\"Role\">viewer");
        assertThat(changes(all)).filteredOn(row -> row.contains("ada@acme.example")).singleElement().asString()
                .endsWith("added an operator | ada@acme.example | role operator");
    }

    @Test
    void the_owner_is_told_it_has_no_row_of_its_own() {
        var client = new WebClient(server.base);
        assertThat(client.signIn(server.consoleLink(server.a)).statusCode()).isEqualTo(303);

        String html = team(client, "").body();

        assertThat(html).contains("You are signed in as the business's owner (a command-line link)").doesNotContain("(you)");
    }

    @Test
    void a_position_the_console_did_not_write_is_refused_with_the_console_around_it() {
        var client = signedInAs(ada);
        for (String forged : java.util.List.of("yesterday", "2026-11-27T10:15:00Z", "2026-11-27T10:15:00Z~",
                "2026-13-40T10:15:00Z~aud_1", "2026-11-27T10:15:00Z~aud%20x", "2026-11-27T10:15:00Z~%3Cb%3E")) {
            var page = client.get("/console/team?before=" + forged);

            assertThat(page.statusCode()).as(forged).isEqualTo(400);
            assertThat(page.body()).as(forged).contains("This link to older access changes is not one the console made.")
                    .contains("href=\"/console/team\"").doesNotContain("<b>");
        }
    }

    /**
     * {@code skip}, how links of earlier versions paged by count, is not read: such a link (a bookmark, a page open
     * across an upgrade) opens the newest page rather than a refusal, and no count, however odd, is an error.
     */
    @Test
    void a_skip_from_an_earlier_version_s_link_opens_the_newest_page() {
        var client = signedInAs(ada);
        String newest = team(client, "").body();

        for (String skip : java.util.List.of("100", "-1", "x")) {
            String page = team(client, "?skip=" + skip).body();

            assertThat(changes(page)).as(skip).isEqualTo(changes(newest));
            assertThat(page).doesNotContain("Newest changes");
        }
    }

    /**
     * A change made while someone pages: the next page goes on from where the last one ended, so no change shows twice
     * or is passed over, and the new one heads the newest page. (Paged by count, the change would push the last row of
     * the first page onto the second.)
     */
    @Test
    void a_change_made_between_two_pages_neither_repeats_nor_hides_one() {
        var access = server.grantor.operatorAccess();
        var business = server.grantor.access().createBusiness("Paging Co").get().id();
        String paged = step(() -> access.add(business, "paged@paging.example").get().id());
        for (int i = 0; i < ConsolePages.PAGE + 2; i++) {
            Role role = i % 2 == 0 ? Role.VIEWER : Role.OPERATOR;
            step(() -> access.changeRole(business, paged, role).get());
        }
        var newestPage = access.accessChanges(business, Option.none(), ConsolePages.PAGE).get();
        var everyChange = newestPage.changes().appendAll(access.accessChanges(business, newestPage.older(), ConsolePages.PAGE).get().changes());
        assertThat(everyChange).hasSize(ConsolePages.PAGE + 3);
        var client = new WebClient(server.base);
        assertThat(client.signIn(server.consoleLink(business)).statusCode()).isEqualTo(303);
        String first = team(client, "").body();

        step(() -> access.add(business, "late@paging.example").get());
        String second = team(client, older(first)).body();

        var read = new java.util.ArrayList<>(changes(first));
        read.addAll(changes(second));
        assertThat(read).as("every change once, newest first").containsExactlyElementsOf(everyChange.map(change ->
                ConsolePages.when(change.at()) + " | the owner (command line) | " + change.action() + " | paged@paging.example | "
                        + change.detail()));
        assertThat(second).doesNotContain("Older changes");
        assertThat(changes(team(client, "").body()).getFirst()).contains("added an operator | late@paging.example");
    }

    @Test
    void a_business_with_no_operator_and_no_change_says_so() {
        var client = new WebClient(server.base);
        var empty = server.grantor.access().createBusiness("Empty Co").get().id();
        assertThat(client.signIn(server.consoleLink(empty)).statusCode()).isEqualTo(303);

        String html = team(client, "").body();

        assertThat(html).contains("No operator yet").contains("No change of access is recorded yet")
                .contains("<span class=\"count\">0 with access</span>");
        assertThat(OperatorAccess.AccessChange.values()).allSatisfy(change -> assertThat(html).doesNotContain(change.action()));
    }
}

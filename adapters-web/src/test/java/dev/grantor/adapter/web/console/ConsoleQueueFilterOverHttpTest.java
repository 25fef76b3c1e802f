package dev.grantor.adapter.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.adapter.web.WebClient;
import dev.grantor.adapter.web.WebServer;
import dev.grantor.application.port.in.GrantQueries;
import dev.grantor.application.port.in.KeyPoolManagement;
import dev.grantor.domain.shared.BusinessId;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The queue's entitlement filter over a real socket, where what it names is not in the catalog any more: a deleted
 * entitlement whose grants still wait is said to be deleted, with its waiting grants listed, whether it is typed (past
 * {@value GrantQueries#MOST_WAITING_ENTITLEMENTS} entitlements with waiting grants) or chosen. And the queue's pool offers
 * name their entitlement however far back in the catalog it is.
 */
class ConsoleQueueFilterOverHttpTest {

    private static final Pattern FOUND = Pattern.compile("id=\"found\"[^>]*>([^<]*)</p>");
    private static final Pattern ROW = Pattern.compile("<li class=\"grant-row\" id=\"row-([^\"]+)\"");

    static WebServer server;
    static ConsoleData data;

    @BeforeAll
    static void start() {
        server = new WebServer();
        data = new ConsoleData(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void a_typed_id_of_a_deleted_entitlement_whose_grants_still_wait_says_it_is_deleted_and_lists_them() {
        var business = server.b;
        List<String> waitingOn = new ArrayList<>();
        for (int i = 1; i <= GrantQueries.MOST_WAITING_ENTITLEMENTS + 1; i++) {
            server.clock.advance(Duration.ofSeconds(1));
            waitingOn.add(data.manualEntitlement(business, "Shelf item %03d".formatted(i)));
            data.grant(business, waitingOn.getLast(), "buyer%d@example.com".formatted(i), "Buyer " + i, "pay_shelf" + i);
        }
        // the last id of all: past the ones a list of waiting entitlements names, where the page reads it on its own
        String retired = waitingOn.stream().max(String::compareTo).orElseThrow();
        String retiredName = "Shelf item %03d".formatted(waitingOn.indexOf(retired) + 1);
        String named = waitingOn.stream().min(String::compareTo).orElseThrow();
        String namedName = "Shelf item %03d".formatted(waitingOn.indexOf(named) + 1);
        String secondGrant = data.grant(business, retired, "second@example.com", "Second Buyer", "pay_shelf_second");
        server.grantor.entitlements().delete(business, retired).get();
        assertThat(server.grantor.grants().waitingEntitlements(business).entitlements()).extracting(e -> e.id().value())
                .doesNotContain(retired).contains(named);
        var owner = signedIn(business);

        String page = owner.get("/console/?entitlement=" + enc(retired) + "&type=&age=").body();

        assertThat(page).as("the filter is a field for an id").contains("<input id=\"f-entitlement\"");
        assertThat(found(page)).isEqualTo("Entitlement " + retiredName + " (" + retired + "), deleted; its grants still wait."
                + " 2 waiting grants match these filters.");
        assertThat(rows(page)).hasSize(2).contains(secondGrant);
        assertThat(found(owner.get("/console/?entitlement=" + enc(retired) + "&type=&age=72").body()))
                .as("none of its grants waits three days")
                .isEqualTo("Entitlement " + retiredName + " (" + retired + "), deleted. No waiting grant matches these filters.");
        assertThat(found(owner.get("/console/?entitlement=" + enc(named) + "&type=&age=").body()))
                .isEqualTo("Entitlement " + namedName + " (" + named + "). 1 waiting grant matches these filters.");
    }

    @Test
    void a_deleted_entitlement_whose_grants_wait_is_offered_as_deleted_and_chosen_lists_its_grants() {
        var business = server.a;
        String kept = data.manualEntitlement(business, "Acme Current");
        String retired = data.manualEntitlement(business, "Acme Retired");
        data.grant(business, kept, "kept@example.com", "Kept", "pay_kept");
        String waiting = data.grant(business, retired, "retired@example.com", "Retired", "pay_retired");
        server.grantor.entitlements().delete(business, retired).get();
        var owner = signedIn(business);

        String page = owner.get("/console/?entitlement=" + enc(retired) + "&type=&age=").body();

        assertThat(page).contains("<option value=\"" + retired + "\" selected>Acme Retired (deleted)</option>")
                .contains("<option value=\"" + kept + "\">Acme Current</option>");
        assertThat(found(page)).isEqualTo("1 waiting grant matches these filters.");
        assertThat(rows(page)).containsExactly(waiting);
    }

    @Test
    void a_pool_of_an_entitlement_past_the_catalog_s_first_page_is_offered_by_its_name() {
        var business = server.a;
        server.clock.advance(Duration.ofSeconds(1));
        String pooled = data.pooledEntitlement(business, "Acme Archive");
        for (int i = 1; i <= ConsolePages.PAGE; i++) {
            server.clock.advance(Duration.ofSeconds(1));
            data.manualEntitlement(business, "Acme newer %03d".formatted(i));
        }
        data.grant(business, pooled, "first@example.com", "First", "pay_archive1");
        data.grant(business, pooled, "second@example.com", "Second", "pay_archive2");
        data.stockBesideWaitingGrants(business, pooled, "ARCHIVE-KEY-0001");

        String page = signedIn(business).get("/console/").body();

        assertThat(page).contains("<label for=\"bulk-" + pooled + "\">Fulfill the oldest waiting grants of Acme Archive from its"
                + " pool (1 keys in stock, 2 waiting): how many</label>")
                .contains("Fulfill from the pool<span class=\"visually-hidden\">: Acme Archive</span>");
    }

    @Test
    void pools_past_the_entitlements_the_filter_names_and_past_the_catalog_s_first_page_are_named_on_the_queue_and_the_pools_page() {
        var business = server.grantor.access().createBusiness("Cask Goods").get().id();
        List<String> waitingOn = new ArrayList<>();
        for (int i = 1; i <= GrantQueries.MOST_WAITING_ENTITLEMENTS + 1; i++) {
            server.clock.advance(Duration.ofSeconds(1));
            waitingOn.add(data.manualEntitlement(business, "Cask %03d".formatted(i)));
            data.grant(business, waitingOn.getLast(), "cask%d@example.com".formatted(i), "Buyer " + i, "pay_cask" + i);
        }
        // the filter names the first 100 ids with waiting grants; the catalog's first page, the 100 newest
        String pastTheFilter = waitingOn.stream().max(String::compareTo).orElseThrow();
        String pastTheCatalog = waitingOn.getFirst();
        var pooled = new java.util.LinkedHashSet<>(List.of(pastTheFilter, pastTheCatalog));
        for (var entitlement : pooled) {
            server.grantor.keyPools().open(business, entitlement, new KeyPoolManagement.OpenPool(2L)).get();
            data.stockBesideWaitingGrants(business, entitlement, "CASK-KEY-" + entitlement);
        }
        assertThat(server.grantor.grants().waitingEntitlements(business).entitlements()).extracting(e -> e.id().value())
                .doesNotContain(pastTheFilter);
        var owner = signedIn(business);

        String queue = owner.get("/console/").body();
        String pools = owner.get("/console/pools").body();

        for (var entitlement : pooled) {
            String name = "Cask %03d".formatted(waitingOn.indexOf(entitlement) + 1);
            assertThat(queue).as(name).contains("<label for=\"bulk-" + entitlement + "\">Fulfill the oldest waiting grants of " + name
                    + " from its pool (1 keys in stock, 1 waiting): how many</label>");
            assertThat(pools).as(name).contains("<h2 id=\"pool-" + entitlement + "\">" + name + "</h2>");
        }
    }

    static WebClient signedIn(BusinessId business) {
        var client = new WebClient(server.base);
        assertThat(client.signIn(server.consoleLink(business)).statusCode()).isEqualTo(303);
        return client;
    }

    /** The filters' answer, or fails: every page asked for here answers the filter form. */
    static String found(String page) {
        var found = FOUND.matcher(page);
        assertThat(found.find()).as("the filters' answer in:%n%s", page).isTrue();
        return found.group(1);
    }

    static List<String> rows(String page) {
        return ROW.matcher(page).results().map(row -> row.group(1)).toList();
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}

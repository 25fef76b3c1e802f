package dev.grantor.adapter.web.portal;

import static org.assertj.core.api.Assertions.assertThat;
import dev.grantor.application.port.in.Older;

import dev.grantor.adapter.web.Browser;
import dev.grantor.application.port.in.CustomerPortal;
import dev.grantor.application.port.in.GrantView;
import dev.grantor.domain.grant.Grant;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A reseller's account: one customer with 5,000 purchases. "My purchases" lists a page of them, numbered, with a way to
 * the older ones and back to the newest; its last page is reached by position as its first is, and still fits 360 px.
 */
class PortalPurchasesAtScaleInBrowserTest {

    static final int PURCHASES = 5_000;
    static final int PAGE = CustomerPortal.PURCHASES_PAGE;

    static PortalWorld world;
    static Browser browser;
    /** The reseller's grants, newest first (by creation, then id), as the pages must list them. */
    static List<Grant> newestFirst;
    static GrantView first;

    @BeforeAll
    static void start() {
        world = new PortalWorld();
        var server = world.server;
        String entitlement = world.entitlement(server.a, 3, Map.of());
        var bought = new ArrayList<Grant>();
        for (int i = 0; i < PURCHASES; i++) {
            // a few purchases share each instant: ties are ordered by id, and a page break may fall inside them
            if (i % 3 == 0) {
                server.clock.advance(Duration.ofSeconds(1));
            }
            var view = world.buy(server.a, entitlement, "reseller@example.com", "Reseller Ltd");
            first = first == null ? view : first;
            bought.add(view.grant());
        }
        world.buy(server.a, entitlement, "someone.else@example.com", "Someone Else");
        newestFirst = bought.stream().sorted(Comparator.comparing(Grant::createdAt).thenComparing(g -> g.id().value()).reversed())
                .toList();
        browser = Browser.open();
        browser.go(world.link(server.a, first));
        browser.submit(browser.find("main form button[type=submit]"));
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        world.close();
    }

    @Test
    void the_purchases_page_lists_a_page_and_goes_on_to_older_ones_by_position() {
        browser.go(world.server.url("/portal/"));
        assertThat(shownIds()).containsExactlyElementsOf(ids(0, PAGE));
        assertThat(browser.find("ol.purchases").getAttribute("start")).isEqualTo("1");
        assertThat(browser.all("a").stream().map(a -> a.getText()).toList()).contains("Older purchases")
                .doesNotContain("Newest purchases");
        browser.assertAccessible();
        browser.screenshots("portal-purchases-many");

        browser.go(browser.find("nav[aria-label='Pages of my purchases'] a").getAttribute("href"));

        assertThat(shownIds()).containsExactlyElementsOf(ids(PAGE, 2 * PAGE));
        assertThat(browser.find("ol.purchases").getAttribute("start")).isEqualTo(String.valueOf(PAGE + 1));
        assertThat(browser.all("nav[aria-label='Pages of my purchases'] a").stream().map(a -> a.getText()).toList())
                .containsExactly("Newest purchases", "Older purchases");
        browser.assertAccessible();
        browser.screenshots("portal-purchases-older");
    }

    @Test
    void the_last_page_of_five_thousand_is_read_by_position_and_says_there_is_nothing_older() {
        int shown = PURCHASES - PAGE;
        var lastShown = newestFirst.get(shown - 1);
        var token = new Older(lastShown.createdAt(), lastShown.id().value(), shown).token();

        browser.go(world.server.url("/portal/?before=" + URLEncoder.encode(token, StandardCharsets.UTF_8)));

        assertThat(shownIds()).containsExactlyElementsOf(ids(shown, PURCHASES));
        assertThat(browser.find("ol.purchases").getAttribute("start")).isEqualTo(String.valueOf(shown + 1));
        assertThat(browser.all("nav[aria-label='Pages of my purchases'] a").stream().map(a -> a.getText()).toList())
                .containsExactly("Newest purchases");
        browser.assertFitsNarrow();
    }

    @Test
    void a_position_the_portal_did_not_make_is_refused_with_a_way_back() {
        browser.go(world.server.url("/portal/?before=yesterday"));

        assertThat(browser.find("h1").getText()).isNotEqualTo("My purchases");
        assertThat(browser.text()).contains("This link to older purchases is not one the portal made.");
        assertThat(browser.all("main a").stream().map(a -> a.getText()).toList()).contains("Back to my purchases");
    }

    private static List<String> ids(int from, int to) {
        return newestFirst.subList(from, to).stream().map(g -> g.id().value()).toList();
    }

    private static List<String> shownIds() {
        return browser.all("ol.purchases li code").stream().map(code -> code.getText()).toList();
    }
}

package dev.grantor.application.background;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.background.AfterTheAnswer.SignInRequest;
import dev.grantor.application.port.in.ClientNetwork;
import dev.grantor.domain.shared.BusinessId;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.instancio.Instancio;
import org.junit.jupiter.api.Test;

/**
 * The rule for a place in the sign-in queue, against a model kept here: over generated sizes and generated series of
 * requests taken and given back, a request gets a place exactly when its lane, its lane's share for its site and, in the
 * portal, its business's share each hold fewer than their places; a refused request changes no count; every count
 * is what the requests still holding places make it; giving every place back leaves nothing held.
 */
class QueuePlacesTest {

    private static final long SEED = 36;
    private static final int SERIES = 200;
    private static final int STEPS = 150;

    private static final List<BusinessId> BUSINESSES = List.of(business('a'), business('b'), business('c'));

    private static BusinessId business(char last) {
        return new BusinessId("bus_" + "0".repeat(20) + last);
    }

    /**
     * A client of site {@code site} (four sites: two IPv4 /24s, two IPv6 /48s), at a host or /64 of its own drawn from
     * {@code host}: two clients of one site count as one site.
     */
    private static String client(int site, int host) {
        int h = Math.floorMod(host, 250) + 1;
        return switch (site) {
            case 0 -> "198.51.100." + h;
            case 1 -> "203.0.113." + h;
            case 2 -> "2001:db8:1:" + Integer.toHexString(h) + "::7";
            default -> "[2001:db8:2:" + Integer.toHexString(h) + ":0:0:0:1]";
        };
    }

    private record Held(SignInRequest request, int site, List<QueuePlaces.Share> shares) {}

    @Test
    void a_place_is_taken_exactly_when_every_share_of_the_request_has_one_free_and_every_place_comes_back() {
        var numbers = Instancio.ofList(Integer.class).size(SERIES * (STEPS * 4 + 5)).withSeed(SEED).create().iterator();
        int refusals = 0;
        int taken = 0;
        for (int series = 0; series < SERIES; series++) {
            int console = 1 + Math.floorMod(numbers.next(), 6);
            int portal = 1 + Math.floorMod(numbers.next(), 9);
            var sizes = new QueuePlaces.Sizes(console, 1 + Math.floorMod(numbers.next(), console), portal,
                    1 + Math.floorMod(numbers.next(), portal), 1 + Math.floorMod(numbers.next(), portal));
            var places = new QueuePlaces(sizes);
            var holding = new ArrayList<Held>();

            for (int step = 0; step < STEPS; step++) {
                int what = Math.floorMod(numbers.next(), 8);
                int site = Math.floorMod(numbers.next(), 4);
                int host = numbers.next();
                int chosen = numbers.next();
                if (what < 3 && !holding.isEmpty()) {
                    var back = holding.remove(Math.floorMod(chosen, holding.size()));
                    places.giveBack(back.shares());
                } else {
                    SignInRequest request = what % 2 == 0
                            ? new SignInRequest.Console(client(site, host))
                            : new SignInRequest.Portal(BUSINESSES.get(Math.floorMod(chosen, BUSINESSES.size())), client(site, host));
                    boolean free = free(holding, request, site, sizes);
                    var shares = places.sharesOf(request);
                    assertThat(places.take(shares)).as("series %d step %d: %s with %s held, sizes %s", series, step,
                            request, holding.size(), sizes).isEqualTo(free);
                    if (free) {
                        holding.add(new Held(request, site, shares));
                        taken++;
                    } else {
                        refusals++;
                    }
                }
                assertCounts(places, holding, series, step);
            }
            holding.forEach(held -> places.giveBack(held.shares()));
            assertThat(places.noneHeld()).as("series %d, every place given back", series).isTrue();
        }
        assertThat(refusals).as("the series reach every share's end often").isGreaterThan(SERIES * 10);
        assertThat(taken).isGreaterThan(SERIES * 10);
    }

    /** The model: what the requests still holding places leave free for {@code request}. */
    private static boolean free(List<Held> holding, SignInRequest request, int site, QueuePlaces.Sizes sizes) {
        return switch (request) {
            case SignInRequest.Console c -> count(holding, h -> h.request() instanceof SignInRequest.Console) < sizes.console()
                    && count(holding, h -> h.request() instanceof SignInRequest.Console && h.site() == site) < sizes.consoleSite();
            case SignInRequest.Portal p -> count(holding, h -> h.request() instanceof SignInRequest.Portal) < sizes.portal()
                    && count(holding, h -> h.request() instanceof SignInRequest.Portal && h.site() == site) < sizes.portalSite()
                    && count(holding, h -> h.request() instanceof SignInRequest.Portal other
                            && other.business().equals(p.business())) < sizes.business();
        };
    }

    private static long count(List<Held> holding, Predicate<Held> which) {
        return holding.stream().filter(which).count();
    }

    private static void assertCounts(QueuePlaces places, List<Held> holding, int series, int step) {
        assertThat(places.held("console")).as("series %d step %d: the console's", series, step)
                .isEqualTo(count(holding, h -> h.request() instanceof SignInRequest.Console));
        assertThat(places.held("portal")).as("series %d step %d: the portal's", series, step)
                .isEqualTo(count(holding, h -> h.request() instanceof SignInRequest.Portal));
        for (int site = 0; site < 4; site++) {
            int s = site;
            String network = ClientNetwork.site(client(site, 0));
            assertThat(places.held("console site " + network)).as("series %d step %d: site %d's in the console", series, step, site)
                    .isEqualTo(count(holding, h -> h.request() instanceof SignInRequest.Console && h.site() == s));
            assertThat(places.held("portal site " + network)).as("series %d step %d: site %d's in the portal", series, step, site)
                    .isEqualTo(count(holding, h -> h.request() instanceof SignInRequest.Portal && h.site() == s));
        }
        for (var business : BUSINESSES) {
            assertThat(places.held("portal business " + business.value())).as("series %d step %d: %s's", series, step, business)
                    .isEqualTo(count(holding, h -> h.request() instanceof SignInRequest.Portal p && p.business().equals(business)));
        }
    }

    @Test
    void the_sizes_of_the_service_are_shares_of_their_lanes() {
        var sizes = new QueuePlaces.Sizes(AfterTheAnswer.CONSOLE_PLACES, AfterTheAnswer.CONSOLE_SITE_SHARE,
                AfterTheAnswer.PORTAL_PLACES, AfterTheAnswer.SITE_SHARE, AfterTheAnswer.BUSINESS_SHARE);
        assertThat(sizes.business()).as("a business's share is more than one site fills").isGreaterThan(sizes.portalSite());
        assertThat(sizes.business()).as("and leaves the portal to others").isLessThan(sizes.portal());
        assertThat(AfterTheAnswer.QUEUED).isEqualTo(sizes.console() + sizes.portal());
    }

    @Test
    void a_holder_named_by_a_clients_text_is_never_another_kinds() {
        var places = new QueuePlaces(new QueuePlaces.Sizes(1, 1, 1, 1, 1));
        // a proxy may name a client "portal": its site is its own text, and still not the portal's lane
        var odd = places.sharesOf(new SignInRequest.Console("portal"));
        assertThat(places.take(odd)).isTrue();
        assertThat(places.take(places.sharesOf(new SignInRequest.Portal(BUSINESSES.getFirst(), "198.51.100.1")))).isTrue();
    }
}

package dev.grantor.application.background;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.background.AfterTheAnswer.SignInRequest;
import dev.grantor.application.port.in.ClientNetwork;
import dev.grantor.domain.shared.BusinessId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;
import java.util.function.IntUnaryOperator;
import java.util.function.Predicate;
import org.instancio.Instancio;
import org.junit.jupiter.api.Test;

/**
 * The rule for a place in the sign-in queue, against a model kept here: over generated sizes and generated series of
 * requests taken and given back, a request gets a place exactly when its lane has one free and its site's and, in the
 * portal, its business's holdings are each less than their part of what the other sites (businesses) leave; a refused
 * request changes no count; every count is what the requests still holding places make it; giving every place back
 * leaves nothing held. And no share is starved: a share holding nothing is refused only by a full lane, and floods of
 * up to 21 shops (27 networks in the console), in any order, leave a place for a shop (a network) that was idle.
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

    private record Held(SignInRequest request, int site, QueuePlaces.Claim claim) {}

    @Test
    void a_place_is_taken_exactly_when_the_lane_has_one_and_each_share_holds_less_than_its_part_and_every_place_comes_back() {
        var numbers = Instancio.ofList(Integer.class).size(SERIES * (STEPS * 4 + 5)).withSeed(SEED).create().iterator();
        int refusals = 0;
        int refusedWithAPlaceFree = 0;
        int taken = 0;
        for (int series = 0; series < SERIES; series++) {
            int console = 1 + Math.floorMod(numbers.next(), 6);
            int portal = 1 + Math.floorMod(numbers.next(), 9);
            var sizes = new QueuePlaces.Sizes(console, 1 + Math.floorMod(numbers.next(), console + 2), portal,
                    1 + Math.floorMod(numbers.next(), portal + 2), 1 + Math.floorMod(numbers.next(), portal + 2));
            var places = new QueuePlaces(sizes);
            var holding = new ArrayList<Held>();

            for (int step = 0; step < STEPS; step++) {
                int what = Math.floorMod(numbers.next(), 8);
                int site = Math.floorMod(numbers.next(), 4);
                int host = numbers.next();
                int chosen = numbers.next();
                if (what < 3 && !holding.isEmpty()) {
                    var back = holding.remove(Math.floorMod(chosen, holding.size()));
                    places.giveBack(back.claim());
                } else {
                    SignInRequest request = what % 2 == 0
                            ? new SignInRequest.Console(client(site, host))
                            : new SignInRequest.Portal(BUSINESSES.get(Math.floorMod(chosen, BUSINESSES.size())), client(site, host));
                    boolean free = free(holding, request, site, sizes);
                    var claim = places.claimOf(request);
                    assertThat(places.take(claim)).as("series %d step %d: %s with %s held, sizes %s", series, step,
                            request, holding.size(), sizes).isEqualTo(free);
                    if (free) {
                        holding.add(new Held(request, site, claim));
                        taken++;
                    } else {
                        refusals++;
                        if (places.held(claim.lane().holder()) < claim.lane().places()) {
                            assertThat(claim.shares()).as("series %d step %d: refused with a place free, %s holds some",
                                    series, step, request)
                                    .anySatisfy(share -> assertThat(places.held(share.holder())).isPositive());
                            refusedWithAPlaceFree++;
                        }
                    }
                }
                assertCounts(places, holding, series, step);
            }
            holding.forEach(held -> places.giveBack(held.claim()));
            assertThat(places.noneHeld()).as("series %d, every place given back", series).isTrue();
        }
        assertThat(refusals).as("the series reach every share's end often").isGreaterThan(SERIES * 10);
        assertThat(refusedWithAPlaceFree).as("and are refused by a share, not the lane, often").isGreaterThan(SERIES * 3);
        assertThat(taken).isGreaterThan(SERIES * 10);
    }

    /**
     * The model: whether the requests still holding places leave {@code request} a place. A share may hold a place more
     * while what it holds, taken {@code oneIn} times, is less than what the others of its kind leave: the lane's places
     * less theirs.
     */
    private static boolean free(List<Held> holding, SignInRequest request, int site, QueuePlaces.Sizes sizes) {
        return switch (request) {
            case SignInRequest.Console c -> {
                long lane = count(holding, h -> h.request() instanceof SignInRequest.Console);
                long ofSite = count(holding, h -> h.request() instanceof SignInRequest.Console && h.site() == site);
                yield lane < sizes.console() && ofSite * sizes.consoleSite() < sizes.console() - (lane - ofSite);
            }
            case SignInRequest.Portal p -> {
                long lane = count(holding, h -> h.request() instanceof SignInRequest.Portal);
                long ofSite = count(holding, h -> h.request() instanceof SignInRequest.Portal && h.site() == site);
                long ofBusiness = count(holding, h -> h.request() instanceof SignInRequest.Portal other
                        && other.business().equals(p.business()));
                yield lane < sizes.portal() && ofSite * sizes.portalSite() < sizes.portal() - (lane - ofSite)
                        && ofBusiness * sizes.business() < sizes.portal() - (lane - ofBusiness);
            }
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
    void alone_a_share_holds_what_its_fixed_share_held() {
        var places = new QueuePlaces(SERVICE);
        int console = 0;
        while (places.take(places.claimOf(new SignInRequest.Console("2001:db8:1:" + Integer.toHexString(console) + "::1")))) {
            console++;
        }
        assertThat(console).as("one /48 in the console").isEqualTo(AfterTheAnswer.CONSOLE_SITE_SHARE);
        int served = 0;
        while (places.take(places.claimOf(new SignInRequest.Portal(BUSINESSES.getFirst(), client(served % 4, served))))) {
            served++;
        }
        assertThat(served).as("one shop's form, from four sites").isEqualTo(AfterTheAnswer.BUSINESS_SHARE);
        assertThat(AfterTheAnswer.BUSINESS_SHARE).as("more than one site holds alone").isGreaterThan(AfterTheAnswer.SITE_SHARE);
        assertThat(AfterTheAnswer.QUEUED).isEqualTo(SERVICE.console() + SERVICE.portal());
    }

    @Test
    void floods_of_up_to_21_shops_in_any_order_leave_a_shop_that_was_idle_a_place_and_it_is_first_to_one_given_back() {
        var numbers = Instancio.ofList(Integer.class).size(FLOODS * 4).withSeed(SEED).create().iterator();
        for (int flood = 0; flood < FLOODS; flood++) {
            int shops = 1 + Math.floorMod(numbers.next(), 21);
            int sites = 11 + Math.floorMod(numbers.next(), 50);
            boolean oneAfterAnother = flood % 2 == 0;
            var order = new Random(numbers.next());
            var places = new QueuePlaces(SERVICE);
            var held = new ArrayList<QueuePlaces.Claim>();
            IntFunction<SignInRequest> shopFrom = pick -> new SignInRequest.Portal(shop("flood", pick % shops),
                    floodingSite(pick / shops % sites, pick));
            floodUntilRefused(places, held, shops * sites, oneAfterAnother ? shops : 1,
                    kind -> oneAfterAnother ? kind % shops : 0, shopFrom, order);

            String what = "flood " + flood + ": " + shops + " shops from " + sites + " sites"
                    + (oneAfterAnother ? ", one after another" : ", at once");
            var idle = new SignInRequest.Portal(business('z'), "203.0.113.9");
            assertThat(places.take(places.claimOf(idle))).as(what + ": a shop that was idle, from another network").isTrue();
            firstToAPlaceGivenBack(places, held, shopFrom, shops * sites, new SignInRequest.Portal(business('y'), "192.0.2.9"),
                    what);
        }
    }

    @Test
    void floods_of_the_console_from_up_to_27_networks_in_any_order_leave_a_network_that_was_idle_a_place() {
        var numbers = Instancio.ofList(Integer.class).size(FLOODS * 3).withSeed(SEED).create().iterator();
        for (int flood = 0; flood < FLOODS; flood++) {
            int sites = 1 + Math.floorMod(numbers.next(), 27);
            boolean oneAfterAnother = flood % 2 == 0;
            var order = new Random(numbers.next());
            var places = new QueuePlaces(SERVICE);
            var held = new ArrayList<QueuePlaces.Claim>();
            IntFunction<SignInRequest> from = pick -> new SignInRequest.Console(floodingSite(pick % sites, pick));
            floodUntilRefused(places, held, sites, oneAfterAnother ? sites : 1, kind -> oneAfterAnother ? kind : 0, from,
                    order);

            String what = "flood " + flood + ": " + sites + " networks" + (oneAfterAnother ? ", one after another" : ", at once");
            assertThat(places.take(places.claimOf(new SignInRequest.Console("203.0.113.9"))))
                    .as(what + ": an operator's office").isTrue();
            firstToAPlaceGivenBack(places, held, from, sites, new SignInRequest.Console("192.0.2.9"), what);
        }
    }

    private static final int FLOODS = 60;

    /** The service's sizes. */
    private static final QueuePlaces.Sizes SERVICE = new QueuePlaces.Sizes(AfterTheAnswer.CONSOLE_PLACES,
            AfterTheAnswer.SITE_PART, AfterTheAnswer.PORTAL_PLACES, AfterTheAnswer.SITE_PART, AfterTheAnswer.BUSINESS_PART);

    /** The {@code n}-th of a series of shops (a flood's, or the idle ones filling what is left). */
    private static BusinessId shop(String series, int n) {
        return new BusinessId("bus_" + series + "1".repeat(16 - series.length()) + String.format("%05d", n));
    }

    /** A fresh /64 of the {@code site}-th flooding /48 for each request. */
    private static String floodingSite(int site, int request) {
        return "2001:db8:" + Integer.toHexString(0x100 + site) + ":" + Integer.toHexString(request & 0xffff) + "::1";
    }

    /**
     * Takes places for {@code from}'s requests ({@code kinds} of them: a request's number names its kind as {@code from}
     * reads it, modulo {@code kinds}) until none is given: in {@code groups} groups one after another (each group's kinds,
     * {@code groupOf}, flooding until refused, then the next group's), each round of a group in a generated order.
     * Without giving anything back, as a worker held busy.
     */
    private static void floodUntilRefused(QueuePlaces places, List<QueuePlaces.Claim> held, int kinds, int groups,
                                          IntUnaryOperator groupOf, IntFunction<SignInRequest> from, Random order) {
        for (int group = 0; group < groups; group++) {
            var mine = new ArrayList<Integer>();
            for (int kind = 0; kind < kinds; kind++) {
                if (groupOf.applyAsInt(kind) == group) {
                    mine.add(kind);
                }
            }
            boolean tookAny = true;
            int request = 0;
            while (tookAny) {
                tookAny = false;
                Collections.shuffle(mine, order);
                for (int kind : mine) {
                    var claim = places.claimOf(from.apply(kind + kinds * (request++ & 0xfff)));
                    if (places.take(claim)) {
                        held.add(claim);
                        tookAny = true;
                    }
                }
            }
        }
    }

    /**
     * Fills what the flood left with requests of holders that were idle, gives one flooding place back, and shows it goes
     * to a holder holding none ({@code idle}) and to none of the flood's.
     */
    private static void firstToAPlaceGivenBack(QueuePlaces places, List<QueuePlaces.Claim> held,
                                               IntFunction<SignInRequest> flood, int kinds, SignInRequest idle, String what) {
        int filler = 0;
        var lane = places.claimOf(idle).lane();
        while (places.held(lane.holder()) < lane.places()) {
            // a shop and a /24 of its own each
            String client = "10." + filler / 256 + "." + filler % 256 + ".1";
            var claim = places.claimOf(idle instanceof SignInRequest.Portal
                    ? new SignInRequest.Portal(shop("idle", filler), client) : new SignInRequest.Console(client));
            assertThat(places.take(claim)).as(what + ": idle holders take what is left").isTrue();
            filler++;
        }
        places.giveBack(held.removeFirst());
        for (int kind = 0; kind < kinds; kind++) {
            var request = flood.apply(kind + kinds * 0x1000);
            if (holdsAny(places, request)) {
                assertThat(places.take(places.claimOf(request))).as(what + ": %s, of the flood", request).isFalse();
            }
        }
        assertThat(places.take(places.claimOf(idle))).as(what + ": the place given back, to one idle until now").isTrue();
    }

    /** Whether a share of {@code request} holds places, as a flooding shop's or network's does. */
    private static boolean holdsAny(QueuePlaces places, SignInRequest request) {
        return places.claimOf(request).shares().stream().anyMatch(share -> places.held(share.holder()) > 0);
    }

    @Test
    void a_holder_named_by_a_clients_text_is_never_another_kinds() {
        var places = new QueuePlaces(new QueuePlaces.Sizes(1, 1, 1, 1, 1));
        // a proxy may name a client "portal": its site is its own text, and still not the portal's lane
        var odd = places.claimOf(new SignInRequest.Console("portal"));
        assertThat(places.take(odd)).isTrue();
        assertThat(places.take(places.claimOf(new SignInRequest.Portal(BUSINESSES.getFirst(), "198.51.100.1")))).isTrue();
    }
}

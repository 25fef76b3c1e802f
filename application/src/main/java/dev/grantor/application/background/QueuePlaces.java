package dev.grantor.application.background;

import dev.grantor.application.background.AfterTheAnswer.SignInRequest;
import dev.grantor.application.port.in.ClientNetwork;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Who holds the places of the sign-in queue, and the one rule for taking a place. The console and the portal each have
 * a lane of places of their own. Within a lane, each share of a request (its site, {@link ClientNetwork#site}; in the
 * portal, its business too) may take a place while it holds less than one in {@link Share#oneIn} of the places that
 * the lane's other holders of its kind leave: what is free, and its own. A request takes a place in its lane and every
 * one of its shares at once, or in none of them.
 *
 * <p>Why a part of what the others leave, not a fixed number: a fixed share let enough holders fill the lane between
 * them (four flooded shops filled the portal's 1,000 places at 250 each, ten flooding networks the console's 100 at
 * 10 each), and then every other shop's customers, or every operator, were refused. Alone, a share holds what the fixed
 * share held (a quarter of the portal, a tenth of a lane); each holder that starts later finds less left and takes its
 * part of that. Holders flooding one after another, the worst order, fill a lane only with the 22nd at a quarter (the
 * portal's 1,000 places) and the 28th at a tenth (the console's 100); holders flooding at once leave more. The lane
 * stays bounded, so enough holders at once still fill it, but they are many. And a holder holding {@code h} places takes
 * one only while more than {@code h * (oneIn - 1)} are free, so a place given back while the lane is nearly full goes
 * to a holder holding none (a shop or network that was idle) before any flooding one can take it back.
 *
 * <p>Nothing here looks at the email a request names, so a refusal says nothing about it.
 */
final class QueuePlaces {

    /** A lane's places: the console's, or the portal's, every business's together. */
    record Lane(String holder, int places) {}

    /**
     * A holder's share of its lane: while it holds {@code h} places it may take one more only when {@code h * oneIn} is
     * less than the places the lane's other holders of its kind leave (free or its own).
     */
    record Share(String holder, int oneIn) {}

    /** A request's lane and its shares in it: the places one {@link #take} takes and one {@link #giveBack} returns. */
    record Claim(Lane lane, List<Share> shares) {}

    /**
     * How many places each lane has, and the part of it a site or a business may hold: {@code consoleSite} is a site's
     * one-in-N of the console's places, {@code portalSite} and {@code business} those of the portal's.
     */
    record Sizes(int console, int consoleSite, int portal, int portalSite, int business) {
        Sizes {
            if (console < 1 || portal < 1 || consoleSite < 1 || portalSite < 1 || business < 1) {
                throw new IllegalArgumentException("each lane has a place and each share is one in at least one: " + console
                        + " (" + consoleSite + "), " + portal + " (" + portalSite + ", " + business + ")");
            }
        }
    }

    private final Sizes sizes;
    /** Each holder's places; a holder with none has no entry, so the map is as large as what is queued, at most. */
    private final Map<String, Integer> held = new HashMap<>();

    QueuePlaces(Sizes sizes) {
        this.sizes = sizes;
    }

    /**
     * The lane and shares a request takes a place in. Holders are named with a kind first, so that no client's text (a
     * proxy may name anything) can be read as another kind's holder.
     */
    Claim claimOf(SignInRequest request) {
        String site = ClientNetwork.site(request.clientAddress());
        return switch (request) {
            case SignInRequest.Console console -> new Claim(new Lane("console", sizes.console()),
                    List.of(new Share("console site " + site, sizes.consoleSite())));
            case SignInRequest.Portal portal -> new Claim(new Lane("portal", sizes.portal()),
                    List.of(new Share("portal site " + site, sizes.portalSite()),
                            new Share("portal business " + portal.business().value(), sizes.business())));
        };
    }

    /**
     * A place in {@code claim}'s lane and each of its shares, or, when the lane is full or a share holds its part,
     * in none: false, and nothing changed.
     */
    synchronized boolean take(Claim claim) {
        long free = claim.lane().places() - (long) held(claim.lane().holder());
        if (free < 1) {
            return false;
        }
        for (var share : claim.shares()) {
            long own = held(share.holder());
            if (own * share.oneIn() >= free + own) {
                return false;
            }
        }
        held.merge(claim.lane().holder(), 1, Integer::sum);
        claim.shares().forEach(share -> held.merge(share.holder(), 1, Integer::sum));
        return true;
    }

    /** Gives back the places one {@link #take} of {@code claim} took. */
    synchronized void giveBack(Claim claim) {
        held.computeIfPresent(claim.lane().holder(), QueuePlaces::lessOne);
        claim.shares().forEach(share -> held.computeIfPresent(share.holder(), QueuePlaces::lessOne));
    }

    private static Integer lessOne(String holder, Integer places) {
        return places > 1 ? places - 1 : null;
    }

    /** The places {@code holder} holds now. */
    synchronized int held(String holder) {
        return held.getOrDefault(holder, 0);
    }

    /** True when no place is held. */
    synchronized boolean noneHeld() {
        return held.isEmpty();
    }
}

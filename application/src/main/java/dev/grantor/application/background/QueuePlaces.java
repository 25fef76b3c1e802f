package dev.grantor.application.background;

import dev.grantor.application.background.AfterTheAnswer.SignInRequest;
import dev.grantor.application.port.in.ClientNetwork;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Who holds the places of the sign-in queue, and the one rule for taking a place: a request takes a place in each of
 * its shares at once, or in none of them when any is full. The console and the portal each have places of their own;
 * within each, one site ({@link ClientNetwork#site}) holds at most a share; within the portal's, one business holds at
 * most a share too. Nothing here looks at the email a request names, so a refusal says nothing about it.
 */
final class QueuePlaces {

    /** A count that taking a place adds one to, and the most it may reach. */
    record Share(String holder, int places) {}

    /** How many places each share has. */
    record Sizes(int console, int consoleSite, int portal, int portalSite, int business) {
        Sizes {
            if (consoleSite < 1 || consoleSite > console || portalSite < 1 || portalSite > portal || business < 1
                    || business > portal) {
                throw new IllegalArgumentException("each share is at least one place and at most its lane's: " + consoleSite
                        + " of " + console + ", " + portalSite + " and " + business + " of " + portal);
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
     * The shares a request takes a place in. Holders are named with a kind first, so that no client's text (a proxy
     * may name anything) can be read as another kind's holder.
     */
    List<Share> sharesOf(SignInRequest request) {
        String site = ClientNetwork.site(request.clientAddress());
        return switch (request) {
            case SignInRequest.Console console -> List.of(new Share("console", sizes.console()),
                    new Share("console site " + site, sizes.consoleSite()));
            case SignInRequest.Portal portal -> List.of(new Share("portal", sizes.portal()),
                    new Share("portal site " + site, sizes.portalSite()),
                    new Share("portal business " + portal.business().value(), sizes.business()));
        };
    }

    /** A place in every one of {@code shares}, or, when any of them is full, in none: false, and nothing changed. */
    synchronized boolean take(List<Share> shares) {
        for (var share : shares) {
            if (held.getOrDefault(share.holder(), 0) >= share.places()) {
                return false;
            }
        }
        shares.forEach(share -> held.merge(share.holder(), 1, Integer::sum));
        return true;
    }

    /** Gives back the places one {@link #take} of {@code shares} took. */
    synchronized void giveBack(List<Share> shares) {
        for (var share : shares) {
            held.computeIfPresent(share.holder(), (holder, places) -> places > 1 ? places - 1 : null);
        }
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

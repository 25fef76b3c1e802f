package dev.grantor.application.background;

import dev.grantor.application.port.in.ClientNetwork;
import dev.grantor.domain.shared.BusinessId;
import io.vavr.control.Option;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * Work a request hands off before it answers, so that nothing the client can time depends on what the work finds: a
 * sign-in request's lookup of the address and the link or code it stores and queues. One worker on a virtual thread
 * (one node's sign-in writes never race each other), and a bounded number of places: a flood past them is refused at
 * {@link #take} rather than held in memory, the same for every address.
 *
 * <p>The places are shared out ({@code QueuePlaces}) so that one flood cannot lock everyone out. Before session 36
 * the console and every business's portal waited in one queue of 1,000: ten sites flooding one portal's form denied
 * every business's operators their console sign-in and every other business's customers theirs. Now the console has
 * {@link #CONSOLE_PLACES} of its own, which no portal request takes, and its work is done first; the portal has
 * {@link #PORTAL_PLACES}. One business holds at most a quarter ({@link #BUSINESS_PART}) of the portal's places the other
 * businesses leave, and one site ({@link ClientNetwork#site}: an IPv4 /24, an IPv6 /48) at most a tenth
 * ({@link #SITE_PART}) of either lane's places the other sites leave: one host routed a /48 sends from 65,536 clients,
 * each within its per-client limit, and it filled the whole queue at about 650 requests a second on SQLite (session
 * 35). A part of what the others leave, not a fixed number (session 37): at fixed shares four flooded shops filled the
 * portal and ten flooding networks the console, and every other shop's customers or every operator waited; now a shop
 * or a network idle when a flood began finds places left, and gets a place given back before the flood does. Past any
 * share a request is refused as a full queue refuses, whatever the address it asks for, so the answer still tells
 * nothing.
 *
 * <p>A request takes its place before it counts its limits ({@link #take}, then {@link Place#handOff}), so a flood
 * refused here writes nothing: the limits count every request that could be served, and a request refused here does no
 * work to limit. Each piece of work starts {@code later} ({@link #LATER} unless told) after it was handed off, not at
 * once: started at once it took the cores of a two-core machine from the request still writing its answer, and an
 * operator of 20 businesses was answered a median 4.5 ms later than an unknown address on SQLite (load 12), where the
 * request itself did the same for both.
 *
 * <p>Work handed off and not yet done when the process dies is lost: a sign-in email that never comes, which the person
 * asks for again. It writes in a unit of its own, all or nothing, after the request's own unit committed.
 */
public final class AfterTheAnswer implements AutoCloseable {

    /**
     * The console's own places. Operators sign in a few times a day each and their work goes first, so a place is held
     * for the 200 ms of {@link #LATER} and a few milliseconds more: a hundred is a burst of a hundred operators at once,
     * and a flood of the console fills no more than these (the CLI's {@code console login-link} needs none).
     */
    public static final int CONSOLE_PLACES = 100;

    /**
     * The portal's places, every business's together: about a minute of sign-in work on PostgreSQL under load; more
     * waiting than that helps no one.
     */
    public static final int PORTAL_PLACES = 1_000;

    /** Every place: the most work that ever waits. */
    public static final int QUEUED = CONSOLE_PLACES + PORTAL_PLACES;

    /**
     * One site's requests hold at most one in this many of the places the other sites leave in their lane (the console's
     * or the portal's): alone, a tenth, so one host routed a /48 fills neither; each network that joins a flood takes a
     * tenth of what the others left it, so 28 networks flooding the console one after another are needed to fill it (50
     * the portal), and a network with nothing queued, an operator's office, takes a place given back before any flooding
     * one may.
     */
    public static final int SITE_PART = 10;

    /** The most of the console's places one site's requests hold, when no other site holds any. */
    public static final int CONSOLE_SITE_SHARE = CONSOLE_PLACES / SITE_PART;

    /** The most of the portal's places one site's requests hold, when no other site holds any. */
    public static final int SITE_SHARE = PORTAL_PLACES / SITE_PART;

    /**
     * One business's sign-in form holds at most one in this many of the portal's places the other businesses leave: a
     * flood of one shop leaves three quarters of the portal to the others, and filling that shop's part takes three
     * sites, so one host denies no shop's customers. Each shop that joins a flood takes a quarter of what is left, so it
     * takes 22 shops flooded one after another to fill the portal, and a shop idle when a flood began gets places: those
     * left, and any given back before the flooded shops may take them again.
     */
    public static final int BUSINESS_PART = 4;

    /**
     * The most of the portal's places one business's form holds, when no other business holds any. A shop alone on its
     * node waits for these only: 250 requests queued is several seconds of the worker's time, past what a shop's buyers
     * ask at once.
     */
    public static final int BUSINESS_SHARE = PORTAL_PLACES / BUSINESS_PART;

    /** Longer than a loaded machine takes to finish and send an answer; nothing a person waiting for an email notices. */
    public static final Duration LATER = Duration.ofMillis(200);

    /** The wait a request is told when its places are taken: the same for every address, so the answer tells nothing. */
    public static final Duration BUSY = Duration.ofMinutes(1);

    /** Whose sign-in request it is: which of the places it may take. */
    public sealed interface SignInRequest {
        /** As the request's peer or a trusted proxy names it; none (a host that knows none) is one client, "". */
        String clientAddress();

        /** The console's sign-in form: the business is not known before the address is looked up. */
        record Console(String clientAddress) implements SignInRequest {
            public Console {
                clientAddress = Objects.requireNonNullElse(clientAddress, "");
            }
        }

        /** A business's portal sign-in form. */
        record Portal(BusinessId business, String clientAddress) implements SignInRequest {
            public Portal {
                Objects.requireNonNull(business, "business");
                clientAddress = Objects.requireNonNullElse(clientAddress, "");
            }
        }
    }

    private final String what;
    private final Logger log;
    private final ThreadPoolExecutor worker;
    private final QueuePlaces places;
    private final AtomicInteger unfinished = new AtomicInteger();
    /** Ties among work of one rank go in the order handed off. */
    private final AtomicLong handedOff = new AtomicLong();

    private final long laterNanos;

    public AfterTheAnswer(String what, Duration later, Logger log) {
        this(what, later, log, new QueuePlaces.Sizes(CONSOLE_PLACES, SITE_PART, PORTAL_PLACES, SITE_PART, BUSINESS_PART));
    }

    AfterTheAnswer(String what, Duration later, Logger log, QueuePlaces.Sizes sizes) {
        if (later.isNegative()) {
            throw new IllegalArgumentException("later must not be negative: " + later);
        }
        this.laterNanos = later.toNanos();
        this.what = what;
        this.log = log;
        this.places = new QueuePlaces(sizes);
        // unbounded: the places bound it, taken before anything is queued
        this.worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new PriorityBlockingQueue<>(),
                Thread.ofVirtual().name(what).factory());
    }

    /**
     * A place for {@code request}'s work, or none, and nothing taken, when one of its shares is full. The request
     * counts its limits while it holds the place, then hands its work off with it or gives it back (closing it).
     */
    public Option<Place> take(SignInRequest request) {
        var claim = places.claimOf(request);
        return places.take(claim) ? Option.some(new Place(request, claim)) : Option.none();
    }

    /**
     * {@link #take} and {@link Place#handOff} at once, for work with no limits of its own to count: false, and nothing
     * will run, when a share is full or the worker stopped.
     */
    public boolean handOff(SignInRequest request, Runnable work) {
        var place = take(request);
        if (place.isEmpty()) {
            return false;
        }
        try (var held = place.get()) {
            return held.handOff(work);
        }
    }

    /**
     * A place taken in the queue, held by one request until it hands its work off ({@link #handOff}: the place is given
     * back when the work is done) or closes it (given back at once). Closing after a hand-off does nothing, so a request
     * holds it in a try-with-resources block and every way out gives it back.
     */
    public final class Place implements AutoCloseable {

        private enum State { HELD, HANDED_OFF, GIVEN_BACK }

        private final SignInRequest request;
        private final QueuePlaces.Claim claim;
        private final AtomicReference<State> state = new AtomicReference<>(State.HELD);

        private Place(SignInRequest request, QueuePlaces.Claim claim) {
            this.request = request;
            this.claim = claim;
        }

        /** Queues {@code work} in this place; false, the place given back and nothing to run, when the worker stopped. */
        public boolean handOff(Runnable work) {
            if (!state.compareAndSet(State.HELD, State.HANDED_OFF)) {
                throw new IllegalStateException("a place holds one piece of work, once: " + state.get());
            }
            unfinished.incrementAndGet();
            try {
                worker.execute(new Queued(this, System.nanoTime() + laterNanos, handedOff.getAndIncrement(), work));
                return true;
            } catch (RejectedExecutionException stopped) {
                done(this);
                return false;
            }
        }

        /** Gives the place back unless its work was handed off. */
        @Override
        public void close() {
            if (state.compareAndSet(State.HELD, State.GIVEN_BACK)) {
                places.giveBack(claim);
            }
        }

        /** The console's work first: an operator's link is not queued behind a portal's flood. */
        private int rank() {
            return request instanceof SignInRequest.Console ? 0 : 1;
        }
    }

    /** One piece of work in the worker's queue, in its place. */
    private final class Queued implements Runnable, Comparable<Queued> {
        private final Place place;
        private final long due;
        private final long order;
        private final Runnable work;

        Queued(Place place, long due, long order, Runnable work) {
            this.place = place;
            this.due = due;
            this.order = order;
            this.work = work;
        }

        @Override
        public int compareTo(Queued other) {
            int byRank = Integer.compare(place.rank(), other.place.rank());
            return byRank != 0 ? byRank : Long.compare(order, other.order);
        }

        @Override
        public void run() {
            try {
                long early = due - System.nanoTime();
                if (early > 0) {
                    TimeUnit.NANOSECONDS.sleep(early);
                }
                work.run();
            } catch (InterruptedException e) {
                // stopped at shutdown before its time: lost as work still queued then is
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                // the work holds email addresses and secrets: its exception's class alone
                log.log(Level.WARNING, what + " failed (" + e.getClass().getName() + "): one sign-in email is not sent");
            } finally {
                done(place);
            }
        }
    }

    private void done(Place place) {
        places.giveBack(place.claim);
        synchronized (unfinished) {
            if (unfinished.decrementAndGet() == 0) {
                unfinished.notifyAll();
            }
        }
    }

    /** The places {@code request}'s lane holds now, then each of its shares', in the order {@code QueuePlaces.claimOf} names. */
    List<Integer> held(SignInRequest request) {
        var claim = places.claimOf(request);
        return Stream.concat(Stream.of(claim.lane().holder()),
                claim.shares().stream().map(QueuePlaces.Share::holder)).map(places::held).toList();
    }

    /** True when no place is held: nothing waits, runs, or is being counted. */
    boolean noPlaceHeld() {
        return places.noneHeld();
    }

    /** Waits up to {@code grace} for everything handed off so far to be done; true when it is. */
    public boolean settle(Duration grace) throws InterruptedException {
        long deadline = System.nanoTime() + grace.toNanos();
        synchronized (unfinished) {
            while (unfinished.get() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(unfinished, left);
            }
        }
        return true;
    }

    /** Takes no more work and gives what is queued a few seconds; what is left then is lost, and logged as lost. */
    @Override
    public void close() {
        worker.shutdown();
        try {
            if (!worker.awaitTermination(5, TimeUnit.SECONDS)) {
                lost(worker.shutdownNow());
            }
        } catch (InterruptedException e) {
            lost(worker.shutdownNow());
            Thread.currentThread().interrupt();
        }
    }

    private void lost(List<Runnable> neverRun) {
        neverRun.forEach(queued -> done(((Queued) queued).place));
        if (!neverRun.isEmpty()) {
            log.log(Level.WARNING, what + ": " + neverRun.size() + " sign-in emails not queued at shutdown");
        }
    }
}

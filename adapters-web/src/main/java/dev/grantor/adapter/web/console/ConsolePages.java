package dev.grantor.adapter.web.console;

import dev.grantor.adapter.web.page.Frame;
import dev.grantor.adapter.web.page.Frame.NavLink;
import dev.grantor.adapter.web.page.RealmPages;
import dev.grantor.adapter.web.page.Visit;
import dev.grantor.adapter.web.page.WebKit;
import dev.grantor.application.port.in.Access;
import dev.grantor.application.port.in.Actor;
import dev.grantor.application.port.in.CustomerManagement;
import dev.grantor.application.port.in.DeliveryResends;
import dev.grantor.application.port.in.EntitlementCatalog;
import dev.grantor.application.port.in.GrantFulfillment;
import dev.grantor.application.port.in.GrantTimeline;
import dev.grantor.application.port.in.GrantQueries;
import dev.grantor.application.port.in.KeyPoolManagement;
import dev.grantor.application.port.in.LicenseKeyManagement;
import dev.grantor.application.port.in.OperatorAccess;
import dev.grantor.application.port.in.OutboxAdministration;
import dev.grantor.application.port.in.PageLimits;
import dev.grantor.application.port.in.SignIn;
import dev.grantor.application.port.in.SignIn.Realm;
import dev.grantor.application.port.in.Webhooks;
import dev.grantor.domain.shared.GrantorError;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.vavr.collection.List;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The console's routes under {@value #BASE}: sign-in by one-time link, then the queue, a grant, the grant search, the
 * customers, the pools, the webhooks, the outbox and the team. Every change goes through the same use case as the API (so the same rules and
 * error texts), then is recorded with the operator's id. Every change is a {@link #change} route: one that a signed-in
 * visitor whose role only lets it look (a viewer) is refused with 403 before its handler runs.
 */
public final class ConsolePages {

    public static final String BASE = "/console";
    private static final RealmPages.WayBack WAY_BACK = new RealmPages.WayBack("/", "Go to the queue");
    static final String SITE_NAME = "Grantor console";

    /**
     * How many rows a console list shows at once (the queue, the grant search, the entitlements of a filter, the
     * webhook endpoints, the parked messages): one page of a listing use case, so that each list is one call and
     * never a page size the use case refuses.
     */
    static final int PAGE = PageLimits.MOST_PER_PAGE;

    /** The use cases the console drives. */
    public record UseCases(SignIn signIn, OperatorAccess operators, GrantQueries grants, GrantFulfillment fulfillment,
                           EntitlementCatalog entitlements, CustomerManagement customers, LicenseKeyManagement licenseKeys,
                           KeyPoolManagement pools, DeliveryResends resends, GrantTimeline timeline, Webhooks webhooks,
                           OutboxAdministration outbox, Access access) {
        public UseCases {
            if (signIn == null || operators == null || grants == null || fulfillment == null || entitlements == null
                    || customers == null || licenseKeys == null || pools == null || resends == null || timeline == null || webhooks == null
                    || outbox == null || access == null) {
                throw new IllegalArgumentException("the console needs every use case it drives");
            }
        }
    }

    static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private final RealmPages pages;
    private final UseCases useCases;

    private ConsolePages(RealmPages pages, UseCases useCases) {
        this.pages = pages;
        this.useCases = useCases;
    }

    /** The console's page for a refusal the server makes before any of its routes runs; the way back is the queue. */
    public static RealmPages.EdgeRefusal edgeRefusal(WebKit kit, int status) {
        return RealmPages.edgeRefusal(kit, BASE, SITE_NAME, WAY_BACK, status);
    }

    public static void mount(JavalinConfig config, UseCases useCases, WebKit kit) {
        var pages = new RealmPages(config, Realm.CONSOLE, BASE, "/sign-in", SITE_NAME, WAY_BACK, useCases.signIn(), kit);
        var console = new ConsolePages(pages, useCases);
        console.signInRoutes();
        new GrantPages(console, useCases.pools(), useCases.entitlements(), useCases.grants(), useCases.fulfillment(),
                useCases.customers(), useCases.licenseKeys(), useCases.resends(), useCases.timeline()).routes();
        new CustomerPages(console, useCases.customers(), useCases.grants(), useCases.entitlements(), useCases.operators()).routes();
        new PoolPages(console, useCases.pools(), useCases.entitlements(), useCases.grants()).routes();
        new OperationPages(console, useCases.webhooks(), useCases.outbox()).routes();
        new TeamPages(console, useCases.operators()).routes();
    }

    RealmPages pages() {
        return pages;
    }

    private void signInRoutes() {
        pages.serveAssets();
        pages.openPage("/sign-in", (ctx, csrf) -> signInPage(ctx, csrf, HttpStatus.OK, "", Option.none()));
        pages.openAction("/login", this::requestLink);
        pages.openPage("/login/{token}", (ctx, csrf) -> pages.html(ctx, HttpStatus.OK, "console/login-link.jte",
                new LoginLinkPage(signedOut("Your sign-in link", csrf), ctx.pathParam("token"))));
        pages.openAction("/login/{token}", this::redeem);
        pages.action("/sign-out", (ctx, visit) -> {
            pages.endSession(ctx);
            pages.seeOther(ctx, "/sign-in");
        });
    }

    private void signInPage(Context ctx, String csrf, HttpStatus status, String email, Option<String> notice) {
        pages.html(ctx, status, "console/sign-in.jte", new SignInPage(signedOut("Sign in", csrf), email, notice));
    }

    /**
     * The same answer whatever the address: whether it belongs to an operator is never told. A link is queued for each
     * business where it does, at most {@value ConsoleSignInMail#LINKS_PER_HOUR} to one address an hour. A client
     * asking more than {@value OperatorAccess#LINK_REQUESTS_PER_CLIENT_PER_MINUTE} times a minute is told to wait,
     * whatever it typed.
     */
    private void requestLink(Context ctx, String csrf) {
        String email = Option.of(ctx.formParam("email")).map(String::strip).getOrElse("");
        switch (ConsoleSignInMail.send(useCases, pages.kit().settings(), ctx, email)) {
            case OperatorAccess.LinkRequest.Throttled throttled -> pages.tooManyAttempts(ctx, throttled.retryAfter(),
                    "Too many sign-in links were asked for from your network.");
            case OperatorAccess.LinkRequest.Accepted accepted -> signInPage(ctx, csrf, HttpStatus.OK, email, Option.some("If "
                    + email + " belongs to an operator, a sign-in link valid for " + SignIn.CONSOLE_LINK_MINUTES
                    + " minutes is on its way. Check your inbox."));
        }
    }

    /**
     * A removal deletes its operator's links, but one minted while the removal committed can slip past it: an
     * operator removed by the time the link is used gets the answer of any dead link, and no session.
     */
    private void redeem(Context ctx, String csrf) {
        useCases.signIn().redeem(Realm.CONSOLE, ctx.pathParam("token")).filterOrElse(opened -> {
            var who = opened.principal();
            if (who.subject().equals(SignIn.OWNER) || useCases.operators().find(who.business(), who.subject())
                    .exists(o -> o.removedAt().isEmpty())) {
                return true;
            }
            useCases.signIn().end(Realm.CONSOLE, opened.token());
            return false;
        }, removed -> new GrantorError.Unauthorized()).fold(
                refused -> {
                    pages.refuse(ctx, HttpStatus.UNAUTHORIZED, "This sign-in link has expired or was used already."
                            + " Ask for a new one on the sign-in page.");
                    return null;
                },
                opened -> {
                    pages.startSession(ctx, opened);
                    pages.seeOther(ctx, "/");
                    return null;
                });
    }

    /**
     * A POST route that changes something: refused with 403 and a page that says why, before the handler reads the form,
     * unless the visitor {@link OperatorAccess#mayChange may change} things. The only POST routes that are not changes
     * are the sign-in forms and sign-out.
     */
    void change(String path, RealmPages.PageHandler handler) {
        pages.action(path, (ctx, visit) -> {
            if (!mayChange(visit)) {
                String page = pageOf(ctx.path().substring(BASE.length()));
                refuse(ctx, HttpStatus.FORBIDDEN, sentence(OperatorAccess.readOnly().message()) + " Nothing was changed.", visit,
                        page, "Back to the " + backTo(page));
                return;
            }
            handler.handle(ctx, visit);
        });
    }

    /**
     * Whether the visitor's pages offer forms that change things: a viewer's show none. Read with the session, so a page
     * asks once; the change a form makes asks again, in its own unit ({@link #recorded}).
     */
    boolean mayChange(Visit visit) {
        return visit.session().identity().mayChange();
    }

    /** The sections whose records have a page of their own, where the forms that change one record are. */
    private static final List<String> RECORD_PAGES = List.of("grants", "customers");

    /**
     * The page a change's form is on: a grant's or a customer's for the actions on one, else the section's
     * ({@code /pools}...).
     */
    private static String pageOf(String actionPath) {
        var segments = List.of(actionPath.split("/")).filter(s -> !s.isEmpty());
        if (segments.size() >= 2 && RECORD_PAGES.contains(segments.head())) {
            return "/" + segments.head() + "/" + segments.get(1);
        }
        return segments.isEmpty() ? "/" : "/" + segments.head();
    }

    /** "grant", "customer", "queue", "pools": what {@link #pageOf} is, for its way back. */
    private static String backTo(String page) {
        var segments = List.of(page.split("/")).filter(s -> !s.isEmpty());
        if (segments.isEmpty()) {
            return "queue";
        }
        return segments.size() >= 2 ? segments.head().substring(0, segments.head().length() - 1) : segments.head();
    }

    private static String sentence(String message) {
        return message.isEmpty() ? message : message.substring(0, 1).toUpperCase(Locale.ROOT) + message.substring(1) + ".";
    }

    /** A viewer's header says so, so that the missing forms read as its role's doing, not as a broken page. */
    Frame frame(String title, String current, Visit visit) {
        return withRole(pages.frame(title, nav(current), Option.some(visit), visit.csrfToken()), visit);
    }

    private Frame withRole(Frame frame, Visit visit) {
        return mayChange(visit) ? frame : frame.withPerson(frame.person() + " (viewer: reads only)");
    }

    /** The frame of a page that shows a notice: one that says what went wrong makes its title begin "Error:". */
    Frame frame(String title, String current, Visit visit, Option<Notice> notice) {
        var frame = frame(title, current, visit);
        return notice.exists(Notice::bad) ? frame.refused() : frame;
    }

    /**
     * A refusal for a signed-in operator: the console's navigation and sign-out stay, and a viewer's header names its role
     * as on every page; the way back leads to {@code back}.
     */
    void refuse(Context ctx, HttpStatus status, String message, Visit visit, String back, String backText) {
        pages.refuse(ctx, status, message, visit, nav(back), back, backText, frame -> withRole(frame, visit));
    }

    Frame signedOut(String title, String csrf) {
        return pages.frame(title, List.empty(), Option.none(), csrf);
    }

    private static List<NavLink> nav(String current) {
        return List.of(link("Queue", "/", current), link("Grants", "/grants", current),
                link("Customers", "/customers", current), link("Pools", "/pools", current),
                link("Webhooks", "/webhooks", current), link("Outbox", "/outbox", current), link("Team", "/team", current));
    }

    private static NavLink link(String label, String path, String current) {
        return new NavLink(label, BASE + path, path.equals(current));
    }

    /**
     * Runs one use case for the operator; its audit entry is written in the unit of work of the change it makes, and
     * only with a change: the answer says which ({@link OperatorAccess.Outcome}).
     */
    <R> Either<GrantorError, OperatorAccess.Outcome<R>> recorded(Visit visit, String action, String subject, String detail,
                                                                 Supplier<Either<GrantorError, R>> change) {
        return useCases.operators().recorded(visit.business(), visit.subject(), new OperatorAccess.Note(action, subject, detail),
                change);
    }

    /**
     * Runs a use case that records its own audit entry, naming the visitor as {@link #actor}: the role is asked as for
     * {@link #recorded}, before it runs and again in the unit that writes the change.
     */
    <R> Either<GrantorError, R> allowed(Visit visit, Supplier<Either<GrantorError, R>> change) {
        return useCases.operators().allowed(visit.business(), visit.subject(), change);
    }

    /** The visitor as the audit trail names it: the owner for a command-line link, else the operator. */
    static Actor actor(Visit visit) {
        return Actor.of(visit.subject());
    }

    /**
     * Who each of {@code actors} is, in words ({@link #actorName}), each read once however many entries of a history
     * name it: a grant's timeline is mostly one operator's doing. The business's API key names are one read, made only
     * when an entry names a key.
     */
    Function<String, String> actorNames(Visit visit, List<String> actors) {
        var keyNames = io.vavr.Lazy.of(() -> useCases.access().apiKeyNames(visit.business()));
        var names = actors.distinct().toMap(actor -> io.vavr.Tuple.of(actor, actorName(visit, actor, keyNames)));
        return actor -> names.get(actor).getOrElse(() -> actorName(visit, actor, keyNames));
    }

    /**
     * How every history of the console names the business's owner: it acts from the command line, directly (operators
     * and their roles) or through a link the command line printed.
     */
    static final String OWNER_NAME = "the owner (command line)";

    /** How every history names a change the embedding application made by calling the engine itself. */
    static final String HOST_NAME = "the host application";

    /**
     * Who an actor is, in words: the operator's email, {@value #OWNER_NAME}, {@value #HOST_NAME}, or an API key by its
     * name, when the merchant gave it one, and always its id ({@link #apiKeyName}).
     */
    private String actorName(Visit visit, String actor, io.vavr.Lazy<io.vavr.collection.Map<String, String>> keyNames) {
        return switch (Actor.of(actor)) {
            case Actor.Owner owner -> OWNER_NAME;
            case Actor.Host host -> HOST_NAME;
            case Actor.ApiKey key -> apiKeyName(key.id(), keyNames.get().get(key.id()));
            case Actor.Operator operator -> useCases.operators().find(visit.business(), operator.id())
                    .map(OperatorAccess.Operator::email).getOrElse(operator.id());
        };
    }

    /**
     * "API key “billing” (key_...)", or "API key key_..." for a key without a name. The id is what
     * {@code grantor api-keys list} shows and {@code revoke} takes; it tells apart two keys given one name, and carries
     * nothing of the key's secret. The name is the merchant's text: the page escapes it as it escapes every value.
     */
    static String apiKeyName(String id, Option<String> name) {
        return name.map(named -> "API key “" + named + "” (" + id + ")").getOrElse("API key " + id);
    }

    /** The API's text for an error: a refused request's message already names each field and its problem. */
    static String text(GrantorError error) {
        return error.message();
    }

    static String when(Instant at) {
        return WHEN.format(at);
    }

    /** "3 min", "5 h", "2 d". */
    static String age(Instant since, Instant now) {
        var d = Duration.between(since, now);
        if (d.toMinutes() < 60) {
            return Math.max(0, d.toMinutes()) + " min";
        }
        if (d.toHours() < 48) {
            return d.toHours() + " h";
        }
        return d.toDays() + " d";
    }

    public record SignInPage(Frame frame, String email, Option<String> notice) {}

    public record LoginLinkPage(Frame frame, String token) {}

    /**
     * A one-line message above a page's content: good news ({@code good}), news that nothing was changed
     * ({@code info}), a warning, or what went wrong. After an action the page
     * is asked for with a code ({@code ?done=fulfilled}), never with text, so a link cannot put words in the console.
     */
    public record Notice(String kind, String text) {
        public boolean bad() {
            return kind.equals("bad");
        }

        static Option<Notice> from(Context ctx) {
            String done = Option.of(ctx.queryParam("done")).getOrElse("");
            Option<Notice> notice = switch (done) {
                case "fulfilled" -> changed("Fulfilled: the key is on its way to the customer.");
                case "pooled" -> changed("Fulfilled from the pool: the key is on its way to the customer.");
                case "failed" -> changed("Marked failed.");
                case "revoked" -> changed("Revoked.");
                case "revoked-already" -> unchanged("That grant was revoked already: nothing was changed.");
                case "has-key" -> unchanged("That grant has this key already: nothing was changed, and no email was sent"
                        + " again.");
                case "resent" -> changed("The delivery email will be sent again.");
                case "freed" -> changed("The seat is free.");
                case "voided" -> changed("The key was voided: it will never be handed out.");
                case "retried" -> changed("The delivery will be attempted again at once.");
                case "delivery-due" -> unchanged("That delivery was due already: the dispatcher attempts it on its next pass.");
                case "attempting" -> unchanged("That delivery is being attempted now (or was just sent and is not yet marked"
                        + " delivered): it was left as it is, so that it is not sent twice. Should this attempt fail, it can be retried.");
                case "delivered" -> unchanged("That delivery was delivered meanwhile: it was not sent again.");
                case "requeued" -> changed("The message is back in the outbox and will be sent again.");
                case "sending" -> changed("The email is due now: the relay sends it within seconds. Should the mail server"
                        + " refuse it again, it waits for its next retry as before.");
                case "due" -> unchanged("That email was due already: the relay sends it on its next pass.");
                case "being-sent" -> unchanged("That email is being sent right now: it was left as it is, so that it is not"
                        + " sent twice. Should this attempt fail, it can be sent now again.");
                case "sent" -> unchanged("That email was sent meanwhile: nothing was changed.");
                case "parked" -> unchanged("That email was given up on meanwhile: requeue it to send it again.");
                case "bulk" -> changed("The oldest waiting grants were fulfilled from the pool.");
                case "changed" -> changed("The customer's details were changed.");
                case "moved" -> changed("The customer's details were changed. The email moved: the customer's portal"
                        + " sessions and sign-in links were ended, and the emails from now on go to the new address.");
                case "unchanged" -> unchanged("Nothing was changed: the form held the details as they were.");
                default -> Option.none();
            };
            int length = Option.of(ctx.queryParam("short")).flatMap(ConsolePages::number).getOrElse(0);
            return length <= 0 ? notice : notice.map(n -> new Notice("warn", n.text() + " Note: that key has only " + length
                    + " characters. Keys this short can be guessed; prefer " + SHORT_KEY + " or more, or set the"
                    + " entitlement's min_key_length so that shorter keys are refused."));
        }

        /** News of a change the click made. */
        private static Option<Notice> changed(String text) {
            return Option.some(new Notice("good", text));
        }

        /**
         * A click that found its work done or under way, and so changed nothing: not shown as news of a change (the
         * colour of "done"), since the operator reading it may have expected one.
         */
        private static Option<Notice> unchanged(String text) {
            return Option.some(new Notice("info", text));
        }
    }

    /**
     * Below this many characters a key typed by hand is called short (see the README's guessing arithmetic), and a
     * viewer is shown none of it: the rule the grant search keeps for a viewer's key endings too.
     */
    static final int SHORT_KEY = GrantQueries.SHORTEST_SHOWN_KEY;

    static Option<Integer> number(String text) {
        try {
            return Option.some(Integer.parseInt(text.strip()));
        } catch (RuntimeException notANumber) {
            return Option.none();
        }
    }

    /** An option of a select. */
    public record Choice(String value, String label, boolean selected) {}
}

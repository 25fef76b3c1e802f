package dev.grantor.adapter.web.portal;

import dev.grantor.adapter.web.page.Frame;
import dev.grantor.application.port.in.Older;
import dev.grantor.adapter.web.page.Frame.NavLink;
import dev.grantor.adapter.web.page.RealmPages;
import dev.grantor.adapter.web.page.Visit;
import dev.grantor.adapter.web.page.WebKit;
import dev.grantor.application.port.in.CustomerPortal;
import dev.grantor.application.port.in.CustomerPortal.CodeRequest;
import dev.grantor.application.port.in.CustomerPortal.PortalCustomer;
import dev.grantor.application.port.in.CustomerPortal.Purchase;
import dev.grantor.application.port.in.CustomerPortal.Refusal;
import dev.grantor.application.port.in.CustomerPortal.SignInRefusal;
import dev.grantor.application.port.in.SignIn;
import dev.grantor.application.port.in.SignIn.Principal;
import dev.grantor.application.port.in.SignIn.Realm;
import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.CustomerId;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.vavr.collection.List;
import io.vavr.control.Option;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The customer portal's routes under {@value #BASE}. A customer signs in with a merchant's one-time link
 * ({@code /portal/link/{token}}: the GET shows a button, the POST uses the link, so mail scanners that fetch links do
 * not burn it) or with a code emailed from {@code /portal/{business_id}}; the session is then one customer's of one
 * business, and every id in a URL is looked up within it (another customer's is 404).
 */
public final class PortalPages {

    public static final String BASE = "/portal";
    private static final RealmPages.WayBack WAY_BACK = new RealmPages.WayBack("/", "Go to my purchases");
    static final String SITE_NAME = "Customer portal";
    static final String RETURN_COOKIE = "grantor_portal_return";

    /** The use cases the portal drives. */
    public record UseCases(SignIn signIn, CustomerPortal portal) {
        public UseCases {
            if (signIn == null || portal == null) {
                throw new IllegalArgumentException("the portal needs its sign-in and its use cases");
            }
        }
    }

    private final RealmPages pages;
    private final UseCases useCases;

    private PortalPages(RealmPages pages, UseCases useCases) {
        this.pages = pages;
        this.useCases = useCases;
    }

    /** The portal's page for a refusal the server makes before any of its routes runs; the way back is the purchases. */
    public static RealmPages.EdgeRefusal edgeRefusal(WebKit kit, int status) {
        return RealmPages.edgeRefusal(kit, BASE, SITE_NAME, WAY_BACK, status);
    }

    public static void mount(JavalinConfig config, UseCases useCases, WebKit kit) {
        var pages = new RealmPages(config, Realm.PORTAL, BASE, "/sign-in", SITE_NAME, WAY_BACK, useCases.signIn(), kit);
        new PortalPages(pages, useCases).routes();
    }

    private void routes() {
        pages.serveAssets();
        pages.openPage("/sign-in", (ctx, csrf) -> pages.html(ctx, HttpStatus.OK, "portal/signed-out.jte",
                new SignedOutPage(frame("Not signed in", List.empty(), Option.none(), csrf))));
        pages.openPage("/link/{token}", this::linkPage);
        pages.openAction("/link/{token}", this::useLink);
        pages.action("/sign-out", (ctx, visit) -> {
            pages.endSession(ctx);
            pages.clearCookie(ctx, RETURN_COOKIE);
            pages.seeOther(ctx, "/sign-in");
        });
        pages.page("/", this::purchases);
        pages.page("/grants/{grant_id}", (ctx, visit) -> keyPage(ctx, visit, false));
        pages.action("/grants/{grant_id}/reveal", (ctx, visit) -> keyPage(ctx, visit, true));
        pages.action("/grants/{grant_id}/instances/{instance_id}/deactivate", (ctx, visit) -> after(ctx, visit,
                useCases.portal().deactivate(customer(ctx, visit), ctx.pathParam("grant_id"), ctx.pathParam("instance_id")),
                "deactivated"));
        pages.action("/grants/{grant_id}/send-again", (ctx, visit) -> after(ctx, visit,
                useCases.portal().sendAgain(customer(ctx, visit), ctx.pathParam("grant_id")), "sent"));
        pages.action("/grants/{grant_id}/replace", (ctx, visit) -> after(ctx, visit,
                useCases.portal().replaceKey(customer(ctx, visit), ctx.pathParam("grant_id")), "replaced"));
        // the business's own sign-in page last: its path parameter would match every other single segment
        pages.openPage("/{business_id}", (ctx, csrf) -> emailPage(ctx, csrf, business(ctx), "", "", HttpStatus.OK));
        pages.openAction("/{business_id}/code", this::requestCode);
        pages.openAction("/{business_id}/sign-in", this::redeemCode);
    }

    // ---- signing in ---------------------------------------------------------------------------------

    private void linkPage(Context ctx, String csrf) {
        if (!useCases.portal().linkIsLive(ctx.pathParam("token"))) {
            deadLink(ctx);
            return;
        }
        pages.html(ctx, HttpStatus.OK, "portal/link.jte",
                new LinkPage(frame("Open your purchases", List.empty(), Option.none(), csrf), ctx.pathParam("token")));
    }

    private void useLink(Context ctx, String csrf) {
        var customer = useCases.portal().redeemLink(ctx.pathParam("token"));
        if (customer.isEmpty()) {
            deadLink(ctx);
            return;
        }
        open(ctx, customer.get());
        pages.seeOther(ctx, "/");
    }

    private void deadLink(Context ctx) {
        pages.refuse(ctx, HttpStatus.UNAUTHORIZED, "This link has expired or was used already. Ask the shop for a new"
                + " one, or sign in with your email address on the shop's portal page.");
    }

    /** The portal's session for the customer: a one-time sign-in of the realm, used at once. */
    private void open(Context ctx, PortalCustomer customer) {
        var signIn = useCases.signIn();
        var principal = new Principal(Realm.PORTAL, customer.businessId(), customer.customerId().value());
        var opened = signIn.mintLink(principal).flatMap(link -> signIn.redeem(Realm.PORTAL, link.token()))
                .getOrElseThrow(error -> new IllegalStateException("a portal session could not be opened: " + error.message()));
        pages.startSession(ctx, opened);
        // the way back is this sign-in's: an earlier customer's in the same browser, maybe of another shop, must not outlive it
        if (customer.returnUrl().isDefined()) {
            pages.setSealedCookie(ctx, opened, RETURN_COOKIE, URLEncoder.encode(customer.returnUrl().get(), StandardCharsets.UTF_8));
        } else {
            pages.clearCookie(ctx, RETURN_COOKIE);
        }
    }

    private Option<BusinessId> business(Context ctx) {
        return BusinessId.parse("business_id", ctx.pathParam("business_id")).toOption();
    }

    private void emailPage(Context ctx, String csrf, Option<BusinessId> business, String email, String error, HttpStatus status) {
        if (business.isEmpty()) {
            pages.refuse(ctx, HttpStatus.NOT_FOUND, "There is no such shop here.");
            return;
        }
        pages.html(ctx, status, "portal/email.jte", new EmailPage(refusedIf(!error.isEmpty(), frame("Sign in", List.empty(), Option.none(), csrf)),
                business.get().value(), email, error));
    }

    private void requestCode(Context ctx, String csrf) {
        var business = business(ctx);
        String email = Option.of(ctx.formParam("email")).getOrElse("").strip();
        if (business.isEmpty()) {
            emailPage(ctx, csrf, business, email, "", HttpStatus.NOT_FOUND);
            return;
        }
        useCases.portal().requestCode(business.get(), email, ctx.ip()).fold(
                refused -> {
                    if (refused.code() == dev.grantor.domain.shared.ErrorCode.NOT_FOUND) {
                        pages.refuse(ctx, HttpStatus.NOT_FOUND, "There is no such shop here.");
                    } else {
                        emailPage(ctx, csrf, business, email, "Enter your email address, such as name@example.com.",
                                HttpStatus.UNPROCESSABLE_CONTENT);
                    }
                    return null;
                },
                answer -> {
                    switch (answer) {
                        case CodeRequest.Accepted accepted -> codePage(ctx, csrf, business.get(), email, "", HttpStatus.OK);
                        case CodeRequest.Throttled throttled -> {
                            RealmPages.retryAfter(ctx, throttled.retryAfter());
                            emailPage(ctx, csrf, business, email,
                                    "Too many codes were asked for. Try again in " + minutes(throttled.retryAfter()) + ".",
                                    HttpStatus.TOO_MANY_REQUESTS);
                        }
                    }
                    return null;
                });
    }

    private void codePage(Context ctx, String csrf, BusinessId business, String email, String error, HttpStatus status) {
        pages.html(ctx, status, "portal/code.jte", new CodePage(refusedIf(!error.isEmpty(), frame("Enter your code", List.empty(), Option.none(), csrf)),
                business.value(), email, error, (int) CustomerPortal.CODE_LIFETIME.toMinutes()));
    }

    private void redeemCode(Context ctx, String csrf) {
        var business = business(ctx);
        String email = Option.of(ctx.formParam("email")).getOrElse("").strip();
        if (business.isEmpty()) {
            pages.refuse(ctx, HttpStatus.NOT_FOUND, "There is no such shop here.");
            return;
        }
        useCases.portal().redeemCode(business.get(), email, Option.of(ctx.formParam("code")).getOrElse(""), ctx.ip()).fold(
                refused -> {
                    if (refused == SignInRefusal.TOO_MANY_TRIES) {
                        // the tries are counted in a rolling minute, as the page's words say
                        RealmPages.retryAfter(ctx, Duration.ofMinutes(1));
                        codePage(ctx, csrf, business.get(), email, "Too many codes were tried from here. Wait a minute and"
                                + " try again.", HttpStatus.TOO_MANY_REQUESTS);
                    } else {
                        codePage(ctx, csrf, business.get(), email, "That code is not right, or it has expired or been used."
                                + " Check the latest email, or ask for a new code.", HttpStatus.UNPROCESSABLE_CONTENT);
                    }
                    return null;
                },
                customer -> {
                    open(ctx, customer);
                    pages.seeOther(ctx, "/");
                    return null;
                });
    }

    // ---- signed in ----------------------------------------------------------------------------------

    private PortalCustomer customer(Context ctx, Visit visit) {
        return new PortalCustomer(visit.business(), new CustomerId(visit.subject()), returnUrl(ctx));
    }

    /**
     * The shop's "back" address from the link the customer came with: sealed to this session, since anyone who can set
     * a cookie for the portal's path (a sibling subdomain, a plain-http answer) would otherwise choose where "Back to
     * the shop" leads on a genuine page; re-checked as http(s) all the same.
     */
    private Option<String> returnUrl(Context ctx) {
        return pages.sealedCookie(ctx, RETURN_COOKIE).flatMap(raw -> {
            try {
                String url = URLDecoder.decode(raw, StandardCharsets.UTF_8);
                URI uri = new URI(url);
                return ("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme())) && uri.getHost() != null
                        ? Option.some(url) : Option.none();
            } catch (URISyntaxException | IllegalArgumentException e) {
                return Option.none();
            }
        });
    }

    private void purchases(Context ctx, Visit visit) {
        var customer = customer(ctx, visit);
        String position = ctx.queryParam("before");
        var before = Older.parse(position).toOption();
        if (position != null && before.isEmpty()) {
            pages.refuse(ctx, HttpStatus.BAD_REQUEST, "This link to older purchases is not one the portal made.", visit,
                    nav(false), "/", "Back to my purchases");
            return;
        }
        var page = useCases.portal().purchases(customer, before);
        String older = page.older().map(next -> BASE + "/?before=" + URLEncoder.encode(next.token(), StandardCharsets.UTF_8))
                .getOrElse("");
        pages.html(ctx, HttpStatus.OK, "portal/purchases.jte", new PurchasesPage(
                frame("My purchases", nav(true), Option.some(visit), visit.csrfToken()), page.purchases().map(PurchaseRow::of),
                customer.returnUrl().getOrElse(""), before.map(Older::shown).getOrElse(0) + 1,
                before.isDefined() ? BASE + "/" : "", older));
    }

    private void keyPage(Context ctx, Visit visit, boolean revealed) {
        var customer = customer(ctx, visit);
        useCases.portal().purchase(customer, ctx.pathParam("grant_id")).fold(
                refused -> {
                    refuse(ctx, visit, refused);
                    return null;
                },
                purchase -> {
                    if (purchase.key().isEmpty()) {
                        pages.refuse(ctx, HttpStatus.NOT_FOUND, "This purchase has no license key (yet).", visit, nav(false),
                                "/", "Back to my purchases");
                        return null;
                    }
                    pages.html(ctx, HttpStatus.OK, "portal/key.jte", KeyPage.of(frame(purchase.entitlement().name(), nav(false),
                            Option.some(visit), visit.csrfToken()), purchase, revealed, notice(ctx.queryParam("done"))));
                    return null;
                });
    }

    private static String notice(String done) {
        return switch (done == null ? "" : done) {
            case "deactivated" -> "The device was deactivated: its seat is free.";
            case "sent" -> "The key is on its way to your email address again.";
            case "replaced" -> "Your key was replaced. The old key no longer works; the new one is below and in your email.";
            default -> "";
        };
    }

    private void after(Context ctx, Visit visit, io.vavr.control.Either<Refusal, ?> outcome, String done) {
        outcome.fold(
                refused -> {
                    refuse(ctx, visit, refused);
                    return null;
                },
                ok -> {
                    pages.seeOther(ctx, "/grants/" + ctx.pathParam("grant_id") + "?done=" + done);
                    return null;
                });
    }

    /**
     * A refusal for a signed-in customer keeps the portal's navigation and sign-out, and leads back to the key's
     * page when the refused action was pressed there (a purchase not found leads back to the purchases).
     */
    private void refuse(Context ctx, Visit visit, Refusal refused) {
        String key = "/grants/" + ctx.pathParam("grant_id");
        switch (refused) {
            case Refusal.NotFound notFound -> pages.refuse(ctx, HttpStatus.NOT_FOUND, "There is no such purchase among yours.",
                    visit, nav(false), "/", "Back to my purchases");
            case Refusal.NotAllowed notAllowed -> pages.refuse(ctx, HttpStatus.FORBIDDEN, notAllowed.reason(), visit, nav(false),
                    key, "Back to the key");
            case Refusal.NotYet notYet -> {
                RealmPages.retryAfter(ctx, notYet.retryAfter());
                pages.refuse(ctx, HttpStatus.TOO_MANY_REQUESTS, notYet.reason() + " (in " + minutes(notYet.retryAfter()) + ")",
                        visit, nav(false), key, "Back to the key");
            }
            case Refusal.Failed failed -> pages.refuse(ctx, RealmPages.status(failed.error()), failed.error().message(), visit, nav(false),
                    key, "Back to the key");
        }
    }

    private static String minutes(Duration wait) {
        return RealmPages.minutes(wait);
    }

    private Frame frame(String title, List<NavLink> nav, Option<Visit> visit, String csrf) {
        return pages.frame(title, nav, visit, csrf);
    }

    private static Frame refusedIf(boolean refused, Frame frame) {
        return refused ? frame.refused() : frame;
    }

    private static List<NavLink> nav(boolean purchases) {
        return List.of(new NavLink("My purchases", BASE + "/", purchases));
    }

    // ---- what the templates show --------------------------------------------------------------------

    public record SignedOutPage(Frame frame) {}

    public record LinkPage(Frame frame, String token) {}

    public record EmailPage(Frame frame, String businessId, String email, String error) {}

    public record CodePage(Frame frame, String businessId, String email, String error, int validMinutes) {}

    /**
     * A page of the customer's purchases; {@code first}: the number of its first row, counted from the newest purchase;
     * {@code newest} and {@code older} link to the newest page and the next older one (empty when there is none, or
     * when this is the newest).
     */
    public record PurchasesPage(Frame frame, List<PurchaseRow> rows, String returnUrl, int first, String newest, String older) {}

    /** One purchase in honest words: what it is, where it stands, and whether it has a key page. */
    public record PurchaseRow(String grantId, String name, String status, String statusWords, String date, boolean hasKey) {
        static PurchaseRow of(Purchase purchase) {
            var grant = purchase.grant();
            return new PurchaseRow(grant.id().value(), purchase.entitlement().name(), grant.status().name().toLowerCase(java.util.Locale.ROOT),
                    PortalWording.status(grant), PortalWording.date(grant.createdAt()), purchase.key().isDefined());
        }
    }

    /** A license key's page. {@code key} is empty until revealed. */
    public record KeyPage(Frame frame, String grantId, String name, String statusWords, String key, String keySuffix,
                          String expiry, String activations, String limitMessage, List<InstanceRow> instances,
                          boolean canDeactivate, boolean canReplace, String notice) {

        static KeyPage of(Frame frame, Purchase purchase, boolean revealed, String notice) {
            var key = purchase.key().get();
            var permissions = purchase.permissions();
            boolean replaceable = permissions.canReplace()
                    && permissions.replaceableFrom().forAll(from -> !purchase.readAt().isBefore(from));
            return new KeyPage(frame, purchase.grant().id().value(), purchase.entitlement().name(),
                    PortalWording.status(purchase.grant()), revealed ? key.value().value() : "", key.value().suffix(),
                    PortalWording.expiry(key, purchase.readAt()), PortalWording.activations(key),
                    PortalWording.limitMessage(key, permissions.canDeactivate()),
                    key.instances().map(i -> new InstanceRow(i.id().value(), i.name(), PortalWording.date(i.createdAt()))),
                    permissions.canDeactivate(), replaceable, notice);
        }

        public boolean revealed() {
            return !key.isEmpty();
        }
    }

    public record InstanceRow(String id, String name, String activatedOn) {}
}

package dev.grantor.adapter.web.page;

import dev.grantor.application.port.in.SignIn;
import dev.grantor.application.port.in.SignIn.OpenedSession;
import dev.grantor.application.port.in.SignIn.Realm;
import dev.grantor.application.view.ErrorStatus;
import dev.grantor.domain.shared.GrantorError;
import io.javalin.config.JavalinConfig;
import io.javalin.config.SizeUnit;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.vavr.collection.List;
import io.vavr.control.Option;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The routes of one realm ({@code /console} or {@code /portal}) and what guards them. A realm has its own session
 * cookie, {@code HttpOnly; SameSite=Strict}; a session of one realm is never found in the other (the store keeps the
 * realm). Its cookies are {@code Secure} unless the page was asked for over plain http on a loopback address, and then
 * named {@code __Host-...} on {@code Path=/}: a browser keeps such a cookie only from this host over https, so no
 * sibling subdomain and no plain-http answer can plant one. On plain-http loopback they keep their plain names on the
 * realm's path (a {@code __Host-} cookie must be {@code Secure}). Only the name of the current mode is read; where
 * cookies are Secure, one under a plain name of the realm's (a browser's from before they were {@code __Host-}
 * cookies) is expired on its old path, unread.
 *
 * <ul>
 *   <li>{@link #page} (GET) needs a live session; without one the visitor is sent to the realm's sign-in page.</li>
 *   <li>{@link #action} (POST) needs a live session and the form's CSRF token; without it, 403 and nothing done.</li>
 *   <li>{@link #openPage} and {@link #openAction} need no session; their forms carry a token tied to a cookie of the
 *   visitor's own, checked the same way.</li>
 *   <li>Every POST is refused first, with 403 and nothing done, when the browser says it comes from a page of another
 *   origin ({@link SameOrigin}).</li>
 * </ul>
 * Every answer carries the security headers and {@code Cache-Control: no-store}; a handler's exception becomes a plain
 * 500 page (logged), never a stack trace.
 */
public final class RealmPages {

    /** A refused action answers with the status the API gives the same refusal. */
    public static HttpStatus status(GrantorError refusal) {
        return HttpStatus.forStatus(ErrorStatus.of(refusal.code()));
    }

    private static final Logger log = LoggerFactory.getLogger(RealmPages.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Browsers keep a cookie so named only if it is Secure, on Path=/, with no Domain, and set over https. */
    private static final String HOST_PREFIX = "__Host-";

    /** A page or action of a signed-in visitor. */
    @FunctionalInterface
    public interface PageHandler {
        void handle(Context ctx, Visit visit) throws Exception;
    }

    /** A page or action open to anyone (sign-in forms); {@code csrfToken} goes in its forms. */
    @FunctionalInterface
    public interface OpenHandler {
        void handle(Context ctx, String csrfToken) throws Exception;
    }

    private final JavalinConfig config;
    private final Realm realm;
    private final String base;
    private final String signInPath;
    private final SignIn signIn;
    private final WebKit kit;
    /** The largest file a page takes in one upload (the Pools page's key files), and the most keys pasted there at once. */
    public static final int MAX_UPLOAD_BYTES = 1_000_000;
    /**
     * The most a multipart body may carry: the largest file, with room for the form's other fields and its boundaries.
     * The server's body limit binds forms and API bodies, not multipart ones: without this bound, a multipart body was
     * read and spooled to disk whole, whatever its size, before any page looked at it.
     */
    public static final int MAX_MULTIPART_BYTES = MAX_UPLOAD_BYTES + 64 * 1024;

    private final String sessionCookie;
    private final String formCookie;
    private final String siteName;
    private final WayBack wayBack;

    /**
     * Where a refusal page for a visitor it does not know leads ({@code path} under the realm's base), and the link's
     * words: the server's refusals at the edge and the realm's own signed-out ones ({@link #refuse(Context, HttpStatus,
     * String)}) both take it, so a realm has one way back. It must suit a visitor signed in as well as out, since a
     * signed-out page also answers a signed-in visitor's unverified form: the realm's start, which sends a visitor
     * without a session on to the sign-in.
     */
    public record WayBack(String path, String text) {}

    /**
     * {@code base} is the realm's path ({@code /console}); {@code signInPath} where a visitor without a session is
     * sent (under {@code base}); {@code siteName} ends every page's title, error pages' included, so a tab or a
     * screen reader's page list tells the realm's pages from another site's.
     */
    public RealmPages(JavalinConfig config, Realm realm, String base, String signInPath, String siteName, WayBack wayBack,
                      SignIn signIn, WebKit kit) {
        this.config = config;
        config.jetty.multipartConfig.maxTotalRequestSize(MAX_MULTIPART_BYTES, SizeUnit.BYTES);
        // a multipart body's fields other than files (the Pools page's pasted keys) are held to the same bound, not to the
        // servlet context's 200,000 bytes of form, which refused a paste of 5,000 keys as a broken body (400)
        config.jetty.modifyServletContextHandler(context -> context.setMaxFormContentSize(MAX_MULTIPART_BYTES));
        this.wayBack = wayBack;
        this.siteName = siteName;
        this.realm = realm;
        this.base = base;
        this.signInPath = signInPath;
        this.signIn = signIn;
        this.kit = kit;
        this.sessionCookie = "grantor_" + realm.name().toLowerCase(Locale.ROOT);
        this.formCookie = sessionCookie + "_form";
    }

    public WebKit kit() {
        return kit;
    }

    /** A GET page of a signed-in visitor, at {@code base + path} (Javalin path syntax: {@code /grants/{id}}). */
    public void page(String path, PageHandler handler) {
        get(base + path, guarded(base + path, handler, false));
    }

    /** A POST action of a signed-in visitor; refused with 403 unless its form carries the session's CSRF token. */
    public void action(String path, PageHandler handler) {
        config.routes.post(base + path, guarded(base + path, handler, true));
    }

    public void openPage(String path, OpenHandler handler) {
        get(base + path, open(base + path, handler, false));
    }

    /**
     * A GET route, and HEAD on it answered the same way without the body: Javalin would answer a HEAD itself with an empty
     * 200, running no handler, so no session check, redirect or security header.
     */
    private void get(String path, Handler handler) {
        config.routes.get(path, handler);
        config.routes.head(path, handler);
    }

    public void openAction(String path, OpenHandler handler) {
        config.routes.post(base + path, open(base + path, handler, true));
    }

    /** Gives the visitor the session's cookie; the caller then redirects. */
    public void startSession(Context ctx, OpenedSession opened) {
        ctx.res().addHeader("Set-Cookie", cookie(ctx, sessionCookie, opened.token(), false));
    }

    /** Ends the visitor's session on the server and clears its cookie. */
    public void endSession(Context ctx) {
        signIn.end(realm, cookieValue(ctx, sessionCookie));
        ctx.res().addHeader("Set-Cookie", cookie(ctx, sessionCookie, "", true));
    }

    /** Another cookie of the realm's, with the session cookie's flags, gone when the browser closes. */
    public void setCookie(Context ctx, String name, String value) {
        ctx.res().addHeader("Set-Cookie", cookie(ctx, name, value, false));
    }

    /**
     * A cookie of the realm's as {@link #setCookie}, sealed to the session {@code opened} ({@link SessionSeal}): only
     * {@link #sealedCookie} with that session's cookie reads it back, so nobody else can plant its value.
     */
    public void setSealedCookie(Context ctx, OpenedSession opened, String name, String value) {
        setCookie(ctx, name, SessionSeal.seal(opened.token(), name, value));
    }

    /** The value of a cookie {@link #setSealedCookie} gave this visitor's session; none for any other value. */
    public Option<String> sealedCookie(Context ctx, String name) {
        return SessionSeal.open(cookieValue(ctx, sessionCookie), name, cookieValue(ctx, name));
    }

    public void clearCookie(Context ctx, String name) {
        ctx.res().addHeader("Set-Cookie", cookie(ctx, name, "", true));
    }

    /** A 303 to {@code base + path}: after a POST the browser asks with GET, so a reload never repeats the action. */
    public void seeOther(Context ctx, String path) {
        ctx.redirect(base + path, HttpStatus.SEE_OTHER);
    }

    /** The layout's frame for a page of this realm; {@code title} is the page's own, without the site's name. */
    public Frame frame(String title, List<Frame.NavLink> nav, Option<Visit> visit, String csrfToken) {
        return frame(kit, base, siteName, title, nav, csrfToken, visit.isDefined() ? base + "/sign-out" : "",
                visit.map(v -> v.session().identity().businessName()).getOrElse(""), visit.map(this::person).getOrElse(""));
    }

    private static Frame frame(WebKit kit, String base, String siteName, String title, List<Frame.NavLink> nav,
                               String csrfToken, String signOutAction, String place, String person) {
        return new Frame(title + " · " + siteName, title, base + "/", nav, base + "/assets/" + kit.assets().versioned("grantor.css"),
                base + "/assets/" + kit.assets().versioned("grantor.js"), csrfToken, signOutAction, place, person);
    }

    /**
     * A page the server answers for a request of the realm ({@code base}) that no route of it took or could read: no
     * such page, a method the page does not take, a body or headers over the server's limits, an address it could
     * not decode, a failure outside any page. Signed out (no session is looked up for such a request), in the realm's
     * layout, with the words for {@code status} and the realm's way back; nothing of the request is repeated.
     */
    public static EdgeRefusal edgeRefusal(WebKit kit, String base, String siteName, WayBack wayBack, int status) {
        var frame = frame(kit, base, siteName, heading(status), List.empty(), "", "", "", "");
        String html = kit.templates().render("error.jte", new ErrorPage(frame, status, edgeMessage(status),
                base + wayBack.path(), wayBack.text()));
        return new EdgeRefusal("text/html; charset=utf-8", SecurityHeaders.ALL.append(SecurityHeaders.NO_STORE), html);
    }

    /** The whole answer to a refusal at the edge, for a server that writes it without a Javalin context. */
    public record EdgeRefusal(String contentType, List<SecurityHeaders.Header> headers, String html) {}

    private static String edgeMessage(int status) {
        return switch (status) {
            case 404 -> "There is no page at this address. Check the address, or start again from the link below.";
            case 405 -> "This page cannot be used that way. Go back, reload the page and try again.";
            case 408 -> "The request took too long to arrive. Try again.";
            case 413 -> "What was sent is larger than this server accepts; nothing was changed. Go back, send less"
                    + " (split a long list or file) and try again.";
            case 414 -> "The address is too long to be read. Check the address, or start again from the link below.";
            case 415 -> "The form was sent in a way this page cannot read; nothing was changed. Go back, reload the page"
                    + " and try again.";
            case 431 -> "The browser sent more with the request than this server accepts (this site's cookies may have"
                    + " grown too large). Clear this site's cookies and try again.";
            default -> status >= 500 && status != 505 ? "Something went wrong on our side; nothing was changed by this page. Try again in a"
                    + " moment." : "The request could not be read; nothing was changed. Go back, reload the page and try again.";
        };
    }

    /**
     * Who the session is of, in words: the email address of the operator or customer. A console session opened with
     * {@code grantor console login-link} without {@code --email} is the business owner's and names no address.
     */
    private String person(Visit visit) {
        var email = visit.session().identity().email();
        if (email.isDefined()) {
            return "signed in as " + email.get();
        }
        return realm == Realm.CONSOLE && visit.subject().equals(SignIn.OWNER) ? "signed in with a command-line link"
                : "signed in as " + visit.subject();
    }

    public void html(Context ctx, HttpStatus status, String template, Object page) {
        ctx.status(status).html(kit.templates().render(template, page));
    }

    /** Serves the versioned assets under {@code base + /assets/}; call once per realm. */
    public void serveAssets() {
        get(base + "/assets/{file}", ctx -> {
            ctx.attribute(kit.settings().routeAttribute(), base + "/assets/{file}");
            SecurityHeaders.apply(ctx);
            var asset = kit.assets().find(ctx.pathParam("file"));
            if (asset.isEmpty()) {
                SecurityHeaders.noStore(ctx);
                refuseUnread(ctx, HttpStatus.NOT_FOUND);
                return;
            }
            ctx.header("Cache-Control", Assets.CACHE_FOREVER).contentType(asset.get().contentType()).result(asset.get().content());
        });
    }

    private Handler guarded(String route, PageHandler handler, boolean post) {
        return ctx -> {
            prepare(ctx, route);
            if (post && fromAnotherOrigin(ctx)) {
                return;
            }
            String secret = cookieValue(ctx, sessionCookie);
            var session = signIn.resume(realm, secret);
            if (session.isEmpty()) {
                if (post) {
                    refuse(ctx, HttpStatus.UNAUTHORIZED, "Your session has ended. Sign in again.");
                } else {
                    ctx.redirect(base + signInPath, HttpStatus.SEE_OTHER);
                }
                return;
            }
            if (post && unreadableForm(ctx, true)) {
                return;
            }
            if (post && !Csrf.matches(secret, ctx.formParam(Csrf.FIELD))) {
                refuse(ctx, HttpStatus.FORBIDDEN, "This form could not be verified (its security token is missing or"
                        + " stale). Go back, reload the page and try again.");
                return;
            }
            run(ctx, () -> handler.handle(ctx, new Visit(session.get(), Csrf.tokenFor(secret))));
        };
    }

    private Handler open(String route, OpenHandler handler, boolean post) {
        return ctx -> {
            prepare(ctx, route);
            if (post && fromAnotherOrigin(ctx)) {
                return;
            }
            String secret = cookieValue(ctx, formCookie);
            if (post && unreadableForm(ctx, false)) {
                return;
            }
            if (post && !Csrf.matches(secret, ctx.formParam(Csrf.FIELD))) {
                refuse(ctx, HttpStatus.FORBIDDEN, "This form could not be verified (its security token is missing or"
                        + " stale). Go back, reload the page and try again.");
                return;
            }
            if (secret == null || secret.length() != 43) {
                secret = newSecret();
                ctx.res().addHeader("Set-Cookie", cookie(ctx, formCookie, secret, false));
            }
            String token = Csrf.tokenFor(secret);
            run(ctx, () -> handler.handle(ctx, token));
        };
    }

    /**
     * The words of a form refused as sent from another origin. The one who reads them may have been tricked into pressing
     * a button on another site's page as well as be an operator who opened the service at another address: the words
     * must not ask the first to try again.
     */
    static final String FOREIGN_FORM = "This form was sent from a page of another site, or of another address of this"
            + " one, so it was not used and nothing was changed. If you did not mean to send it, there is nothing more to"
            + " do. If you did, open this site at its usual address and send the form from there.";

    /**
     * Refuses a POST the browser says a page of another origin sent ({@link SameOrigin}), before any cookie or field of
     * it is read: a forged sign-in opens no session, a forged action does nothing.
     */
    private boolean fromAnotherOrigin(Context ctx) {
        if (!SameOrigin.foreign(ctx, kit.settings().origin(ctx))) {
            return false;
        }
        log.debug("a form post to {} came from another origin than {}", base, kit.settings().origin(ctx));
        refuse(ctx, HttpStatus.FORBIDDEN, FOREIGN_FORM);
        return true;
    }

    /** The page the server would answer with for the request, had it refused it before the route. */
    private void refuseUnread(Context ctx, HttpStatus status) {
        ctx.status(status).html(edgeRefusal(kit, base, siteName, wayBack, status.getCode()).html());
    }

    /**
     * Reads the posted form, and answers for it when it cannot be read: a body that is no form (415; a multipart one
     * unless {@code uploads}: only a signed-in visitor's forms take files), over the server's size limit or
     * {@link #MAX_MULTIPART_BYTES} (413), or not decodable (400). Otherwise the server would answer for the page, in its own
     * words and format. The form read here is kept by the context, so the handler's reads find it.
     */
    private boolean unreadableForm(Context ctx, boolean uploads) {
        String type = Option.of(ctx.header("Content-Type")).getOrElse("").toLowerCase(Locale.ROOT);
        boolean multipart = type.startsWith("multipart/form-data");
        if (!type.startsWith("application/x-www-form-urlencoded") && !(uploads && multipart)) {
            refuseUnread(ctx, HttpStatus.UNSUPPORTED_MEDIA_TYPE);
            return true;
        }
        if (multipart && ctx.req().getContentLengthLong() > MAX_MULTIPART_BYTES) {
            refuseUnread(ctx, HttpStatus.CONTENT_TOO_LARGE);
            return true;
        }
        try {
            ctx.formParamMap();
            return false;
        } catch (HttpResponseException tooLargeOrMalformed) {
            refuseUnread(ctx, HttpStatus.forStatus(tooLargeOrMalformed.getStatus()));
            return true;
        } catch (Exception unreadable) {
            if (multipart && pastTheBound(unreadable)) {
                // a body without a declared length, stopped at MAX_MULTIPART_BYTES as it was read
                refuseUnread(ctx, HttpStatus.CONTENT_TOO_LARGE);
                return true;
            }
            // an unknown charset, a broken multipart body: the browser's request, not the server, is at fault
            log.debug("a form of {} could not be read: {}", base, unreadable.toString());
            refuseUnread(ctx, HttpStatus.BAD_REQUEST);
            return true;
        }
    }

    /** Jetty's multipart parser says "max length exceeded" in an IllegalStateException, under its 400 "bad multipart". */
    private static boolean pastTheBound(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof IllegalStateException && String.valueOf(cause.getMessage()).startsWith("max length exceeded")) {
                return true;
            }
        }
        return false;
    }

    private void prepare(Context ctx, String route) {
        ctx.attribute(kit.settings().routeAttribute(), route);
        SecurityHeaders.apply(ctx);
        SecurityHeaders.noStore(ctx);
        expireOldNames(ctx);
    }

    /**
     * Where cookies are Secure, expires every cookie the request carries under a plain name of the realm's
     * ({@code grantor_console}, {@code grantor_portal_form}, ...), on the realm's path with the flags it was set with:
     * before the cookies were {@code __Host-} cookies they were so named and kept on that path, and a browser that
     * signed in then would send them, never read, until they lapsed. Only the name is looked at, never the value. On
     * plain-http loopback those names are the current ones, and nothing is expired.
     */
    private void expireOldNames(Context ctx) {
        if (!secure(ctx)) {
            return;
        }
        for (String name : ctx.cookieMap().keySet()) {
            if (ours(name)) {
                ctx.res().addHeader("Set-Cookie", name + "=; Path=" + base + "; HttpOnly; SameSite=Strict; Secure; Max-Age=0");
            }
        }
    }

    /** The realm's cookies are named after its session cookie ({@code grantor_portal}, {@code grantor_portal_return}). */
    private boolean ours(String name) {
        return name.equals(sessionCookie) || name.startsWith(sessionCookie + "_");
    }

    private interface Work {
        void run() throws Exception;
    }

    private void run(Context ctx, Work work) {
        try {
            work.run();
        } catch (Exception e) {
            log.error("a page of {} failed", base, e);
            refuse(ctx, HttpStatus.INTERNAL_SERVER_ERROR, "Something went wrong on our side; nothing was changed by this"
                    + " page. Try again in a moment.");
        }
    }

    /** A plain page with the reason, in the realm's layout, signed out, leading to the realm's {@link WayBack}. */
    public void refuse(Context ctx, HttpStatus status, String message) {
        var frame = frame(heading(status), List.empty(), Option.none(), "");
        html(ctx, status, "error.jte", new ErrorPage(frame, status.getCode(), message, base + wayBack.path(), wayBack.text()));
    }

    /**
     * The page with the reason for a signed-in visitor: the realm's navigation and sign-out stay, and the way back
     * leads to {@code back} ({@code base + back}), the page the refused action was pressed on.
     */
    public void refuse(Context ctx, HttpStatus status, String message, Visit visit, List<Frame.NavLink> nav, String back,
                       String backText) {
        refuse(ctx, status, message, visit, nav, back, backText, UnaryOperator.identity());
    }

    /** {@link #refuse(Context, HttpStatus, String, Visit, List, String, String)}, its frame {@code dressed} as the realm's pages are. */
    public void refuse(Context ctx, HttpStatus status, String message, Visit visit, List<Frame.NavLink> nav, String back,
                       String backText, UnaryOperator<Frame> dressed) {
        var frame = dressed.apply(frame(heading(status), nav, Option.some(visit), visit.csrfToken()));
        html(ctx, status, "error.jte", new ErrorPage(frame, status.getCode(), message, base + back, backText));
    }

    /**
     * The "Too many attempts" page (429, signed out) for a visitor held back by a limit: {@code reason}, then when to
     * try again, which {@code Retry-After} also says, in whole seconds.
     */
    public void tooManyAttempts(Context ctx, Duration retryAfter, String reason) {
        retryAfter(ctx, retryAfter);
        refuse(ctx, HttpStatus.TOO_MANY_REQUESTS, reason + " Try again in " + minutes(retryAfter) + ".");
    }

    /**
     * Every 429 a page answers says when to come back in {@code Retry-After} too (whole seconds, at least one), as the
     * API's do: a script or a proxy reads the header, not the page's words.
     */
    public static void retryAfter(Context ctx, Duration wait) {
        ctx.header("Retry-After", Long.toString(Math.max(1, (wait.toMillis() + 999) / 1000)));
    }

    /** A wait in words: "a minute", "5 minutes" (rounded up, never less than a minute). */
    public static String minutes(Duration wait) {
        long minutes = Math.max(1, (wait.toSeconds() + 59) / 60);
        return minutes == 1 ? "a minute" : minutes + " minutes";
    }

    /** A refusal's heading in words a customer or an operator uses; the status's own name is HTTP's word for it. */
    static String heading(HttpStatus status) {
        return heading(status.getCode());
    }

    private static String heading(int status) {
        return switch (status) {
            case 400, 405, 408, 414, 415, 431, 505 -> "Not understood";
            case 401 -> "Sign-in needed";
            case 403 -> "Not allowed";
            case 404 -> "Page not found";
            case 409, 422 -> "Could not be done";
            case 413 -> "Too large";
            case 429 -> "Too many attempts";
            default -> status >= 500 ? "Something went wrong" : HttpStatus.forStatus(status).getMessage();
        };
    }

    /** The page {@code error.jte} shows. */
    public record ErrorPage(Frame frame, int status, String message, String back, String backText) {}

    private static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * The cookie {@code name} of the realm's as this request's mode names it ({@link #cookie}); a cookie under the other
     * mode's name is not read, so a plain-named one planted for the realm's path is ignored where cookies are Secure.
     */
    private String cookieValue(Context ctx, String name) {
        return ctx.cookie(secure(ctx) ? HOST_PREFIX + name : name);
    }

    private boolean secure(Context ctx) {
        return kit.settings().secureCookies(ctx);
    }

    /**
     * A Set-Cookie for the realm's cookie {@code name}. Where cookies are Secure it is named {@code __Host-name} on
     * {@code Path=/}, the prefix's conditions; the console's and the portal's names differ, so sharing the path they
     * never overwrite each other, and nothing here tells cookies apart by path.
     */
    private String cookie(Context ctx, String name, String value, boolean expire) {
        if (!ours(name)) {
            throw new IllegalArgumentException("a cookie of the realm's is named after its session cookie " + sessionCookie
                    + ", so that its plain name is expired where cookies are __Host- cookies: " + name);
        }
        boolean secure = secure(ctx);
        var header = new StringBuilder(secure ? HOST_PREFIX + name : name).append('=').append(value)
                .append("; Path=").append(secure ? "/" : base).append("; HttpOnly; SameSite=Strict");
        if (secure) {
            header.append("; Secure");
        }
        if (expire) {
            header.append("; Max-Age=0");
        }
        return header.toString();
    }
}

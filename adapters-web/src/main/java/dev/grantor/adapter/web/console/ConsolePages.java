package dev.grantor.adapter.web.console;

import dev.grantor.adapter.web.page.Frame;
import dev.grantor.adapter.web.page.Frame.NavLink;
import dev.grantor.adapter.web.page.RealmPages;
import dev.grantor.adapter.web.page.Visit;
import dev.grantor.adapter.web.page.WebKit;
import dev.grantor.application.port.in.CustomerQueries;
import dev.grantor.application.port.in.EntitlementCatalog;
import dev.grantor.application.port.in.GrantFulfillment;
import dev.grantor.application.port.in.GrantQueries;
import dev.grantor.application.port.in.GrantQueries.ListGrants;
import dev.grantor.application.port.in.SignIn;
import dev.grantor.application.port.in.SignIn.Realm;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.vavr.collection.List;
import io.vavr.control.Option;

/** The console's routes under {@value #BASE}. */
public final class ConsolePages {

    public static final String BASE = "/console";

    /** The use cases the console drives. */
    public record UseCases(SignIn signIn, GrantQueries grants, GrantFulfillment fulfillment, EntitlementCatalog entitlements,
                           CustomerQueries customers) {
        public UseCases {
            if (signIn == null || grants == null || fulfillment == null || entitlements == null || customers == null) {
                throw new IllegalArgumentException("the console needs every use case it drives");
            }
        }
    }

    private final RealmPages pages;
    private final UseCases useCases;

    private ConsolePages(RealmPages pages, UseCases useCases) {
        this.pages = pages;
        this.useCases = useCases;
    }

    public static void mount(JavalinConfig config, UseCases useCases, WebKit kit) {
        var pages = new RealmPages(config, Realm.CONSOLE, BASE, "/sign-in", useCases.signIn(), kit);
        new ConsolePages(pages, useCases).routes();
    }

    private void routes() {
        pages.serveAssets();
        pages.openPage("/sign-in", (ctx, csrf) -> pages.html(ctx, HttpStatus.OK, "console/sign-in.jte",
                new SignInPage(frame("Sign in", List.empty(), Option.none(), csrf), "")));
        pages.openPage("/login/{token}", (ctx, csrf) -> pages.html(ctx, HttpStatus.OK, "console/login-link.jte",
                new LoginLinkPage(frame("Sign in", List.empty(), Option.none(), csrf), ctx.pathParam("token"))));
        pages.openAction("/login/{token}", this::redeem);
        pages.action("/sign-out", (ctx, visit) -> {
            pages.endSession(ctx);
            pages.seeOther(ctx, "/sign-in");
        });
        pages.page("/", this::queue);
    }

    private void redeem(Context ctx, String csrf) {
        useCases.signIn().redeem(Realm.CONSOLE, ctx.pathParam("token")).fold(
                refused -> {
                    pages.refuse(ctx, HttpStatus.UNAUTHORIZED, "This sign-in link has expired or was used already."
                            + " Ask for a new one.");
                    return null;
                },
                opened -> {
                    pages.startSession(ctx, opened);
                    pages.seeOther(ctx, "/");
                    return null;
                });
    }

    private void queue(Context ctx, Visit visit) {
        var grants = useCases.grants().list(visit.business(), new ListGrants(100, 0, "pending", null, null, null))
                .getOrElse(List.empty())
                .reverse();
        var rows = grants.map(view -> new QueuePage.Row(view.grant().id().value(), view.grant().customerId().value(),
                view.grant().entitlementId().value(), view.grant().createdAt().toString()));
        pages.html(ctx, HttpStatus.OK, "console/queue.jte",
                new QueuePage(frame("Queue (" + rows.size() + ")", nav("/"), Option.some(visit), visit.csrfToken()), rows));
    }

    Frame frame(String title, List<NavLink> nav, Option<Visit> visit, String csrf) {
        return pages.frame(title + " · Grantor console", nav, visit, csrf);
    }

    static List<NavLink> nav(String current) {
        return List.of(new NavLink("Queue", BASE + "/", current.equals("/")));
    }

    public record SignInPage(Frame frame, String email) {}

    public record LoginLinkPage(Frame frame, String token) {}

    public record QueuePage(Frame frame, List<Row> rows) {
        public record Row(String grantId, String customer, String entitlement, String createdAt) {}
    }
}

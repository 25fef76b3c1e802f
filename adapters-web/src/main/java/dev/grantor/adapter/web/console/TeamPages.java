package dev.grantor.adapter.web.console;

import dev.grantor.adapter.web.page.Frame;
import dev.grantor.application.port.in.Older;
import dev.grantor.adapter.web.page.RealmPages;
import dev.grantor.adapter.web.page.Visit;
import dev.grantor.application.port.in.OperatorAccess;
import dev.grantor.application.port.in.SignIn;
import dev.grantor.application.view.LookalikeAddresses;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.vavr.collection.List;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Who may enter the business's console or call its API, and who changed that: its operators, and the history of their
 * access and of its API keys (made, renamed, revoked), for every signed-in role to read. It has no form: access is
 * changed on the command line (or by the host application) only, so that nobody signed in here, an operator least of
 * all, can give itself company.
 */
public final class TeamPages {

    private final ConsolePages console;
    private final RealmPages pages;
    private final OperatorAccess operators;

    TeamPages(ConsolePages console, OperatorAccess operators) {
        this.console = console;
        this.pages = console.pages();
        this.operators = operators;
    }

    void routes() {
        pages.page("/team", this::team);
    }

    /**
     * The operators and a page of the access changes: the newest, or those past the position an "Older changes" link
     * names ({@code before}), read by position so that a change made while someone pages neither repeats nor hides one.
     * A {@code skip} from the links of earlier versions is not read: such a link opens the newest page.
     */
    private void team(Context ctx, Visit visit) {
        var before = Option.of(ctx.queryParam("before")).map(Older::parse);
        if (before.exists(Either::isLeft)) {
            console.refuse(ctx, HttpStatus.BAD_REQUEST, "This link to older access changes is not one the console made.",
                    visit, "/team", "Back to the team");
            return;
        }
        var history = operators.accessChanges(visit.business(), before.map(Either::get), ConsolePages.PAGE)
                .getOrElseThrow(refused -> new IllegalStateException("the console's team page: " + refused.message()));
        var everyone = history.operators();
        var keys = history.apiKeys();
        var members = everyone.map(o -> new Member(o.email(), LookalikeAddresses.note(o.email()).getOrElse(""), o.roleName(),
                ConsolePages.when(o.createdAt()), o.removedAt().map(ConsolePages::when).getOrElse(""), o.id().equals(visit.subject())));
        var actors = console.actorNames(visit, history.changes().map(OperatorAccess.Action::actor));
        var changes = history.changes().map(change -> {
            var key = keys.find(k -> k.id().equals(change.subject()));
            if (key.isDefined()) {
                return new Change(ConsolePages.when(change.at()), actors.apply(change.actor()), change.action(),
                        ConsolePages.apiKeyName(key.get().id(), key.get().name()), "", change.detail());
            }
            String operator = everyone.find(o -> o.id().equals(change.subject())).map(OperatorAccess.Operator::email)
                    .getOrElse(change.subject());
            return new Change(ConsolePages.when(change.at()), actors.apply(change.actor()), change.action(), operator,
                    LookalikeAddresses.note(operator).getOrElse(""), change.detail());
        });
        String base = ConsolePages.BASE + "/team";
        var page = new TeamPage(console.frame("Team", "/team", visit), visit.business().value(), members,
                everyone.count(o -> o.removedAt().isEmpty()), SignIn.OWNER.equals(visit.subject()), changes,
                before.isDefined(), before.isDefined() ? base + "#changes" : "",
                history.older().map(older -> base + "?before=" + URLEncoder.encode(older.token(), StandardCharsets.UTF_8)
                        + "#changes").getOrElse(""));
        pages.html(ctx, HttpStatus.OK, "console/team.jte", page);
    }

    /**
     * An operator as the page lists it; {@code removed} empty while it has access, {@code you} for the visitor's own
     * row; {@code lookalike} the note for an address that can pass for another, empty for others.
     */
    public record Member(String email, String lookalike, String role, String added, String removed, boolean you) {}

    /**
     * One change of access: when, by whom (named as every history names its actors), what, to which operator (its
     * address, {@code lookalike} noted as a member's is) or API key ("API key “billing” (key_...)", its name now), and
     * its detail.
     */
    public record Change(String at, String by, String action, String operator, String lookalike, String detail) {}

    /**
     * The page: {@code business} names the business in the commands it shows; {@code owner} when the visitor is the
     * owner (a command-line link), who has no row; {@code paged} when the changes shown are not the newest;
     * {@code newest} and {@code older} link to the newest page of changes and to the next one, empty when there is none.
     */
    public record TeamPage(Frame frame, String business, List<Member> members, int withAccess, boolean owner,
                           List<Change> changes, boolean paged, String newest, String older) {}
}

package dev.grantor.adapter.web.console;

import dev.grantor.adapter.web.console.ConsolePages.Notice;
import dev.grantor.adapter.web.page.Frame;
import dev.grantor.adapter.web.page.RealmPages;
import dev.grantor.adapter.web.page.Visit;
import dev.grantor.application.port.in.OutboxAdministration;
import dev.grantor.application.port.in.Webhooks.ListWebhooks;
import dev.grantor.application.port.in.Webhooks;
import dev.grantor.domain.shared.GrantId;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.vavr.collection.List;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** The webhooks (endpoints, recent deliveries and failures, retry) and the outbox (parked messages, requeue). */
public final class OperationPages {

    static final int DELIVERIES = 20;

    private final ConsolePages console;
    private final RealmPages pages;
    private final Webhooks webhooks;
    private final OutboxAdministration outbox;

    OperationPages(ConsolePages console, Webhooks webhooks, OutboxAdministration outbox) {
        this.console = console;
        this.pages = console.pages();
        this.webhooks = webhooks;
        this.outbox = outbox;
    }

    void routes() {
        pages.page("/webhooks", (ctx, visit) -> webhooks(ctx, visit, HttpStatus.OK, Option.none()));
        console.change("/webhooks/{webhook}/deliveries/{delivery}/retry", this::retry);
        pages.page("/outbox", (ctx, visit) -> outbox(ctx, visit, HttpStatus.OK, Option.none()));
        console.change("/outbox/{message}/requeue", this::requeue);
        console.change("/outbox/{message}/send-now", this::sendNow);
    }

    private void webhooks(Context ctx, Visit visit, HttpStatus status, Option<Notice> notice) {
        var endpoints = this.webhooks.list(visit.business(), new ListWebhooks(null, ConsolePages.PAGE))
                .map(page -> page.data()).getOrElse(List.empty())
                .map(w -> new Endpoint(w.id(), shownUrl(w.url(), console.mayChange(visit)), w.description().getOrElse(""), w.disabled(),
                        this.webhooks.deliveries(visit.business(), w.id(), DELIVERIES).getOrElse(List.empty())
                                .map(d -> new Delivery(d.id(), d.eventType(), d.status(), d.attempts(),
                                        d.lastResponseCode().map(Object::toString).getOrElse(""), d.lastError().getOrElse(""),
                                        ConsolePages.when(d.createdAt()), d.status().equals("failed")
                                                || d.status().equals("pending") && d.attempts() > 0))));
        var shown = notice.orElse(() -> Notice.from(ctx));
        pages.html(ctx, status, "console/webhooks.jte", new WebhooksPage(console.frame("Webhooks", "/webhooks", visit, shown),
                endpoints, shown, console.mayChange(visit)));
    }

    /**
     * An endpoint's URL as its page shows it. Many receivers take their secret in the path or the query (chat services'
     * incoming hooks, signed URLs), and whoever has it can post to the receiver as Grantor: a viewer, who may not change
     * anything, sees where the deliveries go (scheme, host, port) and not the rest, as it sees a key's last characters
     * and not the key. An operator sees it whole. A URL never carries credentials before its host: they are refused.
     */
    static String shownUrl(String url, boolean whole) {
        if (whole) {
            return url;
        }
        try {
            var uri = new URI(url);
            if (uri.getScheme() == null || uri.getHost() == null) {
                return "(hidden)";
            }
            boolean more = uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/")
                    || uri.getRawQuery() != null || uri.getRawFragment() != null;
            return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort()) + (more ? "/…" : "/");
        } catch (URISyntaxException unreadable) {
            return "(hidden)";
        }
    }

    private void retry(Context ctx, Visit visit) {
        String webhook = ctx.pathParam("webhook");
        String delivery = ctx.pathParam("delivery");
        // filed under the grant the store names (never the form's grant field), so the grant's timeline lists it
        var about = this.webhooks.grantOf(visit.business(), delivery);
        console.recorded(visit, "retried a webhook delivery", about.map(GrantId::value).getOrElse(delivery),
                about.isDefined() ? "delivery " + delivery + ", endpoint " + webhook : "endpoint " + webhook,
                () -> this.webhooks.attemptNow(visit.business(), webhook, delivery)).fold(error -> {
            webhooks(ctx, visit, RealmPages.status(error), Option.some(new Notice("bad", ConsolePages.text(error))));
            return null;
        }, retried -> {
            // recorded only when the delivery was made due (SENT_AGAIN, or DUE_NOW from a later retry time)
            String done = switch (retried.value().outcome()) {
                case SENT_AGAIN, DUE_NOW -> "retried";
                case DUE_ALREADY -> "delivery-due";
                case BEING_ATTEMPTED -> "attempting";
                case DELIVERED_ALREADY -> "delivered";
            };
            pages.seeOther(ctx, back(ctx).map(grant -> grant + "?done=" + done + "#timeline").getOrElse("/webhooks?done=" + done));
            return null;
        });
    }

    /**
     * The grant page a retry or requeue was asked from (its timeline's buttons name their grant), to go back to once it is
     * done; only a well-formed grant id of the console's own pages, so the field cannot send the browser anywhere else.
     */
    private static Option<String> back(Context ctx) {
        return Option.of(ctx.formParam("grant")).filter(id -> GrantId.parse("grant", id).isRight()).map(id -> "/grants/" + id);
    }

    private void outbox(Context ctx, Visit visit, HttpStatus status, Option<Notice> notice) {
        var parked = this.outbox.parked(visit.business(), ConsolePages.PAGE).map(m -> new Parked(m.id(), m.kind(), m.topic(),
                ConsolePages.when(m.createdAt()), m.attempts(), m.lastError().getOrElse(""), m.retryable()));
        var shown = notice.orElse(() -> Notice.from(ctx));
        pages.html(ctx, status, "console/outbox.jte", new OutboxPage(console.frame("Outbox", "/outbox", visit, shown), parked,
                shown, console.mayChange(visit)));
    }

    private void requeue(Context ctx, Visit visit) {
        String message = ctx.pathParam("message");
        var about = this.outbox.about(visit.business(), message);
        boolean email = about.exists(m -> m.kind() == OutboxAdministration.Message.Kind.EMAIL);
        var requeued = console.recorded(visit, email ? "requeued an email" : "requeued an outbox message", filedUnder(about, message),
                detail(about, message, ""), () -> Either.right(this.outbox.retry(visit.business(), message)));
        if (requeued.isLeft()) {
            var error = requeued.getLeft();
            outbox(ctx, visit, RealmPages.status(error), Option.some(new Notice("bad", ConsolePages.text(error))));
            return;
        }
        if (!requeued.get().value()) {
            // a parked sign-in email is there but cannot go again: say so rather than that it is not there
            boolean signIn = this.outbox.parked(visit.business(), 1_000).exists(m -> m.id().equals(message) && !m.retryable());
            outbox(ctx, visit, signIn ? HttpStatus.CONFLICT : HttpStatus.NOT_FOUND, Option.some(new Notice("bad", signIn
                    ? "A sign-in email cannot be sent again: its code or link was erased when it was parked. The customer can ask for a new one."
                    : "There is no such parked message.")));
            return;
        }
        pages.seeOther(ctx, back(ctx).map(grant -> grant + "?done=requeued#timeline").getOrElse("/outbox?done=requeued"));
    }

    /**
     * An email waiting for its retry, due now; the audit trail records only a send-now that changed something (the use
     * case takes its unit back otherwise), and the page says what happened: due now, due already, being sent and left
     * alone, sent or parked meanwhile.
     */
    private void sendNow(Context ctx, Visit visit) {
        String message = ctx.pathParam("message");
        var about = this.outbox.about(visit.business(), message);
        var recorded = console.recorded(visit, "sent an email now", filedUnder(about, message),
                detail(about, message, "brought forward from its retry time"),
                () -> Either.right(this.outbox.sendNow(visit.business(), message)));
        if (recorded.isLeft()) {
            var error = recorded.getLeft();
            outbox(ctx, visit, RealmPages.status(error), Option.some(new Notice("bad", ConsolePages.text(error))));
            return;
        }
        var outcome = recorded.get().value();
        if (outcome == OutboxAdministration.SendNow.NOT_FOUND) {
            outbox(ctx, visit, HttpStatus.NOT_FOUND, Option.some(new Notice("bad", "There is no such email waiting in the outbox.")));
            return;
        }
        String done = switch (outcome) {
            case DUE_NOW -> "sending";
            case ALREADY_DUE -> "due";
            case BEING_SENT -> "being-sent";
            case SENT -> "sent";
            case PARKED -> "parked";
            case NOT_FOUND -> throw new IllegalStateException("answered above");
        };
        pages.seeOther(ctx, back(ctx).map(grant -> grant + "?done=" + done + "#timeline").getOrElse("/outbox?done=" + done));
    }

    /**
     * The subject an action on an outbox message is recorded under: the grant the store says the message is about, so
     * the grant's timeline lists it (never the form's {@code grant} field, which only picks the page to go back to);
     * the message itself when it is about no grant (a sign-in email, a portal code) or is not this business's.
     */
    private static String filedUnder(Option<OutboxAdministration.About> about, String message) {
        return about.flatMap(OutboxAdministration.About::grant).map(GrantId::value).getOrElse(message);
    }

    /** An entry filed under a grant names its message, as the audit trail named it when the message was the subject. */
    private static String detail(Option<OutboxAdministration.About> about, String message, String detail) {
        if (about.flatMap(OutboxAdministration.About::grant).isEmpty()) {
            return detail;
        }
        String named = about.get().kind().name().toLowerCase(Locale.ROOT) + " " + message;
        return detail.isEmpty() ? named : named + ", " + detail;
    }

    public record Delivery(String id, String eventType, String status, int attempts, String responseCode, String error,
                           String created, boolean retryable) {}

    public record Endpoint(String id, String url, String description, boolean disabled, List<Delivery> deliveries) {}

    public record WebhooksPage(Frame frame, List<Endpoint> endpoints, Option<Notice> notice, boolean mayChange) {}

    public record Parked(String id, String kind, String topic, String created, int attempts, String error, boolean retryable) {}

    public record OutboxPage(Frame frame, List<Parked> messages, Option<Notice> notice, boolean mayChange) {}
}

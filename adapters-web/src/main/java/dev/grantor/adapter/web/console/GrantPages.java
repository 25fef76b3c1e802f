package dev.grantor.adapter.web.console;

import dev.grantor.adapter.web.console.ConsolePages.Choice;
import dev.grantor.adapter.web.console.ConsolePages.Notice;
import dev.grantor.adapter.web.page.Frame;
import dev.grantor.adapter.web.page.RealmPages;
import dev.grantor.adapter.web.page.Visit;
import dev.grantor.application.port.in.CustomerQueries;
import dev.grantor.application.port.in.DeliveryResends;
import dev.grantor.application.port.in.EntitlementCatalog;
import dev.grantor.application.port.in.GrantFulfillment.FulfillLicenseKey;
import dev.grantor.application.port.in.GrantFulfillment.ReportFailure;
import dev.grantor.application.port.in.GrantFulfillment.RevokeGrant;
import dev.grantor.application.port.in.GrantFulfillment;
import dev.grantor.application.port.in.GrantQueries.QueueEntry;
import dev.grantor.application.port.in.GrantQueries.QueueQuery;
import dev.grantor.application.port.in.GrantQueries.SearchGrants;
import dev.grantor.application.port.in.GrantQueries.WaitingEntitlements;
import dev.grantor.application.port.in.GrantQueries;
import dev.grantor.application.outbox.DeliveryEmailPayload;
import dev.grantor.application.port.in.GrantTimeline;
import dev.grantor.application.port.in.GrantView;
import dev.grantor.application.port.in.KeyPoolManagement;
import dev.grantor.application.port.in.LicenseKeyManagement;
import dev.grantor.application.port.in.OperatorAccess.Outcome;
import dev.grantor.domain.customer.Customer;
import dev.grantor.domain.entitlement.Entitlement;
import dev.grantor.domain.entitlement.FulfillmentMode;
import dev.grantor.domain.entitlement.IntegrationConfig;
import dev.grantor.domain.entitlement.IntegrationType;
import dev.grantor.domain.grant.Grant;
import dev.grantor.domain.grant.GrantOrigin;
import dev.grantor.domain.grant.GrantState;
import dev.grantor.domain.grant.GrantStatus;
import dev.grantor.domain.grant.LicenseKey;
import dev.grantor.domain.grant.LicenseKeyValue;
import dev.grantor.domain.grant.RevocationReason;
import dev.grantor.domain.shared.GrantorError;
import dev.grantor.domain.shared.Text;
import dev.grantor.application.view.LookalikeAddresses;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpStatus;
import io.vavr.Tuple2;
import io.vavr.collection.List;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.function.Function;

/** The queue (home), a grant with its timeline, the grant search, and what an operator does to a grant. */
public final class GrantPages {

    private final ConsolePages console;
    private final RealmPages pages;
    private final KeyPoolManagement pools;
    private final EntitlementCatalog catalog;
    private final GrantQueries grants;
    private final GrantFulfillment fulfillment;
    private final CustomerQueries customers;
    private final LicenseKeyManagement licenseKeys;
    private final DeliveryResends resends;
    private final GrantTimeline timeline;

    GrantPages(ConsolePages console, KeyPoolManagement pools, EntitlementCatalog catalog, GrantQueries grants,
               GrantFulfillment fulfillment, CustomerQueries customers, LicenseKeyManagement licenseKeys,
               DeliveryResends resends, GrantTimeline timeline) {
        this.console = console;
        this.pages = console.pages();
        this.pools = pools;
        this.catalog = catalog;
        this.grants = grants;
        this.fulfillment = fulfillment;
        this.customers = customers;
        this.licenseKeys = licenseKeys;
        this.resends = resends;
        this.timeline = timeline;
    }

    void routes() {
        pages.page("/", (ctx, visit) -> queue(ctx, visit, HttpStatus.OK, Option.none()));
        pages.page("/grants", this::search);
        pages.page("/grants/{id}", (ctx, visit) -> grant(ctx, visit, HttpStatus.OK, Option.none()));
        console.change("/grants/{id}/fulfill", this::fulfill);
        console.change("/grants/{id}/fill-from-pool", this::fillFromPool);
        console.change("/grants/{id}/fail", this::fail);
        console.change("/grants/{id}/revoke", this::revoke);
        console.change("/grants/{id}/resend", this::resend);
        console.change("/grants/{id}/instances/{instance}/free", this::freeSeat);
    }

    // ---- the queue -------------------------------------------------------------------------------------

    /** What was typed into one row's form and what the use case answered, shown next to the field. */
    record FormError(String grantId, String field, String value, String message, Failure failure) {
        FormError(String grantId, String field, String value, String message) {
            this(grantId, field, value, message, Failure.NONE);
        }

        /** A refusal that is shown next to one field of its form, not above the form. */
        boolean besideAField() {
            return field.equals("key") || failure.refused();
        }
    }

    /**
     * What was typed into a "Mark failed" form and, when a field of it was refused, which one and why: the form is
     * shown open again with both values, the refusal next to its field.
     */
    public record Failure(String code, String message, String field, String error) {
        static final Failure NONE = new Failure("", "", "", "");

        public boolean refused() {
            return !field.isEmpty();
        }

        /** {@code id} when the refusal is {@code at}'s, for its {@code aria-describedby}; none otherwise. */
        public String describedBy(String at, String id) {
            return field.equals(at) ? id : null;
        }
    }

    private void queue(Context ctx, Visit visit, HttpStatus status, Option<FormError> error) {
        String entitlement = param(ctx, "entitlement");
        String type = param(ctx, "type");
        String age = param(ctx, "age");
        // a negative offset or age is the query's own rule to refuse, not the page's to correct
        int offset = ConsolePages.number(param(ctx, "offset")).getOrElse(0);
        Integer minAge = ConsolePages.number(age).getOrNull();
        var answer = this.grants.queue(visit.business(), new QueueQuery(entitlement, type, minAge, offset, ConsolePages.PAGE));
        if (answer.isLeft()) {
            console.refuse(ctx, HttpStatus.BAD_REQUEST, ConsolePages.text(answer.getLeft()), visit, "/", "Back to the whole queue");
            return;
        }
        var queue = answer.get();
        Instant now = queue.entries().headOption().map(e -> e.grant().readAt()).getOrElse(Instant::now);
        var waiting = this.grants.waitingEntitlements(visit.business());
        var chosen = queue.filteredBy();
        var pools = this.pools.list(visit.business()).getOrElse(List.empty());
        var pooled = pools.map(p -> p.pool().entitlementId().value()).toSet();
        var rows = queue.entries().map(entry -> row(entry, now, pooled.contains(entry.entitlement().id().value()),
                error.filter(e -> e.grantId().equals(entry.grant().grant().id().value()))));
        var offered = pools.filter(p -> p.waitingGrants() > 0 && p.available() > 0);
        // the filter names only the first entitlements with waiting grants; the other offers' are read together, once
        var listed = waiting.entitlements().toMap(Entitlement::id, e -> e);
        var names = listed.merge(catalog.ofAll(visit.business(), offered.map(p -> p.pool().entitlementId())
                .filter(id -> !listed.containsKey(id))));
        var offers = offered.map(p -> new PoolOffer(p.pool().entitlementId().value(),
                names.get(p.pool().entitlementId()).map(e -> e.details().name()).getOrElse(p.pool().entitlementId().value()),
                p.available(), p.waitingGrants()));
        String filters = "entitlement=" + enc(entitlement) + "&type=" + enc(type) + "&age=" + enc(age);
        var notice = error.filter(e -> rows.forAll(r -> !r.grantId().equals(e.grantId())))
                .map(e -> new Notice("bad", e.grantId() + ": " + e.message())).orElse(() -> Notice.from(ctx));
        boolean filtered = !(entitlement + type + age).isEmpty();
        // the filter form's answer, as a search's: a GET carrying the form's fields, with no notice of its own to read
        boolean answered = filtered && ctx.method() == HandlerType.GET && ctx.queryParam("entitlement") != null
                && notice.isEmpty() && error.isEmpty();
        // a typed id is answered with what it named, or that it named nothing: a select's choice needs neither
        String named = !waiting.more() || entitlement.isEmpty() ? ""
                : chosen.map(e -> "Entitlement " + e.details().name() + " (" + e.id().value() + ")"
                                + (e.isActive() ? ". " : queue.total() > 0 ? ", deleted; its grants still wait. " : ", deleted. "))
                        .getOrElse("No entitlement has the id " + entitlement + ". ");
        String found = !answered ? "" : named + (queue.total() == 0 ? "No waiting grant matches these filters."
                : queue.total() == 1 ? "1 waiting grant matches these filters." : queue.total() + " waiting grants match these filters.");
        var frame = console.frame("Queue (" + queue.total() + ")", "/", visit);
        var page = new QueuePage(error.isDefined() ? frame.refused() : frame, queue.total(), rows, notice,
                entitlementFilter(waiting, chosen, entitlement), typeChoices(type), ageChoices(age), offers,
                offset > 0 ? ConsolePages.BASE + "/?" + filters + "&offset=" + Math.max(0, offset - ConsolePages.PAGE) : "",
                offset + ConsolePages.PAGE < queue.total()
                        ? ConsolePages.BASE + "/?" + filters + "&offset=" + (offset + ConsolePages.PAGE) : "",
                "?" + filters + "&offset=" + offset, filtered, found, console.mayChange(visit));
        pages.html(ctx, status, "console/queue.jte", page);
    }

    private QueuePage.Row row(QueueEntry entry, Instant now, boolean pooled, Option<FormError> error) {
        Grant grant = entry.grant().grant();
        var keyConfig = licenseKeyConfig(entry.entitlement());
        boolean manualKey = keyConfig.exists(c -> c.fulfillmentMode() == FulfillmentMode.MANUAL);
        return new QueuePage.Row(grant.id().value(), ConsolePages.age(grant.createdAt(), now),
                Duration.between(grant.createdAt(), now).toHours() >= 24, ConsolePages.when(grant.createdAt()),
                entry.customer().email().value(), name(entry.customer()), entry.entitlement().details().name(),
                origin(grant.origin()), manualKey, pooled, keyConfig.map(IntegrationConfig.LicenseKeyConfig::minKeyLength).getOrElse(1),
                error.filter(e -> e.field().equals("key")).map(FormError::value).getOrElse(""),
                error.filter(e -> e.field().equals("key")).map(FormError::message).getOrElse(""),
                error.filter(e -> !e.besideAField()).map(FormError::message).getOrElse(""),
                error.map(FormError::failure).getOrElse(Failure.NONE));
    }

    /** {@code found}: what the filters found, said when the page answers the filter form (empty otherwise). */
    public record QueuePage(Frame frame, int total, List<Row> rows, Option<Notice> notice, EntitlementFilter entitlement,
                            List<Choice> types, List<Choice> ages, List<PoolOffer> pools, String previous, String next,
                            String back, boolean filtered, String found, boolean mayChange) {
        public record Row(String grantId, String age, boolean old, String createdAt, String email, String name,
                          String entitlement, String origin, boolean manualKey, boolean pooled, int minKeyLength,
                          String typedKey, String keyError, String otherError, Failure failure) {
            /** The note beside an address that can pass for another, empty for others. */
            public String lookalike() {
                return LookalikeAddresses.note(email).getOrElse("");
            }

            /** The id of the key's error text, for {@code aria-describedby}; none without an error. */
            public String errorId() {
                return keyError.isEmpty() ? null : "err-" + grantId;
            }

            /**
             * Ends the name of each of the row's controls, visually hidden: a screen reader's list of a page's fields
             * and buttons shows them out of their row, where twenty "Fulfill" buttons could not be told apart.
             */
            public String whose() {
                return " for " + email + ", " + entitlement;
            }
        }
    }

    /**
     * The queue's entitlement filter: a choice among the entitlements with waiting grants (and the one filtered by, if
     * none of its grants waits any more); or, when more of them have waiting grants than a list offers, a field that
     * takes an entitlement's id ({@code typed}, with the text in {@code value}).
     */
    public record EntitlementFilter(List<Choice> choices, boolean typed, String value) {}

    public record PoolOffer(String entitlementId, String entitlementName, long available, long waiting) {}

    // ---- one grant -------------------------------------------------------------------------------------

    private void grant(Context ctx, Visit visit, HttpStatus status, Option<FormError> error) {
        var found = this.grants.get(visit.business(), ctx.pathParam("id"));
        if (found.isLeft()) {
            console.refuse(ctx, HttpStatus.NOT_FOUND, "There is no such grant.", visit, "/grants", "Search the grants");
            return;
        }
        GrantView view = found.get();
        Grant grant = view.grant();
        var before = Option.of(ctx.queryParam("before")).map(GrantTimeline.Older::parse);
        if (before.exists(Either::isLeft)) {
            console.refuse(ctx, HttpStatus.BAD_REQUEST, "This link to older entries of the timeline is not one the console made.",
                    visit, "/grants/" + grant.id().value(), "Back to the grant");
            return;
        }
        var customer = this.customers.get(visit.business(), grant.customerId().value()).toOption();
        var entitlement = this.catalog.get(visit.business(), grant.entitlementId().value()).toOption();
        var keyConfig = entitlement.flatMap(GrantPages::licenseKeyConfig);
        var fields = List.of(
                new Field("Grant id", grant.id().value()),
                new Field("Status", grant.status().wire()),
                Field.withAddresses("Customer", customer.map(c -> c.email().value() + name(c).transform(n -> n.isEmpty() ? "" : " (" + n + ")"))
                        .getOrElse(grant.customerId().value()), CustomerPages.path(grant.customerId().value())),
                new Field("Customer id", grant.customerId().value()),
                new Field("Entitlement", entitlement.map(e -> e.details().name() + " (" + e.id().value() + ")")
                        .getOrElse(grant.entitlementId().value())),
                new Field("Integration", grant.integrationType().wire()),
                new Field("Origin", origin(grant.origin())),
                new Field("Brand", grant.brandId().value()),
                new Field("Created", ConsolePages.when(grant.createdAt())),
                new Field("Updated", ConsolePages.when(grant.updatedAt())),
                new Field("Metadata", grant.metadata().entries().isEmpty() ? "none"
                        : "keys " + grant.metadata().entries().keySet().mkString(", ")))
                .appendAll(outcome(grant))
                .appendAll(view.licenseKey().map(k -> keyFields(k, view.readAt())).getOrElse(List.empty()));
        var key = view.licenseKey();
        var seats = key.map(k -> k.instances().map(i -> new Seat(i.id().value(), i.name(), ConsolePages.when(i.createdAt()))))
                .getOrElse(List.empty());
        var frame = console.frame("Grant " + grant.id().value(), "/grants", visit);
        boolean mayChange = console.mayChange(visit);
        // a viewer sees which key it is, not the key: handing a key out is a delivery's job, and delivering is a change
        var page = new GrantPage(error.isDefined() ? frame.refused() : frame, grant.id().value(),
                grant.status().wire(), fields, key.filter(k -> mayChange).map(k -> k.value().value()).getOrElse(""),
                key.map(k -> k.value().suffix()).getOrElse(""),
                key.isDefined(),
                key.flatMap(k -> k.activationsLimit()).map(l -> String.valueOf(l.value())).getOrElse("no limit"), seats,
                timeline(visit, grant, before.map(Either::get)), grant.status() == GrantStatus.PENDING,
                keyConfig.exists(c -> c.fulfillmentMode() == FulfillmentMode.MANUAL),
                this.pools.get(visit.business(), grant.entitlementId().value()).isRight(),
                keyConfig.map(IntegrationConfig.LicenseKeyConfig::minKeyLength).getOrElse(1),
                grant.status() == GrantStatus.DELIVERED && grant.integrationType() == IntegrationType.LICENSE_KEY,
                grant.status() != GrantStatus.REVOKED,
                error.filter(e -> e.field().equals("key")).map(FormError::value).getOrElse(""),
                error.filter(e -> e.field().equals("key")).map(FormError::message).getOrElse(""),
                error.filter(e -> !e.besideAField()).map(e -> new Notice("bad", e.message()))
                        .orElse(() -> Notice.from(ctx)),
                revocationReasons(), error.map(FormError::failure).getOrElse(Failure.NONE), mayChange);
        pages.html(ctx, status, "console/grant.jte", page);
    }

    /**
     * What the grant's state holds beyond its status, at the top of the page: a failure's code and message or a
     * revocation's reason are what support is asked about, and the timeline may have paged them away.
     */
    private static List<Field> outcome(Grant grant) {
        return switch (grant.state()) {
            case GrantState.Pending pending -> List.empty();
            case GrantState.Delivered delivered -> List.of(new Field("Delivered", ConsolePages.when(delivered.deliveredAt())));
            case GrantState.Failed failed -> List.of(new Field("Failed", ConsolePages.when(failed.failedAt())),
                    new Field("Error code", failed.errorCode()), new Field("Error message", failed.errorMessage()));
            case GrantState.Revoked revoked -> List.of(new Field("Revoked", ConsolePages.when(revoked.revokedAt())),
                    new Field("Revocation reason", spaced(revoked.reason().wire())));
        };
    }

    /** A wire word as the page's choices and fields show it (an integration type, a revocation's reason): spaced. */
    private static String spaced(String wire) {
        return wire.replace('_', ' ');
    }

    /** The key's own state: whether it still validates, and until when. */
    private static List<Field> keyFields(LicenseKey key, Instant at) {
        return List.of(new Field("Key status", key.statusAt(at).wire()),
                new Field("Key expires", key.expiresAt().map(ConsolePages::when).getOrElse("does not expire")));
    }

    /** How many entries of a grant's timeline a page shows, as many as of a customer's history. */
    static final int TIMELINE_PAGE = CustomerPages.HISTORY_PAGE;

    /**
     * A page of the grant's timeline, newest first, from the newest or past the entry the older-entries link names:
     * each entry numbered by its place from the newest, as the reading that began on the newest page counted them.
     */
    private Timeline timeline(Visit visit, Grant grant, Option<GrantTimeline.Older> before) {
        var page = this.timeline.timeline(visit.business(), grant.id().value(), before, TIMELINE_PAGE)
                .getOrElseThrow(refused -> new IllegalStateException("the console's timeline page: " + refused.message()));
        var actors = page.entries().flatMap(e -> e instanceof GrantTimeline.Action a ? List.of(a.actor())
                : e instanceof GrantTimeline.KeyRotated k ? actor(k.asker()).toList()
                : e instanceof GrantTimeline.Resent r ? actor(r.asker()).toList() : List.<String>empty());
        var actorNames = console.actorNames(visit, actors);
        var events = page.entries().map(entry -> switch (entry) {
            case GrantTimeline.Issued issued -> new Event("Issued", origin(issued.origin()), issued.at());
            case GrantTimeline.Delivered delivered -> new Event("Delivered",
                    delivered.licenseKey() ? "license key, delivery email queued" : "delivery reported", delivered.at());
            case GrantTimeline.Failed failed -> new Event("Failed", failed.errorCode() + ": " + failed.errorMessage(), failed.at());
            case GrantTimeline.Revoked revoked -> new Event("Revoked", revoked.reason().wire(), revoked.at());
            case GrantTimeline.KeyRotated rotated -> new Event("Key rotated", "by " + named(rotated.asker(), actorNames),
                    rotated.at());
            case GrantTimeline.Resent resent -> new Event("Delivery email resent", "requested by " + named(resent.asker(), actorNames),
                    resent.at());
            case GrantTimeline.Action action -> new Event("By " + actorNames.apply(action.actor()),
                    action.action() + (action.detail().isEmpty() ? "" : " (" + action.detail() + ")"), action.at());
            case GrantTimeline.Email email -> email(email);
            case GrantTimeline.Webhook webhook -> webhook(webhook);
        });
        String base = ConsolePages.BASE + "/grants/" + grant.id().value();
        return new Timeline(events, page.first(), before.isDefined(), before.isDefined() ? base + "#timeline" : "",
                page.older().map(older -> base + "?before=" + enc(older.token()) + "#timeline").getOrElse(""));
    }

    /**
     * An email as it stands, with what the mail server answered its last failed try; a parked one carries the Outbox
     * page's requeue (its route, its role rule and audit entry), which comes back to this page, and one waiting for its
     * retry the send-now, which makes it due at once (one being sent right now is left alone, and the page says so).
     */
    private static Event email(GrantTimeline.Email email) {
        String what = email.topic().equals(DeliveryEmailPayload.TOPIC) ? "Delivery email" : "Email " + email.topic();
        String tries = email.attempts() == 1 ? "1 failed attempt" : email.attempts() + " failed attempts";
        String last = email.lastError().map(error -> ", the last answered: " + error).getOrElse("");
        String detail = switch (email.state()) {
            case PENDING -> email.attempts() == 0 ? "queued" : "retrying after " + tries + last
                    + email.retryAt().map(at -> ", next attempt " + ConsolePages.when(at)).getOrElse("");
            case SENT -> "sent " + email.settledAt().map(ConsolePages::when).getOrElse("")
                    + (email.attempts() == 0 ? "" : " after " + tries + last);
            case PARKED -> "parked " + email.settledAt().map(ConsolePages::when).getOrElse("") + " after " + tries + last;
        };
        if (email.state() == GrantTimeline.EmailState.PENDING && email.retryAt().isDefined()) {
            return new Event(what, detail, ConsolePages.when(email.at()),
                    ConsolePages.BASE + "/outbox/" + email.messageId() + "/send-now", "Send now");
        }
        return new Event(what, detail, ConsolePages.when(email.at()),
                email.requeueable() ? ConsolePages.BASE + "/outbox/" + email.messageId() + "/requeue" : "", "Requeue this email");
    }

    /**
     * One endpoint's delivery of an event of the grant: its state, attempts and last answer; a failed one (or one whose
     * last attempt failed) carries the Webhooks page's retry, which comes back to this page.
     */
    private static Event webhook(GrantTimeline.Webhook webhook) {
        String state = switch (webhook.state()) {
            case PENDING -> webhook.attempts() == 0 ? "pending" : "retrying";
            case DELIVERED -> "delivered";
            case FAILED -> "failed";
        };
        // an answered attempt's error only restates its code; one that got no answer says why
        String answer = webhook.lastResponseCode().map(code -> "HTTP " + code).orElse(webhook.lastError()).getOrElse("");
        String detail = "to " + webhook.endpointId() + ": " + state + ", " + webhook.attempts()
                + (webhook.attempts() == 1 ? " attempt" : " attempts")
                + webhook.lastAttemptAt().map(at -> ", the last " + ConsolePages.when(at) + (answer.isEmpty() ? "" : " (" + answer + ")"))
                        .getOrElse("");
        return new Event("Webhook " + webhook.eventType(), detail, ConsolePages.when(webhook.at()),
                webhook.retryable() ? ConsolePages.BASE + "/webhooks/" + webhook.endpointId() + "/deliveries/"
                        + webhook.deliveryId() + "/retry" : "", "Retry this delivery");
    }

    /** The actor to name, for an asker the histories name as one. */
    private static Option<String> actor(GrantTimeline.Asker asker) {
        return asker instanceof GrantTimeline.Asker.AsActor as ? Option.some(as.recorded()) : Option.none();
    }

    private static String named(GrantTimeline.Asker asker, Function<String, String> actorNames) {
        return switch (asker) {
            case GrantTimeline.Asker.AsActor as -> actorNames.apply(as.recorded());
            case GrantTimeline.Asker.Customer customer -> "the customer, on the portal";
            case GrantTimeline.Asker.CommandLine commandLine -> commandLine.name() + " (command line)";
            case GrantTimeline.Asker.AsStored stored -> stored.text();
        };
    }

    /**
     * A labelled detail of the page; {@code href}, when not empty, the page the value links to (the grant's customer);
     * {@code lookalike} the note beside a value holding an address that can pass for another.
     */
    public record Field(String label, String value, String href, String lookalike) {
        Field(String label, String value) {
            this(label, value, "");
        }

        Field(String label, String value, String href) {
            this(label, value, href, "");
        }

        /** A value that is or holds email addresses, noted when one of them is {@link LookalikeAddresses#prone}. */
        static Field withAddresses(String label, String value, String href) {
            return new Field(label, value, href, LookalikeAddresses.note(value).getOrElse(""));
        }
    }

    public record Seat(String instanceId, String name, String since) {}

    /**
     * An entry of the timeline; {@code action}, when not empty, where the button labelled {@code actionLabel} posts (an
     * email's requeue, a webhook delivery's retry), shown to an operator who may change things.
     */
    public record Event(String what, String detail, String when, String action, String actionLabel) {
        Event(String what, String detail, Instant at) {
            this(what, detail, ConsolePages.when(at), "", "");
        }
    }

    /**
     * One page of the grant's timeline; {@code first} the number of its first entry; {@code paged}: it is not the newest
     * page; {@code newest} and {@code older} link to the newest page and the next older one (empty when there is none).
     */
    public record Timeline(List<Event> events, int first, boolean paged, String newest, String older) {}

    /**
     * {@code key} is the whole key, for an operator who may change things (empty for a viewer); {@code keyEnding} its
     * last four characters, shown to a viewer (empty for a key too short to show any of); {@code keyed} whether the
     * grant has a key at all.
     */
    public record GrantPage(Frame frame, String grantId, String status, List<Field> fields, String key, String keyEnding,
                            boolean keyed, String seatLimit, List<Seat> seats, Timeline timeline, boolean pending,
                            boolean manualKey, boolean pooled, int minKeyLength, boolean resendable, boolean revocable,
                            String typedKey, String keyError, Option<Notice> notice, List<Choice> reasons, Failure failure,
                            boolean mayChange) {
        public String errorId() {
            return keyError.isEmpty() ? null : "key-error";
        }
    }

    // ---- search ----------------------------------------------------------------------------------------

    /**
     * The grants the query names, among all of the business's however old (see {@link GrantQueries#search}): a grant id,
     * a customer's email, a payment or subscription id, or a key's ending. A viewer's search matches a key by no more than
     * its pages show of it ({@link GrantQueries.KeyEndings#SHOWN}). A page at a time, newest first, each "Older grants"
     * link naming the position its page ended at ({@code before}), so a grant issued meanwhile neither repeats nor hides
     * one.
     */
    private void search(Context ctx, Visit visit) {
        String q = param(ctx, "q");
        String status = param(ctx, "status");
        var before = Option.of(ctx.queryParam("before")).map(GrantQueries.Position::parse);
        if (before.exists(Either::isLeft)) {
            console.refuse(ctx, HttpStatus.BAD_REQUEST, "This link to older grants is not one the console made.", visit,
                    "/grants", "Search the grants");
            return;
        }
        var keys = console.mayChange(visit) ? GrantQueries.KeyEndings.ANY : GrantQueries.KeyEndings.SHOWN;
        var answer = this.grants.search(visit.business(), new SearchGrants(q, status, keys, before.map(Either::get),
                ConsolePages.PAGE));
        if (answer.isLeft()) {
            console.refuse(ctx, HttpStatus.BAD_REQUEST, ConsolePages.text(answer.getLeft()), visit, "/grants", "Search the grants");
            return;
        }
        var found = answer.get();
        // the form sends both fields, and a page link carries them on: their presence tells an answer from a plain visit
        boolean searched = ctx.queryParam("q") != null || ctx.queryParam("status") != null;
        String having = status.isEmpty() ? "" : " with the status " + status;
        String said = "";
        if (found.grants().isEmpty()) {
            said = before.isDefined() ? "No older grant" + (q.isEmpty() ? "" : " matches " + q) + having + "."
                    : !q.isEmpty() ? "No grant matches " + q + having + "."
                    : !status.isEmpty() ? "No grant" + having + "."
                    : "No grant yet. Grants appear here as the shop issues them (POST /entitlements/{id}/grants).";
        } else if (searched) {
            said = summary(found.grants().size(), q, having, before.isDefined(), found.older().isDefined());
        }
        var rows = found.grants().map(f -> new SearchPage.Row(f.grant().grant().id().value(), f.grant().grant().status().wire(),
                f.customer().email().value(), origin(f.grant().grant().origin()), ConsolePages.when(f.grant().grant().createdAt())));
        var statuses = List.of("", "pending", "delivered", "failed", "revoked").map(s -> new Choice(s,
                s.isEmpty() ? "Any status" : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1), s.equalsIgnoreCase(status)));
        String base = ConsolePages.BASE + "/grants?q=" + enc(q) + "&status=" + enc(status);
        pages.html(ctx, HttpStatus.OK, "console/grants.jte", new SearchPage(console.frame("Grants", "/grants", visit), q,
                statuses, rows, said, searched, before.isDefined() ? base : "",
                found.older().map(older -> base + "&before=" + enc(older.token())).getOrElse("")));
    }

    /** What a search found, said first on its page: "2 grants match ada@example.com.", "The newest N grants that match …". */
    private static String summary(int n, String q, String having, boolean older, boolean more) {
        String grants = n == 1 ? "grant" : "grants";
        String which = older ? n + " older " + grants : more ? "The newest " + n + " " + grants : n + " " + grants;
        String matching = q.isEmpty() ? "" : (older || more ? " that match " : n == 1 ? " matches " : " match ") + q;
        return which + matching + having + (more ? ", of more: older ones follow on the next page." : ".");
    }

    /**
     * {@code searched}: the page answers a search (its summary takes the focus), not a plain visit;
     * {@code newest}: the link to the first page, empty on it; {@code older}: the link to the next page, empty on the
     * last.
     */
    public record SearchPage(Frame frame, String q, List<Choice> statuses, List<Row> rows, String said, boolean searched,
                             String newest, String older) {
        public record Row(String grantId, String status, String customer, String origin, String created) {
            /** The note beside an address that can pass for another, empty for others. */
            public String lookalike() {
                return LookalikeAddresses.note(customer).getOrElse("");
            }
        }
    }

    // ---- actions ---------------------------------------------------------------------------------------

    private void fulfill(Context ctx, Visit visit) {
        String id = ctx.pathParam("id");
        String typed = Option.of(ctx.formParam("key")).getOrElse("");
        var result = console.recorded(visit, "fulfilled", id, "key ending " + suffix(typed),
                () -> this.fulfillment.fulfillLicenseKey(visit.business(), id, new FulfillLicenseKey(typed, null, null)));
        result.fold(error -> {
            again(ctx, visit, new FormError(id, "key", typed, ConsolePages.text(error)), error);
            return null;
        }, outcome -> {
            if (outcome instanceof Outcome.Unchanged) {
                back(ctx, id, "has-key");
                return null;
            }
            String key = outcome.value().licenseKey().map(k -> k.value().value()).getOrElse(Text.trim(typed));
            int length = Text.length(key);
            back(ctx, id, "fulfilled" + (length < ConsolePages.SHORT_KEY ? "&short=" + length : ""));
            return null;
        });
    }

    private void fillFromPool(Context ctx, Visit visit) {
        String id = ctx.pathParam("id");
        console.recorded(visit, "fulfilled from the pool", id, "", () -> this.pools.fulfillFromPool(visit.business(), id)).fold(error -> {
            again(ctx, visit, new FormError(id, "pool", "", ConsolePages.text(error)), error);
            return null;
        }, done -> {
            back(ctx, id, "pooled");
            return null;
        });
    }

    private void fail(Context ctx, Visit visit) {
        String id = ctx.pathParam("id");
        var command = new ReportFailure(ctx.formParam("error_code"), ctx.formParam("error_message"));
        console.recorded(visit, "marked failed", id, String.valueOf(command.errorCode()),
                () -> this.fulfillment.reportFailure(visit.business(), id, command)).fold(error -> {
            var failure = new Failure(Option.of(command.errorCode()).getOrElse(""), Option.of(command.errorMessage()).getOrElse(""),
                    refusedField(error), ConsolePages.text(error));
            again(ctx, visit, new FormError(id, "failure", "", failure.error(), failure), error);
            return null;
        }, done -> {
            back(ctx, id, "failed");
            return null;
        });
    }

    private void revoke(Context ctx, Visit visit) {
        String id = ctx.pathParam("id");
        String reason = Option.of(ctx.formParam("reason")).filter(r -> !r.isBlank()).getOrElse("manual");
        console.recorded(visit, "revoked", id, "reason: " + reason,
                () -> this.fulfillment.revoke(visit.business(), id, new RevokeGrant(null, reason))).fold(error -> {
            again(ctx, visit, new FormError(id, "revoke", "", ConsolePages.text(error)), error);
            return null;
        }, outcome -> {
            back(ctx, id, outcome instanceof Outcome.Unchanged ? "revoked-already" : "revoked");
            return null;
        });
    }

    private void resend(Context ctx, Visit visit) {
        String id = ctx.pathParam("id");
        console.recorded(visit, "resent the delivery email", id, "", () -> this.resends.resend(visit.business(), id,
                new DeliveryResends.ByOperator(visit.subject()), DeliveryResends.ResendPolicy.OPERATOR)).fold(error -> {
            again(ctx, visit, new FormError(id, "resend", "", ConsolePages.text(error)), error);
            return null;
        }, done -> {
            pages.seeOther(ctx, "/grants/" + id + "?done=resent");
            return null;
        });
    }

    private void freeSeat(Context ctx, Visit visit) {
        String id = ctx.pathParam("id");
        String instance = ctx.pathParam("instance");
        var grant = this.grants.get(visit.business(), id);
        boolean ours = grant.toOption().flatMap(GrantView::licenseKey)
                .exists(k -> k.instances().exists(i -> i.id().value().equals(instance)));
        if (!ours) {
            console.refuse(ctx, HttpStatus.NOT_FOUND, "There is no such seat on this grant's key.", visit,
                    grant.isRight() ? "/grants/" + id : "/grants", grant.isRight() ? "Back to the grant" : "Search the grants");
            return;
        }
        console.recorded(visit, "freed a seat", id, "instance " + instance,
                () -> this.licenseKeys.deleteInstance(visit.business(), instance)).fold(error -> {
            again(ctx, visit, new FormError(id, "seat", "", ConsolePages.text(error)), error);
            return null;
        }, done -> {
            pages.seeOther(ctx, "/grants/" + id + "?done=freed");
            return null;
        });
    }

    /** After an action: back where the form was (the grant page or the queue with its filters). */
    private void back(Context ctx, String grantId, String done) {
        String from = Option.of(ctx.formParam("back")).getOrElse("");
        if (from.equals("grant")) {
            pages.seeOther(ctx, "/grants/" + grantId + "?done=" + done);
        } else {
            String query = from.startsWith("?") ? from.substring(1) + "&" : "";
            pages.seeOther(ctx, "/?" + sanitizedQuery(query) + "done=" + done);
        }
    }

    /** The form's page again, with the error next to the field and what was typed kept. */
    private void again(Context ctx, Visit visit, FormError error, GrantorError cause) {
        HttpStatus status = RealmPages.status(cause);
        if (status == HttpStatus.NOT_FOUND) {
            console.refuse(ctx, status, "There is no such grant.", visit, "/grants", "Search the grants");
            return;
        }
        if ("grant".equals(ctx.formParam("back"))) {
            grant(ctx, visit, status, Option.some(error));
        } else {
            queue(ctx, visit, status, Option.some(error));
        }
    }

    /** Only the queue's own filter parameters travel back, so a form cannot redirect anywhere else. */
    private static String sanitizedQuery(String query) {
        return List.of(query.split("&"))
                .filter(p -> p.matches("(entitlement|type|age|offset)=[A-Za-z0-9_%.-]*"))
                .map(p -> p + "&").mkString();
    }

    // ---- shared ----------------------------------------------------------------------------------------

    /** The form field a refusal of "Mark failed" names first, or none when it is about the grant, not a field. */
    private static String refusedField(GrantorError error) {
        var details = switch (error) {
            case GrantorError.ValidationFailed failed -> failed.details();
            case GrantorError.InvalidRequest invalid -> invalid.details();
            default -> List.<GrantorError.FieldProblem>empty();
        };
        return details.map(GrantorError.FieldProblem::field).find(f -> f.equals("error_code") || f.equals("error_message"))
                .getOrElse("");
    }

    static Option<IntegrationConfig.LicenseKeyConfig> licenseKeyConfig(Entitlement entitlement) {
        return entitlement.config() instanceof IntegrationConfig.LicenseKeyConfig config ? Option.some(config) : Option.none();
    }

    static String origin(GrantOrigin origin) {
        return switch (origin) {
            case GrantOrigin.Payment p -> "payment " + p.paymentId();
            case GrantOrigin.Subscription s -> "subscription " + s.subscriptionId();
            case GrantOrigin.Direct d -> "issued directly";
        };
    }

    static String name(Customer customer) {
        return customer.name().map(n -> n.value()).getOrElse("");
    }

    /**
     * What the audit trail names a typed key by: the key's last four characters, as the engine reads the key (trimmed,
     * counted in characters, not UTF-16 units), and nothing of a short one, which a viewer's grant page hides too.
     */
    static String suffix(String typed) {
        return LicenseKeyValue.lookup(typed).map(LicenseKeyValue::suffix).filter(ending -> !ending.isEmpty())
                .getOrElse("(short key, not shown)");
    }

    private static String param(Context ctx, String name) {
        return Option.of(ctx.queryParam(name)).orElse(() -> Option.of(ctx.formParam(name))).map(String::strip).getOrElse("");
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static EntitlementFilter entitlementFilter(WaitingEntitlements waiting, Option<Entitlement> chosen, String selected) {
        if (waiting.more()) {
            return new EntitlementFilter(List.empty(), true, selected);
        }
        var offered = waiting.entitlements().appendAll(chosen.filter(c -> !waiting.entitlements().contains(c)));
        return new EntitlementFilter(List.of(new Choice("", "All entitlements", selected.isEmpty()))
                .appendAll(offered.map(e -> new Choice(e.id().value(), e.details().name() + (e.isActive() ? "" : " (deleted)"),
                        e.id().value().equals(selected)))),
                false, selected);
    }

    private static List<Choice> typeChoices(String selected) {
        return List.of(new Choice("", "All types", selected.isEmpty()))
                .appendAll(List.of(IntegrationType.values()).map(t -> new Choice(t.wire(), spaced(t.wire()),
                        t.wire().equals(selected))));
    }

    private static List<Choice> ageChoices(String selected) {
        return List.of(new Tuple2<>("", "Any age"), new Tuple2<>("1", "Older than 1 hour"), new Tuple2<>("24", "Older than 24 hours"),
                        new Tuple2<>("72", "Older than 3 days"))
                .map(t -> new Choice(t._1, t._2, t._1.equals(selected)));
    }

    /** Not {@code license_key_disabled}: only disabling the key gives it, and revoking refuses it. */
    private static List<Choice> revocationReasons() {
        return List.of(RevocationReason.values()).filter(r -> r != RevocationReason.LICENSE_KEY_DISABLED)
                .map(r -> new Choice(r.wire(), spaced(r.wire()), r == RevocationReason.MANUAL));
    }

}

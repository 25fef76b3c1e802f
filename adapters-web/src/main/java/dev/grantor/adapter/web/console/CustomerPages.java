package dev.grantor.adapter.web.console;

import dev.grantor.adapter.web.console.ConsolePages.Notice;
import dev.grantor.adapter.web.page.Frame;
import dev.grantor.adapter.web.page.RealmPages;
import dev.grantor.adapter.web.page.Visit;
import dev.grantor.application.port.in.CustomerManagement;
import dev.grantor.application.port.in.CustomerManagement.UpdateCustomer;
import dev.grantor.application.port.in.CustomerQueries.ListCustomers;
import dev.grantor.application.port.in.EntitlementCatalog;
import dev.grantor.application.port.in.GrantQueries;
import dev.grantor.application.port.in.GrantView;
import dev.grantor.application.port.in.Older;
import dev.grantor.application.port.in.OperatorAccess;
import dev.grantor.application.view.LookalikeAddresses;
import dev.grantor.domain.customer.Customer;
import dev.grantor.domain.customer.CustomerName;
import dev.grantor.domain.customer.PhoneNumber;
import dev.grantor.domain.entitlement.IntegrationType;
import dev.grantor.domain.grant.GrantStatus;
import dev.grantor.domain.shared.EmailAddress;
import dev.grantor.domain.shared.GrantorError;
import dev.grantor.domain.shared.Text;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.vavr.collection.List;
import io.vavr.control.Either;
import io.vavr.control.Option;

/**
 * The customers of the business: found by email or id, each with its details and its grants, and changed by an operator
 * through the API's own use case (its rules and error texts). The commonest fix support makes by hand is here: an email
 * typed wrong at checkout, moved to the right one, then the key sent again from its grant's page.
 */
public final class CustomerPages {

    /** The form's fields, named as the API's body names them, so that a refusal's field is the form's. */
    static final List<String> FIELDS = List.of("name", "email", "phone_number");

    private final ConsolePages console;
    private final RealmPages pages;
    private final CustomerManagement customers;
    private final GrantQueries grants;
    private final EntitlementCatalog catalog;
    private final OperatorAccess operators;

    CustomerPages(ConsolePages console, CustomerManagement customers, GrantQueries grants, EntitlementCatalog catalog,
                  OperatorAccess operators) {
        this.console = console;
        this.pages = console.pages();
        this.customers = customers;
        this.grants = grants;
        this.catalog = catalog;
        this.operators = operators;
    }

    void routes() {
        pages.page("/customers", this::search);
        pages.page("/customers/{customer}", (ctx, visit) -> found(ctx, visit)
                .forEach(customer -> customer(ctx, visit, HttpStatus.OK, customer, Option.none())));
        console.change("/customers/{customer}", this::change);
    }

    /** The console's address of a customer's page. */
    static String path(String customerId) {
        return ConsolePages.BASE + "/customers/" + customerId;
    }

    // ---- search ----------------------------------------------------------------------------------------

    /**
     * By email when the query has an {@code @} (the whole address, in any letter case, as the engine matches a
     * customer's email), else by customer id. Without a query, the newest customers.
     */
    private void search(Context ctx, Visit visit) {
        // the form always sends q: its presence tells an answer to a search from a plain visit
        boolean searched = ctx.queryParam("q") != null;
        String q = Option.of(ctx.queryParam("q")).map(String::strip).getOrElse("");
        List<Customer> found;
        String said = "";
        if (q.isEmpty()) {
            found = customers.list(visit.business(), new ListCustomers(ConsolePages.PAGE, 0, null)).getOrElse(List.empty());
            if (found.isEmpty()) {
                said = "No customer yet. Customers appear here as the shop issues grants or creates them (POST /customers).";
            } else if (searched) {
                said = "Nothing typed to find: these are the newest customers.";
            }
        } else if (q.contains("@")) {
            found = customers.list(visit.business(), new ListCustomers(ConsolePages.PAGE, 0, q)).getOrElse(List.empty());
            said = found.isEmpty() ? "No customer has the email " + q + "." : "Found the customer with the email " + q + ".";
        } else {
            found = customers.get(visit.business(), q).toOption().toList();
            said = found.isEmpty() ? "No customer has the id " + q + "." : "Found the customer with the id " + q + ".";
        }
        var rows = found.map(c -> new SearchPage.Row(c.id().value(), c.email().value(), GrantPages.name(c),
                ConsolePages.when(c.createdAt())));
        pages.html(ctx, HttpStatus.OK, "console/customers.jte",
                new SearchPage(console.frame("Customers", "/customers", visit), q, q.isEmpty() && !found.isEmpty(), rows, said,
                        searched));
    }

    /**
     * {@code newest}: the rows are the newest customers, not an answer to a query; {@code searched}: the page answers
     * the search form (its summary takes the focus), not a plain visit.
     */
    public record SearchPage(Frame frame, String q, boolean newest, List<Row> rows, String said, boolean searched) {
        public record Row(String customerId, String email, String name, String created) {
            /** The note beside an address that can pass for another, empty for others. */
            public String lookalike() {
                return LookalikeAddresses.note(email).getOrElse("");
            }
        }
    }

    // ---- one customer ----------------------------------------------------------------------------------

    /**
     * What the change form shows: the values in its fields ({@code typed}), the values the page showed when it was
     * opened ({@code shown}, carried in hidden fields, so that only what the operator changed is sent), and a refusal
     * with the field it is about (empty when it is about no one field).
     */
    public record Form(Details typed, Details shown, String field, String error) {
        static Form of(Customer customer) {
            var details = Details.of(customer);
            return new Form(details, details, "", "");
        }

        /** The refusal's text when it belongs next to {@code at}; empty otherwise. */
        public String errorAt(String at) {
            return field.equals(at) ? error : "";
        }

        /** The id of {@code at}'s error text, for its {@code aria-describedby}; none without one. */
        public String describedBy(String at) {
            return field.equals(at) ? at + "-error" : null;
        }

        public String invalid(String at) {
            return field.equals(at) ? "true" : null;
        }

        /** A refusal of no one field, shown as the page's notice. */
        public String generalError() {
            return !error.isEmpty() && !FIELDS.contains(field) ? error : "";
        }
    }

    /** A customer's details as the form spells them: absent ones empty. */
    public record Details(String name, String email, String phoneNumber) {
        static Details of(Customer customer) {
            return new Details(GrantPages.name(customer), customer.email().value(),
                    customer.phoneNumber().map(PhoneNumber::value).getOrElse(""));
        }
    }

    /** The customer the path names, or none after answering that there is no such customer. */
    private Option<Customer> found(Context ctx, Visit visit) {
        var found = customers.get(visit.business(), ctx.pathParam("customer"));
        if (found.isLeft()) {
            noSuchCustomer(ctx, visit);
        }
        return found.toOption();
    }

    private void customer(Context ctx, Visit visit, HttpStatus status, Customer customer, Option<Form> refused) {
        String id = customer.id().value();
        var before = Option.of(ctx.queryParam("before")).map(Older::parse);
        if (before.exists(Either::isLeft)) {
            console.refuse(ctx, HttpStatus.BAD_REQUEST, "This link to older entries of the history is not one the console made.",
                    visit, "/customers/" + id, "Back to the customer");
            return;
        }
        var grantsBefore = Option.of(ctx.queryParam("grants_before")).map(Older::parse);
        if (grantsBefore.exists(Either::isLeft)) {
            console.refuse(ctx, HttpStatus.BAD_REQUEST, "This link to older grants is not one the console made.",
                    visit, "/customers/" + id, "Back to the customer");
            return;
        }
        var read = grants.newestOfCustomer(visit.business(), id, grantsBefore.map(Either::get), ConsolePages.PAGE)
                .getOrElse(() -> new GrantQueries.CustomerGrants(List.empty(), Option.none()));
        var views = read.grants();
        var names = catalog.ofAll(visit.business(), views.map(v -> v.grant().entitlementId())).mapValues(e -> e.details().name());
        var rows = views.map(v -> new CustomerPage.GrantRow(v.grant().id().value(), v.grant().status().wire(),
                names.get(v.grant().entitlementId()).getOrElse(v.grant().entitlementId().value()),
                GrantPages.origin(v.grant().origin()), ConsolePages.when(v.grant().createdAt()), resendable(v)));
        var fields = List.of(
                new GrantPages.Field("Customer id", id),
                new GrantPages.Field("Name", GrantPages.name(customer).isEmpty() ? "none" : GrantPages.name(customer)),
                GrantPages.Field.withAddresses("Email", customer.email().value(), ""),
                new GrantPages.Field("Phone number", customer.phoneNumber().map(PhoneNumber::value).getOrElse("none")),
                new GrantPages.Field("Created", ConsolePages.when(customer.createdAt())),
                new GrantPages.Field("Updated", ConsolePages.when(customer.updatedAt())));
        var history = history(visit, id, before.map(Either::get));
        var notice = refused.map(Form::generalError).filter(e -> !e.isEmpty()).map(e -> new Notice("bad", e))
                .orElse(() -> Notice.from(ctx));
        boolean moved = refused.isEmpty() && "moved".equals(ctx.queryParam("done"));
        var frame = console.frame("Customer " + customer.email().value(), "/customers", visit);
        String base = ConsolePages.BASE + "/customers/" + id;
        var grantsPage = new CustomerPage.GrantsPage(grantsBefore.map(older -> older.get().shown()).getOrElse(0) + 1,
                grantsBefore.isDefined() ? base + "#grants" : "",
                read.older().map(older -> base + "?grants_before=" + java.net.URLEncoder.encode(older.token(),
                        java.nio.charset.StandardCharsets.UTF_8) + "#grants").getOrElse(""));
        pages.html(ctx, status, "console/customer.jte", new CustomerPage(refused.isDefined() ? frame.refused() : frame, id,
                fields, rows, grantsPage, notice, moved, refused.getOrElse(() -> Form.of(customer)),
                history, console.mayChange(visit)));
    }

    /** How many entries of a customer's history a page shows: a support case reads the latest few. */
    static final int HISTORY_PAGE = 25;

    /**
     * A page of the customer's history, newest first: from the newest, or past the entry the older-entries link names
     * ({@code before}). Read by position, so an entry written while someone pages neither repeats nor hides another;
     * numbered on from the entries the link says the pages before it showed, since a position cannot know its rank in
     * the whole history without counting every newer entry.
     */
    private CustomerPage.History history(Visit visit, String customerId, Option<Older> before) {
        var page = operators.history(visit.business(), customerId, before, HISTORY_PAGE)
                .getOrElseThrow(refused -> new IllegalStateException("the console's history page: " + refused.message()));
        var names = console.actorNames(visit, page.actions().map(OperatorAccess.Action::actor));
        var changes = page.actions().map(a -> new CustomerPage.Change(ConsolePages.when(a.at()), names.apply(a.actor()),
                what(a), LookalikeAddresses.note(a.detail()).getOrElse("")));
        String base = ConsolePages.BASE + "/customers/" + customerId;
        return new CustomerPage.History(changes, before.map(Older::shown).getOrElse(0) + 1, before.isDefined(),
                before.isDefined() ? base + "#history" : "",
                page.older().map(older -> base + "?before=" + java.net.URLEncoder.encode(older.token(),
                        java.nio.charset.StandardCharsets.UTF_8) + "#history").getOrElse(""));
    }

    /** What an entry says, in the history's words: a change names its parts, a creation the email it was made with. */
    private static String what(OperatorAccess.Action action) {
        return action.action().equals(CustomerManagement.CREATED) ? "created, " + action.detail() : action.detail();
    }

    /** A delivered key's email is what "Resend the delivery email" sends again; it goes to the customer's email now. */
    private static boolean resendable(GrantView view) {
        return view.grant().status() == GrantStatus.DELIVERED && view.grant().integrationType() == IntegrationType.LICENSE_KEY;
    }

    /**
     * {@code moved}: the page follows a change that moved the email, and says how to send a delivered key to the new
     * address; {@code grantsPage}: where the page of grants stands among the customer's grants (the newest first).
     */
    public record CustomerPage(Frame frame, String customerId, List<GrantPages.Field> fields, List<GrantRow> grants,
                               GrantsPage grantsPage, Option<Notice> notice, boolean moved, Form form, History history,
                               boolean mayChange) {
        /**
         * A page of the customer's grants: {@code first} the number of its first row counted from the newest grant;
         * {@code newest} and {@code older} link to the newest page and the next older one (empty when there is none).
         */
        public record GrantsPage(int first, String newest, String older) {
            public boolean paged() {
                return !newest.isEmpty() || !older.isEmpty();
            }
        }

        public record GrantRow(String grantId, String status, String entitlement, String origin, String created,
                               boolean resendable) {}

        /** {@code lookalike}: the note for an address in {@code what} that can pass for another, empty when none can. */
        public record Change(String when, String who, String what, String lookalike) {}

        /**
         * One page of the customer's history; {@code first} the number of its first entry, counted from the newest
         * entry of the page the reading started from (an older page goes on from the pages before it);
         * {@code paged}: it is not the newest page; {@code newest} and {@code older} link to the newest page and the
         * next older one (empty when there is none).
         */
        public record History(List<Change> changes, int first, boolean paged, String newest, String older) {}

        public List<GrantRow> resendable() {
            return grants.filter(GrantRow::resendable);
        }
    }

    /** Another business's customer is answered as an unknown one: the id tells nothing of who else has customers. */
    private void noSuchCustomer(Context ctx, Visit visit) {
        console.refuse(ctx, HttpStatus.NOT_FOUND, "There is no such customer.", visit, "/customers", "Search the customers");
    }

    // ---- the change ------------------------------------------------------------------------------------

    /**
     * Sends the use case only the fields the operator changed from what the page showed: a field left as it was is not
     * written back, so a change made meanwhile elsewhere (the API, another operator) to another field is not lost. Nor
     * is a field typed differently that reads, once parsed as the engine stores it, as the customer has it now (a pasted
     * no-break space after it, a page opened before the same change came through the API): a change that changes
     * nothing writes no audit entry. A field the operator changed that someone else changed too since the page was
     * opened is not overwritten unseen: the use case checks each changed field against what the page showed, in the
     * change's unit with the customer held (so two saves made from one page, however close, cannot both pass), and the
     * page comes back with the values as they are now and what was typed, to save again. The use case writes the
     * history's entry, naming the operator, in the change's unit: the same entry as a change through the API.
     */
    private void change(Context ctx, Visit visit) {
        var before = found(ctx, visit);
        if (before.isEmpty()) {
            return;
        }
        Customer current = before.get();
        String id = current.id().value();
        var typed = new Details(form(ctx, "name"), form(ctx, "email"), form(ctx, "phone_number"));
        var shown = new Details(form(ctx, "shown_name"), form(ctx, "shown_email"), form(ctx, "shown_phone_number"));
        var email = touched(typed.email(), shown.email()) ? EmailAddress.parse("email", typed.email()) : null;
        var name = touched(typed.name(), shown.name()) ? CustomerName.parse("name", typed.name()) : null;
        var phone = touched(typed.phoneNumber(), shown.phoneNumber()) ? PhoneNumber.parse("phone_number", typed.phoneNumber()) : null;
        boolean changesEmail = email != null && !email.contains(current.email());
        boolean changesName = name != null && !name.contains(current.name());
        boolean changesPhone = phone != null && !phone.contains(current.phoneNumber());
        if (!changesEmail && !changesName && !changesPhone) {
            pages.seeOther(ctx, "/customers/" + id + "?done=unchanged");
            return;
        }
        boolean removesPhone = changesPhone && phone.exists(Option::isEmpty);
        var command = new UpdateCustomer(changesEmail ? typed.email() : null, changesName ? typed.name() : null,
                changesPhone && !removesPhone ? typed.phoneNumber() : null, removesPhone, null);
        var seen = new CustomerManagement.SeenContact(shown.email(), shown.name(), shown.phoneNumber());
        console.allowed(visit, () -> customers.update(visit.business(), id, command, seen, ConsolePages.actor(visit))).fold(error -> {
            var now = customers.get(visit.business(), id);
            if (RealmPages.status(error) == HttpStatus.NOT_FOUND || now.isLeft()) {
                noSuchCustomer(ctx, visit);
                return null;
            }
            customer(ctx, visit, RealmPages.status(error), now.get(), Option.some(refused(typed, shown, Details.of(now.get()), error)));
            return null;
        }, changed -> {
            boolean moved = !changed.email().matchKey().equals(current.email().matchKey());
            pages.seeOther(ctx, "/customers/" + id + "?done=" + (moved ? "moved" : "changed"));
            return null;
        });
    }

    /**
     * The form again after a refusal: what the operator typed in the fields it changed, the customer's values as they
     * are now in the others (a field changed meanwhile elsewhere is not sent back as it was), and the page's view of the
     * customer made now, since the page shows the customer as it is now: the next save is judged against that.
     */
    private static Form refused(Details typed, Details shown, Details now, GrantorError error) {
        var kept = new Details(touched(typed.name(), shown.name()) ? typed.name() : now.name(),
                touched(typed.email(), shown.email()) ? typed.email() : now.email(),
                touched(typed.phoneNumber(), shown.phoneNumber()) ? typed.phoneNumber() : now.phoneNumber());
        return new Form(kept, now, field(error), ConsolePages.text(error));
    }

    /** Whether the operator typed over what the page showed (blanks around a value do not count). */
    private static boolean touched(String typed, String shown) {
        return !Text.trim(typed).equals(Text.trim(shown));
    }

    /** The form field a refusal names first, or none when it is about the customer, not a field. */
    private static String field(GrantorError error) {
        var details = switch (error) {
            case GrantorError.ValidationFailed failed -> failed.details();
            case GrantorError.InvalidRequest invalid -> invalid.details();
            default -> List.<GrantorError.FieldProblem>empty();
        };
        return details.map(GrantorError.FieldProblem::field).find(FIELDS::contains).getOrElse("");
    }

    private static String form(Context ctx, String name) {
        return Option.of(ctx.formParam(name)).getOrElse("");
    }
}

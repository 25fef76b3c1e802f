package dev.grantor.application.service;

import dev.grantor.application.port.in.GrantQueries;
import dev.grantor.application.port.in.GrantView;
import dev.grantor.application.port.in.Older;
import dev.grantor.application.port.out.Before;
import dev.grantor.application.port.out.Customers;
import dev.grantor.application.port.out.Entitlements;
import dev.grantor.application.port.out.Grants;
import dev.grantor.application.port.out.Grants.Filter;
import dev.grantor.application.port.out.Grants.Sought;
import dev.grantor.application.port.out.LicenseKeys;
import dev.grantor.application.port.out.Page;
import dev.grantor.application.port.out.Transactions;
import dev.grantor.domain.entitlement.Entitlement;
import dev.grantor.domain.entitlement.IntegrationType;
import dev.grantor.domain.grant.Grant;
import dev.grantor.domain.grant.GrantStatus;
import dev.grantor.domain.grant.LicenseKeyValue;
import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.CustomerId;
import dev.grantor.domain.shared.EmailAddress;
import dev.grantor.domain.shared.EntitlementId;
import dev.grantor.domain.shared.GrantId;
import dev.grantor.domain.shared.GrantorError;
import dev.grantor.domain.shared.GrantorError.NotFound;
import dev.grantor.domain.shared.Text;
import io.vavr.collection.List;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Comparator;

/** Reads grants with their keys, newest first; every read sees one consistent view of the store. */
public final class GrantQueriesService implements GrantQueries {

    private static final ListGrants DEFAULTS = new ListGrants(null, null, null, null, null, null);

    private final Transactions transactions;
    private final Grants grants;
    private final Entitlements entitlements;
    private final LicenseKeys licenseKeys;
    private final Customers customers;
    private final InstantSource clock;
    private final CommandValidation validation;

    public GrantQueriesService(Transactions transactions, Grants grants, Entitlements entitlements, LicenseKeys licenseKeys,
                               Customers customers, InstantSource clock, CommandValidation validation) {
        this.transactions = transactions;
        this.grants = grants;
        this.entitlements = entitlements;
        this.licenseKeys = licenseKeys;
        this.customers = customers;
        this.clock = clock;
        this.validation = validation;
    }

    @Override
    public Either<GrantorError, Queue> queue(BusinessId business, QueueQuery query) {
        return validation.check(query).flatMap(q -> {
            Either<GrantorError, Option<IntegrationType>> type = q.integrationType() == null || q.integrationType().isBlank()
                    ? Either.right(Option.none())
                    : IntegrationType.parse(q.integrationType()).mapLeft(problem -> problem.at("integration_type")).map(Option::some);
            return type.map(t -> transactions.read(() -> {
                Instant now = clock.instant();
                var entitlementFilter = Option.of(q.entitlementId()).filter(raw -> !raw.isBlank())
                        .map(raw -> EntitlementId.parse("entitlement_id", raw).toOption());
                if (entitlementFilter.exists(Option::isEmpty)) {
                    return new Queue(List.empty(), 0, Option.none());
                }
                var filtered = entitlementFilter.flatMap(e -> e);
                var filter = new Filter(filtered, Option.none(), Option.some(GrantStatus.PENDING), t);
                var before = Option.of(q.minAgeHours()).filter(h -> h > 0).map(h -> now.minus(java.time.Duration.ofHours(h)));
                var page = grants.oldestFirst(business, filter, before, q.offset(), q.limit());
                var entitlementsById = entitlements.ofAll(business, page.map(Grant::entitlementId));
                var customersById = customers.ofAll(business, page.map(Grant::customerId));
                var entries = withKeys(page, now).flatMap(view -> customersById.get(view.grant().customerId())
                        .flatMap(customer -> entitlementsById.get(view.grant().entitlementId())
                                .map(entitlement -> new QueueEntry(view, customer, entitlement))));
                // read again only when no grant of the page named it (none waits, or the page is past the last)
                var filteredBy = filtered.flatMap(id -> entitlementsById.get(id).orElse(() -> entitlements.find(business, id)));
                return new Queue(entries, grants.count(business, filter, before), filteredBy);
            }));
        });
    }

    @Override
    public WaitingEntitlements waitingEntitlements(BusinessId business) {
        return transactions.read(() -> {
            var ids = grants.withPending(business, MOST_WAITING_ENTITLEMENTS + 1);
            var named = entitlements.ofAll(business, ids.take(MOST_WAITING_ENTITLEMENTS)).values().toList()
                    .sorted(Comparator.comparing((Entitlement e) -> e.details().name())
                            .thenComparing(e -> e.id().value()));
            return new WaitingEntitlements(named, ids.size() > MOST_WAITING_ENTITLEMENTS);
        });
    }

    @Override
    public Either<GrantorError, GrantView> get(BusinessId business, String grantId) {
        return Grants.id(grantId).flatMap(id -> transactions.read(() -> {
            Instant now = clock.instant();
            return grants.get(business, id).map(grant -> new GrantView(grant, licenseKeys.of(grant), now));
        }));
    }

    @Override
    public Either<GrantorError, List<GrantView>> listForEntitlement(BusinessId business, String entitlementId, ListGrants query) {
        var q = query == null ? DEFAULTS : query;
        return Entitlements.id(entitlementId).flatMap(id -> transactions.read(() -> entitlements.active(business, id)
                .flatMap(entitlement -> filter(q, Option.some(id))
                        .map(filter -> page(business, filter, q)))));
    }

    @Override
    public Either<GrantorError, List<GrantView>> list(BusinessId business, ListGrants query) {
        var q = query == null ? DEFAULTS : query;
        return filter(q, Option.none()).map(filter -> transactions.read(() -> page(business, filter, q)));
    }

    @Override
    public Either<GrantorError, List<GrantView>> listForCustomer(BusinessId business, String customerId, ListGrants query) {
        var given = query == null ? DEFAULTS : query;
        var q = new ListGrants(given.pageSize(), given.pageNumber(), given.status(), given.integrationType(), customerId,
                given.entitlementId());
        return transactions.read(() -> knownCustomer(business, customerId)
                .flatMap(customer -> filter(q, Option.none()))
                .map(filter -> page(business, filter, q)));
    }

    @Override
    public Either<GrantorError, List<CustomerEntitlement>> entitlementsOf(BusinessId business, String customerId) {
        return transactions.read(() -> knownCustomer(business, customerId)
                .map(customer -> {
                    var ofTheCustomer = new Filter(Option.none(), Option.some(customer), Option.none(), Option.none());
                    var found = List.<Grant>empty();
                    for (int pageNumber = 0; found.size() < MOST_ENTITLEMENTS_OF_A_CUSTOMER; pageNumber++) {
                        var page = grants.list(business, ofTheCustomer, Paging.page(pageNumber, Page.MAX_SIZE));
                        found = found.appendAll(page);
                        if (page.size() < Page.MAX_SIZE) {
                            break;
                        }
                    }
                    var ofEntitlement = entitlements.ofAll(business, found.map(Grant::entitlementId));
                    return found.take(MOST_ENTITLEMENTS_OF_A_CUSTOMER).flatMap(grant -> ofEntitlement.get(grant.entitlementId())
                            .map(entitlement -> new CustomerEntitlement(grant, entitlement)));
                }));
    }

    @Override
    public Either<GrantorError, Found> search(BusinessId business, SearchGrants query) {
        return validation.check(query).flatMap(q -> (q.status() == null || q.status().isBlank()
                ? Either.<GrantorError, Option<GrantStatus>>right(Option.none())
                : GrantStatus.parse("status", q.status()).map(Option::some)).map(status -> transactions.read(() -> {
            Instant now = clock.instant();
            String text = q.text() == null ? "" : q.text().strip();
            var byId = GrantId.parse("q", text).toOption().flatMap(id -> grants.find(business, id));
            if (byId.isDefined()) {
                // the one grant of this id is the whole answer, on its first page only
                var shown = byId.filter(g -> status.forAll(s -> g.status() == s) && q.before().isEmpty()).toList();
                return new Found(found(business, shown, now), Option.none());
            }
            var before = q.before().map(p -> new Before(p.at(), p.grantId()));
            var wholeKey = q.keyEndings() == KeyEndings.ANY ? grantOfKey(business, text) : Option.<Grant>none();
            // each kind of match reads one page past the limit by its own index; together, newest first, they are the
            // page (the grants of a payment and those of a key ending with its id are one answer). A whole key of the
            // business is looked up by its value and answered with its grant, not walked to among every grant whose key
            // shares its last four characters (the whole walk, when its grant is the oldest of them)
            var page = Slice.read(q.limit(), reading -> (wholeKey.isDefined() ? List.<Sought>of(new Sought.Origin(text))
                    : sought(business, text, q.keyEndings()))
                    .flatMap(sought -> grants.search(business, sought, status, before, reading))
                    .appendAll(wholeKey.filter(g -> status.forAll(s -> g.status() == s) && before.forAll(b -> olderThan(g, b))))
                    .distinctBy(Grant::id)
                    .sorted(Comparator.comparing(Grant::createdAt).thenComparing(g -> g.id().value()).reversed()));
            return new Found(found(business, page.rows(), now),
                    page.next(last -> new Position(last.createdAt(), last.id().value())));
        })));
    }

    /** The page's grants with their keys and customers: one read of the keys and one of the customers for the page. */
    private List<FoundGrant> found(BusinessId business, List<Grant> page, Instant now) {
        var customersById = customers.ofAll(business, page.map(Grant::customerId));
        return withKeys(page, now).flatMap(view -> customersById.get(view.grant().customerId())
                .map(customer -> new FoundGrant(view, customer)));
    }

    /** A page of grants with their keys, in its order: one read of the keys for the page ({@link LicenseKeys#ofAll}). */
    private List<GrantView> withKeys(List<Grant> page, Instant now) {
        var keys = licenseKeys.ofAll(page);
        return page.map(grant -> new GrantView(grant, grant.licenseKeyId().flatMap(keys::get), now));
    }

    /**
     * The grant whose key (its current one) has {@code text} as its whole value, of the business: the one grant such a
     * search answers by key, however many keys end as it does. A key that is only another key's ending is found by its
     * own value this way, not with the longer keys that end in it.
     */
    private Option<Grant> grantOfKey(BusinessId business, String text) {
        return LicenseKeyValue.lookup(text).flatMap(licenseKeys::findByValue)
                .filter(key -> key.businessId().equals(business))
                .flatMap(key -> key.grantId().flatMap(id -> grants.find(business, id))
                        .filter(grant -> grant.licenseKeyId().contains(key.id())));
    }

    /** Whether {@code grant} comes after {@code before} newest first (created earlier, or at once with a smaller id). */
    private static boolean olderThan(Grant grant, Before before) {
        int at = grant.createdAt().compareTo(before.at());
        return at < 0 || at == 0 && grant.id().value().compareTo(before.id()) < 0;
    }

    /** What {@code text} names: every grant, a customer by email, or a payment or subscription and a key ending. */
    private List<Sought> sought(BusinessId business, String text, KeyEndings keyEndings) {
        if (text.isEmpty()) {
            return List.of(new Sought.Every());
        }
        if (text.contains("@")) {
            return EmailAddress.parse("q", text).toOption().flatMap(email -> customers.findByEmail(business, email))
                    .map(customer -> List.<Sought>of(new Sought.OfCustomer(customer.id()))).getOrElse(List.empty());
        }
        int length = Text.length(text);
        var byKey = switch (keyEndings) {
            case ANY -> length >= Sought.KeyEnding.SHORTEST ? Option.<Sought>some(new Sought.KeyEnding(text, 0)) : Option.<Sought>none();
            case SHOWN -> length == Sought.KeyEnding.SHORTEST
                    ? Option.<Sought>some(new Sought.KeyEnding(text, SHORTEST_SHOWN_KEY)) : Option.<Sought>none();
        };
        return List.<Sought>of(new Sought.Origin(text)).appendAll(byKey);
    }

    @Override
    public Either<GrantorError, CustomerGrants> newestOfCustomer(BusinessId business, String customerId, Option<Older> before,
                                                                 int limit) {
        if (limit < 1) {
            return Either.left(GrantorError.ValidationFailed.of("limit", "must be >= 1"));
        }
        Instant now = clock.instant();
        var bound = before.map(older -> new Before(older.at(), older.id()));
        return transactions.read(() -> knownCustomer(business, customerId).map(customer -> {
            var page = Slice.read(limit, Older.shownBefore(before),
                    reading -> grants.search(business, new Sought.OfCustomer(customer), Option.none(), bound, reading));
            return new CustomerGrants(withKeys(page.rows(), now),
                    page.nextCounting((last, shown) -> new Older(last.createdAt(), last.id().value(), shown)));
        }));
    }

    /** The id of one of the business's customers; {@code NOT_FOUND} for an unknown, malformed or another's id. */
    private Either<GrantorError, CustomerId> knownCustomer(BusinessId business, String customerId) {
        return CustomerId.parse("customer_id", customerId).toOption()
                .filter(id -> customers.find(business, id).isDefined())
                .toEither(() -> new NotFound("customer", String.valueOf(customerId)));
    }

    /**
     * The filters of a query in domain terms. A malformed id in a filter matches nothing rather than
     * failing: no grant can have it. {@code entitlementInPath} wins over a filter in the query.
     */
    private Either<GrantorError, Option<Filter>> filter(ListGrants q, Option<EntitlementId> entitlementInPath) {
        return validation.check(q).flatMap(valid -> {
            Either<GrantorError, Option<GrantStatus>> status = q.status() == null ? Either.right(Option.none())
                    : GrantStatus.parse("status", q.status()).map(Option::some);
            Either<GrantorError, Option<IntegrationType>> type = q.integrationType() == null ? Either.right(Option.none())
                    : IntegrationType.parse(q.integrationType()).mapLeft(problem -> problem.at("integration_type")).map(Option::some);
            return status.flatMap(s -> type.map(t -> {
                var entitlement = entitlementInPath.isDefined() ? Option.some(entitlementInPath)
                        : Option.of(q.entitlementId()).map(raw -> EntitlementId.parse("entitlement_id", raw).toOption());
                var customer = Option.of(q.customerId()).map(raw -> CustomerId.parse("customer_id", raw).toOption());
                if (entitlement.exists(Option::isEmpty) || customer.exists(Option::isEmpty)) {
                    return Option.none();
                }
                return Option.some(new Filter(entitlement.flatMap(e -> e), customer.flatMap(c -> c), s, t));
            }));
        });
    }

    private List<GrantView> page(BusinessId business, Option<Filter> filter, ListGrants query) {
        if (filter.isEmpty()) {
            return List.empty();
        }
        Instant now = clock.instant();
        return withKeys(grants.list(business, filter.get(), Paging.page(query.pageNumber(), query.pageSize())), now);
    }
}

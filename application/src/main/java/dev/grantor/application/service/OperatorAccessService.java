package dev.grantor.application.service;

import dev.grantor.application.background.AfterTheAnswer;
import dev.grantor.application.background.Retention;
import dev.grantor.application.port.in.Older;
import dev.grantor.application.port.in.OperatorAccess;
import dev.grantor.application.port.out.ApiKeys;
import dev.grantor.application.port.out.AuditTrail;
import dev.grantor.application.port.out.AuditTrail.AuditEntry;
import dev.grantor.application.port.out.Businesses;
import dev.grantor.application.port.out.IdGenerator;
import dev.grantor.application.port.in.PageLimits;
import dev.grantor.application.port.in.SignIn;
import dev.grantor.application.port.out.Before;
import dev.grantor.application.port.out.Operators;
import dev.grantor.application.port.out.PortalEmail;
import dev.grantor.application.port.out.SignIns;
import dev.grantor.application.port.out.Throttles;
import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.EmailAddress;
import dev.grantor.domain.shared.GrantorError;
import dev.grantor.domain.shared.GrantorError.NotFound;
import dev.grantor.domain.shared.GrantorError.ValidationFailed;
import io.vavr.collection.List;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.time.Instant;
import java.time.InstantSource;
import java.util.function.Supplier;

/** Operators by business and email; the audit trail of their actions. Addresses match whatever their case. */
public final class OperatorAccessService implements OperatorAccess {

    static final String OPERATOR_PREFIX = "op_";
    static final String AUDIT_PREFIX = "aud_";
    private static final String LINKS_BUCKET = "console-link:";
    private static final RollingLimit LINKS_PER_EMAIL = new RollingLimit(LINKS_COUNTED_FOR, LINKS_PER_HOUR);
    private static final String CLIENT_BUCKET = "console-link-address";
    private static final RollingLimit REQUESTS_PER_CLIENT =
            new RollingLimit(java.time.Duration.ofMinutes(1), LINK_REQUESTS_PER_CLIENT_PER_MINUTE);

    private final AuditedUnits transactions;
    private final WriteUnits units;
    private final Businesses businesses;
    private final Operators operators;
    private final ApiKeys apiKeys;
    private final AuditTrail audit;
    private final IdGenerator ids;
    private final InstantSource clock;
    private final SignIn signIn;
    private final Throttles throttles;
    private final OutboxEntries outbox;
    private final SignIns signIns;
    private final Retention pastWindows;
    private final AfterTheAnswer afterTheAnswer;

    public OperatorAccessService(AuditedUnits transactions, Businesses businesses, Operators operators, ApiKeys apiKeys,
                                 AuditTrail audit, IdGenerator ids, InstantSource clock, SignIn signIn, Throttles throttles,
                                 OutboxEntries outbox, SignIns signIns, AfterTheAnswer afterTheAnswer) {
        this.transactions = transactions;
        this.units = new WriteUnits(transactions);
        this.businesses = businesses;
        this.operators = operators;
        this.apiKeys = apiKeys;
        this.audit = audit;
        this.ids = ids;
        this.clock = clock;
        this.signIn = signIn;
        this.throttles = throttles;
        this.outbox = outbox;
        this.signIns = signIns;
        this.afterTheAnswer = afterTheAnswer;
        this.pastWindows = RollingLimit.pastWindows(throttles, clock, System.getLogger(OperatorAccessService.class.getName()));
    }

    /**
     * The request takes a place among the console's ({@link AfterTheAnswer#take}), counts the client and hands the
     * address off: whether it is an operator's, of how many businesses, and the links and emails that makes are found
     * and written after the answer ({@link AfterTheAnswer}), so its time is the same for every address. The place comes
     * first, so a request refused for want of one writes nothing; every other way out gives it back. The links and
     * their emails go in one unit of their own with the address's counts.
     */
    @Override
    public LinkRequest emailSignInLinks(String email, String linkPrefix, String clientAddress) {
        var address = EmailAddress.parse("email", email == null ? "" : email.strip());
        Instant now = clock.instant();
        pastWindows.runWhenDue();
        var place = afterTheAnswer.take(new AfterTheAnswer.SignInRequest.Console(clientAddress));
        if (place.isEmpty()) {
            return new LinkRequest.Throttled(AfterTheAnswer.BUSY);
        }
        try (var held = place.get()) {
            var wait = units.write(() -> Either.<GrantorError, Option<java.time.Duration>>right(
                    REQUESTS_PER_CLIENT.countedForClient(throttles, CLIENT_BUCKET, clientAddress, now))).get();
            if (wait.isDefined()) {
                return new LinkRequest.Throttled(wait.get());
            }
            if (address.isLeft()) {
                return new LinkRequest.Accepted();
            }
            return held.handOff(() -> queueLinks(address.get(), linkPrefix, now))
                    ? new LinkRequest.Accepted() : new LinkRequest.Throttled(AfterTheAnswer.BUSY);
        }
    }

    /** Each email counts against its address, so an operator of several businesses gets no more than one of one. */
    private void queueLinks(EmailAddress address, String linkPrefix, Instant now) {
        String bucket = LINKS_BUCKET + address.matchKey();
        units.write(() -> {
            for (var recipient : operators.withEmail(address)) {
                if (LINKS_PER_EMAIL.counted(throttles, bucket, now).isDefined()) {
                    break;
                }
                queueLink(recipient, linkPrefix, now);
            }
            return Either.<GrantorError, String>right(bucket);
        });
    }

    private void queueLink(Operators.Operator operator, String linkPrefix, Instant now) {
        String name = businesses.find(operator.business()).map(b -> b.name()).getOrElse("");
        signIn.mintLink(new SignIn.Principal(SignIn.Realm.CONSOLE, operator.business(), operator.id()))
                .forEach(link -> outbox.appendPortalEmail(id -> new PortalEmail(id, operator.business(), name, operator.email(),
                        Option.none(), PortalEmail.Kind.CONSOLE_LINK, linkPrefix + link.token(), link.expiresAt()), now));
    }

    @Override
    public Either<GrantorError, Operator> add(BusinessId business, String email, Option<Role> asked) {
        var role = asked.map(OperatorAccessService::stored);
        return EmailAddress.parse("email", email).flatMap(address -> units.write(() -> {
            if (businesses.find(business).isEmpty()) {
                return Either.left(new NotFound("business", business.value()));
            }
            var sameAddress = operators.list(business).filter(o -> o.email().matchKey().equals(address.matchKey()));
            var existing = sameAddress.find(o -> !o.removed()).orElse(sameAddress.headOption());
            Instant now = clock.instant();
            if (existing.isEmpty()) {
                var operator = new Operators.Operator(ids.next(OPERATOR_PREFIX), business, address, now)
                        .withRole(role.getOrElse(Operators.Role.OPERATOR));
                operators.insert(operator);
                accessChanged(business, AccessChange.ADDED, operator.id(), "role " + operator.role().wire(), now);
                return Either.right(view(operator));
            }
            var before = existing.get();
            var found = before;
            if (found.removed()) {
                operators.markRemoved(business, found.id(), Option.none());
                found = found.withRemovedAt(Option.none());
            }
            if (role.isDefined() && role.get() != found.role()) {
                operators.changeRole(business, found.id(), role.get());
                found = found.withRole(role.get());
            }
            if (before.removed()) {
                accessChanged(business, AccessChange.ACCESS_GIVEN_BACK, found.id(), "role " + found.role().wire()
                        + (found.role() == before.role() ? "" : " (was " + before.role().wire() + ")"), now);
            } else if (found.role() != before.role()) {
                accessChanged(business, AccessChange.ROLE_CHANGED, found.id(), roleChange(before.role(), found.role()), now);
            }
            return Either.right(view(found));
        }));
    }

    @Override
    public Either<GrantorError, RoleChange> changeRole(BusinessId business, String operator, Role asked) {
        var role = stored(asked);
        return units.write(() -> {
            var found = named(business, operator);
            if (found.isLeft()) {
                return Either.left(found.getLeft());
            }
            Instant now = clock.instant();
            for (var row : found.get().filter(row -> row.role() != role)) {
                operators.changeRole(business, row.id(), role);
                accessChanged(business, AccessChange.ROLE_CHANGED, row.id(), roleChange(row.role(), role), now);
            }
            var first = found.get().head();
            return Either.right(new RoleChange(view(first.withRole(role)), shown(first.role())));
        });
    }

    /**
     * The business's operators {@code operator} names: by id, or by address every row it has (before addresses were
     * matched whatever their case, sqlite V20 and postgresql V23, "Ada@" and "ada@" could be added as two operators of
     * one business, and both still sign in). {@code NOT_FOUND} for an unknown business or none found.
     */
    private Either<GrantorError, List<Operators.Operator>> named(BusinessId business, String operator) {
        String named = operator == null ? "" : operator.strip();
        if (businesses.find(business).isEmpty()) {
            return Either.left(new NotFound("business", business.value()));
        }
        var found = named.contains("@")
                ? EmailAddress.parse("email", named).fold(malformed -> List.<Operators.Operator>empty(),
                        address -> operators.list(business).filter(o -> o.email().matchKey().equals(address.matchKey())))
                : operators.find(business, named).toList();
        return found.isEmpty() ? Either.left(new NotFound("operator", named)) : Either.right(found);
    }

    @Override
    public Either<GrantorError, String> mayChange(BusinessId business, String actor) {
        if (SignIn.OWNER.equals(actor)) {
            return Either.right(actor);
        }
        return transactions.read(() -> operators.find(business, actor))
                .filter(Operators.Operator::mayChange)
                .<GrantorError>toEither(OperatorAccess::readOnly)
                .map(Operators.Operator::id);
    }

    /** {@link #mayChange}, asked in the change's own unit and holding the operator there, as a refusal if any. */
    private Option<GrantorError> refusalHeld(BusinessId business, String actor) {
        if (SignIn.OWNER.equals(actor) || operators.hold(business, actor).exists(Operators.Operator::mayChange)) {
            return Option.none();
        }
        return Option.some(OperatorAccess.readOnly());
    }

    /**
     * The mark, the sessions and the links go in one unit: a removal that commits has shut every way in, one that
     * fails has changed nothing.
     */
    @Override
    public Either<GrantorError, Removal> remove(BusinessId business, String operator) {
        return units.write(() -> {
            var named = named(business, operator);
            if (named.isLeft()) {
                return Either.left(named.getLeft());
            }
            var found = named.get();
            var withAccess = found.filter(row -> !row.removed());
            if (withAccess.isEmpty()) {
                return Either.right(new Removal(view(found.head()), true));
            }
            Instant now = clock.instant();
            for (var row : withAccess) {
                operators.markRemoved(business, row.id(), Option.some(now));
                signIns.forget(new SignIns.Principal(SignIns.Realm.CONSOLE, business, row.id()));
                accessChanged(business, AccessChange.REMOVED, row.id(), "role " + row.role().wire(), now);
            }
            return Either.right(new Removal(view(withAccess.head()).withRemovedAt(Option.some(now)), false));
        });
    }

    @Override
    public Either<GrantorError, List<Operator>> list(BusinessId business) {
        return transactions.read(() -> businesses.find(business).<GrantorError>toEither(() -> new NotFound("business", business.value()))
                .map(found -> operators.list(business).map(OperatorAccessService::view)));
    }

    @Override
    public Option<Operator> find(BusinessId business, String operatorId) {
        return transactions.read(() -> operators.find(business, operatorId).map(OperatorAccessService::view));
    }

    @Override
    public List<Operator> withEmail(String email) {
        return EmailAddress.parse("email", email).fold(malformed -> List.empty(),
                address -> transactions.read(() -> operators.withEmail(address).map(OperatorAccessService::view)));
    }

    @Override
    public <R> Either<GrantorError, Outcome<R>> recorded(BusinessId business, String actor, Note note,
                                                         Supplier<Either<GrantorError, R>> change) {
        var allowed = mayChange(business, actor);
        if (allowed.isLeft()) {
            return Either.left(allowed.getLeft());
        }
        var entry = new AuditEntry(ids.next(AUDIT_PREFIX), business, actor, note.action(), note.subject(), note.detail(),
                clock.instant());
        return transactions.recording(entry, () -> refusalHeld(business, actor), change);
    }

    @Override
    public <R> Either<GrantorError, R> allowed(BusinessId business, String actor, Supplier<Either<GrantorError, R>> change) {
        var allowed = mayChange(business, actor);
        if (allowed.isLeft()) {
            return Either.left(allowed.getLeft());
        }
        return transactions.guarded("a change by " + actor, () -> refusalHeld(business, actor), change);
    }

    @Override
    public Either<GrantorError, History> history(BusinessId business, String subject, Option<Older> before, int limit) {
        if (limit < 1 || limit > PageLimits.MOST_PER_PAGE) {
            return Either.left(ValidationFailed.of("limit", "must be between 1 and " + PageLimits.MOST_PER_PAGE));
        }
        var page = Slice.read(limit, Older.shownBefore(before), reading -> transactions.read(() -> audit.latestAbout(business,
                subject, before.map(OperatorAccessService::bound), reading)));
        return Either.right(new History(page.rows().map(OperatorAccessService::action), older(page)));
    }

    private static Before bound(Older older) {
        return new Before(older.at(), older.id());
    }

    /** Where the page after {@code page} starts: past its last (oldest) entry, counting what the pages up to it showed. */
    private static Option<Older> older(Slice<AuditEntry> page) {
        return page.nextCounting((last, shown) -> new Older(last.at(), last.id(), shown));
    }

    @Override
    public List<Action> actionsOn(BusinessId business, String subject) {
        return transactions.read(() -> audit.about(business, subject)
                .map(OperatorAccessService::action));
    }

    /**
     * The entry of a change of access, written by the unit that makes the change (so the two commit together or not
     * at all). Its actor is the owner: only the command line, the owner's tool, changes access.
     */
    private void accessChanged(BusinessId business, AccessChange change, String operatorId, String detail, Instant at) {
        audit.append(new AuditEntry(ids.next(AUDIT_PREFIX), business, SignIn.OWNER, change.action(), operatorId, detail, at));
    }

    private static String roleChange(Operators.Role from, Operators.Role to) {
        return "from " + from.wire() + " to " + to.wire();
    }

    /**
     * Read by the business's operator and API key ids, the only subjects access changes have (console actions are done
     * to grants, deliveries, pools and messages), so a long trail of grant work costs nothing here.
     */
    @Override
    public Either<GrantorError, AccessChanges> accessChanges(BusinessId business, Option<Older> before, int limit) {
        if (limit < 1 || limit > PageLimits.MOST_PER_PAGE) {
            return Either.left(ValidationFailed.of("limit", "must be between 1 and " + PageLimits.MOST_PER_PAGE));
        }
        return transactions.read(() -> businesses.find(business).<GrantorError>toEither(() -> new NotFound("business", business.value()))
                .map(found -> {
                    var everyone = operators.list(business);
                    var keys = apiKeys.list(business);
                    var subjects = everyone.map(Operators.Operator::id).appendAll(keys.map(ApiKeys.ApiKey::id)).toSet();
                    var page = Slice.read(limit, Older.shownBefore(before),
                            reading -> audit.latestAbout(business, subjects, before.map(OperatorAccessService::bound), reading));
                    return new AccessChanges(everyone.map(OperatorAccessService::view),
                            keys.map(key -> new KeyHolder(key.id(), key.name())), page.rows().map(OperatorAccessService::action),
                            older(page));
                }));
    }

    private static Action action(AuditEntry entry) {
        return new Action(entry.actor(), entry.action(), entry.subject(), entry.detail(), entry.at());
    }

    private static Operator view(Operators.Operator operator) {
        return new Operator(operator.id(), operator.business(), operator.email().value(), operator.createdAt(),
                operator.removedAt(), shown(operator.role()));
    }

    /** The role a caller names, as the store keeps it: each side has its own, and a role added to one fails here. */
    private static Operators.Role stored(Role role) {
        return switch (role) {
            case OPERATOR -> Operators.Role.OPERATOR;
            case VIEWER -> Operators.Role.VIEWER;
        };
    }

    private static Role shown(Operators.Role role) {
        return switch (role) {
            case OPERATOR -> Role.OPERATOR;
            case VIEWER -> Role.VIEWER;
        };
    }
}

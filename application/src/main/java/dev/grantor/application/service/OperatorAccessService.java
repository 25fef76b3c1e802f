package dev.grantor.application.service;

import dev.grantor.application.port.in.OperatorAccess;
import dev.grantor.application.port.out.AuditTrail;
import dev.grantor.application.port.out.AuditTrail.AuditEntry;
import dev.grantor.application.port.out.Businesses;
import dev.grantor.application.port.out.IdGenerator;
import dev.grantor.application.port.in.SignIn;
import dev.grantor.application.port.out.Operators;
import dev.grantor.application.port.out.SignInMail;
import dev.grantor.application.port.out.SignIns;
import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.EmailAddress;
import dev.grantor.domain.shared.GrantorError;
import dev.grantor.domain.shared.GrantorError.NotFound;
import io.vavr.collection.List;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.time.InstantSource;
import java.util.function.Supplier;

/** Operators by business and email; the audit trail of their actions. Email addresses are compared as stored. */
public final class OperatorAccessService implements OperatorAccess {

    static final String OPERATOR_PREFIX = "op_";
    static final String AUDIT_PREFIX = "aud_";

    private final AuditedUnits transactions;
    private final WriteUnits units;
    private final Businesses businesses;
    private final Operators operators;
    private final AuditTrail audit;
    private final IdGenerator ids;
    private final InstantSource clock;
    private final SignIn signIn;
    private final SignIns signIns;
    private final SignInMail mail;

    public OperatorAccessService(AuditedUnits transactions, Businesses businesses, Operators operators, AuditTrail audit,
                                 IdGenerator ids, InstantSource clock, SignIn signIn, SignIns signIns, SignInMail mail) {
        this.transactions = transactions;
        this.units = new WriteUnits(transactions);
        this.businesses = businesses;
        this.operators = operators;
        this.audit = audit;
        this.ids = ids;
        this.clock = clock;
        this.signIn = signIn;
        this.signIns = signIns;
        this.mail = mail;
    }

    @Override
    public void emailSignInLinks(String email, String linkPrefix) {
        java.time.Instant hourAgo = clock.instant().minus(LINKS_COUNTED_FOR);
        for (var operator : withEmail(email)) {
            var principal = new SignIn.Principal(SignIn.Realm.CONSOLE, operator.business(), operator.id());
            var stored = new SignIns.Principal(SignIns.Realm.CONSOLE, operator.business(), operator.id());
            if (transactions.read(() -> signIns.linksMintedSince(stored, hourAgo)) >= LINKS_PER_HOUR) {
                continue;
            }
            String name = transactions.read(() -> businesses.find(operator.business()).map(b -> b.name()).getOrElse(""));
            signIn.mintLink(principal).forEach(link -> mail.send(new SignInMail.SignInEmail(new EmailAddress(operator.email()),
                    name, linkPrefix + link.token(), link.expiresAt())));
        }
    }

    @Override
    public Either<GrantorError, Operator> add(BusinessId business, String email) {
        return EmailAddress.parse("email", email).flatMap(address -> units.write(() -> {
            if (businesses.find(business).isEmpty()) {
                return Either.left(new NotFound("business", business.value()));
            }
            var existing = operators.list(business).find(o -> o.email().equals(address));
            if (existing.isDefined()) {
                return Either.right(view(existing.get()));
            }
            var operator = new Operators.Operator(ids.next(OPERATOR_PREFIX), business, address, clock.instant());
            operators.insert(operator);
            return Either.right(view(operator));
        }));
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
    public <L, R> Either<L, R> recorded(BusinessId business, String actor, Note note, Supplier<Either<L, R>> change) {
        var entry = new AuditEntry(ids.next(AUDIT_PREFIX), business, actor, note.action(), note.subject(), note.detail(),
                clock.instant());
        return transactions.recording(entry, change);
    }

    @Override
    public List<Action> actionsOn(BusinessId business, String subject) {
        return transactions.read(() -> audit.about(business, subject)
                .map(e -> new Action(e.actor(), e.action(), e.subject(), e.detail(), e.at())));
    }

    private static Operator view(Operators.Operator operator) {
        return new Operator(operator.id(), operator.business(), operator.email().value(), operator.createdAt());
    }
}

package dev.grantor.application.service;

import dev.grantor.application.wire.Wire;
import dev.grantor.application.port.in.Actor;
import dev.grantor.application.port.in.GrantIssuing;
import dev.grantor.application.port.in.GrantView;
import dev.grantor.application.port.out.AuditTrail;
import dev.grantor.application.port.out.Businesses;
import dev.grantor.application.port.out.Businesses.Business;
import dev.grantor.application.port.out.Customers;
import dev.grantor.application.port.out.Entitlements;
import dev.grantor.application.port.out.Grants;
import dev.grantor.application.port.out.IdGenerator;
import dev.grantor.application.port.out.KeyGenerator;
import dev.grantor.application.port.out.KeyPools;
import dev.grantor.application.port.out.LicenseKeys;
import dev.grantor.application.port.out.PortalSignIns;
import dev.grantor.application.port.out.SignIns;
import dev.grantor.application.port.out.Transactions;
import dev.grantor.domain.customer.Customer;
import dev.grantor.domain.customer.CustomerName;
import dev.grantor.domain.entitlement.Entitlement;
import dev.grantor.application.signing.KeySigner;
import dev.grantor.domain.entitlement.IntegrationConfig.LicenseKeyConfig;
import dev.grantor.domain.grant.Grant;
import dev.grantor.domain.grant.GrantChange;
import dev.grantor.domain.grant.GrantIssue;
import dev.grantor.domain.grant.GrantIssue.GeneratedKey;
import dev.grantor.domain.grant.GrantOrigin;
import dev.grantor.domain.grant.KeyPool;
import dev.grantor.domain.grant.LicenseKeyValue;
import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.CustomerId;
import dev.grantor.domain.shared.EmailAddress;
import dev.grantor.domain.shared.GrantId;
import dev.grantor.domain.shared.GrantorError;
import dev.grantor.domain.shared.GrantorError.NotFound;
import dev.grantor.domain.shared.GrantorError.ValidationFailed;
import dev.grantor.domain.shared.LicenseKeyId;
import dev.grantor.domain.shared.Metadata;
import io.vavr.collection.List;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.time.Instant;
import java.time.InstantSource;

/**
 * Issues grants, once per (entitlement, customer, payment or subscription). A racing second issue of the
 * same triple loses on the store's uniqueness rule and, re-run, finds the winner's grant; a racing
 * registration of the same customer email does the same for the customer.
 */
public final class GrantIssuingService implements GrantIssuing {

    /** A generated key colliding even once is astronomically rare; ten in a row means a broken generator. */
    static final int KEY_ATTEMPTS = 10;

    private final WriteUnits units;
    private final Businesses businesses;
    private final Entitlements entitlements;
    private final Grants grants;
    private final LicenseKeys licenseKeys;
    private final Customers customers;
    private final OutboxEntries outbox;
    private final IdGenerator ids;
    private final KeyGenerator keys;
    private final InstantSource clock;
    private final CommandValidation validation;
    private final KeySigner signer;
    private final KeyPoolClaims pool;
    private final EmailMoves moves;
    private final CustomerHistory history;

    public GrantIssuingService(Transactions transactions, Businesses businesses, Entitlements entitlements, Grants grants,
                               LicenseKeys licenseKeys, Customers customers, KeyPools pools, OutboxEntries outbox,
                               SignIns signIns, PortalSignIns portalSignIns, AuditTrail audit, IdGenerator ids, KeyGenerator keys,
                               InstantSource clock, CommandValidation validation, KeySigner signer) {
        this.units = new WriteUnits(transactions);
        this.moves = new EmailMoves(signIns, portalSignIns);
        this.history = new CustomerHistory(audit, ids);
        this.businesses = businesses;
        this.entitlements = entitlements;
        this.grants = grants;
        this.licenseKeys = licenseKeys;
        this.customers = customers;
        this.outbox = outbox;
        this.ids = ids;
        this.keys = keys;
        this.clock = clock;
        this.signer = signer;
        this.validation = validation;
        this.pool = new KeyPoolClaims(pools, grants, ids);
    }

    /** A command whose every value is already a domain value. */
    private record Issue(Option<CustomerId> customerId, EmailAddress email, Option<CustomerName> name, GrantOrigin origin,
                         Metadata metadata) {}

    @Override
    public Either<GrantorError, IssuedGrant> issue(BusinessId business, String entitlementId, IssueGrant command, Actor by) {
        if (by == null) {
            throw new IllegalArgumentException("an issue names who asked for it");
        }
        return Entitlements.id(entitlementId).flatMap(id -> units.write(() -> entitlements.active(business, id)
                .flatMap(entitlement -> validation.check(command).flatMap(GrantIssuingService::parse)
                        .flatMap(issue -> issue(business, entitlement, issue, by)))));
    }

    private static Either<GrantorError, Issue> parse(IssueGrant command) {
        var contact = command.customer();
        Either<GrantorError, Option<CustomerId>> customerId = contact.customerId() == null ? Either.right(Option.none())
                : CustomerId.parse("customer.customer_id", contact.customerId())
                        .<GrantorError>mapLeft(malformed -> new NotFound("customer", contact.customerId())).map(Option::some);
        return customerId.flatMap(cid -> EmailAddress.parse("customer.email", contact.email())
                .flatMap(email -> CustomerName.parse("customer.name", contact.name())
                        .flatMap(name -> origin(command.paymentId(), command.subscriptionId())
                                .flatMap(origin -> Wire.metadata("metadata", command.metadata())
                                        .map(metadata -> new Issue(cid, email, name, origin, metadata))))));
    }

    /** One origin at most: the request names two fields for it, so refusing both is the request's rule. */
    private static Either<GrantorError, GrantOrigin> origin(String paymentId, String subscriptionId) {
        if (paymentId != null && subscriptionId != null) {
            return Either.left(ValidationFailed.of("subscription_id", "must not be given together with payment_id"));
        }
        return GrantOrigin.parse(paymentId, subscriptionId)
                .mapLeft(problem -> problem.renamed("paymentId", "payment_id").renamed("subscriptionId", "subscription_id"));
    }

    private Either<GrantorError, IssuedGrant> issue(BusinessId business, Entitlement entitlement, Issue issue, Actor by) {
        Instant now = clock.instant();
        var brand = businesses.find(business).map(Business::defaultBrandId);
        if (brand.isEmpty()) {
            return Either.left(new NotFound("business", business.value()));
        }
        return customer(business, issue, by, now).map(customer -> {
            var existing = issue.origin() instanceof GrantOrigin.Direct ? Option.<Grant>none()
                    : grants.findByOrigin(entitlement.id(), customer.id(), issue.origin());
            if (existing.isDefined()) {
                return new IssuedGrant(new GrantView(existing.get(), licenseKeys.of(existing.get()), now), false);
            }
            var generated = entitlement.licenseKeyConfig().filter(config -> !config.isManual())
                    .map(config -> new GeneratedKey(new LicenseKeyId(ids.next(LicenseKeyId.PREFIX)), freshKey()));
            var grantIssue = new GrantIssue(new GrantId(ids.next(GrantId.PREFIX)), brand.get(), customer.id(),
                    issue.origin(), issue.metadata(), generated);
            var change = Grant.issue(grantIssue, entitlement, now)
                    .getOrElseThrow(error -> new IllegalStateException("an active entitlement refused an issue: " + error.message()));
            if (entitlement.licenseKeyConfig().exists(LicenseKeyConfig::isSigned)) {
                change = signed(grantIssue, entitlement, change, now);
            }
            var pooled = entitlement.licenseKeyConfig().exists(LicenseKeyConfig::isManual)
                    ? pool.lock(entitlement) : Option.<KeyPool>none();
            var issued = change.grant();
            // a new Pending grant of an active manual entitlement has nothing a pooled key could be refused for
            var claim = pooled.flatMap(locked -> pool.claim(locked, entitlement, issued, now).getOrElseThrow(refusal ->
                    new IllegalStateException("a new grant refused its pool's key: " + refusal.message())));
            if (claim.isDefined()) {
                // delivered in the unit that creates it, with the pool's oldest key: created, key created, delivered
                var filled = claim.get().change();
                change = new GrantChange(filled.grant(), filled.createdKey(), change.events().appendAll(filled.events()));
            }
            grants.insert(change.grant());
            change.createdKey().forEach(licenseKeys::insert);
            var delivered = change;
            // settled with or without a key taken: a pool whose last keys expired is empty although no take emptied it
            var alerts = pooled.map(locked -> pool.settleTaking(locked, now)).getOrElse(List.empty());
            outbox.append(change.events(), change.createdKey(),
                    change.createdKey().map(key -> new OutboxEntries.Delivery(key, customer, entitlement, now)), alerts);
            return new IssuedGrant(new GrantView(delivered.grant(), delivered.createdKey(), now), true);
        });
    }

    /**
     * Issues again with the signed value in place of the random draft: the payload carries the limit and
     * expiry the model worked out for the draft, and the model stays the one place that works them out.
     */
    private GrantChange signed(GrantIssue draftIssue, Entitlement entitlement, GrantChange draft, Instant now) {
        var draftKey = draft.createdKey().getOrElseThrow(() -> new IllegalStateException("an auto license-key issue made no key"));
        var signedIssue = new GrantIssue(draftIssue.grantId(), draftIssue.brandId(), draftIssue.customerId(), draftIssue.origin(),
                draftIssue.metadata(), Option.some(new GeneratedKey(draftKey.id(), signer.sign(draftKey, now))));
        return Grant.issue(signedIssue, entitlement, now)
                .getOrElseThrow(error -> new IllegalStateException("an active entitlement refused an issue: " + error.message()));
    }

    /** By id when given, else by email, else registered; a known customer's contact details are refreshed. */
    private Either<GrantorError, Customer> customer(BusinessId business, Issue issue, Actor by, Instant now) {
        var known = issue.customerId().isDefined()
                ? customers.find(business, issue.customerId().get())
                : customers.findByEmail(business, issue.email());
        if (known.isDefined()) {
            var current = known.get();
            // the email is unique per business: taking another customer's would fail at the store after the work
            var holder = issue.customerId().isDefined() ? customers.findByEmail(business, issue.email())
                    .filter(other -> !other.id().equals(current.id())) : Option.<Customer>none();
            if (holder.isDefined()) {
                return Either.left(ValidationFailed.of("customer.email", "belongs to another customer of this business ("
                        + holder.get().id().value() + ")"));
            }
            var updated = current.updateContact(issue.email(), issue.name(), now);
            if (updated.equals(current)) {
                return Either.right(current);
            }
            // the row is written whole: read it again held, or a merchant's concurrent change of its other fields is lost
            var held = customers.lock(business, current.id()).getOrElse(current);
            var refreshed = held.updateContact(issue.email(), issue.name(), now);
            if (!refreshed.equals(held)) {
                customers.update(refreshed);
                moves.changed(held, refreshed);
                history.changed(by, held, refreshed, now);
            }
            return Either.right(refreshed);
        }
        if (issue.customerId().isDefined()) {
            return Either.left(new NotFound("customer", issue.customerId().get().value()));
        }
        var registered = Customer.register(new CustomerId(ids.next(CustomerId.PREFIX)), business, issue.email(),
                issue.name(), now);
        customers.insert(registered);
        return Either.right(registered);
    }

    private LicenseKeyValue freshKey() {
        for (int attempt = 0; attempt < KEY_ATTEMPTS; attempt++) {
            var candidate = keys.generate();
            if (!licenseKeys.valueExists(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("the key generator produced " + KEY_ATTEMPTS + " keys in use in a row");
    }
}

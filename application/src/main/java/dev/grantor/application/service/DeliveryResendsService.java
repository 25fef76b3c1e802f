package dev.grantor.application.service;

import dev.grantor.application.port.in.DeliveryResends;
import dev.grantor.application.port.out.Customers;
import dev.grantor.application.port.out.Entitlements;
import dev.grantor.application.port.out.Grants;
import dev.grantor.application.port.out.LicenseKeys;
import dev.grantor.application.port.out.ResendLedger;
import dev.grantor.application.port.out.ResendLedger.Claim;
import dev.grantor.application.port.out.ResendLedger.Entry;
import dev.grantor.application.port.out.Transactions;
import dev.grantor.domain.grant.Grant;
import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.GrantId;
import dev.grantor.domain.shared.GrantorError;
import dev.grantor.domain.shared.GrantorError.NotFound;
import dev.grantor.domain.shared.GrantorError.ResendRateLimited;
import io.vavr.collection.List;
import io.vavr.control.Either;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;

/**
 * Resends run as one unit of work: the grant's state is checked, the policy's use claimed, the email appended and
 * the resend recorded together, so a refusal or a crash leaves neither a used-up claim nor an unrecorded email.
 * The email shows the key as it is now (after a rotation, the new value), with the entitlement's current wording.
 */
public final class DeliveryResendsService implements DeliveryResends {

    private final Transactions transactions;
    private final Grants grants;
    private final LicenseKeys licenseKeys;
    private final Customers customers;
    private final Entitlements entitlements;
    private final ResendLedger ledger;
    private final OutboxEntries outbox;
    private final InstantSource clock;
    private final WriteUnits units;

    public DeliveryResendsService(Transactions transactions, Grants grants, LicenseKeys licenseKeys, Customers customers,
                                  Entitlements entitlements, ResendLedger ledger, OutboxEntries outbox, InstantSource clock) {
        this.transactions = Objects.requireNonNull(transactions, "transactions");
        this.grants = Objects.requireNonNull(grants, "grants");
        this.licenseKeys = Objects.requireNonNull(licenseKeys, "licenseKeys");
        this.customers = Objects.requireNonNull(customers, "customers");
        this.entitlements = Objects.requireNonNull(entitlements, "entitlements");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.outbox = Objects.requireNonNull(outbox, "outbox");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.units = new WriteUnits(transactions);
    }

    @Override
    public Either<GrantorError, Resend> resend(BusinessId business, String grantId, Requester requestedBy, ResendPolicy policy) {
        Objects.requireNonNull(business, "business");
        Objects.requireNonNull(requestedBy, "requestedBy");
        Objects.requireNonNull(policy, "policy");
        return Grants.id(grantId).flatMap(id -> units.write(() -> visible(business, id, requestedBy)
                .flatMap(grant -> grant.resendableKey().flatMap(delivered -> {
                    Instant now = clock.instant();
                    var claim = ledger.claim(business, grant.id(), policy.name(), policy.count(), policy.window(), now);
                    if (claim instanceof Claim.Refused refused) {
                        return Either.left(new ResendRateLimited(grant.id().value(), secondsUntil(now, refused.nextAllowedAt())));
                    }
                    var key = licenseKeys.find(delivered.licenseKeyId()).getOrElseThrow(() -> new IllegalStateException(
                            "grant " + grant.id().value() + " was delivered a key that is not stored"));
                    var customer = customers.find(business, grant.customerId()).getOrElseThrow(() -> new IllegalStateException(
                            "grant " + grant.id().value() + " has no customer"));
                    var entitlement = entitlements.find(business, grant.entitlementId()).getOrElseThrow(() ->
                            new IllegalStateException("grant " + grant.id().value() + " has no entitlement"));
                    var messageId = outbox.appendResentEmail(new OutboxEntries.Delivery(key, customer, entitlement, now));
                    var entry = new Entry(messageId, business, grant.id(), policy.name(), requestedBy.recorded(), now);
                    ledger.record(entry);
                    return Either.right(resend(entry));
                }))));
    }

    @Override
    public Either<GrantorError, List<Resend>> resends(BusinessId business, String grantId) {
        Objects.requireNonNull(business, "business");
        return Grants.id(grantId).flatMap(id -> transactions.read(() -> grants.get(business, id)
                .map(grant -> ledger.list(business, grant.id()).map(DeliveryResendsService::resend))));
    }

    /** A customer sees only their own grants: another customer's grant is as unknown as a missing one. */
    private Either<GrantorError, Grant> visible(BusinessId business, GrantId id, Requester requestedBy) {
        return grants.get(business, id).filterOrElse(
                grant -> !(requestedBy instanceof ByCustomer customer) || customer.customerId().equals(grant.customerId()),
                grant -> new NotFound("grant", id.value()));
    }

    private static Resend resend(Entry entry) {
        return new Resend(entry.grantId(), entry.outboxMessageId(), entry.requestedBy(), entry.policy(), entry.requestedAt());
    }

    /** Whole seconds, rounded up, and at least one: a client that waits that long is allowed. */
    private static long secondsUntil(Instant now, Instant allowedAt) {
        var wait = Duration.between(now, allowedAt);
        long seconds = wait.toSeconds() + (wait.toNanosPart() > 0 ? 1 : 0);
        return Math.max(1, seconds);
    }
}

package dev.grantor.application.service;

import dev.grantor.application.port.in.GrantFulfillment;
import dev.grantor.application.port.in.GrantView;
import dev.grantor.application.port.out.DuplicateRecord;
import dev.grantor.application.port.out.Entitlements;
import dev.grantor.application.port.out.Fulfillments;
import dev.grantor.application.port.out.GrantParties;
import dev.grantor.application.port.out.Grants;
import dev.grantor.application.port.out.IdGenerator;
import dev.grantor.application.port.out.LicenseKeys;
import dev.grantor.application.port.out.Transactions;
import dev.grantor.domain.entitlement.ActivationsLimit;
import dev.grantor.domain.grant.FulfillmentTerms;
import dev.grantor.domain.grant.Grant;
import dev.grantor.domain.grant.GrantChange;
import dev.grantor.domain.grant.RevocationReason;
import dev.grantor.domain.grant.LicenseKey;
import dev.grantor.domain.grant.LicenseKeyValue;
import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.GrantId;
import dev.grantor.domain.shared.GrantorError;
import dev.grantor.domain.shared.GrantorError.InvalidRequest;
import dev.grantor.domain.shared.GrantorError.LicenseKeyAlreadyExists;
import dev.grantor.domain.shared.GrantorError.NotFound;
import dev.grantor.domain.shared.GrantorError.ValidationFailed;
import dev.grantor.domain.shared.LicenseKeyId;
import io.vavr.collection.List;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.time.Instant;
import java.time.InstantSource;
import java.time.OffsetDateTime;

/** Manual fulfillment, host-reported outcomes and revocation, each one unit of work. */
public final class GrantFulfillmentService implements GrantFulfillment {

    private final Transactions transactions;
    private final WriteUnits units;
    private final Grants grants;
    private final GrantParties parties;
    private final LicenseKeys licenseKeys;
    private final Fulfillments fulfillments;
    private final OutboxEntries outbox;
    private final IdGenerator ids;
    private final InstantSource clock;
    private final CommandValidation validation;

    public GrantFulfillmentService(Transactions transactions, Grants grants, GrantParties parties, LicenseKeys licenseKeys,
                                   Fulfillments fulfillments, OutboxEntries outbox, IdGenerator ids, InstantSource clock,
                                   CommandValidation validation) {
        this.transactions = transactions;
        this.units = new WriteUnits(transactions);
        this.grants = grants;
        this.parties = parties;
        this.licenseKeys = licenseKeys;
        this.fulfillments = fulfillments;
        this.outbox = outbox;
        this.ids = ids;
        this.clock = clock;
        this.validation = validation;
    }

    @Override
    public Either<GrantorError, GrantView> fulfillLicenseKey(BusinessId business, String grantId, FulfillLicenseKey command) {
        // The value taken may be this grant's own: a copy of this same fulfillment (a retry, a double click) committed it
        // while this one ran, which on PostgreSQL shows here as the unique value, not as the grant's version. Rule 5 comes
        // before rule 6, so the grant is judged once more as it now stands; only a value taken again is someone else's.
        return Grants.id(grantId).flatMap(id -> units.write(() -> fulfill(business, id, command),
                duplicate -> keyTaken(duplicate) ? Option.some(units.write(() -> fulfill(business, id, command),
                        again -> keyTaken(again) ? Option.some(Either.left(new LicenseKeyAlreadyExists())) : Option.none()))
                        : Option.none()));
    }

    private static boolean keyTaken(DuplicateRecord duplicate) {
        return duplicate.rule() == DuplicateRecord.Rule.LICENSE_KEY_VALUE;
    }

    /** The six rules of shared/spec/README.md; the first (access) is the caller's, the rest run here in order. */
    private Either<GrantorError, GrantView> fulfill(BusinessId business, GrantId id, FulfillLicenseKey command) {
        // the grant with what its delivery email names, in one read where the store can join them
        var found = parties.find(business, id);                                // rule 2
        if (found.isEmpty()) {
            return Either.left(new NotFound("grant", id.value()));
        }
        var grant = found.get().grant();
        var terms = validation.check(command).flatMap(GrantFulfillmentService::terms);  // rule 3 (body)
        if (terms.isLeft()) {
            return Either.left(terms.getLeft());
        }
        Instant now = clock.instant();
        var entitlement = found.get().entitlement();
        var newKeyId = new LicenseKeyId(ids.next(LicenseKeyId.PREFIX));
        return grant.fulfill(entitlement, terms.get(), newKeyId, now)       // rules 3 (expiry) to 5
                .mapLeft(problem -> problem.renamed("expiresAt", "expires_at"))
                .flatMap(change -> {
                    if (!change.changed()) {
                        transactions.changedNothing();
                        return Either.right(new GrantView(change.grant(), licenseKeys.of(change.grant()), now));
                    }
                    var key = change.createdKey().getOrElseThrow(() -> new IllegalStateException("a fulfillment creates a key"));
                    // rule 6: the store's unique value is the check, across issued and pooled keys (a value waiting in a
                    // pool, or voided from one, is never delivered by hand); a taken value throws DuplicateRecord, answered above
                    fulfillments.record(key, change.grant(), outbox.toWriteWith(change.events(), Option.some(key),
                            Option.some(new OutboxEntries.Delivery(key, found.get().customer(), entitlement, now))));
                    return Either.right(new GrantView(change.grant(), Option.some(key), now));
                });
    }

    private static Either<GrantorError, FulfillmentTerms> terms(FulfillLicenseKey command) {
        return LicenseKeyValue.parse("key", command.key()).flatMap(key ->
                ActivationsLimit.parse(command.activationsLimit()).mapLeft(problem -> problem.at("activations_limit")).map(limit ->
                        new FulfillmentTerms(key, limit, Option.of(command.expiresAt()).map(OffsetDateTime::toInstant))));
    }

    @Override
    public Either<GrantorError, GrantView> reportDelivery(BusinessId business, String grantId, ReportDelivery command) {
        return Grants.id(grantId).flatMap(id -> units.write(() -> grants.get(business, id).flatMap(grant -> {
            if (command == null) {
                return Either.left(new InvalidRequest("the request body is required", List.empty()));
            }
            return DeliveryPayloadRules.payload(command)
                    .flatMap(payload -> {
                        Instant now = clock.instant();
                        return grant.reportDelivery(payload, now).map(change -> commit(change, Option.none(), now));
                    });
        })));
    }

    @Override
    public Either<GrantorError, GrantView> reportFailure(BusinessId business, String grantId, ReportFailure command) {
        return Grants.id(grantId).flatMap(id -> units.write(() -> grants.get(business, id).flatMap(grant -> {
            if (command == null) {
                return Either.left(new InvalidRequest("the request body is required", List.empty()));
            }
            Instant now = clock.instant();
            return grant.reportFailure(command.errorCode(), command.errorMessage(), now)
                    .mapLeft(problem -> problem.renamed("errorCode", "error_code").renamed("errorMessage", "error_message"))
                    .map(change -> commit(change, Option.none(), now));
        })));
    }

    @Override
    public Either<GrantorError, GrantView> revoke(BusinessId business, String grantId, RevokeGrant command) {
        var revocation = command == null ? new RevokeGrant(null, null) : command;
        return Grants.id(grantId).flatMap(id -> units.write(() -> grants.get(business, id)
                .flatMap(grant -> ofEntitlementInPath(business, grant, revocation.entitlementId()))
                .flatMap(grant -> RevocationReason.parse("reason", revocation.reason() == null ? "manual" : revocation.reason())
                        .filterOrElse(reason -> reason != RevocationReason.LICENSE_KEY_DISABLED, reason -> ValidationFailed.of("reason",
                                "license_key_disabled is given only by disabling the grant's license key"))
                        .map(reason -> revoke(grant, reason)))));
    }

    private GrantView revoke(Grant grant, RevocationReason reason) {
        Instant now = clock.instant();
        var change = grant.revoke(reason, now);
        var key = grant.licenseKeyId().flatMap(licenseKeys::find);
        if (!change.changed()) {
            transactions.changedNothing();
            return new GrantView(grant, key, now);
        }
        var disabled = key.map(k -> k.disable(now));
        disabled.forEach(licenseKeys::update);
        return commit(change, disabled, now);
    }

    /**
     * {@code DELETE /entitlements/{id}/grants/{grant_id}}: a grant of another entitlement is not found there. A
     * deleted entitlement still answers here: its grants stay revocable, and this is the route that revokes.
     */
    private Either<GrantorError, Grant> ofEntitlementInPath(BusinessId business, Grant grant, String entitlementId) {
        if (entitlementId == null) {
            return Either.right(grant);
        }
        return Entitlements.id(entitlementId)
                .filterOrElse(id -> id.equals(grant.entitlementId()), id -> new NotFound("grant", grant.id().value()))
                .map(id -> grant);
    }

    private GrantView commit(GrantChange change, Option<LicenseKey> keyAfter, Instant now) {
        grants.update(change.grant());
        outbox.append(change.events(), keyAfter, Option.none());
        var key = keyAfter.isDefined() ? keyAfter : change.grant().licenseKeyId().flatMap(licenseKeys::find);
        return new GrantView(change.grant(), key, now);
    }
}

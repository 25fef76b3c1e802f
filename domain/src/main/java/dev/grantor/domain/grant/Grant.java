package dev.grantor.domain.grant;

import dev.grantor.domain.entitlement.Entitlement;
import dev.grantor.domain.entitlement.IntegrationConfig;
import dev.grantor.domain.entitlement.IntegrationConfig.FeatureFlagConfig;
import dev.grantor.domain.entitlement.IntegrationConfig.LicenseKeyConfig;
import dev.grantor.domain.entitlement.IntegrationType;
import dev.grantor.domain.entitlement.LicenseDuration;
import dev.grantor.domain.grant.DeliveryPayload.Feature;
import dev.grantor.domain.grant.GrantEvent.GrantCreated;
import dev.grantor.domain.grant.GrantEvent.GrantDelivered;
import dev.grantor.domain.grant.GrantEvent.GrantFailed;
import dev.grantor.domain.grant.GrantEvent.GrantRevoked;
import dev.grantor.domain.grant.GrantState.Delivered;
import dev.grantor.domain.grant.GrantState.Failed;
import dev.grantor.domain.grant.GrantState.KeyDelivery;
import dev.grantor.domain.grant.GrantState.PayloadDelivery;
import dev.grantor.domain.grant.GrantState.Pending;
import dev.grantor.domain.grant.GrantState.Revocable;
import dev.grantor.domain.grant.GrantState.Revoked;
import dev.grantor.domain.grant.LicenseKey;
import dev.grantor.domain.grant.LicenseKeySource;
import dev.grantor.domain.grant.LicenseKeyValue;
import dev.grantor.domain.shared.BrandId;
import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.CustomerId;
import dev.grantor.domain.shared.EntitlementId;
import dev.grantor.domain.shared.GrantId;
import dev.grantor.domain.shared.GrantorError;
import dev.grantor.domain.shared.GrantorError.GrantNotDelivered;
import dev.grantor.domain.shared.GrantorError.GrantNotPending;
import dev.grantor.domain.shared.GrantorError.NoDeliveryEmail;
import dev.grantor.domain.shared.GrantorError.GrantRevokedForGood;
import dev.grantor.domain.shared.GrantorError.LicenseKeyNotFound;
import dev.grantor.domain.shared.GrantorError.LicenseKeyNotRotatable;
import dev.grantor.domain.shared.GrantorError.InvalidRequest;
import dev.grantor.domain.shared.GrantorError.LicenseKeyGrantNeedsAKey;
import dev.grantor.domain.shared.GrantorError.NoExpiryOnSubscriptionLicenseKeys;
import dev.grantor.domain.shared.GrantorError.NotALicenseKeyGrant;
import dev.grantor.domain.shared.GrantorError.NotFound;
import dev.grantor.domain.shared.GrantorError.NotManualFulfillment;
import dev.grantor.domain.shared.GrantorError.ValidationFailed;
import dev.grantor.domain.grant.GrantorEvent;
import dev.grantor.domain.shared.LicenseKeyId;
import dev.grantor.domain.shared.Metadata;
import dev.grantor.domain.shared.Text;
import io.vavr.collection.List;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.time.Instant;
import org.jmolecules.ddd.annotation.AggregateRoot;
import org.jmolecules.ddd.annotation.Identity;

/**
 * One customer's issuance of one entitlement. Immutable: every transition returns the next grant with
 * the events it raised, or the error that stopped it, and leaves this one as it was. The legal moves are
 * the table in the specification, each visible below in a switch over the sealed {@link GrantState}.
 */
@AggregateRoot
public record Grant(
        @Identity GrantId id,
        BusinessId businessId,
        BrandId brandId,
        CustomerId customerId,
        EntitlementId entitlementId,
        IntegrationType integrationType,
        GrantOrigin origin,
        Metadata metadata,
        Instant createdAt,
        Instant updatedAt,
        GrantState state,
        long version) {

    public Grant {
        if (id == null || businessId == null || brandId == null || customerId == null || entitlementId == null
                || integrationType == null || origin == null || metadata == null || createdAt == null
                || updatedAt == null || state == null || updatedAt.isBefore(createdAt)) {
            throw new IllegalArgumentException("grant breaks its structural rules");
        }
        if (deliveryOf(state).exists(d -> (d instanceof KeyDelivery) != (integrationType == IntegrationType.LICENSE_KEY))) {
            throw new IllegalArgumentException("only license-key grants deliver keys, and they deliver nothing else");
        }
    }

    // ---- issue ------------------------------------------------------------------------------------

    /**
     * Issues a grant of the entitlement: auto license keys and feature flags are delivered at once, every
     * other grant waits as {@code Pending}. A deleted entitlement issues nothing.
     */
    public static Either<GrantorError, GrantChange> issue(GrantIssue issue, Entitlement entitlement, Instant at) {
        if (!entitlement.isActive()) {
            return Either.left(new NotFound("entitlement", entitlement.id().value()));
        }
        var pending = new Grant(issue.grantId(), entitlement.businessId(), issue.brandId(), issue.customerId(),
                entitlement.id(), entitlement.integrationType(), issue.origin(), issue.metadata(), at, at, new Pending(), 0);
        List<GrantorEvent> created = List.of(new GrantCreated(pending, at));
        return Either.right(switch (entitlement.config()) {
            case LicenseKeyConfig config when !config.isManual() -> {
                var generated = issue.generatedKey().getOrElseThrow(
                        () -> new IllegalArgumentException("an auto license-key issue needs a generated key"));
                yield pending.deliverKey(config, generated.licenseKeyId(), generated.value(), LicenseKeySource.AUTO,
                        Option.none(), Option.none(), at).prependEvents(created);
            }
            case FeatureFlagConfig config -> {
                var payload = new DeliveryPayload(Option.none(), Option.none(),
                        Option.some(new Feature(config.featureId(), config.featureType().wire())));
                var delivered = pending.moveTo(new Delivered(at, new PayloadDelivery(payload)), at);
                yield new GrantChange(delivered, Option.none(), created.append(new GrantDelivered(delivered, at)));
            }
            case IntegrationConfig other -> new GrantChange(pending, Option.none(), created);
        });
    }

    // ---- manual fulfillment -------------------------------------------------------------------------

    /**
     * Rules 3 to 5 of manual fulfillment, in the specification's order (the caller checks access before
     * and key uniqueness after). Fulfilling a delivered grant again with exactly its key succeeds without
     * changing anything, so a client retrying after a lost response is safe.
     */
    public Either<GrantorError, GrantChange> fulfill(Entitlement entitlement, FulfillmentTerms terms,
                                                     LicenseKeyId newKeyId, Instant at) {
        return fulfill(entitlement, terms, newKeyId, LicenseKeySource.MANUAL, at);
    }

    /**
     * Fulfillment with a key taken from the entitlement's pool: the same rules as by hand, but the key is
     * {@code import} (the merchant brought it, the engine handed it out). The key's length was judged when it was
     * imported: a {@code min_key_length} raised since binds the keys given from then on, not the stock already bought.
     */
    public Either<GrantorError, GrantChange> fulfillFromPool(Entitlement entitlement, FulfillmentTerms terms,
                                                             LicenseKeyId newKeyId, Instant at) {
        return fulfill(entitlement, terms, newKeyId, LicenseKeySource.IMPORT, at);
    }

    private Either<GrantorError, GrantChange> fulfill(Entitlement entitlement, FulfillmentTerms terms,
                                                      LicenseKeyId newKeyId, LicenseKeySource source, Instant at) {
        if (!entitlement.id().equals(entitlementId)) {
            throw new IllegalArgumentException("fulfilling with another grant's entitlement");
        }
        if (terms.expiresAt().isDefined() && origin.isSubscription()) {
            return Either.left(new NoExpiryOnSubscriptionLicenseKeys(id.value()));
        }
        var future = LicenseKey.futureExpiry(terms.expiresAt(), at);
        if (future.isLeft()) {
            return Either.left(future.getLeft());
        }
        if (integrationType != IntegrationType.LICENSE_KEY) {
            return Either.left(new NotALicenseKeyGrant(id.value(), integrationType.wire()));
        }
        var config = entitlement.licenseKeyConfig()
                .getOrElseThrow(() -> new IllegalStateException("a license-key grant of a non-license entitlement"));
        if (!config.isManual()) {
            return Either.left(new NotManualFulfillment(id.value()));
        }
        return switch (state) {
            // the minimum binds the keys given from now on: the retry below of a key given before it was raised succeeds
            case Pending pending when source == LicenseKeySource.MANUAL && !config.admitsKeyOf(Text.length(terms.key().value())) ->
                    Either.left(new GrantorError.LicenseKeyTooShort(config.minKeyLength()));
            case Pending pending -> Either.right(deliverKey(config, newKeyId, terms.key(), source,
                    terms.activationsLimit(), terms.expiresAt(), at));
            case Delivered(var deliveredAt, KeyDelivery(var keyId, var key)) when key.equals(terms.key()) ->
                    Either.right(GrantChange.unchanged(this));
            case Delivered delivered -> Either.left(notPending());
            case Failed failed -> Either.left(notPending());
            case Revoked revoked -> Either.left(notPending());
        };
    }

    // ---- host-reported outcomes ---------------------------------------------------------------------

    /** The host provisioned a non-license grant on its platform and tells us what it delivered. */
    public Either<GrantorError, GrantChange> reportDelivery(DeliveryPayload payload, Instant at) {
        if (integrationType == IntegrationType.LICENSE_KEY) {
            return Either.left(new LicenseKeyGrantNeedsAKey(id.value()));
        }
        var foreign = foreignPart(payload);
        if (foreign.isDefined()) {
            return Either.left(ValidationFailed.of(foreign.get(), "does not apply to a " + integrationType.wire() + " grant"));
        }
        return switch (state) {
            case Pending pending -> {
                var delivered = moveTo(new Delivered(at, new PayloadDelivery(payload)), at);
                yield Either.right(new GrantChange(delivered, Option.none(), List.of(new GrantDelivered(delivered, at))));
            }
            case Delivered delivered -> Either.left(notPending());
            case Failed failed -> Either.left(notPending());
            case Revoked revoked -> Either.left(notPending());
        };
    }

    /** The host could not deliver; the code and message are the host's, kept for the merchant. */
    public Either<GrantorError, GrantChange> reportFailure(String errorCode, String errorMessage, Instant at) {
        var problem = failureProblem("errorCode", errorCode, Failed.MAX_CODE)
                .orElse(failureProblem("errorMessage", errorMessage, Failed.MAX_MESSAGE));
        if (problem.isDefined()) {
            return Either.left(problem.get());
        }
        return switch (state) {
            case Pending pending -> {
                var failed = moveTo(new Failed(at, Text.trim(errorCode), Text.trim(errorMessage)), at);
                yield Either.right(new GrantChange(failed, Option.none(), List.of(new GrantFailed(failed, at))));
            }
            case Delivered delivered -> Either.left(notPending());
            case Failed failed -> Either.left(notPending());
            case Revoked revoked -> Either.left(notPending());
        };
    }

    // ---- revocation ---------------------------------------------------------------------------------

    /** Always succeeds: a revoked grant stays as it is, with its first reason and time, and raises nothing. */
    public GrantChange revoke(RevocationReason reason, Instant at) {
        return switch (state) {
            case Revocable live -> {
                var revoked = moveTo(new Revoked(at, reason, live), at);
                yield new GrantChange(revoked, Option.none(), List.of(new GrantRevoked(revoked, at)));
            }
            case Revoked revoked -> GrantChange.unchanged(this);
        };
    }

    // ---- the key after delivery ------------------------------------------------------------------------

    /**
     * Its key was enabled again: the one way out of {@code Revoked}, open only to a grant that was revoked
     * because its key was disabled after delivery. It returns to the delivery it had, {@code delivered_at}
     * kept, and says so with {@code delivered} again. Any other revocation is final.
     */
    public Either<GrantorError, GrantChange> enableKey(Instant at) {
        if (integrationType != IntegrationType.LICENSE_KEY) {
            return Either.left(new NotALicenseKeyGrant(id.value(), integrationType.wire()));
        }
        return switch (state) {
            case Revoked(var revokedAt, var reason, Delivered delivered)
                    when reason == RevocationReason.LICENSE_KEY_DISABLED -> {
                var restored = moveTo(delivered, at);
                yield Either.right(new GrantChange(restored, Option.none(), List.of(new GrantDelivered(restored, at))));
            }
            case Revoked revoked -> Either.left(new GrantRevokedForGood(id.value(), revoked.reason().wire()));
            case Delivered delivered -> Either.right(GrantChange.unchanged(this));
            case Pending pending -> Either.left(new LicenseKeyNotFound());
            case Failed failed -> Either.left(new LicenseKeyNotFound());
        };
    }

    /**
     * Its key was rotated: same key id, new value, still {@code Delivered} since the same moment. Not a
     * lifecycle move, so it raises no grant event (the key raises {@code license_key.rotated}).
     */
    public Either<GrantorError, Grant> rekey(LicenseKeyValue newValue, Instant at) {
        // rekeyable() answers only a Delivered grant with a key
        return rekeyable().map(delivered -> moveTo(new Delivered(delivered.deliveredAt(),
                new KeyDelivery(((KeyDelivery) delivered.delivery()).licenseKeyId(), newValue)), at));
    }

    /**
     * Whether its key may be rotated, asked before the new value is found: a value taken from a pool for a grant
     * that cannot take it would answer the pool's state instead of the grant's.
     */
    public Either<GrantorError, Delivered> rekeyable() {
        return switch (state) {
            case Delivered delivered when delivered.delivery() instanceof KeyDelivery -> Either.right(delivered);
            case Delivered delivered -> Either.left(notRotatable());
            case Pending pending -> Either.left(notRotatable());
            case Failed failed -> Either.left(notRotatable());
            case Revoked revoked -> Either.left(notRotatable());
        };
    }

    // ---- resending the delivery email ---------------------------------------------------------------

    /**
     * The key whose delivery email may be sent again: only a license-key grant is delivered by email (its kind
     * is checked first, since no state change can alter it), and only a {@code Delivered} one has sent it.
     */
    public Either<GrantorError, KeyDelivery> resendableKey() {
        if (integrationType != IntegrationType.LICENSE_KEY) {
            return Either.left(new NoDeliveryEmail(id.value(), integrationType.wire()));
        }
        return switch (state) {
            case Delivered(var at, KeyDelivery delivery) -> Either.right(delivery);
            case Delivered delivered -> throw new IllegalStateException("a license-key grant delivered something else than a key");
            case Pending pending -> Either.left(new GrantNotDelivered(id.value(), GrantStatus.PENDING.wire()));
            case Failed failed -> Either.left(new GrantNotDelivered(id.value(), GrantStatus.FAILED.wire()));
            case Revoked revoked -> Either.left(new GrantNotDelivered(id.value(), GrantStatus.REVOKED.wire()));
        };
    }

    // ---- projections --------------------------------------------------------------------------------

    public GrantStatus status() {
        return state.status();
    }

    public Option<Delivered> delivered() {
        return switch (state) {
            case Delivered d -> Option.some(d);
            case Revoked(var at, var reason, Delivered d) -> Option.some(d);
            case Revoked r -> Option.none();
            case Pending p -> Option.none();
            case Failed f -> Option.none();
        };
    }

    public Option<Instant> deliveredAt() {
        return delivered().map(Delivered::deliveredAt);
    }

    public Option<LicenseKeyId> licenseKeyId() {
        return deliveryOf(state).flatMap(d -> d instanceof KeyDelivery k ? Option.some(k.licenseKeyId()) : Option.none());
    }

    public Option<DeliveryPayload> payload() {
        return deliveryOf(state).flatMap(d -> d instanceof PayloadDelivery p ? Option.some(p.payload()) : Option.none());
    }

    public Option<Failed> failure() {
        return switch (state) {
            case Failed f -> Option.some(f);
            case Revoked(var at, var reason, Failed f) -> Option.some(f);
            case Revoked r -> Option.none();
            case Pending p -> Option.none();
            case Delivered d -> Option.none();
        };
    }

    public Option<Revoked> revocation() {
        return state instanceof Revoked r ? Option.some(r) : Option.none();
    }

    // ---- internals ----------------------------------------------------------------------------------

    private GrantChange deliverKey(LicenseKeyConfig config, LicenseKeyId keyId, LicenseKeyValue value, LicenseKeySource source,
                                   Option<dev.grantor.domain.entitlement.ActivationsLimit> limitOverride,
                                   Option<Instant> expiryOverride, Instant at) {
        var limit = limitOverride.orElse(config.activationsLimit());
        var expiry = origin.isSubscription() ? Option.<Instant>none()
                : expiryOverride.orElse(config.duration().map(d -> d.expiryFrom(at)));
        var key = LicenseKey.issue(keyId, businessId, id, customerId, entitlementId, value, source, limit, expiry, at);
        var delivered = moveTo(new Delivered(at, new KeyDelivery(keyId, value)), at);
        return new GrantChange(delivered, Option.some(key),
                List.of(new dev.grantor.domain.grant.LicenseKeyEvent.LicenseKeyCreated(key, at), new GrantDelivered(delivered, at)));
    }

    private Grant moveTo(GrantState next, Instant at) {
        return new Grant(id, businessId, brandId, customerId, entitlementId, integrationType, origin, metadata,
                createdAt, at.isBefore(updatedAt) ? updatedAt : at, next, version);
    }

    private GrantorError notRotatable() {
        return new LicenseKeyNotRotatable(licenseKeyId().map(LicenseKeyId::value).getOrElse("of grant " + id.value()),
                state.status().wire());
    }

    private GrantNotPending notPending() {
        return new GrantNotPending(id.value(), state.status().wire());
    }

    /**
     * The part of a reported payload that belongs to another integration, named as the command names it: the grant
     * object shows files only on {@code digital_files} grants, a feature only on {@code feature_flag} ones and a link
     * only on the invite platforms', so a grant carrying another's part would read as that other kind.
     */
    private Option<String> foreignPart(DeliveryPayload payload) {
        if (payload.digitalProductDelivery().isDefined() && integrationType != IntegrationType.DIGITAL_FILES) {
            return Option.some("digitalProductDelivery");
        }
        if (payload.oauth().isDefined() && !integrationType.invitesByLink()) {
            return Option.some("oauthUrl");
        }
        if (payload.feature().isDefined() && integrationType != IntegrationType.FEATURE_FLAG) {
            return Option.some("feature");
        }
        return Option.none();
    }

    private static Option<GrantorError> failureProblem(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            return Option.some(InvalidRequest.of(field, "is required"));
        }
        if (Text.length(Text.trim(value)) > max) {
            return Option.some(ValidationFailed.of(field, "must be at most " + max + " characters"));
        }
        if (Text.hasControl(value, true)) {
            return Option.some(ValidationFailed.of(field, "must not contain control characters"));
        }
        return Option.none();
    }

    private static Option<GrantState.Delivery> deliveryOf(GrantState state) {
        return switch (state) {
            case Delivered d -> Option.some(d.delivery());
            case Revoked(var at, var reason, Delivered d) -> Option.some(d.delivery());
            case Revoked r -> Option.none();
            case Pending p -> Option.none();
            case Failed f -> Option.none();
        };
    }
}

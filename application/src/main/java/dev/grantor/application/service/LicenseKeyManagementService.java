package dev.grantor.application.service;

import dev.grantor.application.port.in.LicenseKeyManagement;
import dev.grantor.application.port.out.Businesses;
import dev.grantor.application.port.out.Customers;
import dev.grantor.application.port.out.DuplicateRecord;
import dev.grantor.application.port.out.Entitlements;
import dev.grantor.application.port.out.Grants;
import dev.grantor.application.port.out.IdGenerator;
import dev.grantor.application.port.out.KeyGenerator;
import dev.grantor.application.port.out.KeyPools;
import dev.grantor.application.port.out.LicenseKeys;
import dev.grantor.application.port.out.LicenseKeys.Filter;
import dev.grantor.application.port.out.LicenseKeys.InstanceFilter;
import dev.grantor.application.port.out.LicenseKeys.PastValue;
import dev.grantor.application.port.out.Transactions;
import dev.grantor.application.signing.KeySigner;
import dev.grantor.application.view.EventPayload;
import dev.grantor.application.view.LicenseKeyView;
import dev.grantor.application.view.RotatedLicenseKeyView;
import dev.grantor.domain.entitlement.ActivationsLimit;
import dev.grantor.domain.entitlement.Entitlement;
import dev.grantor.domain.entitlement.IntegrationConfig.LicenseKeyConfig;
import dev.grantor.domain.grant.Grant;
import dev.grantor.domain.grant.GrantChange;
import dev.grantor.domain.grant.RevocationReason;
import dev.grantor.domain.grant.LicenseKey;
import dev.grantor.domain.grant.LicenseKeyInstance;
import dev.grantor.domain.grant.LicenseKeySource;
import dev.grantor.domain.grant.LicenseKeyStatus;
import dev.grantor.domain.grant.LicenseKeyValue;
import dev.grantor.domain.shared.BrandId;
import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.CustomerId;
import dev.grantor.domain.shared.EntitlementId;
import dev.grantor.domain.shared.GrantId;
import dev.grantor.domain.shared.GrantorError;
import dev.grantor.domain.shared.Text;
import dev.grantor.domain.shared.GrantorError.InvalidRequest;
import dev.grantor.domain.shared.GrantorError.LicenseKeyAlreadyExists;
import dev.grantor.domain.shared.GrantorError.LicenseKeyNotFound;
import dev.grantor.domain.shared.GrantorError.NotFound;
import dev.grantor.domain.shared.GrantorError.NotManualFulfillment;
import dev.grantor.domain.shared.GrantorError.ValidationFailed;
import dev.grantor.domain.grant.GrantorEvent;
import dev.grantor.domain.shared.InstanceId;
import dev.grantor.domain.shared.LicenseKeyId;
import io.vavr.Tuple;
import io.vavr.Tuple2;
import io.vavr.collection.List;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.InstantSource;
import java.time.OffsetDateTime;
import java.util.HexFormat;

/**
 * Keys after delivery, each change one unit of work guarded by the key's version: a rotation, a disable
 * and an activation that race re-read and meet each other's result, so no activation lands on a value
 * that a committed rotation already replaced, and no key is activated after a committed disable.
 */
public final class LicenseKeyManagementService implements LicenseKeyManagement {

    private static final ListLicenseKeys KEY_DEFAULTS = new ListLicenseKeys(null, null, null, null, null, null, null, null);
    private static final ListInstances INSTANCE_DEFAULTS = new ListInstances(null, null, null, null);

    private final KeyPools pools;
    private final KeyPoolClaims claims;
    private final Transactions transactions;
    private final LicenseKeys licenseKeys;
    private final Grants grants;
    private final Entitlements entitlements;
    private final Customers customers;
    private final Businesses businesses;
    private final OutboxEntries outbox;
    private final InstantSource clock;
    private final IdGenerator ids;
    private final KeyGenerator keys;
    private final CommandValidation validation;
    private final WriteUnits units;
    private final KeySigner signer;

    public LicenseKeyManagementService(Transactions transactions, LicenseKeys licenseKeys, Grants grants,
                                       Entitlements entitlements, Customers customers, Businesses businesses, KeyPools pools,
                                       OutboxEntries outbox, InstantSource clock, IdGenerator ids, KeyGenerator keys,
                                       CommandValidation validation, KeySigner signer) {
        this.transactions = transactions;
        this.licenseKeys = licenseKeys;
        this.grants = grants;
        this.entitlements = entitlements;
        this.customers = customers;
        this.businesses = businesses;
        this.outbox = outbox;
        this.clock = clock;
        this.ids = ids;
        this.keys = keys;
        this.validation = validation;
        this.units = new WriteUnits(transactions);
        this.pools = pools;
        this.claims = new KeyPoolClaims(pools, grants, ids);
        this.signer = signer;
    }

    // ---- import and reads -----------------------------------------------------------------------------

    @Override
    public Either<GrantorError, KeyView> importKey(BusinessId business, ImportLicenseKey command) {
        var checked = validation.check(command).flatMap(c -> LicenseKeyValue.parse("key", c.key())
                .flatMap(value -> ActivationsLimit.parse(c.activationsLimit()).mapLeft(problem -> problem.at("activations_limit"))
                        .map(limit -> Tuple.of(c, value, limit))));
        if (checked.isLeft()) {
            return Either.left(checked.getLeft());
        }
        var c = checked.get()._1;
        var value = checked.get()._2;
        var limit = checked.get()._3;
        var customerId = CustomerId.parse("customer_id", c.customerId());
        var entitlementId = EntitlementId.parse("product_id", c.productId());
        return units.write(() -> {
            if (customerId.isLeft() || customers.find(business, customerId.get()).isEmpty()) {
                return Either.left(new NotFound("customer", c.customerId()));
            }
            var entitlement = entitlementId.toOption().flatMap(id -> entitlements.find(business, id)).filter(Entitlement::isActive);
            if (entitlement.isEmpty()) {
                return Either.left(new NotFound("product", c.productId()));
            }
            if (entitlement.get().licenseKeyConfig().isEmpty()) {
                return Either.left(ValidationFailed.of("product_id", "must be a license_key entitlement"));
            }
            var tooShort = longEnough(entitlement.get(), value);
            if (tooShort.isLeft()) {
                return Either.left(tooShort.getLeft());
            }
            Instant now = clock.instant();
            return LicenseKey.importKey(new LicenseKeyId(ids.next(LicenseKeyId.PREFIX)), business, customerId.get(),
                            entitlement.get().id(), value, limit, Option.of(c.expiresAt()).map(OffsetDateTime::toInstant), now)
                    .mapLeft(problem -> problem.renamed("expiresAt", "expires_at"))
                    .map(change -> {
                        // the store's unique value is the check; a taken value throws DuplicateRecord, answered below
                        licenseKeys.insert(change.licenseKey());
                        var brand = brandOf(business);
                        outbox.appendRendered(change.events().map(event -> Tuple.<GrantorEvent, EventPayload>of(event,
                                LicenseKeyView.of(change.licenseKey(), brand, Option.none(), now))), Option.none());
                        return new KeyView(change.licenseKey(), brand, Option.none(), now);
                    });
        }, LicenseKeyManagementService::alreadyExists);
    }

    @Override
    public Either<GrantorError, KeyView> get(BusinessId business, String licenseKeyId) {
        return keyId(licenseKeyId).flatMap(id -> transactions.read(() -> key(business, id).map(key -> view(key, clock.instant()))));
    }

    @Override
    public Either<GrantorError, List<KeyView>> list(BusinessId business, ListLicenseKeys query) {
        var q = query == null ? KEY_DEFAULTS : query;
        return validation.check(q).flatMap(valid -> {
            Either<GrantorError, Option<LicenseKeySource>> source = q.source() == null ? Either.right(Option.none())
                    : LicenseKeySource.parse("source", q.source()).map(Option::some);
            Either<GrantorError, Option<LicenseKeyStatus>> status = q.status() == null ? Either.right(Option.none())
                    : LicenseKeyStatus.parse("status", q.status()).map(Option::some);
            return source.flatMap(s -> status.map(st -> transactions.read(() -> {
                Instant now = clock.instant();
                var customer = Option.of(q.customerId()).map(raw -> CustomerId.parse("customer_id", raw).toOption());
                var entitlement = Option.of(q.productId()).map(raw -> EntitlementId.parse("product_id", raw).toOption());
                // a malformed id in a filter matches nothing rather than failing: no key can have it
                if (customer.exists(Option::isEmpty) || entitlement.exists(Option::isEmpty)) {
                    return List.<KeyView>empty();
                }
                var filter = new Filter(customer.flatMap(x -> x), entitlement.flatMap(x -> x), s, st,
                        CreatedRange.from(q.createdAtGte()), CreatedRange.upTo(q.createdAtLte()), now);
                return licenseKeys.list(business, filter, Paging.page(q.pageNumber(), q.pageSize())).map(key -> view(key, now));
            })));
        });
    }

    // ---- limit, expiry, disable and enable ------------------------------------------------------------

    @Override
    public Either<GrantorError, KeyView> update(BusinessId business, String licenseKeyId, UpdateLicenseKey command) {
        if (command == null) {
            return Either.left(new InvalidRequest("the request body is required", List.empty()));
        }
        var limit = command.removeActivationsLimit() ? Either.<GrantorError, Option<ActivationsLimit>>right(Option.none())
                : ActivationsLimit.parse(command.activationsLimit()).mapLeft(problem -> problem.at("activations_limit"));
        return keyId(licenseKeyId).flatMap(id -> units.write(() -> key(business, id).flatMap(found -> {
            if (limit.isLeft()) {
                return Either.left(limit.getLeft());
            }
            Instant now = clock.instant();
            var grant = grantOf(found);
            Either<GrantorError, LicenseKey> changed = Either.right(found);
            if (command.activationsLimit() != null || command.removeActivationsLimit()) {
                changed = changed.flatMap(key -> key.limitActivations(limit.get(), now));
            }
            if (command.expiresAt() != null || command.removeExpiry()) {
                boolean fromSubscription = grant.exists(g -> g.origin().isSubscription());
                changed = changed.flatMap(key -> key.expire(Option.of(command.expiresAt()).map(OffsetDateTime::toInstant),
                        fromSubscription, now).mapLeft(problem -> problem.renamed("expiresAt", "expires_at")));
            }
            Either<GrantorError, Tuple2<LicenseKey, Option<GrantChange>>> toggled = changed.map(key -> Tuple.of(key, Option.none()));
            if (Boolean.TRUE.equals(command.disabled())) {
                toggled = changed.map(key -> Tuple.of(key.disable(now),
                        grant.map(g -> g.revoke(RevocationReason.LICENSE_KEY_DISABLED, now))));
            } else if (Boolean.FALSE.equals(command.disabled())) {
                toggled = changed.flatMap(key -> grant.isEmpty() ? Either.right(Tuple.of(key.enable(now), Option.<GrantChange>none()))
                        : grant.get().enableKey(now).map(change -> Tuple.of(key.enable(now), Option.some(change))));
            }
            return toggled.map(result -> {
                var key = result._1;
                if (!key.equals(found)) {
                    licenseKeys.update(key);
                }
                var grantAfter = result._2.filter(GrantChange::changed).map(change -> {
                    grants.update(change.grant());
                    outbox.append(change.events(), Option.some(key), Option.none());
                    return change.grant();
                }).orElse(grant);
                return new KeyView(key, brandOf(business, grantAfter), grantAfter, now);
            });
        })));
    }

    // ---- rotation ---------------------------------------------------------------------------------------

    @Override
    public Either<GrantorError, KeyView> rotate(BusinessId business, String rotatedBy, String licenseKeyId,
                                                RotateLicenseKey command) {
        if (rotatedBy == null || rotatedBy.isBlank()) {
            throw new IllegalArgumentException("a rotation names who asked for it");
        }
        var given = command == null ? new RotateLicenseKey(null, null) : command;
        Either<GrantorError, Option<LicenseKeyValue>> supplied = given.key() == null ? Either.right(Option.none())
                : LicenseKeyValue.parse("key", given.key()).map(Option::some);
        boolean reset = Boolean.TRUE.equals(given.resetActivations());
        return keyId(licenseKeyId).flatMap(id -> units.write(() -> key(business, id).flatMap(found -> {
            if (supplied.isLeft()) {
                return Either.left(supplied.getLeft());
            }
            if (given.replacing() != null && !found.value().value().equals(given.replacing())) {
                return Either.left(new LicenseKeyNotFound());
            }
            Instant now = clock.instant();
            var grant = grantOf(found);
            var entitlement = entitlements.find(business, found.entitlementId())
                    .getOrElseThrow(() -> new IllegalStateException("license key " + found.id().value() + " has no entitlement"));
            if (supplied.get().isEmpty() && grant.isDefined() && entitlement.licenseKeyConfig().exists(LicenseKeyConfig::isManual)
                    && pools.find(business, entitlement.id()).isDefined()) {
                return rotateFromPool(business, rotatedBy, found, grant.get(), entitlement, reset, now);
            }
            // the body's rules first (as fulfillment's rule 3), then the grant's state
            return newValue(entitlement, found, supplied.get(), now)
                    .flatMap(value -> (grant.isEmpty() ? Either.<GrantorError, Option<Grant>>right(Option.none())
                            : grant.get().rekey(value, now).map(Option::some))
                            .map(rekeyed -> commitRotation(business, rotatedBy, found, value, rekeyed, entitlement, reset, now)));
        }), duplicate -> given.key() != null ? alreadyExists(duplicate) : Option.none()));
    }

    /**
     * A pooled entitlement's key rotated without a value takes the pool's oldest key, which is assigned to the
     * grant in the same unit; the key keeps its own limit and expiry. An empty pool refuses ({@code KEY_POOL_EMPTY}).
     */
    private Either<GrantorError, KeyView> rotateFromPool(BusinessId business, String rotatedBy, LicenseKey found, Grant grant,
                                                         Entitlement entitlement, boolean reset, Instant now) {
        var refused = grant.rekeyable();
        if (refused.isLeft()) {
            return Either.left(refused.getLeft());
        }
        var pool = pools.lock(entitlement.id()).getOrElseThrow(() -> new IllegalStateException("a found pool vanished"));
        var pooled = pools.oldestAvailable(pool.id(), now);
        if (pooled.isEmpty()) {
            return Either.left(new GrantorError.KeyPoolEmpty(entitlement.id().value()));
        }
        var value = pooled.get().value();
        return grant.rekey(value, now).flatMap(rekeyed -> pooled.get().assignTo(grant.id(), now).map(assigned -> {
            pools.updateKey(assigned);
            var view = commitRotation(business, rotatedBy, found, value, Option.some(rekeyed), entitlement, reset, now);
            var alerts = claims.settleTaking(pool, now);
            if (!alerts.isEmpty()) {
                outbox.appendRendered(alerts, Option.none());
            }
            return view;
        }));
    }

    private KeyView commitRotation(BusinessId business, String rotatedBy, LicenseKey found, LicenseKeyValue value,
                                   Option<Grant> rekeyed, Entitlement entitlement, boolean reset, Instant now) {
        var rotation = found.rotate(value, reset, now);
        var key = rotation.licenseKey();
        // the old value stops matching when this commits: every later lookup by it finds nothing
        licenseKeys.update(key);
        rekeyed.forEach(grants::update);
        licenseKeys.recordPastValue(new PastValue(key.id(), business, sha256(rotation.previousValue()), now, rotatedBy));
        var brand = brandOf(business, rekeyed);
        var data = RotatedLicenseKeyView.of(key, rotation.event().previousKeySuffix(), brand, rekeyed, now);
        // a key imported without a grant was delivered by the merchant, so the merchant delivers its new value too
        var email = rekeyed.map(g -> new OutboxEntries.Delivery(key, customers.find(business, key.customerId())
                .getOrElseThrow(() -> new IllegalStateException("license key " + key.id().value() + " has no customer")),
                entitlement, now, Option.some(rotation.event().previousKeySuffix())));
        outbox.appendRendered(List.of(Tuple.<GrantorEvent, EventPayload>of(rotation.event(), data)), email);
        return new KeyView(key, brand, rekeyed, now);
    }

    /**
     * Manual entitlements take the merchant's value, under fulfillment's rules; auto ones generate it (a
     * value given for them is refused, as in fulfillment). Giving the key its own value is a taken value.
     * A signed entitlement's new value is signed too, with the key's terms as they stand now: the customer's
     * offline check would refuse a random one, and the old value's payload may carry a limit or expiry since changed.
     */
    private Either<GrantorError, LicenseKeyValue> newValue(Entitlement entitlement, LicenseKey key, Option<LicenseKeyValue> supplied,
                                                           Instant now) {
        boolean manual = entitlement.licenseKeyConfig().exists(LicenseKeyConfig::isManual);
        if (manual) {
            if (supplied.isEmpty()) {
                return Either.left(InvalidRequest.of("key", "is required: the entitlement fulfills keys manually"));
            }
            if (supplied.get().equals(key.value())) {
                return Either.left(new LicenseKeyAlreadyExists());
            }
            return longEnough(entitlement, supplied.get());
        }
        if (supplied.isDefined()) {
            return Either.left(new NotManualFulfillment(key.grantId().map(GrantId::value).getOrElse(key.id().value())));
        }
        if (entitlement.licenseKeyConfig().exists(LicenseKeyConfig::isSigned)) {
            return Either.right(signer.sign(key, now));
        }
        return Either.right(keys.generate());
    }

    /** The entitlement's {@code min_key_length} binds every value a merchant gives, as in manual fulfillment. */
    private static Either<GrantorError, LicenseKeyValue> longEnough(Entitlement entitlement, LicenseKeyValue value) {
        var config = entitlement.licenseKeyConfig();
        if (config.exists(c -> !c.admitsKeyOf(Text.length(value.value())))) {
            return Either.left(new GrantorError.LicenseKeyTooShort(config.get().minKeyLength()));
        }
        return Either.right(value);
    }

    // ---- instances ---------------------------------------------------------------------------------------

    @Override
    public Either<GrantorError, LicenseKey.Held> instance(BusinessId business, String instanceId) {
        return instanceId(instanceId).flatMap(id -> transactions.read(() -> held(business, id)));
    }

    @Override
    public Either<GrantorError, List<LicenseKey.Held>> instances(BusinessId business, ListInstances query) {
        var q = query == null ? INSTANCE_DEFAULTS : query;
        return validation.check(q).map(valid -> {
            var key = Option.of(q.licenseKeyId()).map(raw -> LicenseKeyId.parse("license_key_id", raw).toOption());
            var grant = Option.of(q.grantId()).map(raw -> GrantId.parse("grant_id", raw).toOption());
            if (key.exists(Option::isEmpty) || grant.exists(Option::isEmpty)) {
                return List.empty();
            }
            return transactions.read(() -> licenseKeys.listInstances(business,
                    new InstanceFilter(key.flatMap(x -> x), grant.flatMap(x -> x)), Paging.page(q.pageNumber(), q.pageSize())));
        });
    }

    @Override
    public Either<GrantorError, LicenseKey.Held> renameInstance(BusinessId business, String instanceId, RenameInstance command) {
        return instanceId(instanceId).flatMap(id -> units.write(() -> held(business, id).flatMap(held -> {
            var name = validation.check(command).flatMap(c -> LicenseKeyInstance.parseName("name", c.name()));
            return name.flatMap(n -> held.licenseKey().renameInstance(id, n, clock.instant())).map(key -> {
                licenseKeys.update(key);
                return new LicenseKey.Held(key, key.instance(id).get());
            });
        })));
    }

    @Override
    public Either<GrantorError, LicenseKey> deleteInstance(BusinessId business, String instanceId) {
        return instanceId(instanceId).flatMap(id -> units.write(() -> held(business, id)
                .flatMap(held -> held.licenseKey().deactivate(id, clock.instant()))
                .map(deactivation -> {
                    licenseKeys.update(deactivation.licenseKey());
                    return deactivation.licenseKey();
                })));
    }

    // ---- loads -----------------------------------------------------------------------------------------

    private static Either<GrantorError, LicenseKeyId> keyId(String candidate) {
        return LicenseKeyId.parse("id", candidate).mapLeft(malformed -> new NotFound("license key", String.valueOf(candidate)));
    }

    private static Either<GrantorError, InstanceId> instanceId(String candidate) {
        return InstanceId.parse("id", candidate).mapLeft(malformed -> new NotFound("license key instance", String.valueOf(candidate)));
    }

    /** Another business's key is not found, exactly like an unknown one. */
    private Either<GrantorError, LicenseKey> key(BusinessId business, LicenseKeyId id) {
        return licenseKeys.find(id).filter(k -> k.businessId().equals(business)).toEither(() -> new NotFound("license key", id.value()));
    }

    private Either<GrantorError, LicenseKey.Held> held(BusinessId business, InstanceId id) {
        return licenseKeys.findByInstance(business, id)
                .<GrantorError>toEither(() -> new NotFound("license key instance", id.value()))
                .map(key -> new LicenseKey.Held(key, key.instance(id).get()));
    }

    private Option<Grant> grantOf(LicenseKey key) {
        return key.grantId().map(id -> grants.find(key.businessId(), id)
                .getOrElseThrow(() -> new IllegalStateException("license key " + key.id().value() + " names a missing grant")));
    }

    private KeyView view(LicenseKey key, Instant now) {
        var grant = grantOf(key);
        return new KeyView(key, brandOf(key.businessId(), grant), grant, now);
    }

    private BrandId brandOf(BusinessId business, Option<Grant> grant) {
        return grant.map(Grant::brandId).getOrElse(() -> brandOf(business));
    }

    private BrandId brandOf(BusinessId business) {
        return businesses.find(business).map(Businesses.Business::defaultBrandId)
                .getOrElseThrow(() -> new IllegalStateException("business " + business.value() + " is not registered"));
    }

    private static <R> Option<Either<GrantorError, R>> alreadyExists(DuplicateRecord duplicate) {
        return duplicate.rule() == DuplicateRecord.Rule.LICENSE_KEY_VALUE
                ? Option.some(Either.left(new LicenseKeyAlreadyExists())) : Option.none();
    }

    /** What the history keeps of a replaced value: its SHA-256 in lower-case hex, never the value. */
    static String sha256(LicenseKeyValue value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.value().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}

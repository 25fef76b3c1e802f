package dev.grantor.application.service;

import dev.grantor.application.port.in.GrantView;
import dev.grantor.application.port.in.KeyPoolManagement;
import dev.grantor.application.port.in.PageLimits;
import dev.grantor.application.port.out.DuplicateRecord;
import dev.grantor.application.port.out.Entitlements;
import dev.grantor.application.port.out.Fulfillments;
import dev.grantor.application.port.out.GrantParties;
import dev.grantor.application.port.out.GrantParties.Parties;
import dev.grantor.application.port.out.Grants;
import dev.grantor.application.port.out.IdGenerator;
import dev.grantor.application.port.out.KeyPools;
import dev.grantor.application.port.out.LicenseKeys;
import dev.grantor.application.port.out.Transactions;
import dev.grantor.domain.entitlement.ActivationsLimit;
import dev.grantor.domain.entitlement.IntegrationConfig.LicenseKeyConfig;
import dev.grantor.domain.grant.FulfillmentTerms;
import dev.grantor.domain.grant.GrantStatus;
import dev.grantor.domain.grant.LicenseKey;
import dev.grantor.domain.grant.LicenseKeyValue;
import dev.grantor.domain.grant.KeyPool;
import dev.grantor.domain.grant.PooledKey;
import dev.grantor.domain.grant.PooledKeyStatus;
import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.EntitlementId;
import dev.grantor.domain.shared.GrantId;
import dev.grantor.domain.shared.GrantorError;
import dev.grantor.domain.shared.Timestamps;
import dev.grantor.domain.shared.GrantorError.GrantNotPending;
import dev.grantor.domain.shared.GrantorError.InvalidRequest;
import dev.grantor.domain.shared.GrantorError.KeyPoolEmpty;
import dev.grantor.domain.shared.GrantorError.KeyPoolExists;
import dev.grantor.domain.shared.GrantorError.NotFound;
import dev.grantor.domain.shared.GrantorError.ValidationFailed;
import dev.grantor.domain.shared.KeyPoolId;
import dev.grantor.domain.shared.PooledKeyId;
import dev.grantor.domain.shared.Text;
import io.vavr.collection.List;
import io.vavr.collection.Map;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.time.Instant;
import java.time.InstantSource;
import java.time.OffsetDateTime;

/**
 * Pools, their imports and the grants they fulfill. An import commits its accepted keys in one unit (the pool
 * locked, so no claim reads a half-written stock), then fulfills the waiting grants one unit each, oldest
 * first: a crash between two leaves every fulfilled grant whole and every other key available.
 */
public final class KeyPoolManagementService implements KeyPoolManagement {

    private final WriteUnits units;
    private final Transactions transactions;
    private final KeyPools pools;
    private final Entitlements entitlements;
    private final Grants grants;
    private final GrantParties parties;
    private final LicenseKeys licenseKeys;
    private final Fulfillments fulfillments;
    private final OutboxEntries outbox;
    private final IdGenerator ids;
    private final InstantSource clock;
    private final CommandValidation validation;
    private final KeyPoolClaims claims;

    public KeyPoolManagementService(Transactions transactions, KeyPools pools, Entitlements entitlements, Grants grants,
                                    GrantParties parties, LicenseKeys licenseKeys, Fulfillments fulfillments,
                                    OutboxEntries outbox, IdGenerator ids, InstantSource clock, CommandValidation validation) {
        this.units = new WriteUnits(transactions);
        this.transactions = transactions;
        this.pools = pools;
        this.entitlements = entitlements;
        this.grants = grants;
        this.parties = parties;
        this.licenseKeys = licenseKeys;
        this.fulfillments = fulfillments;
        this.outbox = outbox;
        this.ids = ids;
        this.clock = clock;
        this.validation = validation;
        this.claims = new KeyPoolClaims(pools, grants, ids);
    }

    // ---- the pool ------------------------------------------------------------------------------------

    @Override
    public Either<GrantorError, PoolView> open(BusinessId business, String entitlementId, OpenPool command) {
        var threshold = KeyPool.threshold("low_stock_threshold", command == null ? null : command.lowStockThreshold());
        return Entitlements.id(entitlementId).flatMap(id -> units.write(
                () -> entitlements.active(business, id)
                        .flatMap(entitlement -> threshold.flatMap(line ->
                                KeyPool.open(new KeyPoolId(ids.next(KeyPoolId.PREFIX)), entitlement, line, clock.instant())))
                        .map(pool -> {
                            pools.insert(pool);
                            return view(pool);
                        }),
                duplicate -> duplicate.rule() == DuplicateRecord.Rule.KEY_POOL
                        ? Option.some(Either.left(new KeyPoolExists(entitlementId)))
                        : Option.none()));
    }

    @Override
    public Either<GrantorError, PoolView> get(BusinessId business, String entitlementId) {
        return Entitlements.id(entitlementId).flatMap(id -> transactions.read(() -> pool(business, id).map(this::view)));
    }

    @Override
    public Either<GrantorError, List<PoolView>> list(BusinessId business) {
        return Either.right(transactions.read(() -> pools.stocks(business, clock.instant()).map(figures -> new PoolView(
                figures.pool(), figures.stock().available(), figures.stock().assigned(), figures.stock().voided(),
                figures.waitingGrants()))));
    }

    @Override
    public List<PoolView> stockAcrossBusinesses() {
        return transactions.read(() -> pools.all().map(this::view));
    }

    @Override
    public Either<GrantorError, PoolView> change(BusinessId business, String entitlementId, ChangePool command) {
        if (command == null || command.lowStockThreshold() == null) {
            return Either.left(InvalidRequest.of("low_stock_threshold", "is required"));
        }
        return Entitlements.id(entitlementId).flatMap(id -> KeyPool.threshold("low_stock_threshold", command.lowStockThreshold())
                .flatMap(line -> units.write(() -> pool(business, id).map(found -> {
                    var locked = pools.lock(id).getOrElse(found);
                    Instant now = clock.instant();
                    var changed = locked.withThreshold(line.get(), pools.stock(locked.id(), now).available(), now);
                    pools.update(changed);
                    return view(pools.find(business, id).getOrElse(changed));
                }))));
    }

    // ---- import ---------------------------------------------------------------------------------------

    @Override
    public Either<GrantorError, ImportReport> importFile(BusinessId business, String entitlementId, KeyFileFormat format,
                                                         byte[] content) {
        if (format == null || content == null) {
            return Either.left(InvalidRequest.of("body", "is required"));
        }
        if (content.length > MAX_IMPORT_BYTES) {
            return Either.left(ValidationFailed.of("body", "must be at most " + MAX_IMPORT_BYTES + " bytes"));
        }
        return Entitlements.id(entitlementId)
                .flatMap(id -> transactions.read(() -> pool(business, id)))
                .flatMap(pool -> KeyFile.read(format, content))
                .flatMap(lines -> importKeys(business, entitlementId, new ImportKeys(lines)));
    }

    /** A line that passed its own rules, waiting for the uniqueness checks. */
    private record Candidate(int line, FulfillmentTerms terms) {}

    @Override
    public Either<GrantorError, ImportReport> importKeys(BusinessId business, String entitlementId, ImportKeys command) {
        if (command == null || command.keys() == null) {
            return Either.left(InvalidRequest.of("keys", "is required"));
        }
        if (command.keys().size() > MAX_KEYS_PER_IMPORT) {
            return Either.left(ValidationFailed.of("keys", "must hold at most " + MAX_KEYS_PER_IMPORT + " keys per import"));
        }
        if (command.keys().exists(line -> line == null)) {
            return Either.left(InvalidRequest.of("keys", "must not hold null"));
        }
        return Entitlements.id(entitlementId).flatMap(id -> units.write(() -> importUnit(business, id, command.keys())))
                .map(report -> report.imported() == 0 ? report
                        : withFulfilled(report, drain(business, entitlementIdOf(entitlementId)).fulfilled()));
    }

    private static EntitlementId entitlementIdOf(String checked) {
        return new EntitlementId(checked);
    }

    private static ImportReport withFulfilled(ImportReport report, List<GrantId> fulfilled) {
        return new ImportReport(report.imported(), report.duplicates(), report.invalid(), fulfilled.size(), report.results());
    }

    private Either<GrantorError, ImportReport> importUnit(BusinessId business, EntitlementId id, List<KeyLine> lines) {
        var found = pool(business, id);
        if (found.isLeft()) {
            return Either.left(found.getLeft());
        }
        var pool = pools.lock(id).getOrElse(found.get());
        var entitlement = entitlements.find(business, id);
        if (entitlement.isEmpty()) {
            return Either.left(new NotFound("entitlement", id.value()));
        }
        var config = entitlement.get().licenseKeyConfig();
        Instant now = clock.instant();
        // plain builders: an import holds up to 10,000 lines, and persistent lists append in linear time
        var results = new java.util.HashMap<Integer, LineResult>();
        var candidates = new java.util.ArrayList<Candidate>();
        for (var line : lines) {
            var terms = terms(line, config, now);
            if (terms.isLeft()) {
                results.put(line.line(), new LineResult(line.line(), LineStatus.INVALID, Option.some(terms.getLeft())));
            } else {
                candidates.add(new Candidate(line.line(), terms.get()));
            }
        }
        var values = List.ofAll(candidates).map(c -> c.terms().key()).distinct();
        var inPools = pools.existingValues(values);
        var issued = licenseKeys.existingValues(values);
        var firstLine = new java.util.HashMap<LicenseKeyValue, Integer>();
        var stocked = new java.util.ArrayList<PooledKey>();
        for (var candidate : candidates) {
            var value = candidate.terms().key();
            Option<String> duplicate = Option.of(firstLine.get(value)).map(first -> "the key appears earlier in this import (line " + first + ")")
                    .orElse(() -> inPools.contains(value) ? Option.some("the key is in a key pool already") : Option.none())
                    .orElse(() -> issued.contains(value) ? Option.some("the key was issued already") : Option.none());
            if (duplicate.isDefined()) {
                results.put(candidate.line(), new LineResult(candidate.line(), LineStatus.DUPLICATE, duplicate));
                continue;
            }
            firstLine.put(value, candidate.line());
            stocked.add(PooledKey.stock(new PooledKeyId(ids.next(PooledKeyId.PREFIX)), pool, candidate.terms(), now));
            results.put(candidate.line(), new LineResult(candidate.line(), LineStatus.IMPORTED, Option.none()));
        }
        var accepted = List.ofAll(stocked);
        if (!accepted.isEmpty()) {
            // one instant for the batch: the id breaks the tie, so the file's order is the claim order
            pools.insertKeys(sortedForClaims(accepted));
            var restocked = pool.afterRestock(pools.stock(pool.id(), now).available(), now);
            if (!restocked.equals(pool)) {
                pools.update(restocked);
            }
        } else {
            // every line a duplicate or invalid: the report is the answer, and an operator's import of it records nothing
            transactions.changedNothing();
        }
        var ordered = lines.map(line -> results.get(line.line()));
        return Either.right(new ImportReport(ordered.count(r -> r.status() == LineStatus.IMPORTED),
                ordered.count(r -> r.status() == LineStatus.DUPLICATE), ordered.count(r -> r.status() == LineStatus.INVALID),
                0, ordered));
    }

    /** Ids are random; give the batch ascending ids in file order so that oldest-first means first-in-file. */
    private static List<PooledKey> sortedForClaims(List<PooledKey> accepted) {
        var sortedIds = accepted.map(PooledKey::id).sortBy(PooledKeyId::value);
        return accepted.zip(sortedIds).map(pair -> new PooledKey(pair._2, pair._1.poolId(), pair._1.businessId(),
                pair._1.entitlementId(), pair._1.value(), pair._1.activationsLimit(), pair._1.expiresAt(), pair._1.state(),
                pair._1.createdAt(), pair._1.version()));
    }

    /** The rules of fulfillment rule 3, and the entitlement's minimum key length, for one line. */
    private static Either<String, FulfillmentTerms> terms(KeyLine line, Option<LicenseKeyConfig> config, Instant now) {
        if (line.problem() != null) {
            return Either.left(line.problem());
        }
        Either<GrantorError, FulfillmentTerms> parsed = LicenseKeyValue.parse("key", line.key())
                .flatMap(key -> ActivationsLimit.parse(line.activationsLimit()).mapLeft(problem -> problem.at("activations_limit"))
                        .map(limit -> new FulfillmentTerms(key, limit, Option.of(line.expiresAt()).map(OffsetDateTime::toInstant))));
        return parsed.flatMap(terms -> LicenseKey.futureExpiry(terms.expiresAt(), now).map(future -> terms)
                        .mapLeft(problem -> problem.renamed("expiresAt", "expires_at")))
                .mapLeft(GrantorError::message)
                .flatMap(terms -> terms.expiresAt().exists(expiry -> !Timestamps.inRange(expiry))
                        ? Either.left("expires_at must be at most 9999-12-31T23:59:59.999Z")
                        : Either.right(terms))
                .flatMap(terms -> config.exists(c -> !c.admitsKeyOf(Text.length(terms.key().value())))
                        ? Either.left("key must be at least " + config.get().minKeyLength() + " characters")
                        : Either.right(terms));
    }

    // ---- keys -----------------------------------------------------------------------------------------

    @Override
    public Either<GrantorError, List<PooledKey>> keys(BusinessId business, String entitlementId, ListPooledKeys query) {
        var listing = query == null ? new ListPooledKeys(null, null, null) : query;
        return Entitlements.id(entitlementId).flatMap(id -> validation.check(listing)
                .flatMap(checked -> checked.status() == null ? Either.<GrantorError, Option<PooledKeyStatus>>right(Option.none())
                        : PooledKeyStatus.parse("status", checked.status()).map(Option::some))
                .flatMap(status -> transactions.read(() -> pool(business, id).map(pool -> pools.keys(pool.id(), status,
                        Paging.page(listing.pageNumber(), listing.pageSize()))))));
    }

    @Override
    public Either<GrantorError, Map<EntitlementId, List<PooledKey>>> newestAvailable(BusinessId business, int most) {
        if (most < 1 || most > PageLimits.MOST_PER_PAGE) {
            return Either.left(ValidationFailed.of("most", "must be from 1 to " + PageLimits.MOST_PER_PAGE));
        }
        return Either.right(transactions.read(() -> pools.newestAvailable(business, most)
                .map((pool, keys) -> io.vavr.Tuple.of(keys.head().entitlementId(), keys))));
    }

    @Override
    public Either<GrantorError, PooledKey> voidKey(BusinessId business, String entitlementId, String pooledKeyId) {
        return Entitlements.id(entitlementId).flatMap(id -> units.write(() -> pool(business, id).flatMap(found -> {
            var pool = pools.lock(id).getOrElse(found);
            var keyId = PooledKeyId.parse("pooled_key_id", pooledKeyId).toOption();
            var key = keyId.flatMap(k -> pools.findKey(pool.id(), k));
            if (key.isEmpty()) {
                return Either.left(new NotFound("pooled key", String.valueOf(pooledKeyId)));
            }
            Instant now = clock.instant();
            return key.get().voidAt(now).map(voided -> {
                pools.updateKey(voided);
                outbox.appendRendered(claims.settleTaking(pool, now), Option.none());
                return pools.findKey(pool.id(), voided.id()).getOrElse(voided);
            });
        })));
    }

    // ---- fulfilling from the pool ----------------------------------------------------------------------

    @Override
    public Either<GrantorError, GrantView> fulfillFromPool(BusinessId business, String grantId) {
        return Grants.id(grantId).flatMap(id -> units.write(() -> parties.find(business, id)
                .toEither(() -> (GrantorError) new NotFound("grant", id.value())).flatMap(found -> {
            var grant = found.grant();
            if (grant.status() != GrantStatus.PENDING) {
                return Either.left(new GrantNotPending(grant.id().value(), grant.status().wire()));
            }
            var entitlement = found.entitlement();
            if (!entitlement.licenseKeyConfig().exists(LicenseKeyConfig::isManual)) {
                return Either.left(new GrantorError.KeyPoolNeedsManualKeys(entitlement.id().value()));
            }
            var opened = pools.find(business, entitlement.id());
            if (opened.isEmpty()) {
                return Either.left(new NotFound("key pool", entitlement.id().value()));
            }
            var pool = pools.lock(entitlement.id()).getOrElse(opened.get());
            return fill(found, pool, clock.instant()).flatMap(filled ->
                    filled.toEither(() -> (GrantorError) new KeyPoolEmpty(entitlement.id().value())));
        })));
    }

    @Override
    public Either<GrantorError, Fulfilled> fulfillWaiting(BusinessId business, String entitlementId, int limit) {
        if (limit < 1) {
            return Either.left(ValidationFailed.of("limit", "must be >= 1"));
        }
        return Entitlements.id(entitlementId)
                .flatMap(id -> transactions.read(() -> pool(business, id)))
                .flatMap(pool -> {
                    var drained = drain(business, pool.entitlementId(), limit);
                    // nothing fulfilled and a reason why: the operator is told it, not an empty list that reads as "no keys"
                    return drained.fulfilled().isEmpty() && drained.refusal().isDefined()
                            ? Either.<GrantorError, Fulfilled>left(drained.refusal().get())
                            : Either.right(new Fulfilled(drained.fulfilled()));
                });
    }

    /** The grants a drain fulfilled, and the refusal that stopped it before keys or grants ran out, if one did. */
    private record Drained(List<GrantId> fulfilled, Option<GrantorError> refusal) {}

    private Drained drain(BusinessId business, EntitlementId entitlement) {
        return drain(business, entitlement, Integer.MAX_VALUE);
    }

    /**
     * One unit per grant, oldest first, until keys or grants run out (or the limit is reached, or a grant refuses). The
     * units run in turn ({@link WriteUnits#writeInTurn}): each claims the oldest key for the oldest waiting grant,
     * with the pool locked, after the one before it, so the store may let several of them share one wait for the disk.
     */
    private Drained drain(BusinessId business, EntitlementId entitlement, int limit) {
        // a plain builder: a restock drains up to 10,000 grants, and a persistent list appends in linear time
        var fulfilled = new java.util.ArrayList<GrantId>();
        var refusal = new java.util.ArrayList<GrantorError>(1);
        var taken = new int[] {0};
        units.writeInTurn(() -> drainOne(business, entitlement),
                answer -> answer.isRight() && answer.get().isDefined() && ++taken[0] < limit,
                answer -> {
                    if (answer.isLeft()) {
                        refusal.add(answer.getLeft());
                    } else {
                        answer.get().forEach(fulfilled::add);
                    }
                });
        return new Drained(List.ofAll(fulfilled), Option.ofOptional(refusal.stream().findFirst()));
    }

    private Either<GrantorError, Option<GrantId>> drainOne(BusinessId business, EntitlementId id) {
        var pool = pools.lock(id);
        if (pool.isEmpty() || !pool.get().businessId().equals(business)) {
            return Either.right(Option.none());
        }
        var now = clock.instant();
        // read after the lock, so a unit that waited for it sees the grants and keys the one before it took
        var next = parties.nextFulfillment(pool.get(), now, KeyPoolClaims.countedUpTo(pool.get()));
        if (next.isEmpty()) {
            return Either.right(Option.none());
        }
        var waiting = next.get().waiting();
        return claims.take(pool.get(), next.get().key(), waiting.entitlement(), waiting.grant(), now)
                .map(taken -> Option.some(recorded(waiting, pool.get(), taken, now).grant().id()));
    }

    /**
     * Fulfills a stored {@code Pending} grant from its locked pool, in the caller's unit, with the usual effects; none
     * when the pool has no key left for it. The key's take, the grant, its license key and its outbox messages are one
     * write ({@link Fulfillments}, one statement on PostgreSQL), the stock alerts among the messages.
     */
    private Either<GrantorError, Option<GrantView>> fill(Parties found, KeyPool pool, Instant now) {
        return claims.take(pool, found.entitlement(), found.grant(), now)
                .map(taken -> taken.map(take -> recorded(found, pool, take, now)));
    }

    /** A take's writes: the key's, the grant's, its license key's and its outbox messages', the stock alerts among them. */
    private GrantView recorded(Parties found, KeyPool pool, KeyPoolClaims.Taken take, Instant now) {
        var change = take.claim().change();
        var key = change.createdKey().getOrElseThrow(() -> new IllegalStateException("a fulfillment creates a key"));
        var alerts = claims.settle(pool, take, now);
        var delivery = new OutboxEntries.Delivery(key, found.customer(), found.entitlement(), now);
        fulfillments.record(key, change.grant(), Option.some(take.claim().key()),
                outbox.toWriteWith(change.events(), Option.some(key), Option.some(delivery), alerts));
        return new GrantView(change.grant(), Option.some(key), now);
    }

    // ---- reads -------------------------------------------------------------------------------------------

    private Either<GrantorError, KeyPool> pool(BusinessId business, EntitlementId id) {
        return pools.find(business, id).toEither(() -> new NotFound("key pool", id.value()));
    }

    private PoolView view(KeyPool pool) {
        var stock = pools.stock(pool.id(), clock.instant());
        return new PoolView(pool, stock.available(), stock.assigned(), stock.voided(), grants.countPending(pool.entitlementId()));
    }
}

package dev.grantor.application.service;

import dev.grantor.application.port.in.Access.Business;
import dev.grantor.application.port.in.AccessAdministration;
import dev.grantor.application.port.in.Actor;
import dev.grantor.application.port.out.ApiKeys;
import dev.grantor.application.port.out.ApiKeys.ApiKey;
import dev.grantor.application.port.out.AuditTrail;
import dev.grantor.application.port.out.Businesses;
import dev.grantor.application.port.out.IdGenerator;
import dev.grantor.application.port.out.Transactions;
import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.GrantorError;
import dev.grantor.domain.shared.GrantorError.InvalidRequest;
import dev.grantor.domain.shared.GrantorError.NotFound;
import io.vavr.collection.List;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.time.Instant;
import java.time.InstantSource;

/** The operator's view of businesses and their keys. */
public final class AccessAdministrationService implements AccessAdministration {

    private final Transactions transactions;
    private final Businesses businesses;
    private final ApiKeys apiKeys;
    private final InstantSource clock;
    private final WriteUnits units;
    private final AuthenticatedKeys authenticated;
    private final ApiKeyHistory history;

    /** {@code authenticated}: the engine's {@link AccessService}'s, so that a revocation here holds there at once. */
    public AccessAdministrationService(Transactions transactions, Businesses businesses, ApiKeys apiKeys, AuditTrail audit,
                                       IdGenerator ids, InstantSource clock, AuthenticatedKeys authenticated) {
        this.authenticated = authenticated;
        this.history = new ApiKeyHistory(audit, ids);
        this.transactions = transactions;
        this.businesses = businesses;
        this.apiKeys = apiKeys;
        this.clock = clock;
        this.units = new WriteUnits(transactions);
    }

    @Override
    public List<Business> businesses() {
        return transactions.read(businesses::list).map(AccessService::shown);
    }

    @Override
    public Either<GrantorError, List<ApiKeySummary>> apiKeys(BusinessId business) {
        return transactions.read(() -> businesses.find(business)
                .<GrantorError>toEither(() -> new NotFound("business", business.value()))
                .map(known -> apiKeys.list(business).map(AccessAdministrationService::summary)));
    }

    /** The key is held in its unit: of two revocations racing, one writes the entry and the other finds it revoked. */
    @Override
    public Either<GrantorError, ApiKeySummary> revoke(String apiKeyId, Actor by) {
        if (apiKeyId == null || apiKeyId.isBlank()) {
            return Either.left(InvalidRequest.of("api_key_id", "is required"));
        }
        String id = apiKeyId.strip();
        return units.write(() -> apiKeys.hold(id)
                .<GrantorError>toEither(() -> new NotFound("API key", id))
                .map(key -> {
                    if (key.revokedAt().isEmpty()) {
                        Instant at = clock.instant();
                        apiKeys.revoke(key.businessId(), key.id(), at);
                        history.revoked(by, key, at);
                    }
                    transactions.afterCommit(authenticated::revoked);
                    return apiKeys.find(id).getOrElseThrow(() -> new IllegalStateException("a revoked key is still stored"));
                })
                .map(AccessAdministrationService::summary));
    }

    /**
     * The name's check, the name and its entry in one unit, the key held there; a name another live key won meanwhile
     * is refused on the retry. A revoked key holds no name against the live ones, and takes any.
     */
    @Override
    public Either<GrantorError, ApiKeySummary> rename(String apiKeyId, Option<String> name, Actor by) {
        if (apiKeyId == null || apiKeyId.isBlank()) {
            return Either.left(InvalidRequest.of("api_key_id", "is required"));
        }
        String id = apiKeyId.strip();
        return ApiKeyName.parse(name).flatMap(parsed -> units.write(() -> apiKeys.hold(id)
                .<GrantorError>toEither(() -> new NotFound("API key", id))
                .flatMap(key -> {
                    if (key.revokedAt().isEmpty()) {
                        var taken = ApiKeyName.takenAmong(apiKeys.list(key.businessId()), parsed, key.id());
                        if (taken.isDefined()) {
                            return Either.left(taken.get());
                        }
                    }
                    apiKeys.rename(key.businessId(), key.id(), parsed);
                    history.renamed(by, key, parsed, clock.instant());
                    return Either.<GrantorError, ApiKey>right(apiKeys.find(id)
                            .getOrElseThrow(() -> new IllegalStateException("a renamed key is still stored")));
                })
                .map(AccessAdministrationService::summary)));
    }

    private static ApiKeySummary summary(ApiKey key) {
        return new ApiKeySummary(key.id(), key.businessId(), key.tokenPrefix(), key.readOnly(), key.createdAt(),
                key.lastUsedAt(), key.revokedAt(), key.name());
    }
}

package dev.grantor.application.service;

import dev.grantor.application.port.in.Access.Business;
import dev.grantor.application.port.in.AccessAdministration;
import dev.grantor.application.port.out.ApiKeys;
import dev.grantor.application.port.out.ApiKeys.ApiKey;
import dev.grantor.application.port.out.Businesses;
import dev.grantor.application.port.out.Transactions;
import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.GrantorError;
import dev.grantor.domain.shared.GrantorError.InvalidRequest;
import dev.grantor.domain.shared.GrantorError.NotFound;
import io.vavr.collection.List;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.time.InstantSource;

/** The operator's view of businesses and their keys. */
public final class AccessAdministrationService implements AccessAdministration {

    private final Transactions transactions;
    private final Businesses businesses;
    private final ApiKeys apiKeys;
    private final InstantSource clock;
    private final WriteUnits units;
    private final AuthenticatedKeys authenticated;

    /** {@code authenticated}: the engine's {@link AccessService}'s, so that a revocation here holds there at once. */
    public AccessAdministrationService(Transactions transactions, Businesses businesses, ApiKeys apiKeys, InstantSource clock,
                                       AuthenticatedKeys authenticated) {
        this.authenticated = authenticated;
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

    @Override
    public Either<GrantorError, ApiKeySummary> revoke(String apiKeyId) {
        if (apiKeyId == null || apiKeyId.isBlank()) {
            return Either.left(InvalidRequest.of("api_key_id", "is required"));
        }
        String id = apiKeyId.strip();
        return units.write(() -> apiKeys.find(id)
                .<GrantorError>toEither(() -> new NotFound("API key", id))
                .map(key -> {
                    apiKeys.revoke(key.businessId(), key.id(), clock.instant());
                    transactions.afterCommit(authenticated::revoked);
                    return apiKeys.find(id).getOrElseThrow(() -> new IllegalStateException("a revoked key is still stored"));
                })
                .map(AccessAdministrationService::summary));
    }

    @Override
    public Either<GrantorError, ApiKeySummary> rename(String apiKeyId, Option<String> name) {
        if (apiKeyId == null || apiKeyId.isBlank()) {
            return Either.left(InvalidRequest.of("api_key_id", "is required"));
        }
        String id = apiKeyId.strip();
        return ApiKeyName.parse(name).flatMap(parsed -> units.write(() -> apiKeys.find(id)
                .<GrantorError>toEither(() -> new NotFound("API key", id))
                .map(key -> {
                    apiKeys.rename(key.businessId(), key.id(), parsed);
                    return apiKeys.find(id).getOrElseThrow(() -> new IllegalStateException("a renamed key is still stored"));
                })
                .map(AccessAdministrationService::summary)));
    }

    private static ApiKeySummary summary(ApiKey key) {
        return new ApiKeySummary(key.id(), key.businessId(), key.tokenPrefix(), key.readOnly(), key.createdAt(),
                key.lastUsedAt(), key.revokedAt(), key.name());
    }
}

package dev.grantor.application.port.in;

import dev.grantor.application.port.in.Access.Business;
import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.GrantorError;
import io.vavr.collection.List;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.time.Instant;

/**
 * What an operator does across tenants: list the businesses, see a business's API keys, revoke a leaked one by its
 * id alone. Never offered over the tenant API: a business must not see another business, nor revoke its keys.
 */
public interface AccessAdministration {

    /** An API key as an operator sees it: never its token nor the token's hash. */
    record ApiKeySummary(String id, BusinessId business, Option<String> tokenPrefix, boolean readOnly, Instant createdAt,
                         Option<Instant> lastUsedAt, Option<Instant> revokedAt, Option<String> name) {}

    /** Oldest first. */
    List<Business> businesses();

    /** Oldest first, revoked keys included; {@code NOT_FOUND} for an unknown business. */
    Either<GrantorError, List<ApiKeySummary>> apiKeys(BusinessId business);

    /** {@link #revoke(String, Actor)} by the host application ({@link Actor.Host}). */
    default Either<GrantorError, ApiKeySummary> revoke(String apiKeyId) {
        return revoke(apiKeyId, new Actor.Host());
    }

    /**
     * Revokes the key with this id, whatever its business; revoking it again changes nothing, writes nothing and
     * answers the same key. {@code NOT_FOUND} for an unknown id. Once it commits, this engine refuses the key from its
     * next request on; other engines on the same store (other nodes) within their API key time to live, 1 second by
     * default. The audit trail gets the revocation ({@code OperatorAccess.AccessChange.API_KEY_REVOKED}) by {@code by},
     * in its unit of work.
     */
    Either<GrantorError, ApiKeySummary> revoke(String apiKeyId, Actor by);

    /** {@link #rename(String, Option, Actor)} by the host application ({@link Actor.Host}). */
    default Either<GrantorError, ApiKeySummary> rename(String apiKeyId, Option<String> name) {
        return rename(apiKeyId, name, new Actor.Host());
    }

    /**
     * Names the key with this id, whatever its business, or takes its name away ({@code Option.none()}); a revoked key
     * too, since histories go on naming it. The name's rules are {@link Access#createApiKey}'s: a live key may not take
     * the name of another live key of its business ({@code API_KEY_NAME_TAKEN}). {@code NOT_FOUND} for an unknown id.
     * The audit trail gets the change of name ({@code OperatorAccess.AccessChange.API_KEY_RENAMED}) by {@code by}, in
     * its unit of work; giving a key the name it has writes nothing.
     */
    Either<GrantorError, ApiKeySummary> rename(String apiKeyId, Option<String> name, Actor by);
}

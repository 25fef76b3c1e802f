package dev.grantor.application.port.in;

import dev.grantor.domain.shared.BrandId;
import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.GrantorError;
import io.vavr.collection.Map;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.time.Instant;

/** Businesses and their API keys. Tokens are shown once, at creation; only a hash is kept. */
public interface Access {

    /**
     * Who is calling: a business, allowed to write or only to read, through one of its API keys (named
     * where a change must say who made it, such as a key rotation's history).
     */
    record Caller(BusinessId business, boolean readOnly, String apiKeyId) {

        public Caller {
            if (business == null || apiKeyId == null || apiKeyId.isBlank()) {
                throw new IllegalArgumentException("a caller is a business and one of its API keys");
            }
        }

        public Either<GrantorError, Caller> mayWrite() {
            return readOnly ? Either.left(new GrantorError.Forbidden()) : Either.right(this);
        }
    }

    /**
     * A business, a tenant, as a host and an operator see it: its name and the brand every grant of it carries unless
     * told otherwise. The store keeps its own row behind its port.
     */
    record Business(BusinessId id, String name, BrandId defaultBrandId, Instant createdAt) {}

    record CreatedApiKey(String id, String token, boolean readOnly, Option<String> name) {}

    /**
     * A new business named {@code name}, trimmed: 1 to 200 characters with no control or invisible character (the
     * rule of every name people read, {@link dev.grantor.domain.shared.VisibleName}), else {@code VALIDATION_FAILED}
     * on {@code name}; a missing or blank name is {@code INVALID_REQUEST}. Nothing is written when it fails.
     */
    Either<GrantorError, Business> createBusiness(String name);

    /** A key without a name, by the host application. */
    default Either<GrantorError, CreatedApiKey> createApiKey(BusinessId business, boolean readOnly) {
        return createApiKey(business, readOnly, Option.none());
    }

    /** {@link #createApiKey(BusinessId, boolean, Option, Actor)} by the host application ({@link Actor.Host}). */
    default Either<GrantorError, CreatedApiKey> createApiKey(BusinessId business, boolean readOnly, Option<String> name) {
        return createApiKey(business, readOnly, name, new Actor.Host());
    }

    /**
     * {@code name}, when given, is what the merchant calls the key's holder ("billing"): trimmed, 1 to 60 characters,
     * no control or invisible characters, else {@code VALIDATION_FAILED}; the name of another unrevoked key of the
     * business, whatever its case or width (compared after NFKC, case folded), is {@code API_KEY_NAME_TAKEN}. Histories
     * name the key by it. The audit trail gets the creation ({@code OperatorAccess.AccessChange.API_KEY_CREATED}) by
     * {@code by}, in the key's unit of work.
     */
    Either<GrantorError, CreatedApiKey> createApiKey(BusinessId business, boolean readOnly, Option<String> name, Actor by);

    /**
     * The names of the business's keys by key id, revoked keys included (a history still names a revoked key); keys
     * without a name are absent. One read, however many keys: a page that names keys reads this once.
     */
    Map<String, String> apiKeyNames(BusinessId business);

    /**
     * Missing, malformed, unknown or revoked: {@code UNAUTHORIZED}. A key revoked through another engine on the same
     * store (another node, the command line) may still be admitted for the engine's API key time to live after the
     * revocation commits (1 second by default), never longer.
     */
    Either<GrantorError, Caller> authenticate(String bearerToken);

    /** {@link #revokeApiKey(BusinessId, String, Actor)} by the host application ({@link Actor.Host}). */
    default Either<GrantorError, Boolean> revokeApiKey(BusinessId business, String apiKeyId) {
        return revokeApiKey(business, apiKeyId, new Actor.Host());
    }

    /**
     * Once it commits, this engine refuses the key from its next {@link #authenticate} on. False when unknown. The audit
     * trail gets the revocation by {@code by} in its unit of work; revoking a revoked key changes and writes nothing.
     */
    Either<GrantorError, Boolean> revokeApiKey(BusinessId business, String apiKeyId, Actor by);
}

package dev.grantor.application.port.out;

import dev.grantor.application.port.out.ApiKeys.ApiKey;
import dev.grantor.domain.shared.BusinessId;
import io.vavr.collection.List;
import io.vavr.control.Option;
import java.time.Instant;

/** Bearer tokens, stored only as a hash of the token. */
public interface ApiKeys {

    /**
     * {@code tokenPrefix} is the token's first characters, enough to tell keys apart and too few to guess the rest;
     * keys created before it was kept have none. {@code lastUsedAt} is coarse: it is written at most once per
     * {@code markUsed} interval, not on every request. {@code name} is the merchant's word for what holds the key
     * ("billing"), checked by {@code ApiKeyName}; keys made before keys had names have none.
     */
    record ApiKey(String id, BusinessId businessId, String tokenHash, boolean readOnly, Instant createdAt,
                  Option<Instant> revokedAt, Option<String> tokenPrefix, Option<Instant> lastUsedAt, Option<String> name) {

        public ApiKey {
            if (id == null || businessId == null || tokenHash == null || createdAt == null || revokedAt == null
                    || tokenPrefix == null || lastUsedAt == null || name == null) {
                throw new IllegalArgumentException("an API key needs every fact, absent ones as Option.none()");
            }
        }
    }

    void insert(ApiKey key);

    Option<ApiKey> findByTokenHash(String tokenHash);

    Option<ApiKey> find(BusinessId business, String id);

    /** Across businesses: what an operator who holds only the key's id acts on. */
    Option<ApiKey> find(String id);

    /** The business's keys, revoked ones included, oldest first. */
    List<ApiKey> list(BusinessId business);

    /** Marks it revoked at {@code at}; a revoked key never authenticates again. False when unknown. */
    boolean revoke(BusinessId business, String id, Instant at);

    /** Gives the key this name, or none; a revoked key keeps being renamable, since histories still name it. False when unknown. */
    boolean rename(BusinessId business, String id, Option<String> name);

    /**
     * Records a use at {@code at} unless one at or after {@code staleBefore} is recorded already: the condition is
     * the store's, so nodes racing on one key write it once. False when nothing was written.
     */
    boolean markUsed(String id, Instant at, Instant staleBefore);
}

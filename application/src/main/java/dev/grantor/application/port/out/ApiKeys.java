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
     * {@code markUsed} interval, not on every request.
     */
    record ApiKey(String id, BusinessId businessId, String tokenHash, boolean readOnly, Instant createdAt,
                  Option<Instant> revokedAt, Option<String> tokenPrefix, Option<Instant> lastUsedAt) {

        public ApiKey {
            if (id == null || businessId == null || tokenHash == null || createdAt == null || revokedAt == null
                    || tokenPrefix == null || lastUsedAt == null) {
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

    /**
     * Records a use at {@code at} unless one at or after {@code staleBefore} is recorded already: the condition is
     * the store's, so nodes racing on one key write it once. False when nothing was written.
     */
    boolean markUsed(String id, Instant at, Instant staleBefore);
}

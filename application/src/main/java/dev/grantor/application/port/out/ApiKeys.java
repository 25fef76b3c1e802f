package dev.grantor.application.port.out;

import dev.grantor.application.port.out.ApiKeys.ApiKey;
import dev.grantor.domain.shared.BusinessId;
import io.vavr.control.Option;
import java.time.Instant;

/** Bearer tokens, stored only as a hash of the token. */
public interface ApiKeys {

    record ApiKey(String id, BusinessId businessId, String tokenHash, boolean readOnly, Instant createdAt,
                  Option<Instant> revokedAt) {}

    void insert(ApiKey key);

    Option<ApiKey> findByTokenHash(String tokenHash);

    Option<ApiKey> find(BusinessId business, String id);

    /** Marks it revoked at {@code at}; a revoked key never authenticates again. False when unknown. */
    boolean revoke(BusinessId business, String id, Instant at);
}

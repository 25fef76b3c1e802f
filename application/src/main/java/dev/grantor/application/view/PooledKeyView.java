package dev.grantor.application.view;

import dev.grantor.domain.grant.PooledKey;
import dev.grantor.domain.shared.GrantId;
import java.time.Instant;

/**
 * A key in a pool, never with its value: its last four characters tell keys apart in a list a screen or a log may
 * show.
 */
public record PooledKeyView(String id, String status, String keySuffix, String grantId, Instant createdAt, Instant assignedAt,
                            Instant voidedAt) {

    public static PooledKeyView of(PooledKey key) {
        return new PooledKeyView(key.id().value(), key.status().wire(), key.value().suffix(),
                key.grantId().map(GrantId::value).getOrNull(), key.createdAt(), key.assignedAt().getOrNull(),
                key.voidedAt().getOrNull());
    }
}

package dev.grantor.application.port.out;

import dev.grantor.domain.grant.Grant;
import dev.grantor.domain.grant.LicenseKey;
import dev.grantor.domain.grant.PooledKey;
import io.vavr.collection.List;
import io.vavr.control.Option;

/**
 * The writes of one fulfillment: the delivered key, the grant that now names it, the pooled key it took when it came from
 * a key pool, and what the outbox is to send of it. A store that can send them as one statement offers its own; on
 * PostgreSQL that is two network round trips fewer per manual fulfillment, three per grant a restock's drain fulfills.
 * {@link #separately} writes them through the ports, for stores that do not. Joins the caller's unit of work, like every
 * write.
 */
@FunctionalInterface
public interface Fulfillments {

    /**
     * Updates {@code taken} (a pooled key assigned to {@code grant}) from the version it was read at, inserts {@code key},
     * updates {@code grant} from the version it was read at, and appends {@code messages}. Throws {@link ConcurrentUpdate}
     * when the grant or the pooled key is no longer at that version and {@link DuplicateRecord} (rule
     * {@code LICENSE_KEY_VALUE}) when the key's value is taken; the caller's unit then rolls back, so none of the writes
     * stays.
     */
    void record(LicenseKey key, Grant grant, Option<PooledKey> taken, List<OutboxMessage> messages);

    /** A fulfillment with a key of the merchant's or the caller's, taken from no pool. */
    default void record(LicenseKey key, Grant grant, List<OutboxMessage> messages) {
        record(key, grant, Option.none(), messages);
    }

    /**
     * Through the key pools', license keys', grants' and outbox's own ports: up to four writes, the pooled key's first (a
     * license key takes a pooled value only once the pool assigned it to the key's grant).
     */
    static Fulfillments separately(LicenseKeys licenseKeys, Grants grants, Outbox outbox, KeyPools pools) {
        return (key, grant, taken, messages) -> {
            taken.forEach(pools::updateKey);
            licenseKeys.insert(key);
            grants.update(grant);
            if (!messages.isEmpty()) {
                outbox.append(messages);
            }
        };
    }
}

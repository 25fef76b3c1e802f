package dev.grantor.application.port.out;

import dev.grantor.domain.grant.Grant;
import dev.grantor.domain.grant.LicenseKey;
import io.vavr.collection.List;

/**
 * The writes of one manual fulfillment: the delivered key, the grant that now names it, and what the outbox is to send
 * of it. A store that can send them as one statement offers its own; on PostgreSQL that is two network round trips
 * fewer per fulfillment. {@link #separately} writes them through the three ports, for stores that do not. Joins the
 * caller's unit of work, like every write.
 */
@FunctionalInterface
public interface Fulfillments {

    /**
     * Inserts {@code key}, updates {@code grant} from the version it was read at, and appends {@code messages}. Throws
     * {@link ConcurrentUpdate} when the grant is no longer at that version and {@link DuplicateRecord} (rule
     * {@code LICENSE_KEY_VALUE}) when the key's value is taken; the caller's unit then rolls back, so none of the three
     * writes stays.
     */
    void record(LicenseKey key, Grant grant, List<OutboxMessage> messages);

    /** Through the license keys', the grants' and the outbox's own ports: three writes. */
    static Fulfillments separately(LicenseKeys licenseKeys, Grants grants, Outbox outbox) {
        return (key, grant, messages) -> {
            licenseKeys.insert(key);
            grants.update(grant);
            if (!messages.isEmpty()) {
                outbox.append(messages);
            }
        };
    }
}

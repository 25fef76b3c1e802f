package dev.grantor.domain.grant;

import dev.grantor.domain.grant.LicenseKey;
import dev.grantor.domain.grant.GrantorEvent;
import io.vavr.collection.List;
import io.vavr.control.Option;

/**
 * What a successful grant transition produced: the next grant, the license key it created (if any) and
 * the events it raised, in order. No events means nothing changed (an idempotent repeat).
 */
public record GrantChange(Grant grant, Option<LicenseKey> createdKey, List<GrantorEvent> events) {

    public GrantChange {
        if (grant == null || createdKey == null || events == null) {
            throw new IllegalArgumentException("a grant change has a grant, an optional key and events");
        }
    }

    public static GrantChange unchanged(Grant grant) {
        return new GrantChange(grant, Option.none(), List.empty());
    }

    public boolean changed() {
        return !events.isEmpty();
    }

    GrantChange prependEvents(List<GrantorEvent> earlier) {
        return new GrantChange(grant, createdKey, earlier.appendAll(events));
    }
}

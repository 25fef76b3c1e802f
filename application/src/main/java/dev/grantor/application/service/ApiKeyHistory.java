package dev.grantor.application.service;

import dev.grantor.application.port.in.Actor;
import dev.grantor.application.port.in.OperatorAccess.AccessChange;
import dev.grantor.application.port.out.ApiKeys.ApiKey;
import dev.grantor.application.port.out.AuditTrail;
import dev.grantor.application.port.out.AuditTrail.AuditEntry;
import dev.grantor.application.port.out.IdGenerator;
import io.vavr.control.Option;
import java.time.Instant;

/**
 * What the audit trail says about an API key, written by the use case that makes the change, in the change's unit of
 * work, whichever path asked for it (the command line, the host application): the key is the entry's subject, the
 * caller its actor. The detail keeps the name as it was then, since a later rename must not rewrite what a history
 * said: "read-only, named “billing”", "“billing” → “billing-old”", "“billing” → no name". A change that changes
 * nothing (revoking a revoked key, giving a key the name it has) writes no entry.
 */
final class ApiKeyHistory {

    private final AuditTrail audit;
    private final IdGenerator ids;

    ApiKeyHistory(AuditTrail audit, IdGenerator ids) {
        this.audit = audit;
        this.ids = ids;
    }

    /** In the unit that inserts {@code key}. */
    void created(Actor by, ApiKey key) {
        append(by, key, AccessChange.API_KEY_CREATED, described(key), key.createdAt());
    }

    /** In the unit that revokes {@code key}, as it was before: not already revoked. */
    void revoked(Actor by, ApiKey key, Instant at) {
        append(by, key, AccessChange.API_KEY_REVOKED, described(key), at);
    }

    /** In the unit that renames {@code before}; nothing when the name stays exactly what it was. */
    void renamed(Actor by, ApiKey before, Option<String> name, Instant at) {
        if (!before.name().equals(name)) {
            append(by, before, AccessChange.API_KEY_RENAMED, named(before.name()) + " → " + named(name), at);
        }
    }

    private void append(Actor by, ApiKey key, AccessChange change, String detail, Instant at) {
        audit.append(new AuditEntry(ids.next(OperatorAccessService.AUDIT_PREFIX), key.businessId(), by.recorded(),
                change.action(), key.id(), detail, at));
    }

    /** "read-only" or "read-write", and ", named “billing”" when it has a name. */
    static String described(ApiKey key) {
        return (key.readOnly() ? "read-only" : "read-write") + key.name().map(name -> ", named " + named(Option.some(name))).getOrElse("");
    }

    private static String named(Option<String> name) {
        return name.map(named -> "“" + named + "”").getOrElse("no name");
    }
}

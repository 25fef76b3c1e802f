package dev.grantor.application.port.out;

import dev.grantor.domain.shared.BusinessId;
import io.vavr.collection.List;
import io.vavr.collection.Set;
import io.vavr.control.Option;
import java.time.Instant;

/**
 * Who did what: an actor ({@code Actor.recorded()}: an operator's id, the owner, an API key, the host application), an
 * action, what it was done to, in the business's words.
 */
public interface AuditTrail {

    record AuditEntry(String id, BusinessId business, String actor, String action, String subject, String detail,
                      Instant at) {
        public AuditEntry {
            if (id == null || business == null || actor == null || action == null || subject == null || detail == null
                    || at == null) {
                throw new IllegalArgumentException("an audit entry needs every fact");
            }
        }
    }

    void append(AuditEntry entry);

    /** What was done to {@code subject} (a grant id, a webhook delivery id...), oldest first. */
    List<AuditEntry> about(BusinessId business, String subject);

    /**
     * What was done to {@code subject}, newest first (by time, then id), at most {@code limit}: from the newest when
     * {@code before} is none, else only the entries {@link Before#admits before} it (a page after the one that ended there). A page
     * read this way costs the same however deep into the history it is.
     */
    List<AuditEntry> latestAbout(BusinessId business, String subject, Option<Before> before, int limit);

    /**
     * What was done to any of {@code subjects}, newest first (by time, then id), at most {@code limit}: from the newest
     * when {@code before} is none, else only the entries {@link Before#admits before} it. The history of a set of things, such as a
     * business's operators, a page at a time. Read by subject, so its cost follows the subjects' entries, not the
     * business's whole trail.
     */
    List<AuditEntry> latestAbout(BusinessId business, Set<String> subjects, Option<Before> before, int limit);
}

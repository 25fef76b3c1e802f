package dev.grantor.application;

import dev.grantor.application.port.out.AuditTrail;
import dev.grantor.domain.shared.BusinessId;
import io.vavr.collection.List;
import io.vavr.collection.Set;
import io.vavr.control.Option;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A store's audit trail that fails the next append once {@link #arm armed}: a crash between a change and its record,
 * which must take the change back with it.
 */
final class AuditTrailFailingOnce implements AuditTrail {

    private final AuditTrail trail;
    private final AtomicBoolean failing = new AtomicBoolean();

    AuditTrailFailingOnce(AuditTrail trail) {
        this.trail = trail;
    }

    void arm() {
        failing.set(true);
    }

    @Override
    public void append(AuditEntry entry) {
        if (failing.getAndSet(false)) {
            throw new IllegalStateException("the disk filled up while recording " + entry.action());
        }
        trail.append(entry);
    }

    @Override
    public List<AuditEntry> about(BusinessId business, String subject) {
        return trail.about(business, subject);
    }

    @Override
    public List<AuditEntry> latestAbout(BusinessId business, String subject, Option<dev.grantor.application.port.out.Before> before, int limit) {
        return trail.latestAbout(business, subject, before, limit);
    }

    @Override
    public List<AuditEntry> latestAbout(BusinessId business, Set<String> subjects, Option<dev.grantor.application.port.out.Before> before, int limit) {
        return trail.latestAbout(business, subjects, before, limit);
    }
}

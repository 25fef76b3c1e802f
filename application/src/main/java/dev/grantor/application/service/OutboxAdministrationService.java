package dev.grantor.application.service;

import dev.grantor.application.port.in.OutboxAdministration;
import dev.grantor.application.port.in.OutboxDepth;
import dev.grantor.application.port.out.Outbox;
import dev.grantor.application.port.out.OutboxMessage;
import dev.grantor.application.port.out.OutboxMessage.Status;
import dev.grantor.application.port.out.Page;
import io.vavr.collection.List;
import java.time.InstantSource;

/** The operator's view of the outbox; each call is its own unit of work in the outbox adapter. */
public final class OutboxAdministrationService implements OutboxAdministration {

    private final Outbox outbox;
    private final InstantSource clock;

    public OutboxAdministrationService(Outbox outbox, InstantSource clock) {
        this.outbox = outbox;
        this.clock = clock;
    }

    @Override
    public List<OutboxMessage> pending(int pageNumber, int pageSize) {
        return outbox.list(Status.PENDING, page(pageNumber, pageSize));
    }

    @Override
    public List<OutboxMessage> parked(int pageNumber, int pageSize) {
        return outbox.list(Status.PARKED, page(pageNumber, pageSize));
    }

    @Override
    public boolean retry(String messageId) {
        return messageId != null && outbox.requeue(messageId, clock.instant());
    }

    @Override
    public OutboxDepth depth() {
        var depth = outbox.depth(clock.instant());
        return new OutboxDepth(depth.pending(), depth.parked(), depth.oldestDueCreatedAt());
    }

    /** Out-of-range paging is clamped: this is an operator's tool, not the public contract. */
    private static Page page(int pageNumber, int pageSize) {
        return new Page(Math.max(0, pageNumber), Math.clamp(pageSize, 0, Page.MAX_SIZE));
    }
}

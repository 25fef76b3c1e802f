package dev.grantor.application.service;

import dev.grantor.application.port.in.OutboxAdministration;
import dev.grantor.application.port.in.OutboxDepth;
import dev.grantor.application.port.in.WebhookBacklog;
import dev.grantor.application.port.out.Outbox;
import dev.grantor.application.port.out.OutboxMessage;
import dev.grantor.application.port.out.OutboxMessage.Status;
import dev.grantor.application.port.out.Page;
import dev.grantor.application.port.out.Transactions;
import dev.grantor.application.port.out.WebhookDeliveries;
import io.vavr.collection.List;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.time.InstantSource;

/** The operator's view of the outbox; each call is its own unit of work. */
public final class OutboxAdministrationService implements OutboxAdministration {

    private final Outbox outbox;
    private final WebhookDeliveries webhookDeliveries;
    private final InstantSource clock;
    private final Runnable requeued;
    private final Transactions transactions;

    /** {@code requeued} runs when a retried message is due again: typically the local relay's nudge. */
    public OutboxAdministrationService(Outbox outbox, WebhookDeliveries webhookDeliveries, Transactions transactions,
                                       InstantSource clock, Runnable requeued) {
        this.outbox = outbox;
        this.webhookDeliveries = webhookDeliveries;
        this.transactions = transactions;
        this.clock = clock;
        this.requeued = requeued;
    }

    @Override
    public List<Message> pending(int pageNumber, int pageSize) {
        return outbox.list(Status.PENDING, page(pageNumber, pageSize)).map(OutboxAdministrationService::shown);
    }

    @Override
    public List<Message> parked(int pageNumber, int pageSize) {
        return outbox.list(Status.PARKED, page(pageNumber, pageSize)).map(OutboxAdministrationService::shown);
    }

    @Override
    public boolean retry(String messageId) {
        boolean requeued = messageId != null && outbox.requeue(messageId, clock.instant());
        if (requeued) {
            // an operator's retry makes a parked message due now, as good as a new one
            this.requeued.run();
        }
        return requeued;
    }

    @Override
    public OutboxDepth depth() {
        var depth = outbox.depth(clock.instant());
        return new OutboxDepth(depth.pending(), depth.parked(), depth.oldestDueCreatedAt());
    }

    @Override
    public WebhookBacklog webhookBacklog() {
        var backlog = webhookDeliveries.backlog(clock.instant());
        return new WebhookBacklog(backlog.pending(), backlog.oldestDueCreatedAt());
    }

    @Override
    public List<ParkedMessage> parked(dev.grantor.domain.shared.BusinessId business, int limit) {
        return outbox.list(business, Status.PARKED, page(0, limit))
                .map(m -> new ParkedMessage(m.id(), m.kind().name().toLowerCase(java.util.Locale.ROOT), m.topic(),
                        m.createdAt(), m.attempts(), m.lastError(), !Outbox.SECRET_TOPICS.contains(m.topic())));
    }

    @Override
    public boolean retry(dev.grantor.domain.shared.BusinessId business, String messageId) {
        // a unit of work of its own, so that an operator's record of the retry can commit with it
        return transactions.write(() -> messageId != null && outbox.find(messageId).exists(m -> m.businessId().equals(business))
                && outbox.requeue(messageId, clock.instant()) ? Either.right(true) : Either.left(false))
                .peek(requeue -> transactions.afterCommit(requeued))
                .isRight();
    }

    @Override
    public SendNow sendNow(dev.grantor.domain.shared.BusinessId business, String messageId) {
        if (messageId == null) {
            return SendNow.NOT_FOUND;
        }
        // a unit that changed nothing is taken back, so an operator's record of the action is written only with a change
        var outcome = transactions.write(() -> {
            // the instant is read with the row held, so a click committed meanwhile brought it forward before this one's now
            outbox.hold(business, messageId);
            var answer = sendNow(outbox.bringForward(business, messageId, clock.instant()));
            return answer == SendNow.DUE_NOW ? Either.<SendNow, SendNow>right(answer) : Either.<SendNow, SendNow>left(answer);
        });
        if (outcome.isRight()) {
            transactions.afterCommit(requeued);
        }
        return outcome.fold(nothing -> nothing, dueNow -> dueNow);
    }

    @Override
    public SendNow sendNow(String messageId) {
        return Option.of(messageId).flatMap(outbox::find).map(m -> sendNow(m.businessId(), m.id())).getOrElse(SendNow.NOT_FOUND);
    }

    @Override
    public Option<About> about(dev.grantor.domain.shared.BusinessId business, String messageId) {
        // a message's kind and grant are written with it and never change, so this read answers for the action after it
        return Option.of(messageId).flatMap(id -> transactions.read(() -> outbox.find(id)))
                .filter(m -> m.businessId().equals(business))
                .map(m -> new About(kind(m.kind()), m.grantId()));
    }

    private static SendNow sendNow(Outbox.BringForward outcome) {
        return switch (outcome) {
            case BROUGHT_FORWARD -> SendNow.DUE_NOW;
            case ALREADY_DUE -> SendNow.ALREADY_DUE;
            case BEING_SENT -> SendNow.BEING_SENT;
            case SENT -> SendNow.SENT;
            case PARKED -> SendNow.PARKED;
            case NOT_FOUND -> SendNow.NOT_FOUND;
        };
    }

    /** A stored message as the port shows it, its payload left behind; exhaustive, so a kind the store gains fails to compile here. */
    private static Message shown(OutboxMessage row) {
        var kind = kind(row.kind());
        var status = switch (row.status()) {
            case PENDING -> Message.Status.PENDING;
            case SENT -> Message.Status.SENT;
            case PARKED -> Message.Status.PARKED;
        };
        return new Message(row.id(), row.businessId(), kind, row.topic(), row.createdAt(), row.attempts(), row.nextAttemptAt(),
                status, row.lastError());
    }

    private static Message.Kind kind(OutboxMessage.Kind kind) {
        return switch (kind) {
            case EMAIL -> Message.Kind.EMAIL;
            case EVENT -> Message.Kind.EVENT;
        };
    }

    /** Out-of-range paging is clamped: this is an operator's tool, not the public contract. */
    private static Page page(int pageNumber, int pageSize) {
        return new Page(Math.max(0, pageNumber), Math.clamp(pageSize, 0, Page.MAX_SIZE));
    }
}

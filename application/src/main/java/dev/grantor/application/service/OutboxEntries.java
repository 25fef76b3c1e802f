package dev.grantor.application.service;

import dev.grantor.application.json.GrantorJson;
import dev.grantor.application.outbox.DeliveryEmailPayload;
import dev.grantor.application.outbox.EventTopics;
import dev.grantor.application.outbox.PortalEmailPayload;
import dev.grantor.application.port.out.PortalEmail;
import java.util.function.Function;
import dev.grantor.application.port.out.DeliveryEmail;
import dev.grantor.application.port.out.IdGenerator;
import dev.grantor.application.port.out.Outbox;
import dev.grantor.application.port.out.Transactions;
import dev.grantor.application.port.out.OutboxMessage;
import dev.grantor.application.port.out.OutboxMessage.Kind;
import dev.grantor.application.view.EntitlementGrantView;
import dev.grantor.application.view.EventPayload;
import dev.grantor.application.view.EventEnvelope;
import dev.grantor.application.view.LicenseKeyView;
import dev.grantor.domain.customer.Customer;
import dev.grantor.domain.customer.CustomerName;
import dev.grantor.domain.entitlement.ActivationsLimit;
import dev.grantor.domain.entitlement.Entitlement;
import dev.grantor.domain.entitlement.IntegrationConfig.LicenseKeyConfig;
import dev.grantor.domain.grant.Grant;
import dev.grantor.domain.grant.GrantEvent;
import dev.grantor.domain.grant.LicenseKey;
import dev.grantor.domain.grant.KeyPoolEvent;
import dev.grantor.domain.grant.LicenseKeyEvent;
import dev.grantor.domain.grant.GrantorEvent;
import dev.grantor.domain.shared.GrantId;
import io.vavr.Tuple;
import io.vavr.Tuple2;
import io.vavr.collection.List;
import io.vavr.control.Option;
import java.time.Instant;
import java.util.Objects;

/**
 * What a committed change leaves in the outbox: one message per domain event, in the order raised, and
 * the delivery email of every key that was delivered. Each gets its own id now, so a receiver can drop
 * the duplicates that at-least-once sending produces. Once the unit that appended them has committed,
 * {@code appended} runs (the local relay's nudge), so they go out at once rather than at the next poll;
 * before the commit the relay could not see them, and after a rollback there is nothing to see.
 */
public final class OutboxEntries {

    static final String MESSAGE_PREFIX = "msg_";

    private final Outbox outbox;
    private final Transactions transactions;
    private final IdGenerator ids;
    private final Runnable appended;

    public OutboxEntries(Outbox outbox, Transactions transactions, IdGenerator ids, Runnable appended) {
        this.outbox = Objects.requireNonNull(outbox, "outbox");
        this.transactions = Objects.requireNonNull(transactions, "transactions");
        this.ids = Objects.requireNonNull(ids, "ids");
        this.appended = Objects.requireNonNull(appended, "appended");
    }

    /** Appends the messages of one change in the caller's unit of work: see {@link #of}. */
    void append(List<GrantorEvent> events, Option<LicenseKey> keyAfter, Option<Delivery> delivered) {
        append(events, keyAfter, delivered, List.empty());
    }

    /**
     * The messages of one change, for a port that writes them together with the change itself (see {@link #of}); the
     * relay is nudged once the caller's unit commits, as after {@link #append(List, Option, Option)}.
     */
    List<OutboxMessage> toWriteWith(List<GrantorEvent> events, Option<LicenseKey> keyAfter, Option<Delivery> delivered) {
        return toWriteWith(events, keyAfter, delivered, List.empty());
    }

    /** As {@link #append(List, Option, Option)}, with events rendered by the use case after the change's own. */
    void append(List<GrantorEvent> events, Option<LicenseKey> keyAfter, Option<Delivery> delivered,
                List<Tuple2<GrantorEvent, EventPayload>> after) {
        appendMessages(of(events, keyAfter, delivered, after));
    }

    /** As {@link #toWriteWith(List, Option, Option)}, with events rendered by the use case after the change's own. */
    List<OutboxMessage> toWriteWith(List<GrantorEvent> events, Option<LicenseKey> keyAfter, Option<Delivery> delivered,
                                    List<Tuple2<GrantorEvent, EventPayload>> after) {
        var messages = of(events, keyAfter, delivered, after);
        nudgeAfterCommit(messages);
        return messages;
    }

    /** Appends events whose data the use case rendered itself, then the delivery email if any: see {@link #rendered}. */
    void appendRendered(List<Tuple2<GrantorEvent, EventPayload>> withData, Option<Delivery> delivered) {
        appendMessages(rendered(withData, delivered));
    }

    /** The delivery email sent again on request, in the caller's unit of work; answers its outbox id. */
    String appendResentEmail(Delivery delivery) {
        var id = ids.next(MESSAGE_PREFIX);
        appendMessages(List.of(deliveryEmail(id, delivery, true)));
        return id;
    }

    /** Appends a portal sign-in email: its outbox id is drawn here and becomes its stable Message-ID. */
    void appendPortalEmail(Function<String, PortalEmail> email, Instant at) {
        var id = ids.next(MESSAGE_PREFIX);
        var built = email.apply(id);
        appendMessages(List.of(OutboxMessage.fresh(id, built.businessId(), Kind.EMAIL, PortalEmailPayload.TOPIC,
                PortalEmailPayload.encode(built), at)));
    }

    private void appendMessages(List<OutboxMessage> messages) {
        if (!messages.isEmpty()) {
            outbox.append(messages);
        }
        nudgeAfterCommit(messages);
    }

    private void nudgeAfterCommit(List<OutboxMessage> messages) {
        if (!messages.isEmpty()) {
            transactions.afterCommit(appended);
        }
    }

    /**
     * The messages of one committed change, in the order a receiver should see them: its events as raised,
     * then the delivery email of {@code delivered} if a key was delivered. {@code keyAfter} is the grant's
     * license key as the unit leaves it; a grant event shows it only when the grant as of that event
     * already names it (an auto grant's {@code created} event has no key yet). Ids are drawn first and
     * handed out in ascending order, so messages created in the same instant keep their order.
     */
    List<OutboxMessage> of(List<GrantorEvent> events, Option<LicenseKey> keyAfter, Option<Delivery> delivered) {
        return of(events, keyAfter, delivered, List.empty());
    }

    private List<OutboxMessage> of(List<GrantorEvent> events, Option<LicenseKey> keyAfter, Option<Delivery> delivered,
                                   List<Tuple2<GrantorEvent, EventPayload>> after) {
        var grant = events.find(GrantEvent.class::isInstance).map(event -> ((GrantEvent) event).grant());
        return rendered(events.flatMap(event -> data(event, grant, keyAfter).map(data -> Tuple.of(event, data))).appendAll(after),
                delivered);
    }

    /** Events whose data the use case rendered itself (a key without a grant has no grant to render from). */
    List<OutboxMessage> rendered(List<Tuple2<GrantorEvent, EventPayload>> withData, Option<Delivery> delivered) {
        var drawn = List.fill(withData.size() + (delivered.isDefined() ? 1 : 0), () -> ids.next(MESSAGE_PREFIX)).sorted();
        var messages = withData.zip(drawn).map(pair -> OutboxMessage.fresh(pair._2, pair._1._1.businessId(), Kind.EVENT,
                EventTopics.of(pair._1._1), GrantorJson.write(EventEnvelope.of(pair._1._1, pair._1._2)), pair._1._1.occurredAt())
                .about(grantOf(pair._1._1)));
        return delivered.map(d -> messages.append(deliveryEmail(drawn.last(), d, false))).getOrElse(messages);
    }

    /**
     * A key that reached its customer: what the delivery email is made of. {@code replacedKeySuffix} is
     * present when the key replaces a rotated one.
     */
    record Delivery(LicenseKey key, Customer customer, Entitlement entitlement, Instant at, Option<String> replacedKeySuffix) {
        Delivery(LicenseKey key, Customer customer, Entitlement entitlement, Instant at) {
            this(key, customer, entitlement, at, Option.none());
        }
    }

    private static OutboxMessage deliveryEmail(String id, Delivery d, boolean resent) {
        var key = d.key();
        var grantId = key.grantId().getOrElseThrow(() -> new IllegalArgumentException("only a grant's key is emailed"));
        var email = new DeliveryEmail(id, grantId, d.customer().email(), d.customer().name().map(CustomerName::value),
                d.entitlement().name(), key.value(), key.activationsLimit().map(ActivationsLimit::value), key.expiresAt(),
                d.entitlement().licenseKeyConfig().flatMap(LicenseKeyConfig::activationMessage), d.replacedKeySuffix(), resent);
        return OutboxMessage.fresh(id, key.businessId(), Kind.EMAIL, DeliveryEmailPayload.TOPIC, DeliveryEmailPayload.encode(email), d.at())
                .about(Option.some(grantId));
    }

    /** The grant an event is about: its own, or its key's; a pool's stock is about none. */
    static Option<GrantId> grantOf(GrantorEvent event) {
        return switch (event) {
            case GrantEvent e -> Option.some(e.grant().id());
            case LicenseKeyEvent.LicenseKeyCreated e -> e.licenseKey().grantId();
            case LicenseKeyEvent.InstanceActivated e -> e.licenseKey().grantId();
            case LicenseKeyEvent.InstanceDeactivated e -> e.licenseKey().grantId();
            case LicenseKeyEvent.LicenseKeyRotated e -> e.licenseKey().grantId();
            case KeyPoolEvent e -> Option.none();
        };
    }

    private static Option<EventPayload> rendersItsOwnData(GrantorEvent event) {
        throw new IllegalArgumentException("the use case renders the data of " + EventTopics.of(event) + " itself");
    }

    /** Instance activations are not among the contract's topics, so they stay out of the outbox. */
    private static Option<EventPayload> data(GrantorEvent event, Option<Grant> grant, Option<LicenseKey> keyAfter) {
        return switch (event) {
            case GrantEvent e -> Option.some(EntitlementGrantView.of(e.grant(), keyAfter, e.occurredAt()));
            case LicenseKeyEvent.LicenseKeyCreated e -> Option.some(LicenseKeyView.of(e.licenseKey(),
                    grant.getOrElseThrow(() -> new IllegalStateException("a key is created only with its grant's delivery")),
                    e.occurredAt()));
            case LicenseKeyEvent.InstanceActivated e -> Option.none();
            case LicenseKeyEvent.InstanceDeactivated e -> Option.none();
            case LicenseKeyEvent.LicenseKeyRotated e -> rendersItsOwnData(e);
            case KeyPoolEvent e -> rendersItsOwnData(e);
        };
    }
}

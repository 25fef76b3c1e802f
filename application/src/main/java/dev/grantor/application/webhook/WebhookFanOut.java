package dev.grantor.application.webhook;

import dev.grantor.application.generate.SecureIdGenerator;
import dev.grantor.application.port.out.EventSink;
import dev.grantor.application.port.out.PublishedEvent;
import dev.grantor.application.port.out.SendOutcome;
import dev.grantor.application.port.out.Transactions;
import dev.grantor.application.port.out.WebhookDeliveries;
import dev.grantor.application.port.out.WebhookDeliveries.WebhookDelivery;
import dev.grantor.application.port.out.WebhookEndpoints;
import dev.grantor.application.port.out.WebhookEndpoints.WebhookEndpoint;
import dev.grantor.application.service.WriteUnits;
import dev.grantor.domain.shared.Ids;
import dev.grantor.domain.shared.BusinessId;
import io.vavr.Tuple2;
import io.vavr.collection.List;
import io.vavr.control.Either;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Objects;

/**
 * The event sink that turns each outbox event into one delivery per enabled endpoint of its business whose
 * filter matches, in one unit of work. Nothing is sent here: the {@link WebhookDispatcher} sends, so the
 * outbox relay never waits on a merchant's server. Running twice for one event (the relay delivers at
 * least once) records nothing new, because a delivery's id is derived from the event and the endpoint.
 */
public final class WebhookFanOut implements EventSink {

    private static final System.Logger LOG = System.getLogger(WebhookFanOut.class.getName());

    static final String DELIVERY_PREFIX = "msg_";
    private static final String ALPHABET = SecureIdGenerator.ALPHABET;

    private final Transactions transactions;
    private final WriteUnits units;
    private final WebhookEndpoints endpoints;
    private final WebhookDeliveries deliveries;
    private final InstantSource clock;
    private final Runnable recorded;

    /** {@code recorded} runs once a unit that recorded deliveries has committed: typically {@link WebhookDispatcher#nudge()}. */
    public WebhookFanOut(Transactions transactions, WebhookEndpoints endpoints, WebhookDeliveries deliveries,
                         InstantSource clock, Runnable recorded) {
        this.transactions = Objects.requireNonNull(transactions, "transactions");
        this.units = new WriteUnits(transactions);
        this.endpoints = Objects.requireNonNull(endpoints, "endpoints");
        this.deliveries = Objects.requireNonNull(deliveries, "deliveries");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.recorded = Objects.requireNonNull(recorded, "recorded");
    }

    @Override
    public SendOutcome publish(PublishedEvent event) {
        // Most events are for nobody (a business without endpoints): a read settles that without queueing for the
        // writer. An endpoint registered after this read is treated as registered after the event, as it would be
        // had the unit below run a moment earlier.
        if (!endpoints.enabled(event.businessId()).exists(endpoint -> endpoint.wants(event.type()))) {
            return SendOutcome.SENT;
        }
        return record(List.of(event));
    }

    /**
     * The deliveries of events some endpoint wants, in one unit that reads each business's endpoints again inside it,
     * so an endpoint disabled or deleted since the read that chose the events gets nothing.
     */
    private SendOutcome record(List<PublishedEvent> events) {
        units.write(() -> {
            var now = clock.instant();
            var enabled = new HashMap<BusinessId, List<WebhookEndpoint>>();
            var fresh = events.flatMap(event -> enabled.computeIfAbsent(event.businessId(), endpoints::enabled)
                    .filter(endpoint -> endpoint.wants(event.type()))
                    .map(endpoint -> WebhookDelivery.fresh(deliveryId(event.id(), endpoint.id()), event.businessId(),
                            endpoint.id(), event.id(), event.type(), event.body(), now, event.grantId())));
            deliveries.record(fresh);
            if (!fresh.isEmpty()) {
                transactions.afterCommit(recorded);
            }
            return Either.right(fresh.size());
        });
        return SendOutcome.SENT;
    }

    /**
     * A pass's events: each business's endpoints are read once for all its events (a fulfillment raises two), and the
     * events an endpoint wants are recorded together in one unit, since a unit's commit is what a pass's fan-out waits
     * on and one per event left the relay recording at a few hundred events a second under load. The events were all
     * committed before the pass claimed them, so one read after the claim sees every endpoint the per-event reads
     * would have seen. Should that unit fail, each event is recorded in its own, so one event the store refuses
     * fails alone and the others are not held back with it.
     */
    @Override
    public List<SendOutcome> publish(List<PublishedEvent> events) {
        var read = new HashMap<BusinessId, List<WebhookEndpoint>>();
        var decided = events.zip(events.map(event -> wanted(event, read)));
        var recording = decided.filter(wanted -> wanted._2.getOrElse(false)).map(Tuple2::_1);
        boolean together = recording.isEmpty() || recordedTogether(recording);
        return decided.map(wanted -> wanted._2.fold(unread -> unread,
                wantedByAny -> wantedByAny && !together ? recordedAlone(wanted._1) : SendOutcome.SENT));
    }

    /** Whether an endpoint wants the event, or the failure to read its business's endpoints. */
    private Either<SendOutcome, Boolean> wanted(PublishedEvent event, HashMap<BusinessId, List<WebhookEndpoint>> read) {
        try {
            return Either.right(read.computeIfAbsent(event.businessId(), endpoints::enabled)
                    .exists(endpoint -> endpoint.wants(event.type())));
        } catch (RuntimeException e) {
            return Either.left(failure(e));
        }
    }

    private boolean recordedTogether(List<PublishedEvent> events) {
        try {
            record(events);
            return true;
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, () -> "recording the deliveries of " + events.size() + " events together failed ("
                    + e.getClass().getName() + "); recording each by itself");
            return false;
        }
    }

    private SendOutcome recordedAlone(PublishedEvent event) {
        try {
            return record(List.of(event));
        } catch (RuntimeException e) {
            return failure(e);
        }
    }

    private static SendOutcome failure(RuntimeException e) {
        return new SendOutcome.TemporaryFailure(e.getClass().getName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
    }

    /**
     * The {@code webhook-id}: the same for one event and one endpoint however often the fan-out runs, and
     * different for every other pair. It keeps the event id's time characters, so ids still sort by creation.
     */
    static String deliveryId(String eventId, String endpointId) {
        var digest = WebhookSignature.sha256().digest((eventId + "\n" + endpointId).getBytes(StandardCharsets.UTF_8));
        var id = new StringBuilder(DELIVERY_PREFIX.length() + Ids.BODY_LENGTH).append(DELIVERY_PREFIX);
        SecureIdGenerator.timeOf(eventId).forEach(id::append);
        for (int i = 0; id.length() < DELIVERY_PREFIX.length() + Ids.BODY_LENGTH; i++) {
            id.append(ALPHABET.charAt((digest[i] & 0xff) % ALPHABET.length()));
        }
        return id.toString();
    }
}

package dev.grantor.application.port.out;

import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.GrantId;
import io.vavr.collection.List;
import io.vavr.control.Option;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * One record per (event, endpoint): each endpoint has its own deliveries and its own schedule, so a slow
 * or dead endpoint never delays another. {@link #record} joins the caller's unit of work; claiming and
 * settling are the dispatcher's and run in their own. A claim is exclusive across processes and lasts a
 * lease, like the outbox's: a dispatcher that dies mid-send lets its lease run out and the delivery is
 * sent again, with the same id, for the receiver to drop.
 */
public interface WebhookDeliveries {

    enum Status { PENDING, DELIVERED, FAILED }

    /**
     * {@code id} is the {@code webhook-id} header: stable per event and endpoint. {@code payload} is the event
     * envelope exactly as the outbox recorded it. {@code grantId} the grant its event is about
     * ({@link PublishedEvent#grantId()}), none for an event about no grant: a grant's timeline reads its deliveries by it.
     */
    record WebhookDelivery(String id, BusinessId businessId, String endpointId, String eventId, String eventType,
                           String payload, Instant createdAt, Status status, int attempts, Instant nextAttemptAt,
                           Option<Integer> lastResponseCode, Option<String> lastError, Option<Instant> lastAttemptAt,
                           Option<GrantId> grantId) {

        public WebhookDelivery {
            if (id == null || businessId == null || endpointId == null || eventId == null || eventType == null || payload == null
                    || createdAt == null || status == null || attempts < 0 || nextAttemptAt == null || lastResponseCode == null
                    || lastError == null || lastAttemptAt == null || grantId == null) {
                throw new IllegalArgumentException("webhook delivery breaks its structural rules");
            }
        }

        /** A delivery of an event about no grant. */
        public WebhookDelivery(String id, BusinessId businessId, String endpointId, String eventId, String eventType,
                               String payload, Instant createdAt, Status status, int attempts, Instant nextAttemptAt,
                               Option<Integer> lastResponseCode, Option<String> lastError, Option<Instant> lastAttemptAt) {
            this(id, businessId, endpointId, eventId, eventType, payload, createdAt, status, attempts, nextAttemptAt,
                    lastResponseCode, lastError, lastAttemptAt, Option.none());
        }

        /**
         * What a settlement of this delivery names ({@link Claim}): on a delivery a claim answered, that claim, its next
         * attempt being the lease's end; on one read otherwise, its schedule as read, which a claim since would have moved.
         */
        public Claim claim() {
            return new Claim(id, nextAttemptAt);
        }

        public static WebhookDelivery fresh(String id, BusinessId businessId, String endpointId, String eventId,
                                            String eventType, String payload, Instant at) {
            return fresh(id, businessId, endpointId, eventId, eventType, payload, at, Option.none());
        }

        public static WebhookDelivery fresh(String id, BusinessId businessId, String endpointId, String eventId,
                                            String eventType, String payload, Instant at, Option<GrantId> grantId) {
            return new WebhookDelivery(id, businessId, endpointId, eventId, eventType, payload, at, Status.PENDING, 0, at,
                    Option.none(), Option.none(), Option.none(), grantId);
        }
    }

    /** Stores new deliveries; one whose id is stored already is left as it is (fan-out may run twice). */
    void record(List<WebhookDelivery> deliveries);

    /**
     * How much of one claim each business may take: at most {@code perBusiness} deliveries, less the ones it has in
     * flight already ({@code busy}). A business whose receivers hang then holds only its own share of a
     * dispatcher's slots, and a claim never skips over other businesses to fill up on one.
     */
    record Shares(int perBusiness, Map<BusinessId, Integer> busy) {

        /** Every business may take the whole claim: plain earliest-due-first. */
        public static final Shares UNLIMITED = new Shares(Integer.MAX_VALUE, Map.of());

        public Shares {
            if (perBusiness < 1 || busy == null) {
                throw new IllegalArgumentException("a business's share is at least one delivery");
            }
            busy = Map.copyOf(busy);
        }

        /** What the business may still take. */
        public int room(BusinessId business) {
            return Math.max(0, perBusiness - busy.getOrDefault(business, 0));
        }
    }

    /**
     * Up to {@code limit} pending deliveries due at {@code now}, earliest due first, each leased until now + lease: its next
     * attempt is then, and it is marked held until then (what {@link #bringForward} reads); its settlement clears the mark.
     * The answered deliveries carry that lease's end as their next attempt: what their settlement names ({@link Claim}).
     */
    default List<WebhookDelivery> claimDue(Instant now, int limit, Duration lease) {
        return claimDue(now, limit, lease, Shares.UNLIMITED);
    }

    /**
     * Up to {@code limit} pending deliveries due at {@code now}, each leased until now + lease, no business taking more
     * than its share, in fair turns: every business's earliest due delivery, then every business's second, and so
     * on (within a turn, earliest due first). With {@link Shares#UNLIMITED} that is simply earliest due first.
     */
    List<WebhookDelivery> claimDue(Instant now, int limit, Duration lease, Shares shares);

    /**
     * Marks the claimed delivery delivered and clears its mark. False, and nothing changed, when the claim was superseded
     * ({@link Claim}): the delivery is pending under a newer claim, which sends it again with the same {@code webhook-id}
     * (delivery is at least once; the receiver drops the second), or that claim settled it already.
     */
    boolean markDelivered(Claim claim, int attempts, int responseCode, Instant at);

    /** An attempt its receiver answered with a 2xx, still to be marked delivered; {@code claim} the one it was sent under. */
    record Delivered(Claim claim, int attempts, int responseCode, Instant at) {

        public String id() {
            return claim.id();
        }
    }

    /** What {@link #markDeliveredAndClaimDue} did: the ids whose claim was superseded (left as they were), and the claim. */
    record DeliveredAndClaimed(List<String> superseded, List<WebhookDelivery> claimed) {}

    /**
     * Marks each of {@code delivered} delivered, as {@link #markDelivered} does, and claims as {@link #claimDue} does, in
     * ONE unit of work of its own: a dispatcher settles the sends that finished since its last pass in the write that
     * claims its next one, so a delivery costs a share of one commit instead of one of its own. A {@code limit} of 0
     * only settles. A store that cannot do both in one unit may do them one after the other, as this default does:
     * a delivery not yet marked stays leased, and is sent again only if its lease ends first.
     */
    default DeliveredAndClaimed markDeliveredAndClaimDue(List<Delivered> delivered, Instant now, int limit, Duration lease,
                                                         Shares shares) {
        var superseded = delivered.filter(attempt -> !markDelivered(attempt.claim(), attempt.attempts(),
                attempt.responseCode(), attempt.at())).map(Delivered::id);
        return new DeliveredAndClaimed(superseded, limit <= 0 ? List.empty() : claimDue(now, limit, lease, shares));
    }

    /**
     * A failed attempt: counts it, keeps what went wrong, makes the delivery due again at {@code nextAttemptAt} and clears
     * its mark. False, and nothing changed, when the claim was superseded ({@link Claim}): a late failure must neither
     * move a newer claim's schedule nor clear its mark (a retry would then take a delivery that is being sent).
     */
    boolean reschedule(Claim claim, int attempts, Option<Integer> responseCode, String error, Instant at, Instant nextAttemptAt);

    /** Gives up: the delivery stays visible as {@code FAILED} with what went wrong last. False when superseded, as above. */
    boolean fail(Claim claim, int attempts, Option<Integer> responseCode, String error, Instant at);

    /**
     * The deliveries of the events about {@code grant}, newest first ({@code created_at} desc, then id desc), only those
     * {@link Before#admits before} the bound, at most {@code limit}: a grant's timeline reads them a page at a time.
     * Another business's deliveries never show, whatever grant id it names.
     */
    List<WebhookDelivery> aboutGrant(BusinessId business, GrantId grant, Option<Before> before, int limit);

    /** Another business's delivery finds nothing. */
    Option<WebhookDelivery> find(BusinessId business, String id);

    /**
     * {@link #find}, the row held until the unit of work ends: an operator's retry reads its clock after this, so that
     * concurrent retries are judged in the order they commit, each from the row the one before it left. Inside a unit
     * that writes.
     */
    Option<WebhookDelivery> hold(BusinessId business, String id);

    /** The endpoint's deliveries, newest first ({@code created_at} desc, then id desc), at most {@code limit}. */
    List<WebhookDelivery> recent(BusinessId business, String endpointId, int limit);

    /**
     * A delivered or failed delivery back to pending, due at {@code now}, attempts reset, to be sent again.
     * False when it is pending already or not the business's.
     */
    boolean requeue(BusinessId business, String id, Instant now);

    /**
     * A pending delivery waiting out its backoff after a failed attempt made due at {@code now}, however soon or late its
     * next attempt, its attempts and last answer kept, so that the next claim takes it. Never one a claim holds: a claim
     * marks what it takes held until its lease's end, and making such a delivery due would let a second claim send it
     * while the first one's attempt is on its way (or sent and not yet marked delivered). A mark no later than
     * {@code now} is a lease that ran out, not a hold, as the claim itself treats it; the settlement of the claim that
     * holds it (rescheduled, failed, delivered) clears the mark, and one of an older claim changes nothing ({@link Claim}). Checked and changed in one
     * statement, so a claim or a settlement in between decides. False when nothing changed: held, settled, due already,
     * or not the business's.
     */
    boolean bringForward(BusinessId business, String id, Instant now);

    /**
     * Deletes up to {@code limit} delivered or failed deliveries created before {@code createdBefore}, the oldest first,
     * in a unit of work of its own; answers how many. A pending delivery is never deleted: it still owes its receiver
     * an attempt. Without this the table grows by every event times every endpoint for good.
     */
    int purgeFinished(Instant createdBefore, int limit);

    /** How far the dispatchers are behind: pending deliveries, due or not, and when the oldest due one was recorded. */
    record Backlog(long pending, Option<Instant> oldestDueCreatedAt) {}

    /** One read of the pending deliveries, for operators and metrics; delivered and failed ones are not counted. */
    Backlog backlog(Instant now);
}

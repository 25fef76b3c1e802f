package dev.grantor.application.port.in;

import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.GrantId;
import dev.grantor.domain.shared.GrantorError;
import dev.grantor.domain.shared.Metadata;
import io.vavr.collection.List;
import io.vavr.control.Either;
import io.vavr.control.Option;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Instant;
import java.util.Map;

/**
 * A business's webhook endpoints and what was delivered to them. Every event of the business fans out to
 * each enabled endpoint whose filter matches, signed per the Standard Webhooks specification with the
 * endpoint's secret. Ids of other businesses are not found, never forbidden.
 */
public interface Webhooks {

    /** The event types an endpoint may filter on: every topic the outbox publishes. */
    List<String> EVENT_TYPES = List.of("entitlement_grant.created", "entitlement_grant.delivered", "entitlement_grant.failed",
            "entitlement_grant.revoked", "license_key.created", "license_key.rotated", "key_pool.low_stock", "key_pool.empty");

    /**
     * Dodo's event types that Grantor never raises (Dodo's {@code WebhookEventType}, SDK 2.52.0, less the ones above). An
     * endpoint may filter on them so that the filter an integrator registers with Dodo is taken here unchanged: refusing
     * it would fail the whole registration over events that simply never come. Only a name neither list holds (a typo)
     * is refused.
     */
    List<String> DODO_ONLY_EVENT_TYPES = List.of("payment.succeeded", "payment.failed", "payment.processing",
            "payment.cancelled", "refund.succeeded", "refund.failed", "dispute.opened", "dispute.expired", "dispute.accepted",
            "dispute.cancelled", "dispute.challenged", "dispute.won", "dispute.lost", "subscription.active",
            "subscription.renewed", "subscription.on_hold", "subscription.past_due", "subscription.paused",
            "subscription.unpaused", "subscription.cancelled", "subscription.failed", "subscription.expired",
            "subscription.plan_changed", "subscription.updated", "subscription.update_payment_method", "payout.created",
            "payout.on_hold", "payout.in_progress", "payout.failed", "payout.success", "credit.added", "credit.deducted",
            "credit.expired", "credit.rolled_over", "credit.rollover_forfeited", "credit.overage_charged",
            "credit.overage_reset", "credit.manual_adjustment", "credit.balance_low", "abandoned_checkout.detected",
            "abandoned_checkout.recovered", "dunning.started", "dunning.recovered");

    /**
     * {@code filterTypes} null or empty means every event type. {@code metadata} holds plain JSON values
     * (String, Number, Boolean), {@code headers} are sent with every delivery; both are maps on purpose, their keys
     * being the merchant's own. {@code url} carries no constraint annotation: the endpoint's URL rules check it once,
     * a missing one included.
     */
    record CreateWebhook(String url, String description, Boolean disabled, java.util.List<String> filterTypes,
                         Map<String, String> headers, Map<String, Object> metadata, @Min(1) Integer rateLimit) {}

    /**
     * A partial update: null leaves a part as it is. {@code clearDescription} and {@code clearRateLimit} set
     * those to null (a JSON {@code null}), which an absent field must not do. An empty {@code filterTypes}
     * means every event type again.
     */
    record UpdateWebhook(String url, String description, boolean clearDescription, Boolean disabled,
                         java.util.List<String> filterTypes, Map<String, String> headers, Map<String, Object> metadata,
                         @Min(1) Integer rateLimit, boolean clearRateLimit) {}

    /**
     * Changes some of an endpoint's custom headers and keeps the others: a string adds a header or replaces the one of
     * that name in any letter case, a null removes it (nothing to remove is no change). The result obeys the rules of
     * {@link CreateWebhook#headers()} as a whole. To replace them all, {@link #update} with {@code headers}.
     */
    record UpdateWebhookHeaders(Map<String, String> headers) {}

    /**
     * An endpoint's custom headers as a caller may read them: {@code headers} the values shown, {@code sensitive} the
     * names whose values are withheld. A header whose name or value says it carries a credential is always withheld; a
     * read-only caller sees no value at all, since nothing proves that a value is not one.
     */
    record WebhookHeaders(io.vavr.collection.LinkedHashMap<String, String> headers, List<String> sensitive) {}

    /** {@code iterator} is the one a previous page answered; {@code limit} defaults to 10. */
    record ListWebhooks(String iterator, @Min(1) @Max(100) Integer limit) {}

    /**
     * Replaces the endpoint's signing secret. The replaced one goes on signing beside the new one for
     * {@code previousValidSeconds} (a day when null; 0 ends it at once, for a secret that leaked), at most a week.
     */
    record RotateWebhookSecret(@Min(0) @Max(MAX_PREVIOUS_VALID_SECONDS) Integer previousValidSeconds) {}

    /** A week: as long as a replaced secret may go on signing. */
    int MAX_PREVIOUS_VALID_SECONDS = 604_800;

    /** A day: how long a replaced secret goes on signing when the rotation does not say. */
    int DEFAULT_PREVIOUS_VALID_SECONDS = 86_400;

    /** The endpoint as the API shows it; the secret only through {@link #secret}. */
    record Webhook(String id, String url, Option<String> description, Metadata metadata, boolean disabled,
                   List<String> filterTypes, Option<Integer> rateLimit, Instant createdAt, Instant updatedAt) {}

    /** One page: {@code iterator} to ask for the next one, {@code done} when there is none. */
    record WebhookPage(List<Webhook> data, Option<String> iterator, boolean done) {}

    /** One event's delivery to one endpoint; {@code id} is the {@code webhook-id} the receiver saw. */
    record Delivery(String id, String webhookId, String eventId, String eventType, String status, int attempts,
                    Option<Integer> lastResponseCode, Option<String> lastError, Instant createdAt,
                    Option<Instant> lastAttemptAt, Option<Instant> nextAttemptAt) {}

    Either<GrantorError, Webhook> create(BusinessId business, CreateWebhook command);

    Either<GrantorError, WebhookPage> list(BusinessId business, ListWebhooks query);

    Either<GrantorError, Webhook> get(BusinessId business, String webhookId);

    Either<GrantorError, Webhook> update(BusinessId business, String webhookId, UpdateWebhook command);

    /** The endpoint's custom headers, the sensitive ones' values withheld from {@code caller}. */
    Either<GrantorError, WebhookHeaders> headers(Access.Caller caller, String webhookId);

    /**
     * The endpoint's custom headers as a writer of the business reads them, for a host calling the engine with no API
     * key of its own: every value but the ones that say they carry a credential, which stay withheld as they are from
     * any caller (a host that needs one kept it when it set it).
     */
    Either<GrantorError, WebhookHeaders> headers(BusinessId business, String webhookId);

    /** Merges {@code command}'s headers into the endpoint's; deliveries sent from then on carry the result. */
    Either<GrantorError, Webhook> updateHeaders(BusinessId business, String webhookId, UpdateWebhookHeaders command);

    /** Removes the endpoint and its deliveries; it is not found from then on. */
    Either<GrantorError, Webhook> delete(BusinessId business, String webhookId);

    /** {@code whsec_} followed by base64 of the key bytes. */
    Either<GrantorError, String> secret(BusinessId business, String webhookId);

    /**
     * Gives the endpoint a new secret and answers it. Until the replaced one's time ends, each delivery carries a
     * signature by each secret; a rotation while an older one is still retiring ends that older one.
     */
    Either<GrantorError, String> rotateSecret(BusinessId business, String webhookId, RotateWebhookSecret command);

    /** The most recent deliveries of the endpoint, newest first; {@code limit} defaults to 50, at most 100. */
    Either<GrantorError, List<Delivery>> deliveries(BusinessId business, String webhookId, Integer limit);

    /**
     * Sends a delivered or failed delivery again, from its first attempt; makes a pending one waiting out its backoff
     * due at once, however short the backoff, its attempts kept ({@link RetryOutcome#DUE_NOW}); a pending one due
     * already ({@link RetryOutcome#DUE_ALREADY}) or one a dispatcher holds ({@link RetryOutcome#BEING_ATTEMPTED}) is
     * answered as it is.
     */
    Either<GrantorError, Delivery> retry(BusinessId business, String webhookId, String deliveryId);

    /** What a retry did with the delivery. */
    enum RetryOutcome {
        /** A delivered or failed delivery is pending again, due at once, its attempts counted from the first. */
        SENT_AGAIN,
        /** A pending delivery waiting out a backoff is due at once, its attempts kept. */
        DUE_NOW,
        /**
         * A pending delivery no claim holds was due already (a retry clicked a moment before made it so, or its backoff
         * ended): left as it is, for the dispatcher's next pass. Nothing changed, so an operator's retry records nothing.
         */
        DUE_ALREADY,
        /**
         * A pending delivery a dispatcher's claim holds: it is being sent this moment (or sent and not yet marked), so it
         * is left as it is rather than sent twice. If that attempt fails, its backoff can be cut short by a retry then.
         */
        BEING_ATTEMPTED,
        /** A delivery delivered since the retry was offered: left as it is, not sent again. */
        DELIVERED_ALREADY
    }

    /** A retry's answer: the delivery as it stands after it, and what the retry did. */
    record Retried(Delivery delivery, RetryOutcome outcome) {}

    /**
     * The console's retry, offered on a failed delivery and on a pending one whose last attempt failed: {@link #retry}'s
     * rules, except that a delivery delivered meanwhile is not sent again ({@link RetryOutcome#DELIVERED_ALREADY}).
     */
    Either<GrantorError, Retried> attemptNow(BusinessId business, String webhookId, String deliveryId);

    /**
     * The grant a delivery's event is about, as the store wrote it with the delivery: an operator's retry of it is filed
     * under that grant, so the grant's timeline lists it. None for an event about no grant, an unknown id or another
     * business's delivery.
     */
    Option<GrantId> grantOf(BusinessId business, String deliveryId);
}

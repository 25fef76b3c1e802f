package dev.grantor.application.port.out;

import dev.grantor.application.port.out.WebhookEndpoints.WebhookEndpoint;
import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.Metadata;
import io.vavr.collection.LinkedHashMap;
import io.vavr.collection.List;
import io.vavr.control.Option;
import java.time.Instant;

/**
 * Where a business wants to hear about its events. The signing secret is stored as it was handed out:
 * the dispatcher needs it to sign, so it cannot be a hash.
 */
public interface WebhookEndpoints {

    /**
     * One endpoint. {@code filterTypes} empty means every event type; {@code headers} are sent with every
     * delivery, in order. {@code retiring} is the secret a rotation replaced, still signing beside {@code secret}
     * until its time, so that a receiver can take the new one up without refusing a delivery in between.
     */
    record WebhookEndpoint(String id, BusinessId businessId, String url, Option<String> description, Metadata metadata,
                           boolean disabled, List<String> filterTypes, LinkedHashMap<String, String> headers,
                           Option<Integer> rateLimit, String secret, Option<RetiringSecret> retiring, Instant createdAt,
                           Instant updatedAt, long version) {

        public WebhookEndpoint {
            if (id == null || businessId == null || url == null || description == null || metadata == null || filterTypes == null
                    || headers == null || rateLimit == null || secret == null || retiring == null || createdAt == null
                    || updatedAt == null || version < 0) {
                throw new IllegalArgumentException("webhook endpoint breaks its structural rules");
            }
        }

        /** True when an event of this type is for this endpoint: enabled, and no filter or a matching one. */
        public boolean wants(String eventType) {
            return !disabled && (filterTypes.isEmpty() || filterTypes.contains(eventType));
        }

        /** This endpoint with {@code secret} signing, {@code retiring} beside it, changed at {@code at}. */
        public WebhookEndpoint withSecrets(String newSecret, Option<RetiringSecret> newRetiring, Instant at) {
            return new WebhookEndpoint(id, businessId, url, description, metadata, disabled, filterTypes, headers, rateLimit,
                    newSecret, newRetiring, createdAt, at, version);
        }

        /** This endpoint sending {@code newHeaders} with every delivery, changed at {@code at}. */
        public WebhookEndpoint withHeaders(LinkedHashMap<String, String> newHeaders, Instant at) {
            return new WebhookEndpoint(id, businessId, url, description, metadata, disabled, filterTypes, newHeaders, rateLimit,
                    secret, retiring, createdAt, at, version);
        }

        /** The secrets a delivery sent at {@code now} is signed with: the current one first, the retiring one until its time. */
        public List<String> signingSecrets(Instant now) {
            return retiring.filter(old -> now.isBefore(old.until())).map(old -> List.of(secret, old.secret()))
                    .getOrElse(() -> List.of(secret));
        }
    }

    /** A replaced secret that deliveries are still signed with, beside the current one, before {@code until}. */
    record RetiringSecret(String secret, Instant until) {

        public RetiringSecret {
            if (secret == null || until == null) {
                throw new IllegalArgumentException("retiring secret breaks its structural rules");
            }
        }
    }

    /**
     * Stores a new endpoint at version 0, unless its business has {@code maxPerBusiness} endpoints already: then
     * stores nothing and answers false. Inserts racing for a business's last place never take it past the limit.
     */
    boolean insert(WebhookEndpoint endpoint, int maxPerBusiness);

    /** Stores a new endpoint at version 0, however many its business has. */
    default void insert(WebhookEndpoint endpoint) {
        insert(endpoint, Integer.MAX_VALUE);
    }

    /**
     * Replaces the endpoint stored at {@code endpoint.version()}, its secrets included; {@link ConcurrentUpdate} when
     * it moved on.
     */
    void update(WebhookEndpoint endpoint);

    /** Another business's id finds nothing. */
    Option<WebhookEndpoint> find(BusinessId business, String id);

    /** Oldest first (ids ascending), only ids after {@code after} when given, at most {@code limit}. */
    List<WebhookEndpoint> list(BusinessId business, Option<String> after, int limit);

    /** Every endpoint of the business that is not disabled: what an event fans out to. */
    List<WebhookEndpoint> enabled(BusinessId business);

    /** Removes the endpoint and every delivery of it. False when the business has no such endpoint. */
    boolean delete(BusinessId business, String id);
}

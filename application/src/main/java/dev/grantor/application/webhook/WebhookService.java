package dev.grantor.application.webhook;

import dev.grantor.application.wire.Wire;
import dev.grantor.application.port.in.Access;
import dev.grantor.application.port.in.Webhooks;
import dev.grantor.application.port.in.Webhooks.Retried;
import dev.grantor.application.port.in.Webhooks.RetryOutcome;
import dev.grantor.application.port.out.IdGenerator;
import dev.grantor.application.port.out.Transactions;
import dev.grantor.application.port.out.WebhookDeliveries;
import dev.grantor.application.port.out.WebhookDeliveries.Status;
import dev.grantor.application.port.out.WebhookDeliveries.WebhookDelivery;
import dev.grantor.application.port.out.WebhookEndpoints;
import dev.grantor.application.port.out.WebhookEndpoints.RetiringSecret;
import dev.grantor.application.port.out.WebhookEndpoints.WebhookEndpoint;
import dev.grantor.application.service.CommandValidation;
import dev.grantor.application.service.Slice;
import dev.grantor.application.service.WriteUnits;
import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.GrantId;
import dev.grantor.domain.shared.GrantorError;
import dev.grantor.domain.shared.GrantorError.NotFound;
import dev.grantor.domain.shared.GrantorError.ValidationFailed;
import dev.grantor.domain.shared.GrantorError.WebhookEndpointLimitReached;
import dev.grantor.domain.shared.Ids;
import io.vavr.collection.List;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.Objects;

/** The webhook use cases over the endpoint and delivery stores. */
public final class WebhookService implements Webhooks {

    public static final String ID_PREFIX = "whk_";
    static final int DEFAULT_PAGE = 10;
    static final int DEFAULT_DELIVERIES = 50;
    static final int MAX_DELIVERIES = 100;

    /** The engine's one Jakarta check, naming a field by its property path like every other use case. */
    private static final CommandValidation VALIDATION = new CommandValidation();

    private final Transactions transactions;
    private final WriteUnits units;
    private final WebhookEndpoints endpoints;
    private final WebhookDeliveries deliveries;
    private final InstantSource clock;
    private final IdGenerator ids;
    private final DispatchPolicy policy;
    private final SecureRandom random;
    private final Runnable requeued;

    /**
     * {@code requeued} runs once a delivery put back to be sent again has committed: typically
     * {@link WebhookDispatcher#nudge()}. The policy says how many endpoints a business may have and where they may point.
     */
    public WebhookService(Transactions transactions, WebhookEndpoints endpoints, WebhookDeliveries deliveries,
                          InstantSource clock, IdGenerator ids, DispatchPolicy policy, Runnable requeued) {
        this.transactions = Objects.requireNonNull(transactions, "transactions");
        this.units = new WriteUnits(transactions);
        this.policy = Objects.requireNonNull(policy, "policy");
        this.endpoints = Objects.requireNonNull(endpoints, "endpoints");
        this.deliveries = Objects.requireNonNull(deliveries, "deliveries");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ids = Objects.requireNonNull(ids, "ids");
        this.random = new SecureRandom();
        this.requeued = Objects.requireNonNull(requeued, "requeued");
    }

    @Override
    public Either<GrantorError, Webhook> create(BusinessId business, CreateWebhook command) {
        return VALIDATION.check(command).flatMap(valid -> WebhookRules.url(command.url(), policy.privateTargetsAllowed())
                .flatMap(url -> WebhookRules.description(command.description())
                        .flatMap(description -> WebhookRules.filterTypes(command.filterTypes())
                                .flatMap(types -> WebhookRules.headers(command.headers())
                                        .flatMap(headers -> Wire.metadata("metadata", command.metadata())
                                                .flatMap(metadata -> units.write(() -> {
                                                    var now = clock.instant();
                                                    var endpoint = new WebhookEndpoint(ids.next(ID_PREFIX), business, url,
                                                            description, metadata, Boolean.TRUE.equals(command.disabled()),
                                                            types, headers, Option.of(command.rateLimit()),
                                                            WebhookSignature.newSecret(random), Option.none(), now, now, 0);
                                                    if (!endpoints.insert(endpoint, policy.maxEndpointsPerBusiness())) {
                                                        return Either.left(new WebhookEndpointLimitReached(
                                                                policy.maxEndpointsPerBusiness()));
                                                    }
                                                    return Either.right(view(endpoint));
                                                })))))));
    }

    @Override
    public Either<GrantorError, WebhookPage> list(BusinessId business, ListWebhooks query) {
        var q = query == null ? new ListWebhooks(null, null) : query;
        return VALIDATION.check(q).flatMap(valid -> {
            if (q.iterator() != null && !Ids.isWellFormed(ID_PREFIX, q.iterator())) {
                return Either.left(ValidationFailed.of("iterator", "is not an iterator this API answered"));
            }
            int limit = q.limit() == null ? DEFAULT_PAGE : q.limit();
            var page = Slice.read(limit, reading -> transactions.read(() -> endpoints.list(business, Option.of(q.iterator()), reading)));
            return Either.right(new WebhookPage(page.rows().map(WebhookService::view), page.next(WebhookEndpoint::id), !page.more()));
        });
    }

    @Override
    public Either<GrantorError, Webhook> get(BusinessId business, String webhookId) {
        return transactions.read(() -> endpoint(business, webhookId)).map(WebhookService::view);
    }

    @Override
    public Either<GrantorError, Webhook> update(BusinessId business, String webhookId, UpdateWebhook command) {
        return VALIDATION.check(command).flatMap(valid -> units.write(() -> endpoint(business, webhookId).flatMap(current -> changed(current, command)
                .peek(endpoints::update)
                .map(WebhookService::view))));
    }

    @Override
    public Either<GrantorError, WebhookHeaders> headers(Access.Caller caller, String webhookId) {
        return headers(caller.business(), webhookId, caller.readOnly());
    }

    @Override
    public Either<GrantorError, WebhookHeaders> headers(BusinessId business, String webhookId) {
        return headers(business, webhookId, false);
    }

    private Either<GrantorError, WebhookHeaders> headers(BusinessId business, String webhookId, boolean readOnly) {
        return transactions.read(() -> endpoint(business, webhookId))
                .map(endpoint -> WebhookRules.shown(endpoint.headers(), readOnly));
    }

    @Override
    public Either<GrantorError, Webhook> updateHeaders(BusinessId business, String webhookId, UpdateWebhookHeaders command) {
        return units.write(() -> endpoint(business, webhookId).flatMap(current -> WebhookRules.merged(current.headers(),
                        command == null ? null : command.headers())
                .map(headers -> current.withHeaders(headers, clock.instant()))
                .peek(endpoints::update)
                .map(WebhookService::view)));
    }

    @Override
    public Either<GrantorError, Webhook> delete(BusinessId business, String webhookId) {
        return units.write(() -> endpoint(business, webhookId).peek(e -> endpoints.delete(business, e.id())).map(WebhookService::view));
    }

    @Override
    public Either<GrantorError, String> secret(BusinessId business, String webhookId) {
        return transactions.read(() -> endpoint(business, webhookId)).map(WebhookEndpoint::secret);
    }

    @Override
    public Either<GrantorError, String> rotateSecret(BusinessId business, String webhookId, RotateWebhookSecret command) {
        var rotation = command == null ? new RotateWebhookSecret(null) : command;
        return VALIDATION.check(rotation).flatMap(valid -> units.write(() -> endpoint(business, webhookId).map(current -> {
            var now = clock.instant();
            long keep = rotation.previousValidSeconds() == null ? DEFAULT_PREVIOUS_VALID_SECONDS : rotation.previousValidSeconds();
            var retiring = keep == 0 ? Option.<RetiringSecret>none()
                    : Option.some(new RetiringSecret(current.secret(), now.plusSeconds(keep)));
            var rotated = current.withSecrets(WebhookSignature.newSecret(random), retiring, now);
            endpoints.update(rotated);
            return rotated.secret();
        })));
    }

    @Override
    public Either<GrantorError, List<Delivery>> deliveries(BusinessId business, String webhookId, Integer limit) {
        if (limit != null && (limit < 1 || limit > MAX_DELIVERIES)) {
            return Either.left(ValidationFailed.of("limit", "must be between 1 and " + MAX_DELIVERIES));
        }
        int n = limit == null ? DEFAULT_DELIVERIES : limit;
        return transactions.read(() -> endpoint(business, webhookId)
                .map(e -> deliveries.recent(business, e.id(), n).map(WebhookService::view)));
    }

    @Override
    public Either<GrantorError, Delivery> retry(BusinessId business, String webhookId, String deliveryId) {
        return retried(business, webhookId, deliveryId, true).map(Retried::delivery);
    }

    @Override
    public Option<GrantId> grantOf(BusinessId business, String deliveryId) {
        // a delivery's grant is written with it and never changes, so this read answers for the retry after it
        return Option.of(deliveryId).flatMap(id -> transactions.read(() -> deliveries.find(business, id)))
                .flatMap(WebhookDelivery::grantId);
    }

    @Override
    public Either<GrantorError, Retried> attemptNow(BusinessId business, String webhookId, String deliveryId) {
        return retried(business, webhookId, deliveryId, false);
    }

    /**
     * A pending delivery is made due only through {@link WebhookDeliveries#bringForward}, which leaves one a dispatcher
     * holds: the dispatcher's claim stays the one owner of an attempt, and what this does is let its next claim take
     * the delivery at once. The row is held before the clock is read, so concurrent retries are judged in the order they
     * commit (as a SQLite unit, which holds the writer from its start): a later one finds the delivery due, changes
     * nothing and records nothing.
     */
    private Either<GrantorError, Retried> retried(BusinessId business, String webhookId, String deliveryId,
                                                  boolean evenDelivered) {
        return units.write(() -> endpoint(business, webhookId)
                .flatMap(e -> deliveries.hold(business, deliveryId).filter(d -> d.endpointId().equals(e.id()))
                        .toEither((GrantorError) new NotFound("webhook delivery", String.valueOf(deliveryId))))
                .map(d -> {
                    // read with the row held: a retry committed meanwhile is in d, and its instant before this one
                    var now = clock.instant();
                    RetryOutcome outcome = switch (d.status()) {
                        case DELIVERED, FAILED -> d.status() == Status.DELIVERED && !evenDelivered ? RetryOutcome.DELIVERED_ALREADY
                                : deliveries.requeue(business, d.id(), now) ? RetryOutcome.SENT_AGAIN : RetryOutcome.BEING_ATTEMPTED;
                        // a claim moves the next attempt to its lease's end, so one due at now is held by no live claim
                        case PENDING -> !d.nextAttemptAt().isAfter(now) ? RetryOutcome.DUE_ALREADY
                                : deliveries.bringForward(business, d.id(), now) ? RetryOutcome.DUE_NOW : RetryOutcome.BEING_ATTEMPTED;
                    };
                    if (outcome == RetryOutcome.SENT_AGAIN || outcome == RetryOutcome.DUE_NOW || outcome == RetryOutcome.DUE_ALREADY) {
                        transactions.afterCommit(requeued);
                    }
                    boolean madeDue = outcome == RetryOutcome.SENT_AGAIN || outcome == RetryOutcome.DUE_NOW;
                    if (!madeDue) {
                        // held by a dispatcher, delivered, or due already: an operator's retry of it records nothing
                        transactions.changedNothing();
                    }
                    return new Retried(view(deliveries.find(business, d.id()).get()), outcome);
                }));
    }

    private Either<GrantorError, WebhookEndpoint> endpoint(BusinessId business, String webhookId) {
        if (!Ids.isWellFormed(ID_PREFIX, webhookId)) {
            return Either.left(new NotFound("webhook", String.valueOf(webhookId)));
        }
        return endpoints.find(business, webhookId).toEither(() -> new NotFound("webhook", webhookId));
    }

    private Either<GrantorError, WebhookEndpoint> changed(WebhookEndpoint current, UpdateWebhook command) {
        Either<GrantorError, String> url = command.url() == null ? Either.right(current.url())
                : WebhookRules.url(command.url(), policy.privateTargetsAllowed());
        Either<GrantorError, Option<String>> description = command.clearDescription() ? Either.right(Option.none())
                : command.description() == null ? Either.right(current.description()) : WebhookRules.description(command.description());
        Either<GrantorError, List<String>> types = command.filterTypes() == null ? Either.right(current.filterTypes())
                : WebhookRules.filterTypes(command.filterTypes());
        var headers = command.headers() == null ? Either.<GrantorError, io.vavr.collection.LinkedHashMap<String, String>>right(current.headers())
                : WebhookRules.headers(command.headers());
        var metadata = command.metadata() == null ? Either.<GrantorError, dev.grantor.domain.shared.Metadata>right(current.metadata())
                : Wire.metadata("metadata", command.metadata());
        var rateLimit = command.clearRateLimit() ? Option.<Integer>none()
                : command.rateLimit() == null ? current.rateLimit() : Option.some(command.rateLimit());
        boolean disabled = command.disabled() == null ? current.disabled() : command.disabled();
        return url.flatMap(u -> description.flatMap(d -> types.flatMap(t -> headers.flatMap(h -> metadata.map(m ->
                new WebhookEndpoint(current.id(), current.businessId(), u, d, m, disabled, t, h, rateLimit, current.secret(),
                        current.retiring(), current.createdAt(), clock.instant(), current.version()))))));
    }

    static Webhook view(WebhookEndpoint e) {
        return new Webhook(e.id(), e.url(), e.description(), e.metadata(), e.disabled(), e.filterTypes(), e.rateLimit(),
                e.createdAt(), e.updatedAt());
    }

    static Delivery view(WebhookDelivery d) {
        return new Delivery(d.id(), d.endpointId(), d.eventId(), d.eventType(), d.status().name().toLowerCase(java.util.Locale.ROOT),
                d.attempts(), d.lastResponseCode(), d.lastError(), d.createdAt(), d.lastAttemptAt(),
                d.status() == Status.PENDING ? Option.some(d.nextAttemptAt()) : Option.none());
    }
}

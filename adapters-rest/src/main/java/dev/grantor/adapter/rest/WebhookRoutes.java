package dev.grantor.adapter.rest;

import static dev.grantor.adapter.rest.Route.Guard.MERCHANT_READ;
import static dev.grantor.adapter.rest.Route.Guard.MERCHANT_WRITE;

import dev.grantor.application.port.in.Webhooks;
import dev.grantor.application.port.in.Webhooks.CreateWebhook;
import dev.grantor.application.port.in.Webhooks.ListWebhooks;
import dev.grantor.application.port.in.Webhooks.RotateWebhookSecret;
import dev.grantor.application.port.in.Webhooks.UpdateWebhook;
import dev.grantor.application.port.in.Webhooks.UpdateWebhookHeaders;
import dev.grantor.application.view.WebhookView;
import dev.grantor.domain.shared.GrantorError;
import io.vavr.collection.List;
import io.vavr.control.Either;

/**
 * {@code /webhooks}: a business's endpoints for outgoing webhooks, as the Dodo Payments webhook API manages
 * them (create and delete answer 200, delete with an empty body; lists page by cursor), plus Grantor's view of
 * what was delivered to each endpoint and a way to send a delivery again.
 */
final class WebhookRoutes {

    private final Webhooks webhooks;

    WebhookRoutes(Webhooks webhooks) {
        this.webhooks = webhooks;
    }

    List<Route> routes() {
        return List.of(
                // Dodo's create takes the request's idempotency key in its body too (the SDK's idempotency_key)
                Route.post("/webhooks", MERCHANT_WRITE, this::create).keyInBody("idempotency_key"),
                Route.get("/webhooks", MERCHANT_READ, this::list),
                Route.get("/webhooks/{webhook_id}", MERCHANT_READ, this::get),
                Route.patch("/webhooks/{webhook_id}", MERCHANT_WRITE, this::update),
                Route.delete("/webhooks/{webhook_id}", MERCHANT_WRITE, this::delete),
                // whoever holds the secret can sign webhooks the merchant's server accepts: not for read-only keys
                Route.get("/webhooks/{webhook_id}/secret", MERCHANT_WRITE, this::secret),
                Route.post("/webhooks/{webhook_id}/secret/rotate", MERCHANT_WRITE, this::rotateSecret),
                // any key reads the names; which values it sees is the use case's rule (a read-only key sees none)
                Route.get("/webhooks/{webhook_id}/headers", MERCHANT_READ, this::headers),
                Route.patch("/webhooks/{webhook_id}/headers", MERCHANT_WRITE, this::updateHeaders),
                Route.get("/webhooks/{webhook_id}/deliveries", MERCHANT_READ, this::deliveries),
                Route.post("/webhooks/{webhook_id}/deliveries/{delivery_id}/retry", MERCHANT_WRITE, this::retry));
    }

    private Reply create(Call call) {
        return Replies.ok(call.fields()
                // the pipeline took a string idempotency_key as the request's key; any other type is refused here
                .peek(body -> body.optionalString("idempotency_key"))
                .flatMap(body -> body.result(new CreateWebhook(body.requiredString("url"), body.optionalString("description"),
                        body.optionalBoolean("disabled"), body.optionalStringList("filter_types"),
                        body.optionalStringMap("headers"), body.optionalObject("metadata"), body.optionalInt("rate_limit"))))
                .flatMap(command -> webhooks.create(call.business(), command))
                .map(WebhookView::of));
    }

    private Reply list(Call call) {
        return Replies.ok(call.queryInteger("limit")
                .map(limit -> new ListWebhooks(call.query("iterator"), limit))
                .flatMap(query -> webhooks.list(call.business(), query))
                .map(WebhookView.Page::of));
    }

    private Reply get(Call call) {
        return Replies.ok(webhooks.get(call.business(), call.path("webhook_id")).map(WebhookView::of));
    }

    /**
     * A JSON null clears {@code description} and {@code rate_limit}; for the other fields null leaves the
     * value as it is, which is what the official SDKs send for a field the caller did not set. An empty
     * {@code filter_types} means every event type again.
     */
    private Reply update(Call call) {
        var command = call.fields()
                .flatMap(body -> body.result(new UpdateWebhook(body.optionalString("url"), body.optionalString("description"),
                        body.isNull("description"), body.optionalBoolean("disabled"), body.optionalStringList("filter_types"),
                        body.optionalStringMap("headers"), body.optionalObject("metadata"), body.optionalInt("rate_limit"),
                        body.isNull("rate_limit"))));
        return Replies.ok(knownWebhookFirst(call, command)
                .flatMap(update -> webhooks.update(call.business(), call.path("webhook_id"), update))
                .map(WebhookView::of));
    }

    private Reply delete(Call call) {
        return webhooks.delete(call.business(), call.path("webhook_id")).fold(ErrorReplies::of, deleted -> Reply.empty());
    }

    private Reply secret(Call call) {
        return Replies.ok(webhooks.secret(call.business(), call.path("webhook_id")).map(WebhookView.Secret::new));
    }

    /** Dodo's {@code HeaderRetrieveResponse}: {@code {headers, sensitive}}. */
    private Reply headers(Call call) {
        return Replies.ok(webhooks.headers(call.caller(), call.path("webhook_id")).map(WebhookView.Headers::of));
    }

    /**
     * Merges {@code headers} into the endpoint's: a string sets one, a null removes one. Answers an empty 200, as Dodo's
     * does (the SDK's {@code update} resolves to nothing).
     */
    private Reply updateHeaders(Call call) {
        var command = call.fields().flatMap(body -> body.result(new UpdateWebhookHeaders(body.requiredNullableStringMap("headers"))));
        return knownWebhookFirst(call, command)
                .flatMap(update -> webhooks.updateHeaders(call.business(), call.path("webhook_id"), update))
                .fold(ErrorReplies::of, updated -> Reply.empty());
    }

    /**
     * (Grantor) {@code {secret}}: the new one. The body is optional; {@code previous_valid_seconds} (0..604800, a day
     * when absent) is how long the replaced secret goes on signing beside it.
     */
    private Reply rotateSecret(Call call) {
        Either<GrantorError, RotateWebhookSecret> command = call.body().length == 0
                ? Either.right(new RotateWebhookSecret(null))
                : call.fields().flatMap(body -> body.result(new RotateWebhookSecret(body.optionalInt("previous_valid_seconds"))));
        return Replies.ok(knownWebhookFirst(call, command)
                .flatMap(rotation -> webhooks.rotateSecret(call.business(), call.path("webhook_id"), rotation))
                .map(WebhookView.Secret::new));
    }

    /** (Grantor) {@code {data}}: the most recent deliveries, newest first; {@code limit} 1..100, default 50. */
    private Reply deliveries(Call call) {
        return Replies.ok(call.queryInteger("limit")
                .flatMap(limit -> webhooks.deliveries(call.business(), call.path("webhook_id"), limit))
                .map(found -> new WebhookView.Deliveries(found.map(WebhookView.Delivery::of).toJavaList())));
    }

    /** (Grantor) The delivery as it is now: pending again, due at once, unless it was pending already. */
    private Reply retry(Call call) {
        return Replies.ok(webhooks.retry(call.business(), call.path("webhook_id"), call.path("delivery_id"))
                .map(WebhookView.Delivery::of));
    }

    /** Another business's endpoint is not found (404) before its body is judged (400, 422), as for grants. */
    private <T> Either<GrantorError, T> knownWebhookFirst(Call call, Either<GrantorError, T> command) {
        if (command.isRight()) {
            return command;
        }
        return webhooks.get(call.business(), call.path("webhook_id")).flatMap(known -> command);
    }
}

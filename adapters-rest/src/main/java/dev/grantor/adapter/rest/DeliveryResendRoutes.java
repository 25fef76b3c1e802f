package dev.grantor.adapter.rest;

import static dev.grantor.adapter.rest.Route.Guard.MERCHANT_WRITE;

import dev.grantor.application.port.in.DeliveryResends;
import dev.grantor.application.port.in.DeliveryResends.ByApiKey;
import dev.grantor.application.port.in.DeliveryResends.Resend;
import dev.grantor.application.port.in.DeliveryResends.ResendPolicy;
import io.vavr.collection.List;
import java.time.Instant;

/**
 * {@code POST /grants/{grant_id}/resend} (Grantor): the delivery email again, under the merchant policy (one per grant
 * per 10 minutes). 202: the email is queued in the outbox, not yet sent. Any body is ignored.
 */
final class DeliveryResendRoutes {

    /** What was queued: the new email's outbox id, who asked (the calling API key) and when. */
    record ResendBody(String grantId, String outboxMessageId, String requestedBy, Instant requestedAt) {

        static ResendBody of(Resend resend) {
            return new ResendBody(resend.grantId().value(), resend.outboxMessageId(), resend.requestedBy(), resend.requestedAt());
        }
    }

    private final DeliveryResends resends;

    DeliveryResendRoutes(DeliveryResends resends) {
        this.resends = resends;
    }

    List<Route> routes() {
        return List.of(Route.post("/grants/{grant_id}/resend", MERCHANT_WRITE, this::resend));
    }

    private Reply resend(Call call) {
        return resends.resend(call.business(), call.path("grant_id"), new ByApiKey(call.caller().apiKeyId()), ResendPolicy.MERCHANT)
                .fold(ErrorReplies::of, resend -> Reply.json(202, ResendBody.of(resend)));
    }
}

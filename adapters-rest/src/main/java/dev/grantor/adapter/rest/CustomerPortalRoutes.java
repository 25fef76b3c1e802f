package dev.grantor.adapter.rest;

import static dev.grantor.adapter.rest.Route.Guard.MERCHANT_WRITE;

import dev.grantor.adapter.rest.RestApi.PortalSessions;
import dev.grantor.application.port.in.CustomerPortal.MintLink;
import dev.grantor.domain.shared.GrantorError;
import dev.grantor.domain.shared.GrantorError.ValidationFailed;
import io.vavr.collection.List;
import io.vavr.control.Either;
import java.net.URI;
import java.util.Locale;

/**
 * Dodo's {@code POST /customers/{customer_id}/customer-portal/session} ({@code customers.customerPortal.create} in the
 * SDK): no body, {@code send_email} and {@code return_url} as query parameters, the answer {@code {link}}.
 */
final class CustomerPortalRoutes {

    /** Dodo's {@code CustomerPortalSession}. */
    record PortalSessionBody(String link) {}

    private final PortalSessions sessions;

    CustomerPortalRoutes(PortalSessions sessions) {
        this.sessions = sessions;
    }

    List<Route> routes() {
        // the link signs the customer in: the idempotency store must not keep it readable
        return List.of(Route.post("/customers/{customer_id}/customer-portal/session", MERCHANT_WRITE, this::create).answerSealed());
    }

    private Reply create(Call call) {
        return sendEmail(call.query("send_email"))
                .flatMap(send -> sessions.portal().mintLink(call.business(),
                        new MintLink(call.path("customer_id"), send, call.query("return_url")), portalAddress(call)))
                .fold(ErrorReplies::of, minted -> Reply.json(200, new PortalSessionBody(minted.link().toString())));
    }

    private static Either<GrantorError, Boolean> sendEmail(String raw) {
        if (raw == null) {
            return Either.right(false);
        }
        return switch (raw.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> Either.right(true);
            case "false" -> Either.right(false);
            default -> Either.left(ValidationFailed.of("send_email", "must be true or false"));
        };
    }

    /**
     * The configured public address, or else loopback at the port the merchant's request came in on, as the web faces'
     * own links: a link that may be mailed to a customer never takes its host from the request's {@code Host} header.
     */
    private URI portalAddress(Call call) {
        URI base = sessions.publicUrl().getOrElse(() -> URI.create(call.loopbackOrigin()));
        return URI.create(base.toString().replaceAll("/+$", "") + "/portal");
    }
}

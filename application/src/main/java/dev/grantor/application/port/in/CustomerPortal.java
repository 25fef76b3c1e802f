package dev.grantor.application.port.in;

import dev.grantor.application.port.in.DeliveryResends.Resend;
import dev.grantor.domain.entitlement.Entitlement;
import dev.grantor.domain.grant.Grant;
import dev.grantor.domain.grant.LicenseKey;
import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.CustomerId;
import dev.grantor.domain.shared.GrantorError;
import io.vavr.collection.List;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;

/**
 * The customer portal: a business's customers find their purchases and keys, free their seats and get their keys
 * again without writing to support. A customer gets in with a one-time link the merchant minted, or with a one-time
 * code sent to their email; everything after that is scoped to that one customer of that one business, and another
 * customer's ids are not found.
 */
public interface CustomerPortal {

    /** How long a merchant-minted link works (once). */
    Duration LINK_LIFETIME = Duration.ofHours(24);
    /** How long an emailed code works (once). */
    Duration CODE_LIFETIME = Duration.ofMinutes(30);
    /** The wrong codes typed against one code that burn it. */
    int WRONG_TRIES_PER_CODE = 5;
    int CODE_REQUESTS_PER_EMAIL_PER_HOUR = 6;
    int CODE_REQUESTS_PER_ADDRESS_PER_MINUTE = 6;
    /** Codes typed from one client address per minute, right or wrong, across every email. */
    int SIGN_IN_TRIES_PER_ADDRESS_PER_MINUTE = 30;
    /** A key just delivered is not replaced by its customer: the delivery email may still be on its way. */
    Duration NO_REPLACEMENT_AFTER_DELIVERY = Duration.ofMinutes(10);

    /** The merchant's request ({@code POST /customers/{id}/customer-portal/session}): wire-form values, checked here. */
    record MintLink(String customerId, boolean sendEmail, String returnUrl) {}

    /** A link that opens the portal once, and when it stops working. */
    record MintedLink(URI link, Instant expiresAt) {}

    /** Who is signed in: one customer of one business, and the shop's "back" address when the link named one. */
    record PortalCustomer(BusinessId businessId, CustomerId customerId, Option<String> returnUrl) {
        public PortalCustomer {
            if (businessId == null || customerId == null || returnUrl == null) {
                throw new IllegalArgumentException("a portal customer is a business, a customer and an optional return URL");
            }
        }
    }

    /** The answer to "email me a code": the same whether the email belongs to a customer or not. */
    sealed interface CodeRequest {
        record Accepted(Duration validFor) implements CodeRequest {}

        record Throttled(Duration retryAfter) implements CodeRequest {}
    }

    /** Why a code opened nothing; a wrong, expired, used or burned code, and an unknown email, are the same answer. */
    enum SignInRefusal { CODE_NOT_ACCEPTED, TOO_MANY_TRIES }

    /**
     * What the customer may do to a key in the portal, from the entitlement's {@code integration_config}:
     * deactivation (default yes) and replacement (default no; only for keys the engine generates, and never within
     * {@link #NO_REPLACEMENT_AFTER_DELIVERY} of delivery or of the last replacement: {@code replaceableFrom} says when).
     */
    record KeyPermissions(boolean canDeactivate, boolean canReplace, Option<Instant> replaceableFrom) {}

    /** One grant of the customer, with what its pages show. */
    record Purchase(Grant grant, Entitlement entitlement, Option<LicenseKey> key, KeyPermissions permissions, Instant readAt) {}

    /** Why an action in the portal did nothing. */
    sealed interface Refusal {
        /** Unknown, malformed, or another customer's id. */
        record NotFound() implements Refusal {}

        /** The entitlement does not let the customer do this, or the key is not in a state for it. */
        record NotAllowed(String reason) implements Refusal {}

        /** Allowed later: after {@code retryAfter}. */
        record NotYet(String reason, Duration retryAfter) implements Refusal {}

        /** A failure of the use case the portal called, as the API would report it. */
        record Failed(GrantorError error) implements Refusal {}
    }

    /**
     * Mints a link for the merchant's customer. {@code portalAddress} is the absolute address of the portal
     * ({@code https://host/portal}); the link is under it. With {@code sendEmail} the link is also emailed.
     * {@code NOT_FOUND} for an unknown or another business's customer; {@code VALIDATION_FAILED} on
     * {@code return_url} unless it is an absolute http(s) URL.
     */
    Either<GrantorError, MintedLink> mintLink(BusinessId business, MintLink command, URI portalAddress);

    /**
     * Emails a code to {@code email} if it is a customer's of the business. {@code NOT_FOUND} for an unknown
     * business, {@code VALIDATION_FAILED} on {@code email} for what is not an email address; otherwise the same answer
     * for customers and strangers, unless a rate limit holds (per email per hour, per client address per minute; the
     * addresses of one IPv6 /64 are one client, {@link ClientNetwork}). {@code Throttled} for a minute too, before
     * anything is counted or written, while the portal's places, the business's share of them or the client's site's
     * are all taken ({@link dev.grantor.application.background.AfterTheAnswer}); a {@code NOT_FOUND} business is told
     * so only when a place was free.
     */
    Either<GrantorError, CodeRequest> requestCode(BusinessId business, String email, String clientAddress);

    /** Signs in with a code; a right code works once. Tries are limited per client address as codes are. */
    Either<SignInRefusal, PortalCustomer> redeemCode(BusinessId business, String email, String code, String clientAddress);

    /** Signs in with a merchant-minted link's token; it works once and for {@link #LINK_LIFETIME}. */
    Option<PortalCustomer> redeemLink(String token);

    /** Whether the link's token would sign in now, without using it (the page before the button that does). */
    boolean linkIsLive(String token);

    /** How many purchases a page of {@link #purchases} lists: a reseller's account can hold thousands. */
    int PURCHASES_PAGE = 25;

    /** A page of purchases, newest first; {@code older}: where the next page starts, none on the last page. */
    record Purchases(List<Purchase> purchases, Option<Older> older) {}

    /**
     * The customer's grants newest first, {@link #PURCHASES_PAGE} at a time: from the newest when {@code before} is
     * none, else past it. Read by position, so the last page of thousands costs what the first does.
     */
    Purchases purchases(PortalCustomer customer, Option<Older> before);

    Either<Refusal, Purchase> purchase(PortalCustomer customer, String grantId);

    /** Frees a seat of the grant's key, when the entitlement lets the customer. */
    Either<Refusal, Purchase> deactivate(PortalCustomer customer, String grantId, String instanceId);

    /** Replaces the grant's key with a new value (rotation); the old value stops working at once. */
    Either<Refusal, Purchase> replaceKey(PortalCustomer customer, String grantId);

    /** "Send me this key again": the delivery email once more, at most 3 times per hour per grant. */
    Either<Refusal, Resend> sendAgain(PortalCustomer customer, String grantId);
}

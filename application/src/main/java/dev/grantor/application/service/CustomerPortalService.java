package dev.grantor.application.service;

import dev.grantor.application.background.AfterTheAnswer;
import dev.grantor.application.background.Retention;
import dev.grantor.application.generate.SignInSecrets;
import dev.grantor.application.port.in.CustomerPortal;
import dev.grantor.application.port.in.DeliveryResends;
import dev.grantor.application.port.in.DeliveryResends.ByCustomer;
import dev.grantor.application.port.in.DeliveryResends.Resend;
import dev.grantor.application.port.in.DeliveryResends.ResendPolicy;
import dev.grantor.application.port.in.LicenseKeyManagement;
import dev.grantor.application.port.in.LicenseKeyManagement.RotateLicenseKey;
import dev.grantor.application.port.in.Older;
import dev.grantor.application.port.out.Before;
import dev.grantor.application.port.out.Businesses;
import dev.grantor.application.port.out.Customers;
import dev.grantor.application.port.out.Entitlements;
import dev.grantor.application.port.out.Grants;
import dev.grantor.application.port.out.LicenseKeys;
import dev.grantor.application.port.out.LicenseKeys.PastValue;
import dev.grantor.application.port.out.PortalEmail;
import dev.grantor.application.port.out.PortalSignIns;
import dev.grantor.application.port.out.PortalSignIns.SignInCode;
import dev.grantor.application.port.out.PortalSignIns.SignInLink;
import dev.grantor.application.port.out.Throttles;
import dev.grantor.application.port.out.Transactions;
import dev.grantor.domain.customer.CustomerName;
import dev.grantor.domain.entitlement.Entitlement;
import dev.grantor.domain.entitlement.IntegrationConfig.LicenseKeyConfig;
import dev.grantor.domain.grant.Grant;
import dev.grantor.domain.grant.GrantStatus;
import dev.grantor.domain.grant.LicenseKey;
import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.CustomerId;
import dev.grantor.domain.shared.EmailAddress;
import dev.grantor.domain.shared.GrantId;
import dev.grantor.domain.shared.GrantorError;
import dev.grantor.domain.shared.GrantorError.LicenseKeyNotFound;
import dev.grantor.domain.shared.GrantorError.NotFound;
import dev.grantor.domain.shared.GrantorError.ResendRateLimited;
import dev.grantor.domain.shared.GrantorError.ValidationFailed;
import dev.grantor.domain.shared.InstanceId;
import io.vavr.collection.List;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Locale;
import java.util.Objects;

/**
 * The customer portal's use cases. Sign-in secrets are stored hashed ({@link SignInSecrets}); rate limits are
 * counted in the store ({@link Throttles}), so they hold across nodes. Changing a key goes through the merchant's
 * own use cases ({@link LicenseKeyManagement}, {@link DeliveryResends}), once the portal has checked that the grant
 * is the signed-in customer's and that the entitlement lets the customer do it.
 */
public final class CustomerPortalService implements CustomerPortal {

    static final int MAX_RETURN_URL = 2048;
    private static final RollingLimit CODES_PER_EMAIL = new RollingLimit(Duration.ofHours(1), CODE_REQUESTS_PER_EMAIL_PER_HOUR);
    private static final RollingLimit CODES_PER_ADDRESS = new RollingLimit(Duration.ofMinutes(1), CODE_REQUESTS_PER_ADDRESS_PER_MINUTE);
    private static final RollingLimit SIGN_IN_TRIES_PER_ADDRESS =
            new RollingLimit(Duration.ofMinutes(1), SIGN_IN_TRIES_PER_ADDRESS_PER_MINUTE);

    private final Transactions transactions;
    private final Businesses businesses;
    private final Customers customers;
    private final Grants grants;
    private final Entitlements entitlements;
    private final LicenseKeys licenseKeys;
    private final PortalSignIns signIns;
    private final Throttles throttles;
    private final OutboxEntries outbox;
    private final LicenseKeyManagement keyManagement;
    private final DeliveryResends resends;
    private final SignInSecrets secrets;
    private final InstantSource clock;
    private final AfterTheAnswer afterTheAnswer;
    /** The portal's expired links and codes and the throttle windows no limit counts, each a chunk at a time. */
    private final List<Retention> expired;

    public CustomerPortalService(Transactions transactions, Businesses businesses, Customers customers, Grants grants,
                                 Entitlements entitlements, LicenseKeys licenseKeys, PortalSignIns signIns,
                                 Throttles throttles, OutboxEntries outbox, LicenseKeyManagement keyManagement,
                                 DeliveryResends resends, SignInSecrets secrets, InstantSource clock,
                                 AfterTheAnswer afterTheAnswer) {
        this.transactions = Objects.requireNonNull(transactions, "transactions");
        this.businesses = Objects.requireNonNull(businesses, "businesses");
        this.customers = Objects.requireNonNull(customers, "customers");
        this.grants = Objects.requireNonNull(grants, "grants");
        this.entitlements = Objects.requireNonNull(entitlements, "entitlements");
        this.licenseKeys = Objects.requireNonNull(licenseKeys, "licenseKeys");
        this.signIns = Objects.requireNonNull(signIns, "signIns");
        this.throttles = Objects.requireNonNull(throttles, "throttles");
        this.outbox = Objects.requireNonNull(outbox, "outbox");
        this.keyManagement = Objects.requireNonNull(keyManagement, "keyManagement");
        this.resends = Objects.requireNonNull(resends, "resends");
        this.secrets = Objects.requireNonNull(secrets, "secrets");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.afterTheAnswer = Objects.requireNonNull(afterTheAnswer, "afterTheAnswer");
        var log = System.getLogger(CustomerPortalService.class.getName());
        this.expired = List.of(
                new Retention("expired portal links", Option.some(Duration.ZERO), signIns::forgetLinksExpiredBefore, clock, log),
                new Retention("expired portal codes", Option.some(Duration.ZERO), signIns::forgetCodesExpiredBefore, clock, log),
                RollingLimit.pastWindows(throttles, clock, log));
    }

    // ---- signing in ---------------------------------------------------------------------------------

    @Override
    public Either<GrantorError, MintedLink> mintLink(BusinessId business, MintLink command, URI portalAddress) {
        var customerId = CustomerId.parse("customer_id", command.customerId());
        if (customerId.isLeft()) {
            return Either.left(new NotFound("customer", String.valueOf(command.customerId())));
        }
        var returnUrl = returnUrl(command.returnUrl());
        if (returnUrl.isLeft()) {
            return Either.left(returnUrl.getLeft());
        }
        String token = secrets.newToken();
        URI link = URI.create(portalAddress.toString().replaceAll("/+$", "") + "/link/" + token);
        Instant now = clock.instant();
        Instant expiresAt = now.plus(LINK_LIFETIME);
        forgetPast();
        return transactions.write(() -> {
            var customer = customers.find(business, customerId.get());
            var shop = businesses.find(business);
            if (customer.isEmpty() || shop.isEmpty()) {
                return Either.left(new NotFound("customer", command.customerId()));
            }
            signIns.insertLink(new SignInLink(SignInSecrets.tokenHash(token), business, customer.get().id(), returnUrl.get(),
                    now, expiresAt));
            if (command.sendEmail()) {
                outbox.appendPortalEmail(id -> new PortalEmail(id, business, shop.get().name(), customer.get().email(),
                        customer.get().name().map(CustomerName::value), PortalEmail.Kind.PORTAL_LINK, link.toString(),
                        expiresAt), now);
            }
            return Either.right(new MintedLink(link, expiresAt));
        });
    }

    private static Either<GrantorError, Option<String>> returnUrl(String candidate) {
        if (candidate == null || candidate.isBlank()) {
            return Either.right(Option.none());
        }
        String url = candidate.strip();
        var refused = Either.<GrantorError, Option<String>>left(
                ValidationFailed.of("return_url", "must be an absolute http or https URL of at most " + MAX_RETURN_URL + " characters"));
        if (url.length() > MAX_RETURN_URL || url.chars().anyMatch(c -> c < 0x21 || c == 0x7f)) {
            return refused;
        }
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                return refused;
            }
            return Either.right(Option.some(url));
        } catch (URISyntaxException e) {
            return refused;
        }
    }

    /**
     * The request takes a place among the portal's, within its business's and its site's shares
     * ({@link AfterTheAnswer#take}), checks the business and counts the email and the client; whether the email is a
     * customer's, the code and its email are found and written after the answer ({@link AfterTheAnswer}), so its time
     * is the same for a customer's email and a stranger's. The place comes first, so a request refused for want of one
     * writes nothing; every other way out gives it back.
     */
    @Override
    public Either<GrantorError, CodeRequest> requestCode(BusinessId business, String email, String clientAddress) {
        var address = EmailAddress.parse("email", email == null ? "" : email.strip());
        if (address.isLeft()) {
            return Either.left(ValidationFailed.of("email", "must be an email address"));
        }
        Instant now = clock.instant();
        forgetPast();
        var place = afterTheAnswer.take(new AfterTheAnswer.SignInRequest.Portal(business, clientAddress));
        if (place.isEmpty()) {
            return Either.right(new CodeRequest.Throttled(AfterTheAnswer.BUSY));
        }
        try (var held = place.get()) {
            var counted = transactions.write(() -> businesses.find(business)
                    .toEither(() -> (GrantorError) new NotFound("business", business.value()))
                    .map(shop -> {
                        var perEmail = CODES_PER_EMAIL.counted(throttles, "code-email:" + business.value() + ":"
                                + address.get().matchKey(), now);
                        var perAddress = CODES_PER_ADDRESS.countedForClient(throttles, "code-address", clientAddress, now);
                        return new Counted(shop, List.of(perEmail, perAddress).flatMap(limit -> limit).max());
                    }));
            if (counted.isLeft()) {
                return Either.left(counted.getLeft());
            }
            if (counted.get().retryAfter().isDefined()) {
                return Either.right(new CodeRequest.Throttled(counted.get().retryAfter().get()));
            }
            var shop = counted.get().shop();
            return Either.right(held.handOff(() -> storeCode(shop, address.get(), now))
                    ? new CodeRequest.Accepted(CODE_LIFETIME) : new CodeRequest.Throttled(AfterTheAnswer.BUSY));
        }
    }

    /** The shop a code request names, and how long its counts say to wait (none: go on). */
    private record Counted(Businesses.Business shop, Option<Duration> retryAfter) {}

    /**
     * A stranger's email gets a code too, stored and never sent: a wrong code typed for it then costs what one typed for
     * a customer's does (the try is counted against the code), so trying codes tells nothing either.
     */
    private void storeCode(Businesses.Business shop, EmailAddress address, Instant now) {
        BusinessId business = shop.id();
        String emailKey = address.matchKey();
        String code = secrets.newCode();
        transactions.write(() -> {
            signIns.putCode(new SignInCode(business, emailKey, SignInSecrets.codeHash(business.value(), emailKey, code), now,
                    now.plus(CODE_LIFETIME), 0));
            customers.findByEmail(business, address).forEach(customer -> outbox.appendPortalEmail(id -> new PortalEmail(id,
                    business, shop.name(), customer.email(), customer.name().map(CustomerName::value),
                    PortalEmail.Kind.PORTAL_CODE, code, now.plus(CODE_LIFETIME)), now));
            return Either.<GrantorError, String>right(emailKey);
        });
    }

    /**
     * Deletes expired links and codes and the throttle windows no limit counts any more, before the request's own unit
     * of work. Each way in does it (a minted link, a code request, a sign-in try), since a deployment may see only one of
     * them: a shop that mints links and never sends anyone to the code form, or a flood of sign-in tries, kept them for
     * good. At most one chunk of each a request, and at most once an interval unless a chunk came back full: after an
     * outage or a flood the backlog drains over the next requests instead of inside one customer's sign-in.
     */
    private void forgetPast() {
        expired.forEach(Retention::runWhenDue);
    }

    @Override
    public Either<SignInRefusal, PortalCustomer> redeemCode(BusinessId business, String email, String code, String clientAddress) {
        Instant now = clock.instant();
        var address = EmailAddress.parse("email", email == null ? "" : email.strip());
        forgetPast();
        return transactions.<GrantorError, Either<SignInRefusal, PortalCustomer>>write(() -> {
            if (SIGN_IN_TRIES_PER_ADDRESS.countedForClient(throttles, "sign-in-address", clientAddress, now).isDefined()) {
                // the throttle's count is kept: Right commits it, and the answer says no all the same
                return Either.right(Either.<SignInRefusal, PortalCustomer>left(SignInRefusal.TOO_MANY_TRIES));
            }
            if (address.isLeft()) {
                return Either.right(Either.<SignInRefusal, PortalCustomer>left(SignInRefusal.CODE_NOT_ACCEPTED));
            }
            String emailKey = address.get().matchKey();
            var stored = signIns.findCode(business, emailKey).filter(c -> c.expiresAt().isAfter(now));
            if (stored.isEmpty()) {
                return Either.right(Either.<SignInRefusal, PortalCustomer>left(SignInRefusal.CODE_NOT_ACCEPTED));
            }
            String typed = SignInSecrets.codeHash(business.value(), emailKey, SignInSecrets.normalisedCode(code));
            if (!SignInSecrets.sameHash(typed, stored.get().codeHash())) {
                signIns.countWrongTry(business, emailKey, stored.get().codeHash(), WRONG_TRIES_PER_CODE);
                return Either.right(Either.<SignInRefusal, PortalCustomer>left(SignInRefusal.CODE_NOT_ACCEPTED));
            }
            if (!signIns.useCode(business, emailKey, stored.get().codeHash())) {
                return Either.right(Either.<SignInRefusal, PortalCustomer>left(SignInRefusal.CODE_NOT_ACCEPTED));
            }
            return Either.right(customers.findByEmail(business, address.get())
                    .<Either<SignInRefusal, PortalCustomer>>map(c -> Either.right(new PortalCustomer(business, c.id(), Option.none())))
                    .getOrElse(() -> Either.left(SignInRefusal.CODE_NOT_ACCEPTED)));
        }).get();
    }

    @Override
    public Option<PortalCustomer> redeemLink(String token) {
        if (token == null || token.isBlank()) {
            return Option.none();
        }
        Instant now = clock.instant();
        return transactions.write(() -> Either.<GrantorError, Option<PortalCustomer>>right(
                signIns.takeLink(SignInSecrets.tokenHash(token), now)
                        .map(link -> new PortalCustomer(link.businessId(), link.customerId(), link.returnUrl())))).get();
    }

    @Override
    public boolean linkIsLive(String token) {
        if (token == null || token.isBlank()) {
            return false;
        }
        Instant now = clock.instant();
        // taking it in a unit that rolls back: the answer without using the link
        var live = new boolean[1];
        transactions.write(() -> {
            live[0] = signIns.takeLink(SignInSecrets.tokenHash(token), now).isDefined();
            return Either.left(Boolean.FALSE);
        });
        return live[0];
    }

    // ---- purchases ----------------------------------------------------------------------------------

    @Override
    public Purchases purchases(PortalCustomer customer, Option<Older> before) {
        Instant now = clock.instant();
        var bound = before.map(older -> new Before(older.at(), older.id()));
        return transactions.read(() -> {
            var page = Slice.read(PURCHASES_PAGE, Older.shownBefore(before), reading -> grants.search(
                    customer.businessId(), new Grants.Sought.OfCustomer(customer.customerId()), Option.none(), bound, reading));
            var ofEntitlement = entitlements.ofAll(customer.businessId(), page.rows().map(Grant::entitlementId));
            var keys = licenseKeys.ofAll(page.rows());
            var purchases = page.rows().flatMap(grant -> ofEntitlement.get(grant.entitlementId())
                    .map(entitlement -> purchaseOf(grant, entitlement, grant.licenseKeyId().flatMap(keys::get), now)));
            return new Purchases(purchases,
                    page.nextCounting((last, shown) -> new Older(last.createdAt(), last.id().value(), shown)));
        });
    }

    @Override
    public Either<Refusal, Purchase> purchase(PortalCustomer customer, String grantId) {
        Instant now = clock.instant();
        return transactions.read(() -> owned(customer, grantId).flatMap(grant -> purchaseOf(grant, now)
                .toEither(() -> (Refusal) new Refusal.NotFound())));
    }

    private Either<Refusal, Grant> owned(PortalCustomer customer, String grantId) {
        var id = GrantId.parse("grant_id", grantId);
        if (id.isLeft()) {
            return Either.left(new Refusal.NotFound());
        }
        return grants.find(customer.businessId(), id.get())
                .filter(grant -> grant.customerId().equals(customer.customerId()))
                .toEither(Refusal.NotFound::new);
    }

    private Option<Purchase> purchaseOf(Grant grant, Instant now) {
        return entitlements.find(grant.businessId(), grant.entitlementId())
                .map(entitlement -> purchaseOf(grant, entitlement, licenseKeys.of(grant), now));
    }

    private Purchase purchaseOf(Grant grant, Entitlement entitlement, Option<LicenseKey> named, Instant now) {
        var key = named.filter(k -> k.customerId().equals(grant.customerId()));
        return new Purchase(grant, entitlement, key, permissions(grant, entitlement, key, lastDelivery(grant, key)), now);
    }

    /**
     * A replacement delivers the key anew (its email says so), so the quiet time after delivery runs again from it:
     * otherwise a customer could replace, and mail, the key as fast as the page reloads.
     */
    private Option<Instant> lastDelivery(Grant grant, Option<LicenseKey> key) {
        // the latest replacement only: a key the merchant rotates on a schedule gathers past values for years
        var replaced = key.toList().flatMap(k -> licenseKeys.latestPastValues(k.id(), Option.none(), 1)).map(PastValue::replacedAt);
        return grant.deliveredAt().toList().appendAll(replaced).maxBy(Instant::compareTo);
    }

    private static KeyPermissions permissions(Grant grant, Entitlement entitlement, Option<LicenseKey> key,
                                              Option<Instant> lastDelivery) {
        var config = entitlement.licenseKeyConfig();
        boolean delivered = grant.status() == GrantStatus.DELIVERED && key.isDefined();
        boolean canDeactivate = delivered && config.exists(LicenseKeyConfig::customerCanDeactivate);
        boolean canReplace = delivered && config.exists(c -> c.customerCanRotate() && !c.isManual());
        var replaceableFrom = canReplace ? lastDelivery.map(at -> at.plus(NO_REPLACEMENT_AFTER_DELIVERY)) : Option.<Instant>none();
        return new KeyPermissions(canDeactivate, canReplace, replaceableFrom);
    }

    // ---- changing a key -----------------------------------------------------------------------------

    @Override
    public Either<Refusal, Purchase> deactivate(PortalCustomer customer, String grantId, String instanceId) {
        var found = purchase(customer, grantId);
        if (found.isLeft()) {
            return found;
        }
        var purchase = found.get();
        var instance = InstanceId.parse("instance_id", instanceId).toOption()
                .filter(id -> purchase.key().exists(k -> k.hasInstance(id)));
        if (instance.isEmpty()) {
            return Either.left(new Refusal.NotFound());
        }
        if (!purchase.permissions().canDeactivate()) {
            return Either.left(new Refusal.NotAllowed("This shop does not let you deactivate devices yourself: ask the shop."));
        }
        return keyManagement.deleteInstance(customer.businessId(), instance.get().value())
                .<Refusal>mapLeft(error -> error instanceof NotFound ? new Refusal.NotFound() : new Refusal.Failed(error))
                .flatMap(key -> purchase(customer, grantId));
    }

    @Override
    public Either<Refusal, Purchase> replaceKey(PortalCustomer customer, String grantId) {
        var found = purchase(customer, grantId);
        if (found.isLeft()) {
            return found;
        }
        var purchase = found.get();
        if (!purchase.permissions().canReplace()) {
            return Either.left(new Refusal.NotAllowed("This shop does not let you replace this key yourself: ask the shop."));
        }
        var notYet = notYet(purchase);
        if (notYet.isDefined()) {
            return Either.left(notYet.get());
        }
        // the quiet time was read above, apart from the rotation's unit: the rotation replaces only the value read with
        // it, so of racing replacements (a double click, two tabs) one rotates and the rest meet the quiet time it began
        var key = purchase.key().get();
        var replaced = keyManagement.rotate(customer.businessId(), DeliveryResends.Requester.CUSTOMER + customer.customerId().value(),
                key.id().value(), new RotateLicenseKey(null, false, key.value().value()));
        if (replaced.isLeft() && replaced.getLeft() instanceof LicenseKeyNotFound) {
            return purchase(customer, grantId).flatMap(current -> Either.left(notYet(current).getOrElse(() ->
                    new Refusal.Failed(replaced.getLeft()))));
        }
        return replaced.<Refusal>mapLeft(Refusal.Failed::new).flatMap(view -> purchase(customer, grantId));
    }

    private Option<Refusal> notYet(Purchase purchase) {
        Instant now = clock.instant();
        return purchase.permissions().replaceableFrom().filter(now::isBefore).map(from -> new Refusal.NotYet(
                "This key was delivered only minutes ago: it can be replaced from " + from + ".", Duration.between(now, from)));
    }

    @Override
    public Either<Refusal, Resend> sendAgain(PortalCustomer customer, String grantId) {
        var found = purchase(customer, grantId);
        if (found.isLeft()) {
            return Either.left(found.getLeft());
        }
        return resends.resend(customer.businessId(), grantId, new ByCustomer(customer.customerId()), ResendPolicy.CUSTOMER)
                .mapLeft(error -> switch (error) {
                    case ResendRateLimited limited -> new Refusal.NotYet("You asked for this key " + ResendPolicy.CUSTOMER.count()
                            + " times in the last hour: try again later.", Duration.ofSeconds(limited.retryAfterSeconds()));
                    case NotFound missing -> new Refusal.NotFound();
                    default -> new Refusal.Failed(error);
                });
    }
}

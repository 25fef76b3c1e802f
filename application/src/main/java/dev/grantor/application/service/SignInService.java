package dev.grantor.application.service;

import dev.grantor.application.background.Retention;
import dev.grantor.application.generate.SignInSecrets;
import dev.grantor.application.port.in.OperatorAccess;
import dev.grantor.application.port.in.SignIn;
import dev.grantor.application.port.out.Businesses;
import dev.grantor.application.port.out.Customers;
import dev.grantor.application.port.out.Operators;
import dev.grantor.application.port.out.SignIns;
import dev.grantor.application.port.out.SignIns.StoredLink;
import dev.grantor.application.port.out.SignIns.StoredSession;
import dev.grantor.application.port.out.Transactions;
import dev.grantor.domain.shared.CustomerId;
import dev.grantor.domain.shared.GrantorError;
import dev.grantor.domain.shared.GrantorError.NotFound;
import dev.grantor.domain.shared.GrantorError.Unauthorized;
import io.vavr.collection.List;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/**
 * One-time links and sessions. A secret is a {@link SignInSecrets#newToken() token}, as a portal link carries (32 bytes
 * of {@link SecureRandom}, 43 characters); only its SHA-256 reaches the store, so a copy of the table opens nothing. A
 * session's last use is written at most once a minute, so a busy page does not cost a write per request. Minting a link
 * also deletes, a chunk at a time and at most every few minutes ({@link Retention}), the sessions
 * idle past their realm's timeout and the links that expired longer ago than an operator's minted links are counted:
 * nothing else would ever remove them.
 */
public final class SignInService implements SignIn {

    /** What {@link SignInSecrets#newToken()} makes of its 32 bytes. */
    static final int SECRET_CHARS = 43;
    static final Duration TOUCH_RESOLUTION = Duration.ofMinutes(1);

    private final Transactions transactions;
    private final WriteUnits units;
    private final Businesses businesses;
    private final Operators operators;
    private final Customers customers;
    private final SignIns signIns;
    private final InstantSource clock;
    private final SignInSecrets secrets = new SignInSecrets(new SecureRandom());
    private final List<Retention> expired;

    public SignInService(Transactions transactions, Businesses businesses, Operators operators, Customers customers,
                         SignIns signIns, InstantSource clock) {
        this.transactions = transactions;
        this.units = new WriteUnits(transactions);
        this.businesses = businesses;
        this.operators = operators;
        this.customers = customers;
        this.signIns = signIns;
        this.clock = clock;
        var log = System.getLogger(SignInService.class.getName());
        this.expired = List.of(Realm.values()).map(realm -> new Retention("idle " + realm.name().toLowerCase(java.util.Locale.ROOT)
                        + " sessions", Option.some(SignIn.idleTimeout(realm)),
                        (cutoff, limit) -> signIns.forgetSessionsSeenBefore(stored(realm), cutoff, limit), clock, log))
                .append(new Retention("expired login links", Option.some(OperatorAccess.LINKS_COUNTED_FOR),
                        signIns::forgetLinksExpiredBefore, clock, log));
    }

    @Override
    public Either<GrantorError, LoginLink> mintLink(Principal principal) {
        expired.forEach(Retention::runWhenDue);
        var stored = stored(principal);
        String token = newSecret();
        return units.write(() -> {
            if (businesses.find(principal.business()).isEmpty()) {
                return Either.left(new NotFound("business", principal.business().value()));
            }
            Instant now = clock.instant();
            Instant expires = now.plus(SignIn.linkValidity(principal.realm()));
            signIns.insertLink(new StoredLink(SignInSecrets.tokenHash(token), stored, now, expires, Option.none()));
            return Either.right(new LoginLink(token, expires));
        });
    }

    @Override
    public Either<GrantorError, OpenedSession> redeem(Realm realm, String linkToken) {
        if (!isSecret(linkToken)) {
            return Either.left(new Unauthorized());
        }
        String sessionToken = newSecret();
        return units.write(() -> {
            Instant now = clock.instant();
            var link = signIns.redeemLink(stored(realm), SignInSecrets.tokenHash(linkToken), now);
            if (link.isEmpty()) {
                return Either.left(new Unauthorized());
            }
            var principal = link.get().principal();
            signIns.insertSession(new StoredSession(SignInSecrets.tokenHash(sessionToken), principal, now, now));
            return Either.right(new OpenedSession(sessionToken, principal(principal)));
        });
    }

    @Override
    public Option<Session> resume(Realm realm, String sessionToken) {
        if (!isSecret(sessionToken)) {
            return Option.none();
        }
        String hash = SignInSecrets.tokenHash(sessionToken);
        Instant now = clock.instant();
        var live = transactions.read(() -> signIns.findSession(stored(realm), hash)
                .filter(s -> s.lastSeenAt().plus(SignIn.idleTimeout(realm)).isAfter(now))
                .map(s -> new Session(principal(s.principal()), identity(s.principal()), s.createdAt(), s.lastSeenAt())));
        live.filter(s -> !s.lastSeenAt().plus(TOUCH_RESOLUTION).isAfter(now))
                .forEach(s -> transactions.write(() -> Either.right(signIns.touchSession(hash, now))));
        return live;
    }

    /**
     * In the caller's unit. A business is never deleted, nor an operator's or a customer's row: the name falls back to
     * the business's id, and a missing email to none, only so that a page still says something true.
     */
    private Identity identity(SignIns.Principal principal) {
        String name = businesses.find(principal.business()).map(Businesses.Business::name).getOrElse(principal.business().value());
        return switch (principal.realm()) {
            case CONSOLE -> {
                var operator = operators.find(principal.business(), principal.subject());
                boolean owner = principal.subject().equals(SignIn.OWNER);
                yield new Identity(name, operator.map(o -> o.email().value()),
                        owner || operator.exists(Operators.Operator::mayChange));
            }
            case PORTAL -> new Identity(name, CustomerId.parse("customer_id", principal.subject()).toOption()
                    .flatMap(id -> customers.find(principal.business(), id)).map(c -> c.email().value()), true);
        };
    }

    @Override
    public void end(Realm realm, String sessionToken) {
        if (!isSecret(sessionToken)) {
            return;
        }
        String hash = SignInSecrets.tokenHash(sessionToken);
        transactions.write(() -> Either.right(signIns.findSession(stored(realm), hash).isDefined() && signIns.deleteSession(hash)));
    }

    private static SignIns.Realm stored(Realm realm) {
        return switch (realm) {
            case CONSOLE -> SignIns.Realm.CONSOLE;
            case PORTAL -> SignIns.Realm.PORTAL;
        };
    }

    private static SignIns.Principal stored(Principal principal) {
        return new SignIns.Principal(stored(principal.realm()), principal.business(), principal.subject());
    }

    private static Principal principal(SignIns.Principal stored) {
        var realm = switch (stored.realm()) {
            case CONSOLE -> Realm.CONSOLE;
            case PORTAL -> Realm.PORTAL;
        };
        return new Principal(realm, stored.business(), stored.subject());
    }

    private String newSecret() {
        return secrets.newToken();
    }

    /** Anything else cannot be a secret of ours; refused before any lookup. */
    private static boolean isSecret(String candidate) {
        return candidate != null && candidate.length() == SECRET_CHARS
                && candidate.chars().allMatch(c -> (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                        || c == '-' || c == '_');
    }
}

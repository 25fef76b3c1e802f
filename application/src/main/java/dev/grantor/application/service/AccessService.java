package dev.grantor.application.service;

import dev.grantor.application.generate.SignInSecrets;
import dev.grantor.application.port.in.Access;
import dev.grantor.application.port.in.Actor;
import dev.grantor.application.port.out.ApiKeys;
import dev.grantor.application.port.out.ApiKeys.ApiKey;
import dev.grantor.application.port.out.AuditTrail;
import dev.grantor.application.port.out.Businesses;
import dev.grantor.application.port.out.IdGenerator;
import dev.grantor.application.port.out.Transactions;
import dev.grantor.domain.shared.BrandId;
import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.GrantorError;
import dev.grantor.domain.shared.GrantorError.InvalidRequest;
import dev.grantor.domain.shared.GrantorError.NotFound;
import dev.grantor.domain.shared.GrantorError.Unauthorized;
import dev.grantor.domain.shared.VisibleName;
import io.vavr.Tuple;
import io.vavr.collection.Map;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Businesses and their API keys. A token is {@value #TOKEN_PREFIX} plus {@value #TOKEN_RANDOM_CHARS}
 * random base62 characters (about 238 bits); it is shown once and only its SHA-256 is stored, so a
 * leaked table grants nothing.
 */
public final class AccessService implements Access {

    static final String TOKEN_PREFIX = "gr_live_";
    static final int TOKEN_RANDOM_CHARS = 40;
    static final String API_KEY_PREFIX = "key_";
    static final int MAX_BUSINESS_NAME = 200;
    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    /** How stale a key's {@code last_used_at} may get: a key in steady use costs one write a minute, not one a request. */
    static final Duration USE_RESOLUTION = Duration.ofMinutes(1);

    /** Enough of the random part to tell keys apart in a listing; the other 36 characters stay secret. */
    static final int SHOWN_RANDOM_CHARS = 4;

    private final Transactions transactions;
    private final WriteUnits units;
    private final Businesses businesses;
    private final ApiKeys apiKeys;
    private final IdGenerator ids;
    private final InstantSource clock;
    private final SecureRandom random = new SecureRandom();
    private final ConcurrentHashMap<String, Instant> lastRecordedUse = new ConcurrentHashMap<>();
    private final AuthenticatedKeys authenticated;
    private final ApiKeyHistory history;

    /** {@code authenticated} is shared with every other service of this engine that revokes keys. */
    public AccessService(Transactions transactions, Businesses businesses, ApiKeys apiKeys, AuditTrail audit, IdGenerator ids,
                         InstantSource clock, AuthenticatedKeys authenticated) {
        this.authenticated = authenticated;
        this.history = new ApiKeyHistory(audit, ids);
        this.transactions = transactions;
        this.units = new WriteUnits(transactions);
        this.businesses = businesses;
        this.apiKeys = apiKeys;
        this.ids = ids;
        this.clock = clock;
    }

    /**
     * The name is the sender's display name on the business's emails and heads its console and portal pages, so it
     * follows the rule of every name people read ({@link VisibleName}). A business stored before that rule keeps its
     * name and works as before.
     */
    @Override
    public Either<GrantorError, Business> createBusiness(String name) {
        var parsed = VisibleName.parse("name", name, MAX_BUSINESS_NAME);
        if (parsed.isLeft()) {
            return Either.left(parsed.getLeft());
        }
        if (parsed.get().isEmpty()) {
            return Either.left(InvalidRequest.of("name", "is required"));
        }
        String given = parsed.get().get();
        return units.write(() -> {
            var business = new Businesses.Business(new BusinessId(ids.next(BusinessId.PREFIX)), given,
                    new BrandId(ids.next(BrandId.PREFIX)), clock.instant());
            businesses.insert(business);
            return Either.right(shown(business));
        });
    }

    /** The name's check, the key and its entry in one unit: a name another live key won meanwhile is refused on the retry. */
    @Override
    public Either<GrantorError, CreatedApiKey> createApiKey(BusinessId business, boolean readOnly, Option<String> name, Actor by) {
        return ApiKeyName.parse(name).flatMap(named -> units.write(() -> {
            if (businesses.find(business).isEmpty()) {
                return Either.left(new NotFound("business", business.value()));
            }
            var taken = ApiKeyName.takenAmong(apiKeys.list(business), named, "");
            if (taken.isDefined()) {
                return Either.left(taken.get());
            }
            String token = newToken();
            var key = new ApiKey(ids.next(API_KEY_PREFIX), business, hash(token), readOnly, clock.instant(),
                    Option.none(), Option.some(token.substring(0, TOKEN_PREFIX.length() + SHOWN_RANDOM_CHARS)), Option.none(),
                    named);
            apiKeys.insert(key);
            history.created(by, key);
            return Either.right(new CreatedApiKey(key.id(), token, readOnly, named));
        }));
    }

    @Override
    public Map<String, String> apiKeyNames(BusinessId business) {
        return transactions.read(() -> apiKeys.list(business)
                .flatMap(key -> key.name().map(name -> Tuple.of(key.id(), name)))
                .toMap(pair -> pair));
    }

    /**
     * Serves a key read from the store less than the time to live ago ({@link AuthenticatedKeys}, 1 second by
     * default) and reads it again after that. So a revocation committed through this engine is refused from this
     * node's next request on, and one committed by another node or process (such as {@code grantor api-keys revoke})
     * is refused by this node at the latest the time to live after it commits. Unknown and revoked tokens read the
     * store on every call; a time to live of 0 reads it for every token.
     */
    @Override
    public Either<GrantorError, Caller> authenticate(String bearerToken) {
        if (bearerToken == null || !bearerToken.startsWith(TOKEN_PREFIX) || bearerToken.length() > 200) {
            return Either.left(new Unauthorized());
        }
        String tokenHash = hash(bearerToken);
        var live = authenticated.live(tokenHash, clock.instant(), () -> transactions.read(() -> apiKeys.findByTokenHash(tokenHash))
                .filter(key -> key.revokedAt().isEmpty()));
        live.forEach(this::recordUse);
        return live.<GrantorError>toEither(Unauthorized::new)
                .map(key -> new Caller(key.businessId(), key.readOnly(), key.id()));
    }

    /**
     * At most one write per key per {@link #USE_RESOLUTION} on this node (the local claim), and across nodes the
     * store's condition keeps it to one. Recording a use is bookkeeping: if it fails, the request still goes on.
     */
    private void recordUse(ApiKey key) {
        Instant now = clock.instant();
        Instant staleBefore = now.minus(USE_RESOLUTION);
        if (key.lastUsedAt().exists(used -> !used.isBefore(staleBefore))) {
            return;
        }
        var claimed = new boolean[1];
        lastRecordedUse.compute(key.id(), (id, previous) -> {
            if (previous != null && !previous.isBefore(staleBefore)) {
                return previous;
            }
            claimed[0] = true;
            return now;
        });
        if (!claimed[0]) {
            return;
        }
        try {
            transactions.write(() -> Either.right(apiKeys.markUsed(key.id(), now, staleBefore)));
        } catch (RuntimeException e) {
            lastRecordedUse.remove(key.id(), now);
        }
    }

    @Override
    public Either<GrantorError, Boolean> revokeApiKey(BusinessId business, String apiKeyId, Actor by) {
        if (apiKeyId == null || apiKeyId.isBlank()) {
            return Either.left(InvalidRequest.of("api_key_id", "is required"));
        }
        return units.write(() -> {
            var held = apiKeys.hold(apiKeyId).filter(key -> key.businessId().equals(business));
            if (held.isEmpty()) {
                return Either.right(false);
            }
            if (held.get().revokedAt().isEmpty()) {
                Instant at = clock.instant();
                apiKeys.revoke(business, apiKeyId, at);
                history.revoked(by, held.get(), at);
            }
            transactions.afterCommit(authenticated::revoked);
            return Either.right(true);
        });
    }

    /** What the store keeps of a token: SHA-256, lower-case hex. */
    public static String hash(String token) {
        return SignInSecrets.tokenHash(token);
    }

    private String newToken() {
        var out = new StringBuilder(TOKEN_PREFIX.length() + TOKEN_RANDOM_CHARS).append(TOKEN_PREFIX);
        for (int i = 0; i < TOKEN_RANDOM_CHARS; i++) {
            out.append(BASE62.charAt(random.nextInt(BASE62.length())));
        }
        return out.toString();
    }

    /** A business's row as the primary ports show it: here alone, for {@link AccessAdministrationService} too. */
    static Business shown(Businesses.Business row) {
        return new Business(row.id(), row.name(), row.defaultBrandId(), row.createdAt());
    }
}

package dev.grantor.application.port.out;

import dev.grantor.application.port.out.ApiKeys.ApiKey;
import dev.grantor.domain.shared.BusinessId;
import io.vavr.collection.List;
import io.vavr.control.Option;
import java.text.Normalizer;
import java.time.Instant;
import java.util.Locale;

/** Bearer tokens, stored only as a hash of the token. */
public interface ApiKeys {

    /**
     * {@code tokenPrefix} is the token's first characters, enough to tell keys apart and too few to guess the rest;
     * keys created before it was kept have none. {@code lastUsedAt} is coarse: it is written at most once per
     * {@code markUsed} interval, not on every request. {@code name} is the merchant's word for what holds the key
     * ("billing"), checked by {@code ApiKeyName}; keys made before keys had names have none.
     */
    record ApiKey(String id, BusinessId businessId, String tokenHash, boolean readOnly, Instant createdAt,
                  Option<Instant> revokedAt, Option<String> tokenPrefix, Option<Instant> lastUsedAt, Option<String> name) {

        public ApiKey {
            if (id == null || businessId == null || tokenHash == null || createdAt == null || revokedAt == null
                    || tokenPrefix == null || lastUsedAt == null || name == null) {
                throw new IllegalArgumentException("an API key needs every fact, absent ones as Option.none()");
            }
        }
    }

    /**
     * Throws {@link DuplicateRecord} ({@code API_KEY_NAME}) when the key is unrevoked and named, and another unrevoked
     * key of its business has a name of the same {@link #nameKey}. Keys named before the store kept that rule (sqlite
     * V26, postgresql V29) are outside it, duplicates included, until they are renamed: the engine checks them itself.
     */
    void insert(ApiKey key);

    /**
     * What two live keys of one business may not share: the name as it reads, so two keys never read alike. NFKC first,
     * so a fullwidth "ｂｉｌｌｉｎｇ", a ligature "ﬁ" or a decomposed "é" is the plain name; then lower, upper and lower case
     * again, whatever the locale, for what Unicode's case folding holds as one letter and lower case alone keeps apart:
     * "ß" and "SS", a final "ς" and "σ" (through their upper case), the capital "ẞ" (whose upper case is itself) and "ss".
     * The Turkish dotless "ı" meets "i" on the way, a pair that reads nearly alike. NFKC again, as a case change can
     * leave a letter and its accent as two characters that have one composed form. The store keeps the result beside
     * the name and holds it unique among a business's unrevoked keys.
     */
    static String nameKey(String name) {
        String plain = Normalizer.normalize(name, Normalizer.Form.NFKC);
        String folded = plain.toLowerCase(Locale.ROOT).toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
        return Normalizer.normalize(folded, Normalizer.Form.NFKC);
    }

    Option<ApiKey> findByTokenHash(String tokenHash);

    Option<ApiKey> find(BusinessId business, String id);

    /** Across businesses: what an operator who holds only the key's id acts on. */
    Option<ApiKey> find(String id);

    /**
     * {@link #find(String)} in the caller's unit of work, holding the row until that unit ends: two units that read the
     * key to change it (revoke it, rename it) take turns, so each writes its history from what the other left.
     */
    Option<ApiKey> hold(String id);

    /** The business's keys, revoked ones included, oldest first. */
    List<ApiKey> list(BusinessId business);

    /** Marks it revoked at {@code at}; a revoked key never authenticates again. False when unknown. */
    boolean revoke(BusinessId business, String id, Instant at);

    /**
     * Gives the key this name, or none; a revoked key keeps being renamable, since histories still name it. False when
     * unknown. {@link DuplicateRecord} ({@code API_KEY_NAME}) as for {@link #insert}.
     */
    boolean rename(BusinessId business, String id, Option<String> name);

    /**
     * Records a use at {@code at} unless one at or after {@code staleBefore} is recorded already: the condition is
     * the store's, so nodes racing on one key write it once. False when nothing was written.
     */
    boolean markUsed(String id, Instant at, Instant staleBefore);
}

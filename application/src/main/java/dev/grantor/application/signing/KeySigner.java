package dev.grantor.application.signing;

import dev.grantor.application.json.GrantorJson;
import dev.grantor.domain.entitlement.ActivationsLimit;
import dev.grantor.domain.grant.LicenseKey;
import dev.grantor.domain.grant.LicenseKeyValue;
import io.vavr.control.Option;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * Turns a license key about to be issued into a signed key: {@code key/} + base64url(payload) + {@code .}
 * + base64url(Ed25519 signature over the part before the dot), with the payload
 * {@code {"v":1,"kid","lic","ent","bus","iat","exp","lim"}} in that order, times in Unix seconds. An
 * expiry with a fraction of a second is written rounded down, so offline checks never outlast the server's.
 */
public final class KeySigner {

    static final String PREFIX = "key/";

    private final SigningKeyring keyring;

    public KeySigner(SigningKeyring keyring) {
        this.keyring = keyring;
    }

    /**
     * How far ahead of the clock a signed value's issue time may lie and still be taken for one signed here: each
     * rotation within one second puts it a second further ahead, and no key is rotated a day's worth of times a second.
     */
    static final long MOST_SECONDS_AHEAD = 86_400;

    /**
     * The signed value for {@code draft}, whose id, limit and expiry it carries; for a key being rotated, {@code draft}
     * holds the value to replace. Call inside a writing unit.
     */
    public LicenseKeyValue sign(LicenseKey draft, Instant issuedAt) {
        var url = Base64.getUrlEncoder().withoutPadding();
        long iat = issuedSecond(draft.value(), issuedAt);
        var signed = keyring.sign(draft.businessId(), kid -> PREFIX + url.encodeToString(GrantorJson.write(
                new SignedClaims(1, kid, draft.id().value(), draft.entitlementId().value(), draft.businessId().value(),
                        iat, draft.expiresAt().map(Instant::getEpochSecond).getOrNull(),
                        draft.activationsLimit().map(ActivationsLimit::value).getOrNull())).getBytes(StandardCharsets.UTF_8)));
        return new LicenseKeyValue(signed.message() + "." + url.encodeToString(signed.signature()));
    }

    /**
     * The second a new value is signed at: {@code issuedAt}'s, or one past the replaced value's when that was signed in
     * the same second or after. Ed25519 is deterministic, so a key signed again with its terms, signing key and issue
     * second unchanged came out as the very value it was to replace (the rotation then failed), and a later rotation in
     * that second could have brought back a value already replaced.
     */
    static long issuedSecond(LicenseKeyValue replaced, Instant issuedAt) {
        long now = issuedAt.getEpochSecond();
        long previous = signedSecond(replaced.value()).getOrElse(Long.MIN_VALUE);
        return previous >= now && previous - now < MOST_SECONDS_AHEAD ? previous + 1 : now;
    }

    /** The issue second a signed value carries, or none for a value of another form. */
    private static Option<Long> signedSecond(String value) {
        int dot = value.indexOf('.');
        if (!value.startsWith(PREFIX) || dot < 0) {
            return Option.none();
        }
        try {
            return Option.some(GrantorJson.read(new String(Base64.getUrlDecoder().decode(value.substring(PREFIX.length(), dot)),
                    StandardCharsets.UTF_8), SignedClaims.class).iat());
        } catch (IllegalArgumentException notSigned) {
            return Option.none();
        }
    }

    /**
     * What a signed key carries, in the short member names the offline verifier reads: format version, signing key id,
     * license key, entitlement and business ids, issued-at and expiry in epoch seconds, activation limit.
     */
    record SignedClaims(int v, String kid, String lic, String ent, String bus, long iat, Long exp, Integer lim) {}
}

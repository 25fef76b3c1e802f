package dev.grantor.application.signing;

import dev.grantor.application.json.GrantorJson;
import dev.grantor.domain.entitlement.ActivationsLimit;
import dev.grantor.domain.grant.LicenseKey;
import dev.grantor.domain.grant.LicenseKeyValue;
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

    /** The signed value for {@code draft}, whose id, limit and expiry it carries. Call inside a writing unit. */
    public LicenseKeyValue sign(LicenseKey draft, Instant issuedAt) {
        var url = Base64.getUrlEncoder().withoutPadding();
        var signed = keyring.sign(draft.businessId(), kid -> PREFIX + url.encodeToString(GrantorJson.write(
                new SignedClaims(1, kid, draft.id().value(), draft.entitlementId().value(), draft.businessId().value(),
                        issuedAt.getEpochSecond(), draft.expiresAt().map(Instant::getEpochSecond).getOrNull(),
                        draft.activationsLimit().map(ActivationsLimit::value).getOrNull())).getBytes(StandardCharsets.UTF_8)));
        return new LicenseKeyValue(signed.message() + "." + url.encodeToString(signed.signature()));
    }

    /**
     * What a signed key carries, in the short member names the offline verifier reads: format version, signing key id,
     * license key, entitlement and business ids, issued-at and expiry in epoch seconds, activation limit.
     */
    record SignedClaims(int v, String kid, String lic, String ent, String bus, long iat, Long exp, Integer lim) {}
}

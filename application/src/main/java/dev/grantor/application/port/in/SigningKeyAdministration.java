package dev.grantor.application.port.in;

import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.GrantorError;
import io.vavr.collection.List;
import io.vavr.control.Either;

/**
 * The public half of each business's signing keys, for customers' software to check signed keys and
 * license files offline, and the merchant's rotation and deletion. Private keys never leave the engine.
 */
public interface SigningKeyAdministration {

    /** One public key as a JSON Web Key (RFC 8037): {@code kty} OKP, {@code crv} Ed25519. */
    record PublicJwk(String kty, String crv, String x, String kid, String use) {
        public static PublicJwk ed25519(String kid, String x) {
            return new PublicJwk("OKP", "Ed25519", x, kid, "sig");
        }
    }

    /** A JWKS document: the current key first, then the older keys that still verify. */
    record Jwks(List<PublicJwk> keys) {}

    /**
     * The business's public keys, for anyone (no API key). Empty until the business signs its first key or
     * file. An unknown or malformed business id is {@code NOT_FOUND}.
     */
    Either<GrantorError, Jwks> publicKeys(String businessId);

    /** Makes a new current signing key; keys and files signed with the older ones keep verifying until those are deleted. */
    Either<GrantorError, PublicJwk> rotate(BusinessId business);

    /**
     * Deletes a signing key: it leaves the JWKS, so what it signed stops verifying offline. The current key
     * cannot be deleted ({@code SIGNING_KEY_IN_USE}); an unknown kid is {@code NOT_FOUND}.
     */
    Either<GrantorError, Boolean> delete(BusinessId business, String kid);
}

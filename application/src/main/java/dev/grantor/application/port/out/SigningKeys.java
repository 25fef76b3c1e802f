package dev.grantor.application.port.out;

import dev.grantor.domain.shared.BusinessId;
import io.vavr.collection.List;
import io.vavr.control.Option;
import java.time.Instant;

/**
 * The businesses' Ed25519 signing keys for signed license keys and license files. Each business has
 * generations 1, 2, 3…; the highest stored generation is the current key, the others keep verifying until
 * deleted. The store only ever holds the private key sealed (see {@code SigningKey.sealedPrivateKey}).
 */
public interface SigningKeys {

    /**
     * One signing key.
     *
     * @param kid              its id in the business's JWKS ({@code sk_…})
     * @param generation       1 for the business's first key, one more at each rotation
     * @param publicKey        the raw 32-byte Ed25519 public key, unpadded base64url (the JWK's {@code x})
     * @param sealedPrivateKey the PKCS#8 private key in the engine's sealed form, wrapped under the key-encryption
     *                         key when one is configured; never shown by {@link #toString()}
     */
    record SigningKey(String kid, BusinessId businessId, int generation, String publicKey, String sealedPrivateKey,
                      Instant createdAt) {

        public SigningKey {
            if (kid == null || kid.isBlank() || businessId == null || generation < 1 || publicKey == null
                    || sealedPrivateKey == null || createdAt == null) {
                throw new IllegalArgumentException("signing key breaks its structural rules");
            }
        }

        @Override
        public String toString() {
            return "SigningKey[kid=" + kid + ", businessId=" + businessId.value() + ", generation=" + generation + "]";
        }
    }

    /**
     * Stores a new key. Throws {@link DuplicateRecord} ({@code SIGNING_KEY_GENERATION}) when the business
     * already has a key of that generation: two racing first uses or rotations, of which one wins.
     */
    void insert(SigningKey key);

    /**
     * The business's current key, its highest generation, held until the unit of work ends: a {@link #delete} of it
     * waits for that end. Whatever a unit signs with the key it read is then committed before the key can leave the
     * JWKS, never after (PostgreSQL's writers run side by side; a rotation and a delete committed while a signed issue was
     * in flight let it commit a key signed with a key already deleted). Call inside a writing unit.
     */
    Option<SigningKey> current(BusinessId business);

    /** Every key of the business, newest generation first. */
    List<SigningKey> all(BusinessId business);

    /** Removes the key; false when the business has no key of that id. */
    boolean delete(BusinessId business, String kid);
}

package dev.grantor.application.signing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * How a signing key's private half is held in the store. With a key-encryption key (a deployment's
 * {@code GRANTOR_SIGNING_KEK}: 32 random bytes) it is wrapped with AES-256-GCM, a fresh 96-bit IV per key
 * and the kid as associated data, so a sealed key copied onto another row does not open. Without one it
 * is stored as plain PKCS#8 (prefix {@code pkcs8:}): anyone who can read the database can then sign keys
 * for the business, so production deployments set the key-encryption key. A key wrapped under a
 * key-encryption key does not open without it: signing then fails loudly instead of falling back.
 */
public final class PrivateKeySeal {

    public static final int KEK_LENGTH = 32;
    static final String WRAPPED = "aes-256-gcm:";
    static final String PLAIN = "pkcs8:";
    private static final int IV_LENGTH = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec kek;
    private final SecureRandom random;

    private PrivateKeySeal(SecretKeySpec kek, SecureRandom random) {
        this.kek = kek;
        this.random = random;
    }

    /** Wraps under the given 32-byte key-encryption key; the array is copied, the caller may wipe its own. */
    public static PrivateKeySeal wrappingWith(byte[] kek) {
        if (kek == null || kek.length != KEK_LENGTH) {
            throw new IllegalArgumentException("the signing key-encryption key must be exactly " + KEK_LENGTH + " bytes");
        }
        return new PrivateKeySeal(new SecretKeySpec(kek.clone(), "AES"), new SecureRandom());
    }

    /**
     * Wraps under a key-encryption key given as text (an environment variable, a property): 32 random bytes in base64,
     * as {@code openssl rand -base64 32} prints them. The message of a refusal names no value, only what is wanted.
     */
    public static PrivateKeySeal wrappingWithBase64(String kek) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(kek == null ? "" : kek.strip());
        } catch (IllegalArgumentException notBase64) {
            throw new IllegalArgumentException("must be " + KEK_LENGTH + " random bytes in base64");
        }
        try {
            if (bytes.length != KEK_LENGTH) {
                throw new IllegalArgumentException("must be " + KEK_LENGTH + " bytes in base64, not " + bytes.length);
            }
            return wrappingWith(bytes);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /** Stores private keys unwrapped: for development and tests, or a database that is itself encrypted and guarded. */
    public static PrivateKeySeal unwrapped() {
        return new PrivateKeySeal(null, new SecureRandom());
    }

    public boolean wraps() {
        return kek != null;
    }

    String seal(String kid, PrivateKey key) {
        byte[] pkcs8 = key.getEncoded();
        try {
            if (kek == null) {
                return PLAIN + Base64.getEncoder().encodeToString(pkcs8);
            }
            byte[] iv = new byte[IV_LENGTH];
            random.nextBytes(iv);
            var cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, kek, new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(kid.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(pkcs8);
            return WRAPPED + Base64.getEncoder().encodeToString(iv) + "." + Base64.getEncoder().encodeToString(sealed);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK could not wrap a signing key", e);
        } finally {
            Arrays.fill(pkcs8, (byte) 0);
        }
    }

    PrivateKey open(String kid, String sealed) {
        byte[] pkcs8 = null;
        try {
            if (sealed.startsWith(PLAIN)) {
                pkcs8 = Base64.getDecoder().decode(sealed.substring(PLAIN.length()));
            } else if (sealed.startsWith(WRAPPED)) {
                if (kek == null) {
                    throw new IllegalStateException("signing key " + kid
                            + " is wrapped under a key-encryption key, and none is configured (GRANTOR_SIGNING_KEK)");
                }
                String[] parts = sealed.substring(WRAPPED.length()).split("\\.", -1);
                if (parts.length != 2) {
                    throw new IllegalStateException("signing key " + kid + " is not in the sealed form");
                }
                var cipher = Cipher.getInstance("AES/GCM/NoPadding");
                cipher.init(Cipher.DECRYPT_MODE, kek, new GCMParameterSpec(TAG_BITS, Base64.getDecoder().decode(parts[0])));
                cipher.updateAAD(kid.getBytes(StandardCharsets.UTF_8));
                pkcs8 = cipher.doFinal(Base64.getDecoder().decode(parts[1]));
            } else {
                throw new IllegalStateException("signing key " + kid + " is not in the sealed form");
            }
            return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (javax.crypto.AEADBadTagException e) {
            throw new IllegalStateException("signing key " + kid + " does not open under the configured key-encryption key");
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("signing key " + kid + " cannot be opened: " + e.getClass().getSimpleName());
        } finally {
            if (pkcs8 != null) {
                Arrays.fill(pkcs8, (byte) 0);
            }
        }
    }
}

package dev.grantor.application.signing;

import dev.grantor.application.port.out.IdGenerator;
import dev.grantor.application.port.out.SigningKeys;
import dev.grantor.application.port.out.SigningKeys.SigningKey;
import dev.grantor.domain.shared.BusinessId;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;

/**
 * The businesses' Ed25519 signing keys at work: the current key (made on first use), rotation, and
 * signatures. Runs inside the caller's unit of work, so the first key is stored with the first thing it
 * signs, and of two racing first uses the loser re-runs and signs with the winner's key. Opened private
 * keys are kept in memory by kid, so a signature costs one Ed25519 operation and no decryption.
 */
public final class SigningKeyring {

    public static final String KID_PREFIX = "sk_";
    /** The DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410); the 32 raw bytes follow it. */
    private static final int SPKI_PREFIX_LENGTH = 12;

    private final SigningKeys keys;
    private final IdGenerator ids;
    private final InstantSource clock;
    private final PrivateKeySeal seal;
    private final ConcurrentMap<String, PrivateKey> opened = new ConcurrentHashMap<>();

    public SigningKeyring(SigningKeys keys, IdGenerator ids, InstantSource clock, PrivateKeySeal seal) {
        this.keys = keys;
        this.ids = ids;
        this.clock = clock;
        this.seal = seal;
    }

    /** A signature, the kid of the key that made it and the text it signs. */
    public record Signed(String kid, String message, byte[] signature) {}

    /** Signs with the business's current key, creating the first one if it has none. Call inside a writing unit. */
    public Signed sign(BusinessId business, String message) {
        return sign(business, kid -> message);
    }

    /**
     * Signs what {@code message} makes of the current key's kid, with that same key: one read of the current key, so a
     * rotation committed in between (PostgreSQL reads each statement afresh) cannot pair one key's kid with another's
     * signature.
     */
    public Signed sign(BusinessId business, Function<String, String> message) {
        var current = currentKey(business);
        var privateKey = opened.computeIfAbsent(current.kid(), kid -> seal.open(kid, current.sealedPrivateKey()));
        try {
            var signer = Signature.getInstance("Ed25519");
            signer.initSign(privateKey);
            String text = message.apply(current.kid());
            signer.update(text.getBytes(StandardCharsets.UTF_8));
            return new Signed(current.kid(), text, signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK could not make an Ed25519 signature", e);
        }
    }

    private SigningKey currentKey(BusinessId business) {
        return keys.current(business).getOrElse(() -> create(business, 1));
    }

    /** Makes a new current key; the old ones stay until deleted. Call inside a writing unit. */
    public SigningKey rotate(BusinessId business) {
        return create(business, keys.current(business).map(k -> k.generation() + 1).getOrElse(1));
    }

    /** Forgets an opened key, once it is deleted. */
    public void forget(String kid) {
        opened.remove(kid);
    }

    private SigningKey create(BusinessId business, int generation) {
        KeyPair pair;
        try {
            pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no Ed25519", e);
        }
        byte[] spki = pair.getPublic().getEncoded();
        String x = Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOfRange(spki, SPKI_PREFIX_LENGTH, spki.length));
        String kid = ids.next(KID_PREFIX);
        var key = new SigningKey(kid, business, generation, x, seal.seal(kid, pair.getPrivate()), clock.instant());
        keys.insert(key);
        return key;
    }
}

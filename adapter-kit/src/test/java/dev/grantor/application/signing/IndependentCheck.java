package dev.grantor.application.signing;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * A second reading of signed keys and license files that shares no code with the engine or the verifier
 * module: Bouncy Castle's Ed25519 and AES-GCM, and string handling written from the specification.
 */
public final class IndependentCheck {

    private IndependentCheck() {}

    /** True when {@code signature} is an Ed25519 signature of {@code message} by the raw 32-byte public key {@code x} (base64url). */
    public static boolean ed25519(String x, byte[] message, byte[] signature) {
        var signer = new Ed25519Signer();
        signer.init(false, new Ed25519PublicKeyParameters(Base64.getUrlDecoder().decode(x), 0));
        signer.update(message, 0, message.length);
        return signer.verifySignature(signature);
    }

    /** The payload JSON of a signed key whose signature checks out under {@code x}, or null. */
    public static String signedKeyPayload(String key, String x) {
        int dot = key.indexOf('.');
        String signedPart = key.substring(0, dot);
        byte[] signature = Base64.getUrlDecoder().decode(key.substring(dot + 1));
        if (!key.startsWith("key/") || !ed25519(x, signedPart.getBytes(StandardCharsets.US_ASCII), signature)) {
            return null;
        }
        return new String(Base64.getUrlDecoder().decode(signedPart.substring(4)), StandardCharsets.UTF_8);
    }

    /** The header JSON ({@code enc}, {@code sig}, {@code alg}, {@code kid}) inside the armor. */
    public static String fileHeader(String file) {
        String body = file.replace("-----BEGIN LICENSE FILE-----", "").replace("-----END LICENSE FILE-----", "").replace("\n", "");
        return new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
    }

    /** A string member of a flat JSON object, found by hand (the header holds only base64 and plain words). */
    public static String member(String json, String name) {
        String marker = "\"" + name + "\":\"";
        int start = json.indexOf(marker) + marker.length();
        return json.substring(start, json.indexOf('"', start));
    }

    /** Decrypts {@code enc} by hand: SHA-256 of key (+ instance id) as the AES-256 key, then GCM with the IV and tag. */
    public static String decrypt(String enc, String licenseKey, String instanceId) throws InvalidCipherTextException {
        String[] parts = enc.split("\\.");
        byte[] ciphertext = Base64.getDecoder().decode(parts[0]);
        byte[] iv = Base64.getDecoder().decode(parts[1]);
        byte[] tag = Base64.getDecoder().decode(parts[2]);
        byte[] secret = (instanceId == null ? licenseKey : licenseKey + instanceId).getBytes(StandardCharsets.UTF_8);
        var digest = new SHA256Digest();
        digest.update(secret, 0, secret.length);
        byte[] aesKey = new byte[32];
        digest.doFinal(aesKey, 0);
        var gcm = GCMBlockCipher.newInstance(AESEngine.newInstance());
        gcm.init(false, new AEADParameters(new KeyParameter(aesKey), 128, iv));
        byte[] sealed = Arrays.copyOf(ciphertext, ciphertext.length + tag.length);
        System.arraycopy(tag, 0, sealed, ciphertext.length, tag.length);
        byte[] plain = new byte[gcm.getOutputSize(sealed.length)];
        int n = gcm.processBytes(sealed, 0, sealed.length, plain, 0);
        n += gcm.doFinal(plain, n);
        return new String(plain, 0, n, StandardCharsets.UTF_8);
    }
}

package dev.grantor.application.webhook;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Standard Webhooks signing: {@code v1,} and base64 of HMAC-SHA256 over {@code id.timestamp.body}, keyed
 * with the bytes the secret's base64 part decodes to. HMAC is built on {@link MessageDigest} (RFC 2104)
 * because the engine keeps to {@code java.*}; a test checks it against the specification's worked example.
 */
public final class WebhookSignature {

    public static final String SECRET_PREFIX = "whsec_";
    static final int SECRET_BYTES = 24;
    private static final int BLOCK = 64;

    private WebhookSignature() {}

    /** A fresh secret: {@code whsec_} and base64 of 24 random bytes, as the official SDKs expect. */
    public static String newSecret(SecureRandom random) {
        var key = new byte[SECRET_BYTES];
        random.nextBytes(key);
        return SECRET_PREFIX + Base64.getEncoder().encodeToString(key);
    }

    /** The {@code webhook-signature} header value for one attempt. */
    public static String sign(String secret, String webhookId, long timestampSeconds, String body) {
        byte[] content = (webhookId + "." + timestampSeconds + "." + body).getBytes(StandardCharsets.UTF_8);
        return "v1," + Base64.getEncoder().encodeToString(hmacSha256(key(secret), content));
    }

    /** The key bytes: the base64 after {@code whsec_} (the prefix is optional, as in the reference libraries). */
    static byte[] key(String secret) {
        String encoded = secret.startsWith(SECRET_PREFIX) ? secret.substring(SECRET_PREFIX.length()) : secret;
        return Base64.getDecoder().decode(encoded);
    }

    static byte[] hmacSha256(byte[] key, byte[] message) {
        var sha = sha256();
        byte[] block = key.length > BLOCK ? sha.digest(key) : key;
        var inner = new byte[BLOCK];
        var outer = new byte[BLOCK];
        for (int i = 0; i < BLOCK; i++) {
            byte k = i < block.length ? block[i] : 0;
            inner[i] = (byte) (k ^ 0x36);
            outer[i] = (byte) (k ^ 0x5c);
        }
        sha.reset();
        sha.update(inner);
        byte[] innerHash = sha.digest(message);
        sha.update(outer);
        return sha.digest(innerHash);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("every JDK provides SHA-256", impossible);
        }
    }
}

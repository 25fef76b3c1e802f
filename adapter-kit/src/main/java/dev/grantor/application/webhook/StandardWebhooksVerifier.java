package dev.grantor.application.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A receiver's verification written from the Standard Webhooks specification alone, sharing no code with
 * Grantor's signing (so it can catch a mistake there): the JDK's own HMAC, the secret's base64 part as the
 * key, {@code id.timestamp.body} as the content, any of the space-separated {@code v1,} signatures may match
 * (compared in constant time), and the timestamp must lie within the tolerance of the receiver's clock.
 * Shared by every module's webhook tests through the adapter kit.
 */
public final class StandardWebhooksVerifier {

    public static final Duration TOLERANCE = Duration.ofMinutes(5);

    private final byte[] key;

    public StandardWebhooksVerifier(String secret) {
        String encoded = secret.startsWith("whsec_") ? secret.substring("whsec_".length()) : secret;
        this.key = Base64.getDecoder().decode(encoded);
    }

    /** Whether a receiver whose clock reads {@code receivedAt} accepts the request: signed, and not too old or too new. */
    public boolean verify(String id, String timestamp, String signatures, String body, Instant receivedAt) {
        if (timestamp == null) {
            return false;
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp);
        } catch (NumberFormatException notANumber) {
            return false;
        }
        if (Duration.between(Instant.ofEpochSecond(seconds), receivedAt).abs().compareTo(TOLERANCE) > 0) {
            return false;
        }
        return signs(id, timestamp, signatures, body);
    }

    /** Whether one of the {@code v1,} signatures matches, whatever the timestamp's distance from any clock. */
    public boolean signs(String id, String timestamp, String signatures, String body) {
        if (id == null || timestamp == null || signatures == null) {
            return false;
        }
        byte[] expected = expected(id + "." + timestamp + "." + body);
        for (String candidate : signatures.split(" ")) {
            int comma = candidate.indexOf(',');
            if (comma < 0 || !candidate.substring(0, comma).equals("v1")) {
                continue;
            }
            byte[] given;
            try {
                given = Base64.getDecoder().decode(candidate.substring(comma + 1));
            } catch (IllegalArgumentException notBase64) {
                continue;
            }
            if (MessageDigest.isEqual(expected, given)) {
                return true;
            }
        }
        return false;
    }

    private byte[] expected(String content) {
        try {
            var mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(content.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}

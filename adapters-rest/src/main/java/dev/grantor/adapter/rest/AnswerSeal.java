package dev.grantor.adapter.rest;

import dev.grantor.domain.shared.BusinessId;
import io.vavr.control.Option;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * How the idempotency store holds a stored answer that carries a sign-in secret (the customer portal session's link),
 * which the service otherwise keeps only as a digest: sealed under the caller's own idempotency key, so whoever reads
 * the database or a backup gets neither the secret nor the key that opens it, and the caller who retries with that key
 * gets the first answer's bytes back.
 *
 * <p>Both secrets come from the caller's key by HMAC-SHA256 keyed with it, over a fixed label and the business: the
 * record's name ({@link #SCOPE} and one digest) and the AES-256-GCM key (another digest, which the name does not
 * give away). Each seal has a fresh 96-bit nonce, stored before the ciphertext; the record's name and the status are
 * its associated data, so a sealed body moved to another record, or a status changed beside it, does not open. The
 * seal is as strong as the caller's key is hard to guess: the manual asks merchants for a random one.
 */
final class AnswerSeal {

    /**
     * Begins a sealed record's stored key: outside the printable ASCII a caller's key is made of, so no caller's key
     * names a sealed record, and a record written before sealing (under its key as sent) is told apart.
     */
    static final String SCOPE = "\u00a7sealed:";
    /** Begins a sealed body; the rest is the nonce and the ciphertext with its tag, in base64url. */
    static final String SEALED = "aes-256-gcm:";

    private static final String RECORD_LABEL = "grantor idempotency record\u0000";
    private static final String SEAL_LABEL = "grantor idempotency seal\u0000";
    private static final int NONCE_LENGTH = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String record;
    private final SecretKeySpec key;

    private AnswerSeal(String record, SecretKeySpec key) {
        this.record = record;
        this.key = key;
    }

    /** The seal of {@code callerKey}'s record in {@code business}. */
    static AnswerSeal of(BusinessId business, String callerKey) {
        byte[] name = hmac(callerKey, RECORD_LABEL + business.value());
        return new AnswerSeal(SCOPE + Base64.getUrlEncoder().withoutPadding().encodeToString(name),
                new SecretKeySpec(hmac(callerKey, SEAL_LABEL + business.value()), "AES"));
    }

    /** The key the record is stored under in place of the caller's. */
    String record() {
        return record;
    }

    String seal(int status, String body) {
        byte[] nonce = new byte[NONCE_LENGTH];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, nonce, status);
            byte[] sealed = cipher.doFinal(body.getBytes(StandardCharsets.UTF_8));
            byte[] stored = ByteBuffer.allocate(NONCE_LENGTH + sealed.length).put(nonce).put(sealed).array();
            return SEALED + Base64.getUrlEncoder().withoutPadding().encodeToString(stored);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK seals with AES-GCM", e);
        }
    }

    /** The body {@link #seal} sealed with this key, record and status; none when the stored text does not open so. */
    Option<String> open(int status, String stored) {
        if (stored == null || !stored.startsWith(SEALED)) {
            return Option.none();
        }
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(stored.substring(SEALED.length()));
        } catch (IllegalArgumentException notBase64) {
            return Option.none();
        }
        if (bytes.length < NONCE_LENGTH + TAG_BITS / 8) {
            return Option.none();
        }
        try {
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, Arrays.copyOf(bytes, NONCE_LENGTH), status);
            byte[] body = cipher.doFinal(bytes, NONCE_LENGTH, bytes.length - NONCE_LENGTH);
            return Option.some(new String(body, StandardCharsets.UTF_8));
        } catch (GeneralSecurityException wrongKeyOrTampered) {
            return Option.none();
        }
    }

    private Cipher cipher(int mode, byte[] nonce, int status) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD((record + "\u0000" + status).getBytes(StandardCharsets.UTF_8));
        return cipher;
    }

    private static byte[] hmac(String callerKey, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(callerKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has HMAC-SHA256", e);
        }
    }
}

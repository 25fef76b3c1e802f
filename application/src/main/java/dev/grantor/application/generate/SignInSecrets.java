package dev.grantor.application.generate;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The portal's secrets: 6-character codes a person types, 256-bit link tokens a URL carries, and the SHA-256 that is
 * all the store ever keeps of either. Codes use A–Z and 2–9 without the look-alikes 0/O, 1/I/L: 31 symbols, so
 * 31^6 = 887,503,681 codes.
 */
public final class SignInSecrets {

    public static final String CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    public static final int CODE_LENGTH = 6;
    private static final int TOKEN_BYTES = 32;

    private final SecureRandom random;

    public SignInSecrets(SecureRandom random) {
        this.random = random;
    }

    public String newCode() {
        var code = new StringBuilder(CODE_LENGTH);
        for (int i = 0; i < CODE_LENGTH; i++) {
            code.append(CODE_ALPHABET.charAt(random.nextInt(CODE_ALPHABET.length())));
        }
        return code.toString();
    }

    public String newToken() {
        byte[] bytes = new byte[TOKEN_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * What a person typed, as a code: spaces and dashes dropped, upper case. Anything else stays as typed, so it
     * simply does not match.
     */
    public static String normalisedCode(String typed) {
        return typed == null ? "" : typed.replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT);
    }

    /** A code's hash is bound to its business and email, so one hash never matches a code sent to someone else. */
    public static String codeHash(String businessId, String emailKey, String code) {
        return sha256(businessId + "\n" + emailKey + "\n" + code);
    }

    public static String tokenHash(String token) {
        return sha256(token);
    }

    /** Compares in time independent of where the two differ. */
    public static boolean sameHash(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}

package dev.grantor.verifier;

import dev.grantor.verifier.JsonReader.NotJson;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks Grantor's signed license keys and license files offline, against the business's public keys
 * (the JWKS served at {@code /.well-known/grantor/keys/{business_id}}, shipped with the application) and
 * a clock. Immutable and safe to share between threads. Every check answers a {@link Verification}; no
 * input, however hostile, makes it throw.
 *
 * <pre>{@code
 * LicenseVerifier verifier = LicenseVerifier.of(jwksJson);
 * Verification<KeyPayload> answer = verifier.verify(enteredKey, Instant.now());
 * }</pre>
 */
public final class LicenseVerifier {

    /** Longer than any key or file Grantor makes, short enough that hostile input costs nothing. */
    static final int MAX_KEY_LENGTH = 4_096;
    static final int MAX_FILE_LENGTH = 65_536;
    /** Grantor's kids are {@code sk_} and 22 letters or digits; this leaves room for other issuers' ids. */
    static final int MAX_KID_LENGTH = 128;

    static final String KEY_PREFIX = "key/";
    static final String FILE_SIGNING_PREFIX = "license/";
    static final String FILE_BEGIN = "-----BEGIN LICENSE FILE-----";
    static final String FILE_END = "-----END LICENSE FILE-----";
    static final String FILE_ALGORITHM = "aes-256-gcm+ed25519";

    private static final int SIGNATURE_LENGTH = 64;
    private static final int PUBLIC_KEY_LENGTH = 32;
    private static final int IV_LENGTH = 12;
    private static final int TAG_LENGTH = 16;
    /** The DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410); the raw key follows. */
    private static final byte[] ED25519_SPKI_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};
    /** A JWK's {@code alg} for an Ed25519 key: RFC 8037's {@code EdDSA}, or RFC 9864's fully specified name. */
    private static final Set<String> ED25519_ALGORITHMS = Set.of("EdDSA", "Ed25519");
    private static final Set<String> PAYLOAD_MEMBERS = Set.of("v", "kid", "lic", "ent", "bus", "iat", "exp", "lim");
    private static final Set<String> FILE_MEMBERS = Set.of("enc", "sig", "alg", "kid");
    private static final Set<String> CONTENT_MEMBERS = Set.of("license_key", "instance", "issued", "expiry");
    private static final Set<String> CONTENT_KEY_MEMBERS = Set.of("id", "status", "expires_at", "activations_limit");
    private static final Set<String> CONTENT_INSTANCE_MEMBERS = Set.of("id", "name");

    private final Map<String, PublicKey> keys;

    private LicenseVerifier(Map<String, PublicKey> keys) {
        this.keys = keys;
    }

    /**
     * A verifier trusting the Ed25519 signing keys of a JWKS document ({@code kty} OKP, {@code crv}
     * Ed25519) that may verify: a key whose {@code use} is not {@code sig}, whose {@code alg} is not
     * {@code EdDSA} or {@code Ed25519}, or whose {@code key_ops} do not include {@code verify} is skipped, as
     * are keys of other types.
     *
     * @throws IllegalArgumentException when the document is not a JWKS, one of its Ed25519 keys is broken,
     *                                  or any of its keys carries a private key ({@code d}): a configuration
     *                                  mistake, better found at start-up than at the first check (a private
     *                                  key shipped with an application is a published one)
     */
    public static LicenseVerifier of(String jwks) {
        try {
            var document = JsonMembers.of("the JWKS", JsonReader.read(jwks));
            Object entries = document.raw("keys");
            if (!(entries instanceof List)) {
                throw new NotJson("the JWKS has no keys array");
            }
            var keys = new LinkedHashMap<String, PublicKey>();
            int number = 0;
            for (Object entry : (List<?>) entries) {
                number++;
                var jwk = JsonMembers.of("a JWK", entry);
                if (jwk.has("d")) {
                    throw new NotJson("JWK number " + number + named(jwk) + " carries a private key (d): a JWKS is"
                            + " public, so ship its public members only, and replace that key, which is no longer secret");
                }
                if (!"OKP".equals(optional(jwk, "kty")) || !"Ed25519".equals(optional(jwk, "crv"))
                        || (jwk.has("use") && !"sig".equals(optional(jwk, "use")))
                        || (jwk.has("alg") && !ED25519_ALGORITHMS.contains(optional(jwk, "alg")))
                        || !mayVerify(jwk)) {
                    continue;
                }
                String kid = jwk.text("kid");
                if (!isKeyId(kid)) {
                    throw new NotJson("a JWK's kid is not printable ASCII of at most " + MAX_KID_LENGTH + " characters");
                }
                byte[] x = base64Url(jwk.text("x"));
                if (x == null || x.length != PUBLIC_KEY_LENGTH) {
                    throw new NotJson("the JWK " + kid + " has no 32-byte x");
                }
                if (keys.put(kid, publicKey(x)) != null) {
                    throw new NotJson("the kid " + kid + " repeats");
                }
            }
            return new LicenseVerifier(Collections.unmodifiableMap(keys));
        } catch (NotJson e) {
            throw new IllegalArgumentException("not a usable JWKS: " + e.getMessage());
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not a usable JWKS: an Ed25519 key is invalid");
        }
    }

    /** The key ids this verifier trusts, in the document's order. */
    public Set<String> kids() {
        return keys.keySet();
    }

    /**
     * Checks a signed key ({@code key/<payload>.<signature>}): its form, its signing key, its signature,
     * then its expiry, which is reached at {@code now} exactly. White space around the key is ignored, no-break
     * spaces included, as the server ignores it.
     */
    public Verification<KeyPayload> verify(String key, Instant now) {
        Objects.requireNonNull(now, "now");
        if (key == null) {
            return new Verification.Malformed<>("no key");
        }
        String trimmed = trim(key);
        if (trimmed.length() > MAX_KEY_LENGTH) {
            return new Verification.Malformed<>("longer than any signed key");
        }
        if (!trimmed.startsWith(KEY_PREFIX)) {
            return new Verification.Malformed<>("not a signed key: it does not start with key/");
        }
        int dot = trimmed.indexOf('.');
        if (dot < 0 || dot != trimmed.lastIndexOf('.')) {
            return new Verification.Malformed<>("a signed key has exactly one dot");
        }
        String signedPart = trimmed.substring(0, dot);
        byte[] payloadBytes = base64Url(signedPart.substring(KEY_PREFIX.length()));
        byte[] signature = base64Url(trimmed.substring(dot + 1));
        if (payloadBytes == null || payloadBytes.length == 0 || signature == null || signature.length != SIGNATURE_LENGTH) {
            return new Verification.Malformed<>("the payload or signature is not unpadded base64url of the right length");
        }
        JsonMembers payload;
        String kid;
        try {
            payload = JsonMembers.of("the payload", JsonReader.read(utf8(payloadBytes)));
            kid = payload.text("kid");
        } catch (NotJson e) {
            return new Verification.Malformed<>(e.getMessage());
        }
        if (!isKeyId(kid)) {
            return new Verification.Malformed<>("the payload's kid is not a key id");
        }
        PublicKey publicKey = keys.get(kid);
        if (publicKey == null) {
            return new Verification.UnknownKid<>(kid);
        }
        if (!signatureMatches(publicKey, signedPart.getBytes(StandardCharsets.US_ASCII), signature)) {
            return new Verification.BadSignature<>();
        }
        KeyPayload read;
        try {
            payload.only(PAYLOAD_MEMBERS);
            long version = payload.integer("v");
            if (version != 1) {
                return new Verification.Malformed<>("payload version " + version + " is not known to this verifier");
            }
            read = new KeyPayload(1, kid, payload.text("lic"), payload.text("ent"), payload.text("bus"),
                    payload.epochSecond("iat"), payload.optionalEpochSecond("exp"), payload.optionalLimit("lim"));
        } catch (NotJson e) {
            return new Verification.Malformed<>(e.getMessage());
        }
        if (read.expiresAt().isPresent() && !now.isBefore(read.expiresAt().get())) {
            return new Verification.Expired<>(read);
        }
        return new Verification.Valid<>(read);
    }

    /** Checks a license file checked out for the license key alone (no instance). */
    public Verification<LicenseFile> verifyFile(String licenseFile, String licenseKey, Instant now) {
        return verifyFile(licenseFile, licenseKey, null, now);
    }

    /**
     * Checks a license file: its form, its signing key, its signature over {@code license/} + {@code enc},
     * then decrypts it with the license key value (plus the instance id it was checked out for, if any) and
     * compares its {@code expiry} with {@code now}; the file is expired at {@code expiry} exactly.
     */
    public Verification<LicenseFile> verifyFile(String licenseFile, String licenseKey, String instanceId, Instant now) {
        Objects.requireNonNull(now, "now");
        if (licenseFile == null || licenseKey == null) {
            return new Verification.Malformed<>("no license file or no license key");
        }
        if (licenseFile.length() > MAX_FILE_LENGTH) {
            return new Verification.Malformed<>("longer than any license file");
        }
        String armored = licenseFile.strip();
        if (!armored.startsWith(FILE_BEGIN) || !armored.endsWith(FILE_END) || armored.length() < FILE_BEGIN.length() + FILE_END.length()) {
            return new Verification.Malformed<>("not a license file: the BEGIN or END line is missing");
        }
        String body = armored.substring(FILE_BEGIN.length(), armored.length() - FILE_END.length());
        var joined = new StringBuilder(body.length());
        for (String line : body.split("\r?\n", -1)) {
            if (line.isEmpty()) {
                continue;
            }
            if (line.length() > 64) {
                return new Verification.Malformed<>("a line of the license file is longer than 64 characters");
            }
            joined.append(line);
        }
        byte[] document = base64(joined.toString());
        if (document == null) {
            return new Verification.Malformed<>("the license file's body is not base64");
        }
        String enc;
        String kid;
        byte[] signature;
        try {
            var header = JsonMembers.of("the license file", JsonReader.read(utf8(document))).only(FILE_MEMBERS);
            if (!FILE_ALGORITHM.equals(header.text("alg"))) {
                return new Verification.Malformed<>("the license file's alg is not " + FILE_ALGORITHM);
            }
            enc = header.text("enc");
            kid = header.text("kid");
            signature = base64(header.text("sig"));
        } catch (NotJson e) {
            return new Verification.Malformed<>(e.getMessage());
        }
        if (signature == null || signature.length != SIGNATURE_LENGTH) {
            return new Verification.Malformed<>("the license file's sig is not a base64 Ed25519 signature");
        }
        if (!isKeyId(kid)) {
            return new Verification.Malformed<>("the license file's kid is not a key id");
        }
        PublicKey publicKey = keys.get(kid);
        if (publicKey == null) {
            return new Verification.UnknownKid<>(kid);
        }
        if (!signatureMatches(publicKey, (FILE_SIGNING_PREFIX + enc).getBytes(StandardCharsets.UTF_8), signature)) {
            return new Verification.BadSignature<>();
        }
        String[] parts = enc.split("\\.", -1);
        byte[] ciphertext = parts.length == 3 ? base64(parts[0]) : null;
        byte[] iv = parts.length == 3 ? base64(parts[1]) : null;
        byte[] tag = parts.length == 3 ? base64(parts[2]) : null;
        if (ciphertext == null || iv == null || iv.length != IV_LENGTH || tag == null || tag.length != TAG_LENGTH) {
            return new Verification.Malformed<>("the license file's enc is not ciphertext.iv.tag in base64");
        }
        byte[] plaintext = decrypt(trim(licenseKey), instanceId, ciphertext, iv, tag);
        if (plaintext == null) {
            return new Verification.Malformed<>("the license file was not made for this license key"
                    + (instanceId == null ? " (checked without an instance id)" : " and instance"));
        }
        LicenseFile content;
        try {
            var members = JsonMembers.of("the license", JsonReader.read(utf8(plaintext))).only(CONTENT_MEMBERS);
            var key = JsonMembers.of("license_key", members.raw("license_key")).only(CONTENT_KEY_MEMBERS);
            Object rawInstance = members.raw("instance");
            Optional<String> boundId = Optional.empty();
            Optional<String> boundName = Optional.empty();
            if (rawInstance != null) {
                var instance = JsonMembers.of("instance", rawInstance).only(CONTENT_INSTANCE_MEMBERS);
                boundId = Optional.of(instance.text("id"));
                boundName = Optional.of(instance.text("name"));
            }
            content = new LicenseFile(key.text("id"), key.text("status"), key.optionalTimestamp("expires_at"),
                    key.optionalLimit("activations_limit"), boundId, boundName, members.timestamp("issued"),
                    members.timestamp("expiry"));
        } catch (NotJson e) {
            return new Verification.Malformed<>(e.getMessage());
        }
        if (!content.instanceId().equals(Optional.ofNullable(instanceId))) {
            return new Verification.Malformed<>("the license file is bound to another instance");
        }
        if (!now.isBefore(content.expiry())) {
            return new Verification.Expired<>(content);
        }
        return new Verification.Valid<>(content);
    }

    private static byte[] decrypt(String licenseKey, String instanceId, byte[] ciphertext, byte[] iv, byte[] tag) {
        try {
            byte[] secret = MessageDigest.getInstance("SHA-256")
                    .digest((instanceId == null ? licenseKey : licenseKey + instanceId).getBytes(StandardCharsets.UTF_8));
            var cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(secret, "AES"), new GCMParameterSpec(TAG_LENGTH * 8, iv));
            byte[] sealed = new byte[ciphertext.length + tag.length];
            System.arraycopy(ciphertext, 0, sealed, 0, ciphertext.length);
            System.arraycopy(tag, 0, sealed, ciphertext.length, tag.length);
            return cipher.doFinal(sealed);
        } catch (AEADBadTagException wrongKey) {
            return null;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK lacks AES-GCM or SHA-256", e);
        }
    }

    private static boolean signatureMatches(PublicKey key, byte[] signed, byte[] signature) {
        try {
            var verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(key);
            verifier.update(signed);
            return verifier.verify(signature);
        } catch (InvalidKeyException | java.security.SignatureException e) {
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK lacks Ed25519 (it needs Java 15 or later)", e);
        }
    }

    private static PublicKey publicKey(byte[] x) throws GeneralSecurityException {
        byte[] spki = new byte[ED25519_SPKI_PREFIX.length + x.length];
        System.arraycopy(ED25519_SPKI_PREFIX, 0, spki, 0, ED25519_SPKI_PREFIX.length);
        System.arraycopy(x, 0, spki, ED25519_SPKI_PREFIX.length, x.length);
        return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
    }

    /**
     * The key as the server reads what a customer typed or pasted: every Unicode space trimmed from its ends, the
     * no-break ones that text copied from an HTML email or a PDF carries too, which {@link String#strip()} keeps.
     * The server's rule (the domain's {@code Text.trim}) is repeated here because the verifier depends on nothing.
     */
    static String trim(String value) {
        int start = 0;
        int end = value.length();
        while (start < end && isSpace(value.codePointAt(start))) {
            start += Character.charCount(value.codePointAt(start));
        }
        while (end > start && isSpace(value.codePointBefore(end))) {
            end -= Character.charCount(value.codePointBefore(end));
        }
        return value.substring(start, end);
    }

    private static boolean isSpace(int codePoint) {
        return Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint);
    }

    /**
     * Whether a kid read before any signature is checked may be named in an answer: printable ASCII of bounded length.
     * Applications log refusals, and an {@link Verification.UnknownKid} carrying a line break or an escape code would
     * let whoever typed the key write into that log.
     */
    static boolean isKeyId(String kid) {
        return kid.length() <= MAX_KID_LENGTH && kid.chars().allMatch(c -> c > 0x20 && c < 0x7f);
    }

    /**
     * Whether a JWK's {@code key_ops} allow verifying: no {@code key_ops}, or an array of distinct non-empty
     * strings holding {@code verify} (RFC 7517, 4.3); any other value is a broken key.
     */
    private static boolean mayVerify(JsonMembers jwk) throws NotJson {
        if (!jwk.has("key_ops")) {
            return true;
        }
        Object ops = jwk.raw("key_ops");
        if (!(ops instanceof List<?> list)
                || !list.stream().allMatch(op -> op instanceof String text && !text.isEmpty())
                || list.stream().distinct().count() != list.size()) {
            throw new NotJson("a JWK's key_ops is not an array of distinct operation names");
        }
        return list.contains("verify");
    }

    /** " (kid K)" when the JWK's kid can be shown as it is, for a refusal that says which key to remove. */
    private static String named(JsonMembers jwk) throws NotJson {
        return jwk.has("kid") && jwk.raw("kid") instanceof String kid && !kid.isEmpty() && isKeyId(kid) ? " (kid " + kid + ")" : "";
    }

    private static String optional(JsonMembers jwk, String name) throws NotJson {
        return jwk.has(name) ? jwk.text(name) : null;
    }

    /**
     * Unpadded base64url in its one canonical spelling, or null. The JDK's decoder ignores stray low bits
     * in the last character, so two spellings of one key would both verify; re-encoding closes that.
     */
    static byte[] base64Url(String text) {
        try {
            byte[] bytes = Base64.getUrlDecoder().decode(text);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).equals(text) ? bytes : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Padded standard base64 in its one canonical spelling, or null. */
    static byte[] base64(String text) {
        try {
            byte[] bytes = Base64.getDecoder().decode(text);
            return Base64.getEncoder().encodeToString(bytes).equals(text) ? bytes : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Strict UTF-8: bytes that are not UTF-8 are refused rather than replaced. */
    private static String utf8(byte[] bytes) throws NotJson {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new NotJson("not UTF-8");
        }
    }
}

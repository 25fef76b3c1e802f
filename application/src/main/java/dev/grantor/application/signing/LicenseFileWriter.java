package dev.grantor.application.signing;

import dev.grantor.application.json.GrantorJson;
import dev.grantor.domain.entitlement.ActivationsLimit;
import dev.grantor.domain.grant.LicenseKey;
import dev.grantor.domain.grant.LicenseKeyInstance;
import io.vavr.control.Option;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Writes license files: the license document encrypted with AES-256-GCM under SHA-256 of the key value
 * (plus the instance id when the file is bound to one), a fresh 96-bit IV per file, signed with Ed25519
 * over {@code license/} + {@code enc} by the business's current signing key, then base64 in lines of 64
 * between BEGIN and END lines.
 */
public final class LicenseFileWriter {

    public static final String BEGIN = "-----BEGIN LICENSE FILE-----";
    public static final String END = "-----END LICENSE FILE-----";
    public static final String ALGORITHM = "aes-256-gcm+ed25519";
    static final String SIGNING_PREFIX = "license/";
    private static final int IV_LENGTH = 12;
    private static final int TAG_LENGTH = 16;

    private final SigningKeyring keyring;
    private final SecureRandom random = new SecureRandom();

    public LicenseFileWriter(SigningKeyring keyring) {
        this.keyring = keyring;
    }

    /** The file for {@code key} as read at {@code issued}, valid until {@code expiry}. Call inside a writing unit. */
    public String write(LicenseKey key, Option<LicenseKeyInstance> instance, Instant issued, Instant expiry) {
        var document = new LicenseDocument(new LicenseDocument.Key(key.id().value(), key.statusAt(issued).wire(),
                key.expiresAt().getOrNull(), key.activationsLimit().map(ActivationsLimit::value).getOrNull()),
                instance.map(i -> new LicenseDocument.Instance(i.id().value(), i.name())).getOrNull(), issued, expiry);

        String secret = key.value().value() + instance.map(i -> i.id().value()).getOrElse("");
        String enc = encrypt(secret, GrantorJson.write(document).getBytes(StandardCharsets.UTF_8));
        var signed = keyring.sign(key.businessId(), SIGNING_PREFIX + enc);
        var header = new Envelope(enc, Base64.getEncoder().encodeToString(signed.signature()), ALGORITHM, signed.kid());
        return armor(GrantorJson.write(header));
    }

    private String encrypt(String secret, byte[] plaintext) {
        byte[] aesKey = null;
        try {
            aesKey = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            byte[] iv = new byte[IV_LENGTH];
            random.nextBytes(iv);
            var cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(aesKey, "AES"), new GCMParameterSpec(TAG_LENGTH * 8, iv));
            byte[] sealed = cipher.doFinal(plaintext);
            var b64 = Base64.getEncoder();
            return b64.encodeToString(Arrays.copyOf(sealed, sealed.length - TAG_LENGTH)) + "." + b64.encodeToString(iv) + "."
                    + b64.encodeToString(Arrays.copyOfRange(sealed, sealed.length - TAG_LENGTH, sealed.length));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK could not encrypt a license file", e);
        } finally {
            if (aesKey != null) {
                Arrays.fill(aesKey, (byte) 0);
            }
        }
    }

    private static String armor(String header) {
        String body = Base64.getEncoder().encodeToString(header.getBytes(StandardCharsets.UTF_8));
        var out = new StringBuilder(BEGIN).append('\n');
        for (int i = 0; i < body.length(); i += 64) {
            out.append(body, i, Math.min(body.length(), i + 64)).append('\n');
        }
        return out.append(END).append('\n').toString();
    }

    /** What the file encrypts: the key's state when issued, the instance it is bound to (if any), and its validity. */
    record LicenseDocument(Key licenseKey, Instance instance, Instant issued, Instant expiry) {

        record Key(String id, String status, Instant expiresAt, Integer activationsLimit) {}

        record Instance(String id, String name) {}
    }

    /** The armored file: the encrypted document, its signature, the algorithm and the signing key's id. */
    record Envelope(String enc, String sig, String alg, String kid) {}
}

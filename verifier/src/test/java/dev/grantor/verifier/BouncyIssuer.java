package dev.grantor.verifier;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * Makes signed keys, JWKS documents and license files the way the specification describes them, with
 * Bouncy Castle and hand-written JSON: a second implementation that shares no code with the verifier
 * (nor with the server), so the verifier is checked against the format, not against itself.
 */
final class BouncyIssuer {

    final String kid;
    private final Ed25519PrivateKeyParameters privateKey;

    BouncyIssuer(String kid, long seed) {
        this.kid = kid;
        var random = new SecureRandom();
        random.setSeed(seed);
        this.privateKey = new Ed25519PrivateKeyParameters(random);
    }

    String jwk() {
        return "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"use\":\"sig\",\"kid\":\"" + kid + "\",\"x\":\""
                + url(privateKey.generatePublicKey().getEncoded()) + "\"}";
    }

    static String jwks(BouncyIssuer... issuers) {
        var out = new StringBuilder("{\"keys\":[");
        for (int i = 0; i < issuers.length; i++) {
            out.append(i == 0 ? "" : ",").append(issuers[i].jwk());
        }
        return out.append("]}").toString();
    }

    static String payload(String kid, Instant issued, Instant expires, Integer limit) {
        return "{\"v\":1,\"kid\":\"" + kid + "\",\"lic\":\"lic_000000000000000000001\",\"ent\":\"ent_000000000000000000001\","
                + "\"bus\":\"bus_000000000000000000001\",\"iat\":" + issued.getEpochSecond() + ",\"exp\":"
                + (expires == null ? "null" : Long.toString(expires.getEpochSecond())) + ",\"lim\":" + limit + "}";
    }

    String key(Instant issued, Instant expires, Integer limit) {
        return signRaw(payload(kid, issued, expires, limit));
    }

    String signRaw(String payloadJson) {
        String signed = "key/" + url(payloadJson.getBytes(StandardCharsets.UTF_8));
        return signed + "." + url(sign(signed.getBytes(StandardCharsets.US_ASCII)));
    }

    byte[] sign(byte[] message) {
        var signer = new Ed25519Signer();
        signer.init(true, privateKey);
        signer.update(message, 0, message.length);
        return signer.generateSignature();
    }

    static String content(String instanceId, Instant issued, Instant expiry) {
        return "{\"license_key\":{\"id\":\"lic_000000000000000000001\",\"status\":\"active\",\"expires_at\":null,"
                + "\"activations_limit\":3},\"instance\":"
                + (instanceId == null ? "null" : "{\"id\":\"" + instanceId + "\",\"name\":\"laptop\"}")
                + ",\"issued\":\"" + issued + "\",\"expiry\":\"" + expiry + "\"}";
    }

    String file(String licenseKey, String instanceId, String contentJson) {
        byte[] secret = sha256((instanceId == null ? licenseKey : licenseKey + instanceId).getBytes(StandardCharsets.UTF_8));
        byte[] iv = new byte[12];
        new SecureRandom().nextBytes(iv);
        var gcm = GCMBlockCipher.newInstance(AESEngine.newInstance());
        gcm.init(true, new AEADParameters(new KeyParameter(secret), 128, iv));
        byte[] plain = contentJson.getBytes(StandardCharsets.UTF_8);
        byte[] sealed = new byte[gcm.getOutputSize(plain.length)];
        int n = gcm.processBytes(plain, 0, plain.length, sealed, 0);
        try {
            gcm.doFinal(sealed, n);
        } catch (org.bouncycastle.crypto.InvalidCipherTextException e) {
            throw new IllegalStateException(e);
        }
        byte[] ciphertext = java.util.Arrays.copyOf(sealed, sealed.length - 16);
        byte[] tag = java.util.Arrays.copyOfRange(sealed, sealed.length - 16, sealed.length);
        var b64 = Base64.getEncoder();
        String enc = b64.encodeToString(ciphertext) + "." + b64.encodeToString(iv) + "." + b64.encodeToString(tag);
        String sig = b64.encodeToString(sign(("license/" + enc).getBytes(StandardCharsets.UTF_8)));
        String document = "{\"enc\":\"" + enc + "\",\"sig\":\"" + sig + "\",\"alg\":\"aes-256-gcm+ed25519\",\"kid\":\"" + kid + "\"}";
        return armor(document);
    }

    static String armor(String document) {
        String body = Base64.getEncoder().encodeToString(document.getBytes(StandardCharsets.UTF_8));
        var out = new StringBuilder("-----BEGIN LICENSE FILE-----\n");
        for (int i = 0; i < body.length(); i += 64) {
            out.append(body, i, Math.min(body.length(), i + 64)).append('\n');
        }
        return out.append("-----END LICENSE FILE-----\n").toString();
    }

    private static byte[] sha256(byte[] input) {
        var digest = new SHA256Digest();
        digest.update(input, 0, input.length);
        byte[] out = new byte[32];
        digest.doFinal(out, 0);
        return out;
    }

    static String url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}

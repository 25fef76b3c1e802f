import dev.grantor.verifier.LicenseVerifier;
import dev.grantor.verifier.Verification;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An attacker's tries against the verifier with keys and files a running server made (probe.sh gives them):
 * {@code java -cp verifier/target/classes Attacks.java JWKS_FILE SIGNED_KEY FILE FILE_KEY RIVAL_KEY RIVAL_JWKS_FILE}.
 * Prints each try and its answer; a "VALID" line where a refusal is due is a finding.
 */
class Attacks {
    static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();
    static final Base64.Decoder URL_IN = Base64.getUrlDecoder();
    static final BigInteger ORDER = BigInteger.TWO.pow(252).add(new BigInteger("27742317777372353535851937790883648493"));

    public static void main(String[] args) throws Exception {
        String jwks = Files.readString(Path.of(args[0]));
        String key = args[1];
        String file = Files.readString(Path.of(args[2]));
        String fileKey = args[3];
        String rivalKey = args[4];
        String rivalJwks = Files.readString(Path.of(args[5]));
        var verifier = LicenseVerifier.of(jwks);
        Instant now = Instant.now();
        var tries = new LinkedHashMap<String, Verification<?>>();

        String payloadPart = key.substring(4, key.indexOf('.'));
        String signaturePart = key.substring(key.indexOf('.') + 1);
        String payload = new String(URL_IN.decode(payloadPart), StandardCharsets.UTF_8);
        String otherKid = verifier.kids().stream().filter(k -> !payload.contains(k)).findFirst().orElse("sk_none");

        tries.put("the server's key as it is", verifier.verify(key, now));
        tries.put("kid swapped to another trusted kid, signature kept", verifier.verify(
                "key/" + URL.encodeToString(payload.replaceFirst("\"kid\":\"[^\"]+\"", "\"kid\":\"" + otherKid + "\"").getBytes(StandardCharsets.UTF_8))
                        + "." + signaturePart, now));
        tries.put("lim raised to 1000, signature kept", verifier.verify(
                "key/" + URL.encodeToString(payload.replaceFirst("\"lim\":[^,}]+", "\"lim\":1000").getBytes(StandardCharsets.UTF_8)) + "." + signaturePart, now));
        tries.put("exp set to null, signature kept", verifier.verify(
                "key/" + URL.encodeToString(payload.replaceFirst("\"exp\":[^,}]+", "\"exp\":null").getBytes(StandardCharsets.UTF_8)) + "." + signaturePart, now));
        tries.put("the rival business's key against this JWKS", verifier.verify(rivalKey, now));
        String rivalPayload = new String(URL_IN.decode(rivalKey.substring(4, rivalKey.indexOf('.'))), StandardCharsets.UTF_8);
        String firstKid = verifier.kids().iterator().next();
        tries.put("the rival's payload naming this business's kid, the rival's signature", verifier.verify("key/"
                + URL.encodeToString(rivalPayload.replaceFirst("\"kid\":\"[^\"]+\"", "\"kid\":\"" + firstKid + "\"").getBytes(StandardCharsets.UTF_8))
                + rivalKey.substring(rivalKey.indexOf('.')), now));
        tries.put("the rival's key against a JWKS of both businesses (the application must check ent)",
                LicenseVerifier.of(both(jwks, rivalJwks)).verify(rivalKey, now));
        tries.put("a trailing A", verifier.verify(key + "A", now));
        tries.put("a trailing =", verifier.verify(key + "=", now));
        tries.put("a trailing .x", verifier.verify(key + ".x", now));
        tries.put("a trailing NUL", verifier.verify(key + "\0", now));
        tries.put("a trailing zero-width space", verifier.verify(key + "\u200b", now));
        tries.put("upper-case prefix KEY/", verifier.verify("KEY/" + key.substring(4), now));
        tries.put("payload in padded base64url", verifier.verify("key/" + payloadPart + "=".repeat((4 - payloadPart.length() % 4) % 4) + "." + signaturePart, now));
        tries.put("signature's last character's spare bits set", verifier.verify(key.substring(0, key.length() - 1) + bumped(key.charAt(key.length() - 1)), now));
        String standard = "key/" + Base64.getEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + signaturePart;
        tries.put("payload in standard base64 (+/)" + (standard.equals(key) ? " (the same text: this payload's base64 has no - or _)" : ""),
                verifier.verify(standard, now));
        tries.put("signature S + L (the malleable twin)", verifier.verify(key.substring(0, key.indexOf('.') + 1) + URL.encodeToString(malleated(URL_IN.decode(signaturePart))), now));
        tries.put("10 MB of key", verifier.verify("key/" + "A".repeat(10_000_000) + "." + signaturePart, now));
        String nested = "{\"kid\":\"" + otherKid + "\",\"x\":" + "[".repeat(100) + "]".repeat(100) + "}";
        tries.put("a payload nested 100 deep", verifier.verify("key/" + URL.encodeToString(nested.getBytes(StandardCharsets.UTF_8)) + "." + signaturePart, now));
        tries.put("a payload with kid twice", verifier.verify("key/" + URL.encodeToString(payload.replaceFirst("\\{", "{\"kid\":\"" + otherKid + "\",").getBytes(StandardCharsets.UTF_8)) + "." + signaturePart, now));

        String header = new String(Base64.getDecoder().decode(file.strip().lines().filter(l -> !l.startsWith("-----")).reduce("", String::concat)), StandardCharsets.UTF_8);
        tries.put("the server's file as it is", verifier.verifyFile(file, fileKey, now));
        tries.put("the file with the wrong key", verifier.verifyFile(file, fileKey + "x", now));
        tries.put("the file header with alg twice", verifier.verifyFile(armor(header.replaceFirst("\\{", "{\"alg\":\"none\",")), fileKey, now));
        tries.put("the file header with kid twice", verifier.verifyFile(armor(header.replaceFirst("\\{", "{\"kid\":\"" + otherKid + "\",")), fileKey, now));
        tries.put("the file header's kid swapped to another trusted kid", verifier.verifyFile(armor(header.replaceFirst("\"kid\":\"[^\"]+\"", "\"kid\":\"" + otherKid + "\"")), fileKey, now));
        tries.put("the file header's alg in upper case", verifier.verifyFile(armor(header.replace("aes-256-gcm+ed25519", "AES-256-GCM+ED25519")), fileKey, now));
        tries.put("the file header with an extra member exp", verifier.verifyFile(armor(header.replaceFirst("\\{", "{\"exp\":\"2999-01-01T00:00:00Z\",")), fileKey, now));
        tries.put("the file with CRLF lines", verifier.verifyFile(file.replace("\n", "\r\n"), fileKey, now));
        tries.put("the file with lines of 76", verifier.verifyFile(armor76(header), fileKey, now));
        tries.put("the file with a UTF-8 BOM", verifier.verifyFile("\ufeff" + file, fileKey, now));
        tries.put("the file with text after the END line", verifier.verifyFile(file + "trailing\n", fileKey, now));
        tries.put("the file 70,000 characters long", verifier.verifyFile(file + " ".repeat(70_000), fileKey, now));
        tries.put("the file's body nested 5,000 deep", verifier.verifyFile(armor("[".repeat(5000) + "]".repeat(5000)), fileKey, now));
        tries.put("the file's sig S + L", verifier.verifyFile(armor(header.replaceFirst("\"sig\":\"[^\"]+\"", "\"sig\":\""
                + Base64.getEncoder().encodeToString(malleated(Base64.getDecoder().decode(header.replaceFirst(".*\"sig\":\"([^\"]+)\".*", "$1")))) + "\"")), fileKey, now));

        for (var entry : tries.entrySet()) {
            String answer = String.valueOf(entry.getValue());
            System.out.println((entry.getValue().isValid() ? "VALID    " : "refused  ") + entry.getKey() + " -> "
                    + (answer.length() > 200 ? answer.substring(0, 200) + "..." : answer));
        }

        var jwksTries = new LinkedHashMap<String, String>();
        String jwk = jwks.substring(jwks.indexOf('[') + 1, jwks.indexOf('}') + 1);
        jwksTries.put("a JWK with a private member d", "{\"keys\":[" + jwk.replace("{", "{\"d\":\"" + URL.encodeToString(new byte[32]) + "\",") + "]}");
        jwksTries.put("a JWK with alg RS256", "{\"keys\":[" + jwk.replace("{", "{\"alg\":\"RS256\",") + "]}");
        jwksTries.put("a JWK with use enc", "{\"keys\":[" + jwk.replace("\"use\":\"sig\"", "\"use\":\"enc\"") + "]}");
        jwksTries.put("a JWK with key_ops [encrypt]", "{\"keys\":[" + jwk.replace("{", "{\"key_ops\":[\"encrypt\"],") + "]}");
        jwksTries.put("a JWK with kty twice", "{\"keys\":[" + jwk.replace("{", "{\"kty\":\"RSA\",") + "]}");
        jwksTries.put("a JWK whose x is padded", "{\"keys\":[" + jwk.replaceFirst("\"x\":\"([^\"]+)\"", "\"x\":\"$1=\"") + "]}");
        jwksTries.put("extra top-level members", "{\"issuer\":\"x\",\"keys\":[" + jwk + "]}");
        jwksTries.put("the keys twice", "{\"keys\":[],\"keys\":[" + jwk + "]}");
        jwksTries.put("no keys", "{\"keys\":[]}");
        jwksTries.put("crv ed25519 in lower case", "{\"keys\":[" + jwk.replace("Ed25519", "ed25519") + "]}");
        for (var entry : jwksTries.entrySet()) {
            String outcome;
            try {
                var v = LicenseVerifier.of(entry.getValue());
                outcome = "accepted, trusts " + v.kids() + "; the server's key: " + v.verify(key.contains(firstKid) ? key : key, now).getClass().getSimpleName();
            } catch (IllegalArgumentException e) {
                outcome = "refused: " + e.getMessage();
            }
            System.out.println("JWKS " + entry.getKey() + " -> " + outcome);
        }
    }

    static String both(String a, String b) {
        return "{\"keys\":[" + a.substring(a.indexOf('[') + 1, a.lastIndexOf(']')) + "," + b.substring(b.indexOf('[') + 1, b.lastIndexOf(']')) + "]}";
    }

    static char bumped(char last) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        return alphabet.charAt(alphabet.indexOf(last) ^ 1);
    }

    static byte[] malleated(byte[] signature) {
        byte[] s = new byte[32];
        for (int i = 0; i < 32; i++) {
            s[i] = signature[63 - i];
        }
        byte[] bigger = new BigInteger(1, s).add(ORDER).toByteArray();
        byte[] out = signature.clone();
        for (int i = 0; i < 32; i++) {
            out[32 + i] = i < bigger.length ? bigger[bigger.length - 1 - i] : 0;
        }
        return out;
    }

    static String armor(String document) {
        return lines(document, 64);
    }

    static String armor76(String document) {
        return lines(document, 76);
    }

    static String lines(String document, int width) {
        String body = Base64.getEncoder().encodeToString(document.getBytes(StandardCharsets.UTF_8));
        var out = new StringBuilder("-----BEGIN LICENSE FILE-----\n");
        for (int i = 0; i < body.length(); i += width) {
            out.append(body, i, Math.min(body.length(), i + width)).append('\n');
        }
        return out.append("-----END LICENSE FILE-----\n").toString();
    }
}

package dev.grantor.verifier.bench;

import dev.grantor.verifier.LicenseFile;
import dev.grantor.verifier.LicenseVerifier;
import dev.grantor.verifier.Verification;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * What one offline check costs a customer's application: a signed key verified against a JWKS of two
 * keys (parse, Ed25519 verify, payload read), a license file verified (armor, Ed25519 verify, SHA-256 of
 * the key, AES-256-GCM decryption, document read), and a JWKS parsed from scratch, the start-up cost.
 * The key and the file are made here with the JDK in the formats of docs/offline-verification.md.
 *
 * <p>Run (not part of {@code verify}; figures in docs/offline-verification.md, "Performance"):
 * <pre>
 * ./mvnw -B -q -pl verifier -am test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test
 * java -cp verifier/target/test-classes:verifier/target/classes:$(cat verifier/target/bench.cp) dev.grantor.verifier.bench.VerifyBenchmark
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class VerifyBenchmark {

    @State(Scope.Benchmark)
    public static class Keys {
        String jwks;
        LicenseVerifier verifier;
        String key;
        String file;
        final Instant now = Instant.parse("2026-06-01T00:00:00Z");

        @Setup
        public void setUp() throws Exception {
            KeyPair current = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            KeyPair previous = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            jwks = "{\"keys\":[" + jwk("sk_current", current) + "," + jwk("sk_previous", previous) + "]}";
            verifier = LicenseVerifier.of(jwks);
            String payload = "{\"v\":1,\"kid\":\"sk_current\",\"lic\":\"lic_0Q4bGbK8mX2r7hJ3kP9sT1v\",\"ent\":\"ent_0Q4bGbK8mX2r7hJ3kP9sT1v\","
                    + "\"bus\":\"bus_0Q4bGbK8mX2r7hJ3kP9sT1v\",\"iat\":1764633600,\"exp\":1796169600,\"lim\":3}";
            String signed = "key/" + url(payload.getBytes(StandardCharsets.UTF_8));
            var signer = Signature.getInstance("Ed25519");
            signer.initSign(current.getPrivate());
            signer.update(signed.getBytes(StandardCharsets.US_ASCII));
            key = signed + "." + url(signer.sign());
            file = file(key, current, "{\"license_key\":{\"id\":\"lic_0Q4bGbK8mX2r7hJ3kP9sT1v\",\"status\":\"active\","
                    + "\"expires_at\":\"2026-12-02T00:00:00.000Z\",\"activations_limit\":3},\"instance\":null,"
                    + "\"issued\":\"2026-05-31T00:00:00.000Z\",\"expiry\":\"2026-06-30T00:00:00.000Z\"}");
            if (!verifier.verify(key, now).isValid() || !verifier.verifyFile(file, key, now).isValid()) {
                throw new IllegalStateException("the benchmark's key or file does not verify");
            }
        }

        private static String file(String licenseKey, KeyPair signingKey, String content) throws Exception {
            byte[] secret = MessageDigest.getInstance("SHA-256").digest(licenseKey.getBytes(StandardCharsets.UTF_8));
            byte[] iv = new byte[12];
            new SecureRandom().nextBytes(iv);
            var gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(secret, "AES"), new GCMParameterSpec(128, iv));
            byte[] sealed = gcm.doFinal(content.getBytes(StandardCharsets.UTF_8));
            var b64 = Base64.getEncoder();
            String enc = b64.encodeToString(Arrays.copyOf(sealed, sealed.length - 16)) + "." + b64.encodeToString(iv) + "."
                    + b64.encodeToString(Arrays.copyOfRange(sealed, sealed.length - 16, sealed.length));
            var signer = Signature.getInstance("Ed25519");
            signer.initSign(signingKey.getPrivate());
            signer.update(("license/" + enc).getBytes(StandardCharsets.UTF_8));
            String document = "{\"enc\":\"" + enc + "\",\"sig\":\"" + b64.encodeToString(signer.sign())
                    + "\",\"alg\":\"aes-256-gcm+ed25519\",\"kid\":\"sk_current\"}";
            String body = b64.encodeToString(document.getBytes(StandardCharsets.UTF_8));
            var armored = new StringBuilder("-----BEGIN LICENSE FILE-----\n");
            for (int i = 0; i < body.length(); i += 64) {
                armored.append(body, i, Math.min(body.length(), i + 64)).append('\n');
            }
            return armored.append("-----END LICENSE FILE-----\n").toString();
        }

        private static String jwk(String kid, KeyPair pair) {
            byte[] spki = pair.getPublic().getEncoded();
            return "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"use\":\"sig\",\"kid\":\"" + kid + "\",\"x\":\""
                    + url(Arrays.copyOfRange(spki, spki.length - 32, spki.length)) + "\"}";
        }

        private static String url(byte[] bytes) {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        }
    }

    @Benchmark
    public Verification<?> verifySignedKey(Keys keys) {
        return keys.verifier.verify(keys.key, keys.now);
    }

    @Benchmark
    public Verification<LicenseFile> verifyLicenseFile(Keys keys) {
        return keys.verifier.verifyFile(keys.file, keys.key, keys.now);
    }

    @Benchmark
    public LicenseVerifier parseJwks(Keys keys) {
        return LicenseVerifier.of(keys.jwks);
    }

    public static void main(String[] args) throws RunnerException {
        new Runner(new OptionsBuilder().include(VerifyBenchmark.class.getSimpleName()).build()).run();
    }
}

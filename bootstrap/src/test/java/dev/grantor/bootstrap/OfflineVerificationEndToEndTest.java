package dev.grantor.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.grantor.application.outbox.RelayPolicy;
import dev.grantor.application.signing.PrivateKeySeal;
import dev.grantor.verifier.LicenseVerifier;
import dev.grantor.verifier.Verification;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Offline verification through the running service: a signed key issued over HTTP verifies with the
 * customers' verifier against the public JWKS, a license file too, rotation and deletion behave, and the
 * signing keys' private halves (the deleted one's too) appear in no log line at any level, no response body,
 * no error, no email and no metric, even when signing fails because the service was started with the wrong
 * key-encryption key.
 */
class OfflineVerificationEndToEndTest {

    @RegisterExtension
    final CapturedLogs logs = CapturedLogs.atEveryLevel();

    @TempDir
    Path dataDir;

    final List<String> bodies = new ArrayList<>();

    Http.Answer seen(Http.Answer answer) {
        bodies.add(answer.raw());
        return answer;
    }

    @Test
    void the_full_flow_verifies_offline_and_never_shows_a_private_key() throws Exception {
        byte[] kek = new byte[32];
        new SecureRandom().nextBytes(kek);
        var database = DatabaseSettings.embedded(dataDir).withSigningKeySeal(PrivateKeySeal.wrappingWith(kek));
        String token = ManualFulfillmentEndToEndTest.apiKeyFromTheCli(database);
        String file;
        String key;
        String metrics;
        var stored = new HashMap<String, String>();
        String entitlementId;
        try (var service = Service.start(ServiceSettings.local(database, MailSettings.pickupDirectory())
                .withRelayPolicy(RelayPolicy.defaults().withPollInterval(Duration.ofMillis(50))))) {
            var api = new Http(service.url(), token);
            var anonymous = api.anonymous();
            var entitlement = seen(api.post("/entitlements", Map.of("name", "Acme Offline", "integration_type", "license_key",
                    "integration_config", Map.of("key_format", "signed", "activations_limit", 2))));
            assertThat(entitlement.status()).as(entitlement.raw()).isEqualTo(200);
            assertThat(entitlement.body().path("integration_config").path("key_format").asText()).isEqualTo("signed");
            entitlementId = entitlement.text("id");
            var manualSigned = seen(api.post("/entitlements", Map.of("name", "Nope", "integration_type", "license_key",
                    "integration_config", Map.of("key_format", "signed", "fulfillment_mode", "manual"))));
            assertThat(manualSigned.status()).isEqualTo(422);
            assertThat(manualSigned.text("code")).isEqualTo("VALIDATION_FAILED");

            var issued = seen(api.post("/entitlements/" + entitlement.text("id") + "/grants",
                    Map.of("customer", Map.of("email", "ada@example.com"), "payment_id", "pay_offline_1")));
            assertThat(issued.status()).as(issued.raw()).isIn(200, 201);
            key = issued.body().path("license_key").path("key").asText();
            if (key.isEmpty()) {
                key = issued.body().findValue("key").asText();
            }
            String businessId = issued.text("business_id");
            assertThat(key).startsWith("key/");

            var jwks = seen(anonymous.get("/.well-known/grantor/keys/" + businessId));
            assertThat(jwks.status()).isEqualTo(200);
            Instant now = Instant.now();
            assertThat(LicenseVerifier.of(jwks.raw()).verify(key, now)).isInstanceOf(Verification.Valid.class);
            stored.putAll(storedSigningKeys());
            assertThat(stored).hasSize(1);
            var activated = seen(anonymous.post("/licenses/activate", Map.of("license_key", key, "name", "laptop")));
            assertThat(activated.status()).as(activated.raw()).isEqualTo(201);

            var checkOut = seen(anonymous.post("/licenses/check-out", Map.of("license_key", key, "ttl_seconds", 3600)));
            assertThat(checkOut.status()).as(checkOut.raw()).isEqualTo(200);
            file = checkOut.raw();
            assertThat(file).startsWith("-----BEGIN LICENSE FILE-----\n").endsWith("-----END LICENSE FILE-----\n");
            assertThat(LicenseVerifier.of(jwks.raw()).verifyFile(file, key, now)).isInstanceOf(Verification.Valid.class);
            var badTtl = seen(anonymous.post("/licenses/check-out", Map.of("license_key", key, "ttl_seconds", 60)));
            assertThat(badTtl.status()).isEqualTo(422);
            var unknown = seen(anonymous.post("/licenses/check-out", Map.of("license_key", "NOPE-NOPE")));
            assertThat(unknown.status()).isEqualTo(404);

            String oldKid = jwks.body().path("keys").get(0).path("kid").asText();
            var rotated = seen(api.post("/signing_keys/rotate", Map.of()));
            assertThat(rotated.status()).as(rotated.raw()).isEqualTo(200);
            assertThat(rotated.body().fieldNames()).toIterable().containsExactlyInAnyOrder("kty", "crv", "x", "kid", "use");
            var inUse = seen(api.delete("/signing_keys/" + rotated.text("kid")));
            assertThat(inUse.status()).isEqualTo(409);
            assertThat(inUse.text("code")).isEqualTo("SIGNING_KEY_IN_USE");
            var deleted = seen(api.delete("/signing_keys/" + oldKid));
            assertThat(deleted.status()).isEqualTo(200);
            var after = seen(anonymous.get("/.well-known/grantor/keys/" + businessId));
            assertThat(LicenseVerifier.of(after.raw()).verify(key, now)).isEqualTo(new Verification.UnknownKid<>(oldKid));
            assertThat(seen(api.get("/grants?page_size=10")).status()).isEqualTo(200);
            assertThat(seen(anonymous.post("/licenses/validate", Map.of("license_key", key))).body().path("valid").asBoolean()).isTrue();

            metrics = seen(anonymous.get("/metrics")).raw();
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> mails().size() == 1);
        }
        var current = storedSigningKeys();
        assertThat(current).hasSize(1).doesNotContainKeys(stored.keySet().toArray(String[]::new));
        stored.putAll(current);

        byte[] wrongKek = kek.clone();
        wrongKek[0] ^= 1;
        try (var service = Service.start(ServiceSettings.local(DatabaseSettings.embedded(dataDir).withSigningKeySeal(PrivateKeySeal.wrappingWith(wrongKek)),
                MailSettings.pickupDirectory()))) {
            var api = new Http(service.url(), token);
            int grants = api.get("/grants?page_size=100").body().path("items").size();
            var unsignable = seen(api.post("/entitlements/" + entitlementId + "/grants",
                    Map.of("customer", Map.of("email", "bob@example.com"), "payment_id", "pay_offline_2")));
            var noFile = seen(api.anonymous().post("/licenses/check-out", Map.of("license_key", key)));

            assertThat(unsignable.status()).as(unsignable.raw()).isEqualTo(500);
            assertThat(noFile.status()).as(noFile.raw()).isEqualTo(500);
            assertThat(api.get("/grants?page_size=100").body().path("items").size()).as("nothing half-written").isEqualTo(grants);
        }
        assertThat(logs.text()).as("the failed signing is logged, naming the key it could not open")
                .contains(current.keySet().iterator().next());

        var secrets = privateKeyForms(stored, kek);
        assertThat(secrets).hasSizeGreaterThan(10);
        var everything = new ArrayList<String>(bodies);
        everything.add(logs.text());
        everything.add(metrics);
        everything.addAll(mails());
        assertThat(logs.lines()).isPositive();
        for (String text : everything) {
            for (String secret : secrets) {
                assertThat(text).doesNotContain(secret);
            }
        }
    }

    private List<String> mails() {
        var directory = dataDir.resolve("mail");
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (var files = Files.list(directory)) {
            return files.filter(p -> p.toString().endsWith(".eml")).map(p -> {
                try {
                    return Files.readString(p);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The signing keys in the database, kid to stored (sealed) private key; read while the service runs too. */
    private Map<String, String> storedSigningKeys() throws Exception {
        var stored = new HashMap<String, String>();
        try (var connection = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve(DatabaseSettings.EMBEDDED_FILE));
             var rows = connection.createStatement().executeQuery("SELECT kid, sealed_private_key FROM signing_keys")) {
            while (rows.next()) {
                stored.put(rows.getString(1), rows.getString(2));
            }
        }
        return stored;
    }

    /**
     * Every form a leaked private key could take: the stored (wrapped) text, and for each key the PKCS#8
     * bytes and the 32-byte seed in base64, base64url and hex, whole and as the longest run a log line could
     * cut out of them.
     */
    private static List<String> privateKeyForms(Map<String, String> stored, byte[] kek) throws Exception {
        var forms = new ArrayList<String>();
        assertThat(stored).as("the deleted signing key and the current one").hasSize(2);
        for (var entry : stored.entrySet()) {
            String sealed = entry.getValue();
            assertThat(sealed).startsWith("aes-256-gcm:");
            forms.add(sealed);
            forms.add(sealed.substring(sealed.indexOf('.') + 1));
            String[] parts = sealed.substring("aes-256-gcm:".length()).split("\\.");
            var cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(kek, "AES"), new GCMParameterSpec(128, Base64.getDecoder().decode(parts[0])));
            cipher.updateAAD(entry.getKey().getBytes(StandardCharsets.UTF_8));
            byte[] pkcs8 = cipher.doFinal(Base64.getDecoder().decode(parts[1]));
            byte[] seed = Arrays.copyOfRange(pkcs8, pkcs8.length - 32, pkcs8.length);
            for (byte[] material : new byte[][] {pkcs8, seed}) {
                for (String encoded : new String[] {Base64.getEncoder().encodeToString(material),
                        Base64.getUrlEncoder().withoutPadding().encodeToString(material), HexFormat.of().formatHex(material)}) {
                    forms.add(encoded);
                    // a form cut short or padded differently still shares a long run with the whole
                    forms.add(encoded.substring(4, encoded.length() - 4));
                }
            }
            forms.add(Base64.getEncoder().encodeToString(kek));
        }
        return forms;
    }
}

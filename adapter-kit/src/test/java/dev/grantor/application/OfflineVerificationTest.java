package dev.grantor.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.grantor.application.memory.InMemoryStore;
import dev.grantor.application.memory.MutableClock;
import dev.grantor.application.memory.RecordingEventSink;
import dev.grantor.application.memory.RecordingMailer;
import dev.grantor.application.port.in.EntitlementCatalog.CreateEntitlement;
import dev.grantor.application.port.in.GrantFulfillment.RevokeGrant;
import dev.grantor.application.port.in.GrantView;
import dev.grantor.application.port.in.LicenseCheckOut.CheckOut;
import dev.grantor.application.port.in.LicenseKeyManagement.RotateLicenseKey;
import dev.grantor.application.port.in.LicenseKeyManagement.UpdateLicenseKey;
import dev.grantor.application.port.in.Licensing.ActivateLicense;
import dev.grantor.application.port.in.Licensing.ValidateLicense;
import dev.grantor.application.port.in.SigningKeyAdministration.PublicJwk;
import dev.grantor.application.signing.IndependentCheck;
import dev.grantor.application.signing.PrivateKeySeal;
import dev.grantor.application.wire.IntegrationConfigFields;
import dev.grantor.domain.entitlement.DurationInterval;
import dev.grantor.domain.entitlement.Entitlement;
import dev.grantor.domain.entitlement.IntegrationConfig.LicenseKeyConfig;
import dev.grantor.domain.entitlement.IntegrationType;
import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.ErrorCode;
import dev.grantor.domain.shared.GrantorError;
import dev.grantor.verifier.KeyPayload;
import dev.grantor.verifier.LicenseFile;
import dev.grantor.verifier.LicenseVerifier;
import dev.grantor.verifier.Verification;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Signed keys and license files made by the engine, checked by the customers' verifier and by Bouncy Castle. */
class OfflineVerificationTest {

    final EngineFixture engine = new EngineFixture();
    final Grantor grantor = engine.grantor;

    static LicenseKeyConfig signedConfig(Integer limit, Integer days) {
        var config = LicenseKeyConfig.auto().signed();
        config = limit == null ? config : config.withActivationsLimit(limit);
        return days == null ? config : config.withDuration(days, DurationInterval.DAY);
    }

    Entitlement signedEntitlement(Integer limit, Integer days) {
        return engine.entitlement(signedConfig(limit, days));
    }

    static String key(GrantView grant) {
        return grant.licenseKey().get().value().value();
    }

    String jwks(BusinessId business) {
        var keys = grantor.signingKeys().publicKeys(business.value()).get().keys();
        var out = new StringBuilder("{\"keys\":[");
        for (int i = 0; i < keys.size(); i++) {
            PublicJwk k = keys.get(i);
            out.append(i == 0 ? "" : ",").append("{\"kty\":\"").append(k.kty()).append("\",\"crv\":\"").append(k.crv())
                    .append("\",\"x\":\"").append(k.x()).append("\",\"kid\":\"").append(k.kid()).append("\",\"use\":\"")
                    .append(k.use()).append("\"}");
        }
        return out.append("]}").toString();
    }

    LicenseVerifier verifier() {
        return LicenseVerifier.of(jwks(engine.business));
    }

    @Nested
    class Signed_keys {

        @Test
        void a_signed_key_carries_its_license_and_verifies_with_the_verifier_module() {
            var entitlement = signedEntitlement(3, 30);
            var grant = engine.issue(entitlement);
            var licenseKey = grant.licenseKey().get();

            var answer = verifier().verify(key(grant), engine.clock.instant());

            var kid = grantor.signingKeys().publicKeys(engine.business.value()).get().keys().head().kid();
            assertThat(key(grant)).startsWith("key/").hasSizeGreaterThan(255);
            assertThat(answer).isEqualTo(new Verification.Valid<>(new KeyPayload(1, kid, licenseKey.id().value(),
                    entitlement.id().value(), engine.business.value(), Instant.ofEpochSecond(engine.clock.instant().getEpochSecond()),
                    Optional.of(Instant.ofEpochSecond(licenseKey.expiresAt().get().getEpochSecond())), OptionalInt.of(3))));
        }

        @Test
        void a_signed_key_verifies_independently_with_bouncy_castle() {
            var grant = engine.issue(signedEntitlement(null, null));
            var jwk = grantor.signingKeys().publicKeys(engine.business.value()).get().keys().head();

            String payload = IndependentCheck.signedKeyPayload(key(grant), jwk.x());

            // base64url without padding on both sides of the dot; an Ed25519 signature is 64 bytes, 86 characters
            assertThat(key(grant)).matches("key/[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]{86}");

            assertThat(payload).isEqualTo("{\"v\":1,\"kid\":\"" + jwk.kid() + "\",\"lic\":\"" + grant.licenseKey().get().id().value()
                    + "\",\"ent\":\"" + grant.grant().entitlementId().value() + "\",\"bus\":\"" + engine.business.value()
                    + "\",\"iat\":" + engine.clock.instant().getEpochSecond() + ",\"exp\":null,\"lim\":null}");
            assertThat(jwk).extracting(PublicJwk::kty, PublicJwk::crv, PublicJwk::use).containsExactly("OKP", "Ed25519", "sig");
        }

        @Test
        void random_keys_stay_the_default_and_make_no_signing_key() {
            var grant = engine.issue(engine.autoEntitlement());

            assertThat(key(grant)).doesNotStartWith("key/").hasSize(29);
            assertThat(grantor.signingKeys().publicKeys(engine.business.value()).get().keys()).isEmpty();
        }

        @Test
        void signed_is_refused_for_manual_entitlements_with_the_field_named() {
            var config = new LinkedHashMap<String, Object>(EngineFixture.licenseKeyConfig("manual", null));
            config.put("key_format", "signed");

            var result = IntegrationConfigFields.read(IntegrationType.LICENSE_KEY, config);

            assertThat(result.getLeft().code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
            assertThat(result.getLeft().message()).contains("integration_config.key_format");
            assertThatThrownBy(() -> LicenseKeyConfig.manual().signed()).as("nor can code build one")
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void a_signed_key_works_online_like_any_other_key() {
            var grant = engine.issue(signedEntitlement(1, null));

            var activation = grantor.licensing().activate(new ActivateLicense("  " + key(grant) + " ", "laptop"));

            assertThat(activation.isRight()).isTrue();
            assertThat(grantor.licensing().activate(new ActivateLicense(key(grant), "desktop")).getLeft().code())
                    .isEqualTo(ErrorCode.LICENSE_KEY_LIMIT_REACHED);
        }

        @Test
        void a_key_is_valid_until_its_expiry_and_expired_from_that_second_on() {
            var grant = engine.issue(signedEntitlement(null, 1));
            Instant expiry = Instant.ofEpochSecond(grant.licenseKey().get().expiresAt().get().getEpochSecond());
            var verifier = verifier();

            assertThat(expiry).isEqualTo(Instant.ofEpochSecond(engine.clock.instant().plus(Duration.ofDays(1)).getEpochSecond()));
            assertThat(verifier.verify(key(grant), expiry.minusNanos(1))).isInstanceOf(Verification.Valid.class);
            assertThat(verifier.verify(key(grant), expiry)).isInstanceOf(Verification.Expired.class);
        }

        @Test
        void every_byte_of_a_server_made_key_flipped_in_turn_is_rejected() {
            String key = key(engine.issue(signedEntitlement(2, 10)));
            var verifier = verifier();
            for (int i = 0; i < key.length(); i++) {
                for (int bit : new int[] {0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40}) {
                    String tampered = key.substring(0, i) + (char) (key.charAt(i) ^ bit) + key.substring(i + 1);
                    if (tampered.strip().equals(key)) {
                        continue;
                    }
                    assertThat(verifier.verify(tampered, engine.clock.instant())).as("char %d ^ %d", i, bit)
                            .isNotInstanceOf(Verification.Valid.class).isNotInstanceOf(Verification.Expired.class);
                }
            }
        }

        @Test
        void a_payload_re_signed_with_another_business_key_is_rejected() throws Exception {
            var other = grantor.access().createBusiness("Rival").get().id();
            var otherEntitlement = grantor.entitlements().create(other,
                    new CreateEntitlement("Rival Pro", signedConfig(null, null), null, null)).get();
            grantor.issuing().issue(other, otherEntitlement.id().value(), EngineFixture.issueTo("eve@example.com")).get();
            String genuine = key(engine.issue(signedEntitlement(null, null)));
            String signedPart = genuine.substring(0, genuine.indexOf('.'));

            var rivalKey = engine.store.signingKeys().current(other).get();
            var pkcs8 = Base64.getDecoder().decode(rivalKey.sealedPrivateKey().substring("pkcs8:".length()));
            var signer = Signature.getInstance("Ed25519");
            signer.initSign(KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(pkcs8)));
            signer.update(signedPart.getBytes(StandardCharsets.US_ASCII));
            String forged = signedPart + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signer.sign());

            assertThat(verifier().verify(forged, engine.clock.instant())).isEqualTo(new Verification.BadSignature<>());
            var bothBusinesses = LicenseVerifier.of(jwks(engine.business).replace("]}", "," + jwks(other).substring(9)));
            assertThat(bothBusinesses.verify(forged, engine.clock.instant())).isEqualTo(new Verification.BadSignature<>());
        }

        @Test
        void a_rotated_signed_key_is_signed_again_with_the_terms_it_has_now_and_the_current_signing_key() {
            var entitlement = signedEntitlement(3, 30);
            var grant = engine.issue(entitlement);
            var id = grant.licenseKey().get().id().value();
            grantor.licenseKeys().update(engine.business, id, new UpdateLicenseKey(5L, false, null, null, true)).get();
            var newKid = grantor.signingKeys().rotate(engine.business).get().kid();
            engine.clock.advance(Duration.ofHours(1));

            var rotated = grantor.licenseKeys().rotate(engine.business, "key_merchant", id, new RotateLicenseKey(null, null)).get();

            String value = rotated.licenseKey().value().value();
            assertThat(value).startsWith("key/").isNotEqualTo(key(grant));
            assertThat(verifier().verify(value, engine.clock.instant())).isEqualTo(new Verification.Valid<>(new KeyPayload(1,
                    newKid, id, entitlement.id().value(), engine.business.value(),
                    Instant.ofEpochSecond(engine.clock.instant().getEpochSecond()), Optional.empty(), OptionalInt.of(5))));
            assertThat(grantor.licensing().activate(new ActivateLicense(value, "laptop")).isRight()).isTrue();
        }

        @Test
        void a_signed_key_rotated_again_and_again_in_one_second_gets_a_new_value_each_time_and_none_comes_back() {
            var grant = engine.issue(signedEntitlement(2, 30));
            var id = grant.licenseKey().get().id().value();
            var values = new java.util.ArrayList<>(java.util.List.of(key(grant)));

            for (int i = 0; i < 3; i++) {
                values.add(grantor.licenseKeys().rotate(engine.business, "key_merchant", id, new RotateLicenseKey(null, null))
                        .get().licenseKey().value().value());
            }

            assertThat(values).doesNotHaveDuplicates();
            long second = engine.clock.instant().getEpochSecond();
            for (int i = 0; i < values.size(); i++) {
                var answer = verifier().verify(values.get(i), engine.clock.instant());
                assertThat(answer).isInstanceOf(Verification.Valid.class);
                assertThat(((Verification.Valid<KeyPayload>) answer).payload().issuedAt()).isEqualTo(Instant.ofEpochSecond(second + i));
                assertThat(grantor.licensing().validate(new ValidateLicense(values.get(i), null)).get()).isEqualTo(i == values.size() - 1);
            }
        }

        @Test
        void a_key_signed_with_a_deleted_signing_key_no_longer_verifies_but_one_signed_after_rotation_does() {
            var entitlement = signedEntitlement(null, null);
            String before = key(engine.issue(entitlement));
            String oldKid = grantor.signingKeys().publicKeys(engine.business.value()).get().keys().head().kid();

            var rotated = grantor.signingKeys().rotate(engine.business).get();
            String after = key(engine.issue(entitlement));
            assertThat(verifier().verify(before, engine.clock.instant())).isInstanceOf(Verification.Valid.class);
            assertThat(grantor.signingKeys().delete(engine.business, rotated.kid()).getLeft().code())
                    .isEqualTo(ErrorCode.SIGNING_KEY_IN_USE);
            assertThat(grantor.signingKeys().delete(engine.business, oldKid).get()).isTrue();

            assertThat(verifier().verify(before, engine.clock.instant())).isEqualTo(new Verification.UnknownKid<>(oldKid));
            assertThat(verifier().verify(after, engine.clock.instant())).isInstanceOf(Verification.Valid.class);
            assertThat(grantor.signingKeys().delete(engine.business, oldKid).getLeft().code()).isEqualTo(ErrorCode.NOT_FOUND);
            assertThat(grantor.signingKeys().publicKeys("bus_unknown").getLeft().code()).isEqualTo(ErrorCode.NOT_FOUND);
        }

        @Test
        void racing_first_signed_issues_of_a_business_share_one_signing_key_and_all_verify() throws Exception {
            var entitlement = signedEntitlement(null, null);
            var keys = ConcurrentHashMap.<String>newKeySet();
            var pool = Executors.newFixedThreadPool(8);
            for (int i = 0; i < 16; i++) {
                int n = i;
                pool.submit(() -> keys.add(key(grantor.issuing().issue(engine.business, entitlement.id().value(),
                        EngineFixture.issueTo("buyer" + n + "@example.com")).get().grant())));
            }
            pool.shutdown();
            assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

            assertThat(keys).hasSize(16);
            assertThat(engine.store.signingKeys().all(engine.business)).hasSize(1);
            var verifier = verifier();
            assertThat(keys).allMatch(k -> verifier.verify(k, engine.clock.instant()).isValid());
        }
    }

    @Nested
    class License_files {

        @Test
        void a_file_for_a_random_key_verifies_with_the_verifier_and_by_hand_decryption() throws Exception {
            var grant = engine.issue(engine.autoEntitlement());
            var licenseKey = grant.licenseKey().get();

            String file = grantor.licenseFiles().checkOut(new CheckOut(key(grant), null, null)).get();

            Instant now = engine.clock.instant();
            var answer = verifier().verifyFile(file, key(grant), now);
            assertThat(answer).isInstanceOfSatisfying(Verification.Valid.class, valid -> assertThat(valid.payload()).isEqualTo(
                    new LicenseFile(licenseKey.id().value(), "active", Optional.empty(), OptionalInt.of(5), Optional.empty(),
                            Optional.empty(), now.truncatedTo(java.time.temporal.ChronoUnit.MILLIS),
                            now.plus(Duration.ofDays(30)).truncatedTo(java.time.temporal.ChronoUnit.MILLIS))));
            assertThat(file.lines().skip(1).takeWhile(l -> !l.startsWith("-----")).allMatch(l -> l.length() <= 64)).isTrue();

            String header = IndependentCheck.fileHeader(file);
            var jwk = grantor.signingKeys().publicKeys(engine.business.value()).get().keys().head();
            String enc = IndependentCheck.member(header, "enc");
            assertThat(IndependentCheck.member(header, "alg")).isEqualTo("aes-256-gcm+ed25519");
            assertThat(IndependentCheck.member(header, "kid")).isEqualTo(jwk.kid());
            assertThat(IndependentCheck.ed25519(jwk.x(), ("license/" + enc).getBytes(StandardCharsets.UTF_8),
                    Base64.getDecoder().decode(IndependentCheck.member(header, "sig")))).isTrue();
            assertThat(IndependentCheck.decrypt(enc, key(grant), null))
                    .startsWith("{\"license_key\":{\"id\":\"" + licenseKey.id().value() + "\",\"status\":\"active\"")
                    .contains("\"instance\":null");
        }

        @Test
        void a_file_for_an_instance_opens_only_with_that_instance_and_names_it() throws Exception {
            var grant = engine.issue(signedEntitlement(null, null));
            var instance = grantor.licensing().activate(new ActivateLicense(key(grant), "laptop")).get().instance();

            String file = grantor.licenseFiles().checkOut(new CheckOut(key(grant), instance.id().value(), 3_600L)).get();

            assertThat(verifier().verifyFile(file, key(grant), instance.id().value(), engine.clock.instant()))
                    .isInstanceOfSatisfying(Verification.Valid.class,
                            valid -> assertThat(((LicenseFile) valid.payload()).instanceName()).contains("laptop"));
            assertThat(verifier().verifyFile(file, key(grant), engine.clock.instant())).isInstanceOf(Verification.Malformed.class);
            assertThat(IndependentCheck.decrypt(IndependentCheck.member(IndependentCheck.fileHeader(file), "enc"), key(grant),
                    instance.id().value())).contains("\"name\":\"laptop\"");
            assertThat(grantor.licenseFiles().checkOut(new CheckOut(key(grant), "lki_000000000000000000000", null)).getLeft().code())
                    .isEqualTo(ErrorCode.LICENSE_KEY_NOT_FOUND);
        }

        @Test
        void the_ttl_is_bounded_at_both_edges_and_the_file_expires_exactly_then() {
            String key = key(engine.issue(engine.autoEntitlement()));
            for (long refused : new long[] {3_599L, 31_536_001L, 0L, -1L}) {
                var error = grantor.licenseFiles().checkOut(new CheckOut(key, null, refused)).getLeft();
                assertThat(error.code()).as("%d", refused).isEqualTo(ErrorCode.VALIDATION_FAILED);
                assertThat(error.message()).contains("ttlSeconds");
            }
            Instant now = engine.clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
            engine.clock.set(now);
            for (long accepted : new long[] {3_600L, 31_536_000L}) {
                String file = grantor.licenseFiles().checkOut(new CheckOut(key, null, accepted)).get();
                Instant expiry = now.plusSeconds(accepted);
                assertThat(verifier().verifyFile(file, key, expiry.minusMillis(1))).isInstanceOf(Verification.Valid.class);
                assertThat(verifier().verifyFile(file, key, expiry)).isInstanceOf(Verification.Expired.class);
            }
        }

        @Test
        void a_file_never_outlives_its_key() {
            var grant = engine.issue(engine.entitlement(signedConfig(null, 2)));
            Instant keyExpiry = grant.licenseKey().get().expiresAt().get();

            String file = grantor.licenseFiles().checkOut(new CheckOut(key(grant), null, 31_536_000L)).get();

            assertThat(verifier().verifyFile(file, key(grant), engine.clock.instant())).isInstanceOfSatisfying(
                    Verification.Valid.class, valid -> assertThat(((LicenseFile) valid.payload()).expiry())
                            .isEqualTo(keyExpiry.truncatedTo(java.time.temporal.ChronoUnit.MILLIS)));
        }

        @Test
        void revoked_expired_or_unknown_keys_get_no_file_and_the_errors_activation_gives() {
            var revoked = engine.issue(engine.autoEntitlement());
            grantor.fulfillment().revoke(engine.business, revoked.grant().id().value(),
                    new RevokeGrant(revoked.grant().entitlementId().value(), null)).get();
            var expiring = engine.issue(engine.entitlement(signedConfig(null, 1)));

            assertThat(grantor.licenseFiles().checkOut(new CheckOut(key(revoked), null, null)).getLeft())
                    .isEqualTo(grantor.licensing().activate(new ActivateLicense(key(revoked), "x")).getLeft())
                    .extracting(GrantorError::code).isEqualTo(ErrorCode.INACTIVE_LICENSE_KEY);
            engine.clock.advance(Duration.ofDays(1));
            assertThat(grantor.licenseFiles().checkOut(new CheckOut(key(expiring), null, null)).getLeft())
                    .isEqualTo(new GrantorError.InactiveLicenseKey("expired"));
            assertThat(grantor.licenseFiles().checkOut(new CheckOut("NO-SUCH-KEY", null, null)).getLeft().code())
                    .isEqualTo(ErrorCode.LICENSE_KEY_NOT_FOUND);
            assertThat(grantor.licenseFiles().checkOut(new CheckOut(" ", null, null)).getLeft().code())
                    .isEqualTo(ErrorCode.INVALID_REQUEST);
            assertThat(grantor.licenseFiles().checkOut(null).getLeft().code()).isEqualTo(ErrorCode.INVALID_REQUEST);
        }

        @Test
        void a_key_the_merchant_disables_gets_no_file_and_gets_one_again_once_enabled() {
            var grant = engine.issue(signedEntitlement(2, null));
            String id = grant.licenseKey().get().id().value();

            grantor.licenseKeys().update(engine.business, id, new UpdateLicenseKey(null, false, true, null, false)).get();
            var refused = grantor.licenseFiles().checkOut(new CheckOut(key(grant), null, null));
            grantor.licenseKeys().update(engine.business, id, new UpdateLicenseKey(null, false, false, null, false)).get();
            var file = grantor.licenseFiles().checkOut(new CheckOut(key(grant), null, null));

            assertThat(refused.getLeft()).isEqualTo(new GrantorError.InactiveLicenseKey("disabled"));
            assertThat(verifier().verifyFile(file.get(), key(grant), engine.clock.instant())).isInstanceOf(Verification.Valid.class);
        }

        @Test
        void each_file_has_a_fresh_iv_so_two_files_of_one_key_share_no_ciphertext() {
            String key = key(engine.issue(engine.autoEntitlement()));

            String first = IndependentCheck.member(IndependentCheck.fileHeader(grantor.licenseFiles().checkOut(new CheckOut(key, null, null)).get()), "enc");
            String second = IndependentCheck.member(IndependentCheck.fileHeader(grantor.licenseFiles().checkOut(new CheckOut(key, null, null)).get()), "enc");

            assertThat(first.split("\\.")[1]).isNotEqualTo(second.split("\\.")[1]);
            assertThat(Base64.getDecoder().decode(first.split("\\.")[1])).hasSize(12);
            assertThat(first.split("\\.")[0]).isNotEqualTo(second.split("\\.")[0]);
        }

        @Test
        void a_file_re_signed_with_another_business_key_or_signed_with_a_deleted_key_is_rejected() throws Exception {
            var other = grantor.access().createBusiness("Rival").get().id();
            var otherEntitlement = grantor.entitlements().create(other,
                    new CreateEntitlement("Rival Pro", signedConfig(null, null), null, null)).get();
            grantor.issuing().issue(other, otherEntitlement.id().value(), EngineFixture.issueTo("eve@example.com")).get();
            String key = key(engine.issue(engine.autoEntitlement()));
            String file = grantor.licenseFiles().checkOut(new CheckOut(key, null, null)).get();
            String header = IndependentCheck.fileHeader(file);
            String enc = IndependentCheck.member(header, "enc");

            var rivalKey = engine.store.signingKeys().current(other).get();
            var signer = Signature.getInstance("Ed25519");
            signer.initSign(KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(
                    Base64.getDecoder().decode(rivalKey.sealedPrivateKey().substring("pkcs8:".length())))));
            signer.update(("license/" + enc).getBytes(StandardCharsets.UTF_8));
            String forged = armor(header.replace(IndependentCheck.member(header, "sig"), Base64.getEncoder().encodeToString(signer.sign())));

            assertThat(verifier().verifyFile(forged, key, engine.clock.instant())).isEqualTo(new Verification.BadSignature<>());
            var bothBusinesses = LicenseVerifier.of(jwks(engine.business).replace("]}", "," + jwks(other).substring(9)));
            assertThat(bothBusinesses.verifyFile(forged, key, engine.clock.instant())).isEqualTo(new Verification.BadSignature<>());

            String oldKid = IndependentCheck.member(header, "kid");
            grantor.signingKeys().rotate(engine.business).get();
            assertThat(verifier().verifyFile(file, key, engine.clock.instant())).isInstanceOf(Verification.Valid.class);
            assertThat(grantor.signingKeys().delete(engine.business, oldKid).get()).isTrue();
            assertThat(verifier().verifyFile(file, key, engine.clock.instant())).isEqualTo(new Verification.UnknownKid<>(oldKid));
            assertThat(verifier().verifyFile(grantor.licenseFiles().checkOut(new CheckOut(key, null, null)).get(), key,
                    engine.clock.instant())).isInstanceOf(Verification.Valid.class);
        }

        /** The armor of the specification, written here: base64 of the document in lines of 64. */
        static String armor(String document) {
            String body = Base64.getEncoder().encodeToString(document.getBytes(StandardCharsets.UTF_8));
            var out = new StringBuilder("-----BEGIN LICENSE FILE-----\n");
            for (int i = 0; i < body.length(); i += 64) {
                out.append(body, i, Math.min(body.length(), i + 64)).append('\n');
            }
            return out.append("-----END LICENSE FILE-----\n").toString();
        }

        @Test
        void every_byte_of_a_server_made_file_flipped_in_turn_is_rejected() {
            var grant = engine.issue(engine.autoEntitlement());
            String file = grantor.licenseFiles().checkOut(new CheckOut(key(grant), null, null)).get();
            var verifier = verifier();
            for (int i = 0; i < file.length(); i++) {
                for (int bit : new int[] {0x01, 0x04, 0x20}) {
                    String tampered = file.substring(0, i) + (char) (file.charAt(i) ^ bit) + file.substring(i + 1);
                    if (tampered.strip().equals(file.strip())) {
                        continue;
                    }
                    assertThat(verifier.verifyFile(tampered, key(grant), engine.clock.instant())).as("char %d ^ %d", i, bit)
                            .isNotInstanceOf(Verification.Valid.class).isNotInstanceOf(Verification.Expired.class);
                }
            }
        }
    }

    @Nested
    class Private_keys {

        static final byte[] KEK = new byte[32];

        static {
            new java.security.SecureRandom().nextBytes(KEK);
        }

        Grantor engineWith(InMemoryStore store, PrivateKeySeal seal) {
            return Grantor.builder().storage(EngineFixture.storage(store)).mailer(new RecordingMailer())
                    .eventSink(new RecordingEventSink()).clock(new MutableClock()).signingKeySeal(seal).build();
        }

        @Test
        void with_a_key_encryption_key_the_private_key_is_stored_wrapped_and_opens_only_under_that_key() {
            var store = new InMemoryStore();
            var wrapped = engineWith(store, PrivateKeySeal.wrappingWith(KEK));
            var business = wrapped.access().createBusiness("Acme").get().id();
            var entitlement = wrapped.entitlements().create(business,
                    new CreateEntitlement("Pro", signedConfig(null, null), null, null)).get();
            wrapped.issuing().issue(business, entitlement.id().value(), EngineFixture.issueTo("a@example.com")).get();

            var stored = store.signingKeys().current(business).get();
            assertThat(stored.sealedPrivateKey()).startsWith("aes-256-gcm:").doesNotContain("MC4CAQAwBQYDK2Vw");
            var wrongKek = KEK.clone();
            wrongKek[0] ^= 1;
            for (var other : new Grantor[] {engineWith(store, PrivateKeySeal.wrappingWith(wrongKek)), engineWith(store, PrivateKeySeal.unwrapped())}) {
                assertThatThrownBy(() -> other.issuing().issue(business, entitlement.id().value(), EngineFixture.issueTo("b@example.com")))
                        .isInstanceOf(IllegalStateException.class).hasMessageContaining(stored.kid())
                        .hasMessageNotContaining(stored.sealedPrivateKey());
            }
            var sameKek = engineWith(store, PrivateKeySeal.wrappingWith(KEK.clone()));
            assertThat(sameKek.issuing().issue(business, entitlement.id().value(), EngineFixture.issueTo("c@example.com")).isRight()).isTrue();
        }

        @Test
        void a_key_encryption_key_must_be_32_bytes() {
            for (byte[] kek : new byte[][] {null, new byte[16], new byte[31], new byte[33]}) {
                assertThatThrownBy(() -> PrivateKeySeal.wrappingWith(kek)).isInstanceOf(IllegalArgumentException.class);
            }
        }
    }
}

package dev.grantor.verifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.instancio.Select.all;

import dev.grantor.hostile.HostileText;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import org.instancio.Instancio;
import org.instancio.Random;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class LicenseVerifierTest {

    static final long SEED = 20261202L;
    static final Instant ISSUED = Instant.parse("2026-12-01T10:00:00Z");
    static final Instant EXPIRES = Instant.parse("2027-12-01T10:00:00Z");

    final BouncyIssuer business = new BouncyIssuer("sk_one", 1);
    final BouncyIssuer other = new BouncyIssuer("sk_two", 2);
    final LicenseVerifier verifier = LicenseVerifier.of(BouncyIssuer.jwks(business));

    @Nested
    class Signed_keys {

        @Test
        void a_key_signed_by_a_key_of_the_jwks_is_valid_with_its_payload() {
            var answer = verifier.verify(business.key(ISSUED, EXPIRES, 3), ISSUED);

            assertThat(answer).isEqualTo(new Verification.Valid<>(new KeyPayload(1, "sk_one", "lic_000000000000000000001",
                    "ent_000000000000000000001", "bus_000000000000000000001", ISSUED, Optional.of(EXPIRES), OptionalInt.of(3))));
            assertThat(answer.isValid()).isTrue();
        }

        @Test
        void a_key_without_expiry_or_limit_stays_valid_far_ahead_and_white_space_around_it_is_ignored() {
            var answer = verifier.verify("  " + business.key(ISSUED, null, null) + "\n", Instant.parse("2999-01-01T00:00:00Z"));

            assertThat(answer).isInstanceOfSatisfying(Verification.Valid.class, valid -> {
                var payload = (KeyPayload) valid.payload();
                assertThat(payload.expiresAt()).isEmpty();
                assertThat(payload.activationsLimit()).isEmpty();
            });
        }

        @Test
        void a_key_is_valid_until_the_second_before_its_expiry_and_expired_at_it() {
            String key = business.key(ISSUED, EXPIRES, null);

            assertThat(verifier.verify(key, EXPIRES.minusNanos(1))).isInstanceOf(Verification.Valid.class);
            assertThat(verifier.verify(key, EXPIRES)).isInstanceOfSatisfying(Verification.Expired.class,
                    expired -> assertThat(((KeyPayload) expired.payload()).expiresAt()).contains(EXPIRES));
            assertThat(verifier.verify(key, EXPIRES.plusSeconds(1))).isInstanceOf(Verification.Expired.class);
        }

        @Test
        void a_key_of_a_kid_the_jwks_does_not_hold_is_an_unknown_kid() {
            assertThat(verifier.verify(other.key(ISSUED, null, null), ISSUED)).isEqualTo(new Verification.UnknownKid<>("sk_two"));
        }

        @Test
        void a_payload_re_signed_with_another_key_under_the_trusted_kid_is_a_bad_signature() {
            var forger = new BouncyIssuer("sk_one", 99);

            assertThat(verifier.verify(forger.key(ISSUED, null, null), ISSUED)).isEqualTo(new Verification.BadSignature<>());
        }

        @Test
        void every_byte_of_a_key_changed_in_turn_is_never_valid_and_never_throws() {
            String key = business.key(ISSUED, EXPIRES, 5);
            var random = new java.util.Random(SEED);
            for (int i = 0; i < key.length(); i++) {
                for (char replacement : new char[] {(char) (key.charAt(i) ^ 1), (char) (key.charAt(i) ^ 0x20),
                        (char) ('A' + random.nextInt(26)), '=', '.', ' '}) {
                    if (replacement == key.charAt(i)) {
                        continue;
                    }
                    String tampered = key.substring(0, i) + replacement + key.substring(i + 1);
                    if (tampered.strip().equals(key)) {
                        continue;
                    }
                    var answer = verifier.verify(tampered, ISSUED);
                    assertThat(answer).as("byte %d as %s", i, replacement).isNotInstanceOf(Verification.Valid.class)
                            .isNotInstanceOf(Verification.Expired.class);
                }
            }
        }

        @Test
        void keys_that_are_not_signed_keys_are_malformed_with_a_reason() {
            String good = business.key(ISSUED, null, null);
            String payloadPart = good.substring(0, good.indexOf('.'));
            for (String key : new String[] {null, "", "7K2QF-M9XDA-0RTZ4-HB8WN-C3VPE", "key/", "key/.", "key/abc",
                    good + ".x", good + "=", payloadPart + ".", "key/" + "A".repeat(5000) + ".x",
                    business.signRaw("not json"), business.signRaw("[1,2]"), business.signRaw("{\"kid\":5}")}) {
                assertThat(verifier.verify(key, ISSUED)).as(String.valueOf(key)).isInstanceOf(Verification.Malformed.class);
            }
        }

        @Test
        void a_signed_payload_of_the_wrong_shape_is_malformed_not_valid() {
            for (String payload : new String[] {
                    "{\"v\":2,\"kid\":\"sk_one\",\"lic\":\"l\",\"ent\":\"e\",\"bus\":\"b\",\"iat\":1,\"exp\":null,\"lim\":null}",
                    "{\"v\":1,\"kid\":\"sk_one\",\"lic\":\"l\",\"ent\":\"e\",\"bus\":\"b\",\"iat\":1,\"exp\":null}",
                    "{\"v\":1,\"kid\":\"sk_one\",\"lic\":\"l\",\"ent\":\"e\",\"bus\":\"b\",\"iat\":1,\"exp\":null,\"lim\":0}",
                    "{\"v\":1,\"kid\":\"sk_one\",\"lic\":\"l\",\"ent\":\"e\",\"bus\":\"b\",\"iat\":-1,\"exp\":null,\"lim\":null}",
                    "{\"v\":1,\"kid\":\"sk_one\",\"lic\":\"l\",\"ent\":\"e\",\"bus\":\"b\",\"iat\":1,\"exp\":\"soon\",\"lim\":null}",
                    "{\"v\":1,\"kid\":\"sk_one\",\"lic\":\"\",\"ent\":\"e\",\"bus\":\"b\",\"iat\":1,\"exp\":null,\"lim\":null}",
                    "{\"v\":1,\"kid\":\"sk_one\",\"lic\":\"l\",\"ent\":\"e\",\"bus\":\"b\",\"iat\":1,\"exp\":null,\"lim\":null,\"admin\":true}",
                    "{\"v\":1,\"kid\":\"sk_one\",\"kid\":\"sk_one\",\"lic\":\"l\",\"ent\":\"e\",\"bus\":\"b\",\"iat\":1,\"exp\":null,\"lim\":null}"}) {
                assertThat(verifier.verify(business.signRaw(payload), ISSUED)).as(payload).isInstanceOf(Verification.Malformed.class);
            }
        }

        @Test
        void generated_hostile_keys_are_never_valid_and_never_throw() {
            var candidates = Instancio.ofList(String.class).size(4000)
                    .supply(all(String.class), random -> hostileKey(random, business.key(ISSUED, null, null)))
                    .withSeed(SEED).create();

            for (String candidate : candidates) {
                if (sameButForWhiteSpace(candidate, business.key(ISSUED, null, null))) {
                    continue;
                }
                assertThat(verifier.verify(candidate, ISSUED)).as(candidate).isNotInstanceOf(Verification.Valid.class);
            }
        }
    }

    /**
     * Numbers with huge exponents, most past what a decimal can hold, wherever hostile text is parsed before any
     * signature is checked: a key's payload, a file's header, a JWKS. Never valid, never an exception but the documented one.
     */
    @Test
    void generated_numbers_with_huge_exponents_are_refused_not_thrown() {
        var numbers = Instancio.ofList(String.class).size(300)
                .supply(all(String.class), random -> random.oneOf("", "-") + random.intRange(0, 9)
                        + random.oneOf("", "." + random.digits(random.intRange(1, 5))) + random.oneOf("e", "E")
                        + random.oneOf("", "+", "-") + random.oneOf("2147483648", "9".repeat(random.intRange(11, 80)),
                        String.valueOf(random.longRange(Integer.MAX_VALUE + 1L, Long.MAX_VALUE))))
                .withSeed(SEED).create();
        var url = java.util.Base64.getUrlEncoder().withoutPadding();

        for (String number : numbers) {
            String payload = "{\"v\":1,\"kid\":\"sk_one\",\"n\":" + number + "}";
            String key = "key/" + url.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + url.encodeToString(new byte[64]);
            assertThat(verifier.verify(key, ISSUED)).as(key).isInstanceOfAny(Verification.Malformed.class, Verification.BadSignature.class);

            String header = "{\"enc\":\"a\",\"sig\":\"b\",\"alg\":\"aes-256-gcm+ed25519\",\"kid\":\"sk_one\",\"n\":" + number + "}";
            assertThat(verifier.verifyFile(BouncyIssuer.armor(header), "7K2QF", ISSUED)).as(header)
                    .isInstanceOf(Verification.Malformed.class);

            try {
                assertThat(LicenseVerifier.of("{\"keys\":[],\"n\":" + number + "}").kids()).isEmpty();
            } catch (IllegalArgumentException refused) {
                assertThat(refused).as(number).hasMessageStartingWith("not a usable JWKS");
            }
        }
    }

    /**
     * A key copied out of an HTML email or a PDF often ends in a no-break space; the server trims every Unicode space
     * around a key it is given (activation, check-out), so the verifier must open what the server answered for it.
     */
    @Test
    void a_key_and_its_file_are_checked_with_the_unicode_spaces_around_the_key_trimmed_as_the_server_trims_them() {
        String key = business.key(ISSUED, EXPIRES, 3);
        String file = business.file(key, null, BouncyIssuer.content(null, ISSUED, EXPIRES));

        for (String space : new String[] {"\u00a0", "\u2007", "\u202f", "\u3000", " \u00a0\t"}) {
            String entered = space + key + space;
            assertThat(verifier.verify(entered, ISSUED)).as("%04x", (int) space.charAt(0)).isInstanceOf(Verification.Valid.class);
            assertThat(verifier.verifyFile(file, entered, ISSUED)).as("%04x", (int) space.charAt(0))
                    .isInstanceOf(Verification.Valid.class);
        }
    }

    /**
     * What an answer says of unsigned input (a kid, a member name, unexpected or repeated) ends up in the application's log when it logs a
     * refusal: generated hostile text there must not come back with line breaks or escape codes that forge log lines,
     * nor at a length that floods the log.
     */
    @Test
    void unsigned_hostile_text_never_comes_back_in_an_answer_with_control_characters_or_at_length() {
        var texts = Instancio.ofList(String.class).size(1500)
                .supply(all(String.class), random -> random.oneOf("sk_one", "") + HostileText.of(random)
                        + random.oneOf("", "\n2026-12-05T04:00:00Z INFO license accepted", "\u001b[2J", "x".repeat(3000)))
                .withSeed(SEED).create();
        var url = java.util.Base64.getUrlEncoder().withoutPadding();

        for (String text : texts) {
            String payload = "{\"v\":1,\"kid\":" + jsonString(text) + "}";
            String key = "key/" + url.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + url.encodeToString(new byte[64]);
            String header = "{\"enc\":\"a\",\"sig\":\"b\",\"alg\":\"aes-256-gcm+ed25519\",\"kid\":\"sk_one\","
                    + jsonString(text + "!") + ":1}";
            String otherKid = "{\"enc\":\"a.b.c\",\"sig\":\"" + java.util.Base64.getEncoder().encodeToString(new byte[64])
                    + "\",\"alg\":\"aes-256-gcm+ed25519\",\"kid\":" + jsonString(text) + "}";
            String twice = jsonString(text + "!") + ":1," + jsonString(text + "!") + ":2";
            String repeatedInKey = "key/" + url.encodeToString(("{\"v\":1," + twice + "}").getBytes(StandardCharsets.UTF_8))
                    + "." + url.encodeToString(new byte[64]);
            String repeatedInFile = "{\"enc\":\"a\"," + twice + "}";
            for (var answer : java.util.List.of(verifier.verify(key, ISSUED), verifier.verifyFile(BouncyIssuer.armor(header), "K", ISSUED),
                    verifier.verifyFile(BouncyIssuer.armor(otherKid), "K", ISSUED), verifier.verify(repeatedInKey, ISSUED),
                    verifier.verifyFile(BouncyIssuer.armor(repeatedInFile), "K", ISSUED))) {
                String shown = answer.toString();
                assertThat(answer.isValid()).isFalse();
                assertThat(shown.chars().noneMatch(Character::isISOControl)).as(shown).isTrue();
                assertThat(shown.length()).as(shown).isLessThan(300);
            }
        }
    }

    /** {@code text} as a JSON string, everything outside printable ASCII escaped. */
    static String jsonString(String text) {
        var out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7e) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    @Nested
    class License_files {

        static final String KEY = "7K2QF-M9XDA-0RTZ4-HB8WN-C3VPE";
        static final String INSTANCE = "lki_000000000000000000001";
        final Instant expiry = ISSUED.plus(Duration.ofDays(30));

        @Test
        void a_file_for_the_key_alone_opens_with_the_key_and_is_valid_until_its_expiry() {
            String file = business.file(KEY, null, BouncyIssuer.content(null, ISSUED, expiry));

            var answer = verifier.verifyFile(file, KEY, expiry.minusMillis(1));

            assertThat(answer).isInstanceOfSatisfying(Verification.Valid.class, valid -> assertThat(valid.payload())
                    .isEqualTo(new LicenseFile("lic_000000000000000000001", "active", Optional.empty(), OptionalInt.of(3),
                            Optional.empty(), Optional.empty(), ISSUED, expiry)));
            assertThat(verifier.verifyFile(file, KEY, expiry)).isInstanceOf(Verification.Expired.class);
        }

        @Test
        void a_file_bound_to_an_instance_opens_only_with_that_instance_id() {
            String file = business.file(KEY, INSTANCE, BouncyIssuer.content(INSTANCE, ISSUED, expiry));

            assertThat(verifier.verifyFile(file, KEY, INSTANCE, ISSUED)).isInstanceOfSatisfying(Verification.Valid.class,
                    valid -> assertThat(((LicenseFile) valid.payload()).instanceName()).contains("laptop"));
            assertThat(verifier.verifyFile(file, KEY, ISSUED)).isInstanceOf(Verification.Malformed.class);
            assertThat(verifier.verifyFile(file, KEY, "lki_000000000000000000002", ISSUED)).isInstanceOf(Verification.Malformed.class);
            assertThat(verifier.verifyFile(file, "ANOTHER-KEY", INSTANCE, ISSUED)).isInstanceOf(Verification.Malformed.class);
        }

        @Test
        void a_file_signed_by_an_unknown_kid_or_a_forger_is_rejected() {
            String content = BouncyIssuer.content(null, ISSUED, expiry);

            assertThat(verifier.verifyFile(other.file(KEY, null, content), KEY, ISSUED)).isEqualTo(new Verification.UnknownKid<>("sk_two"));
            assertThat(verifier.verifyFile(new BouncyIssuer("sk_one", 7).file(KEY, null, content), KEY, ISSUED))
                    .isEqualTo(new Verification.BadSignature<>());
        }

        @Test
        void every_byte_of_a_file_changed_in_turn_is_never_valid_and_never_throws() {
            String file = business.file(KEY, null, BouncyIssuer.content(null, ISSUED, expiry));
            for (int i = 0; i < file.length(); i++) {
                for (char replacement : new char[] {(char) (file.charAt(i) ^ 1), (char) (file.charAt(i) ^ 0x20), '='}) {
                    if (replacement == file.charAt(i)) {
                        continue;
                    }
                    String tampered = file.substring(0, i) + replacement + file.substring(i + 1);
                    if (tampered.strip().equals(file.strip())) {
                        continue;
                    }
                    assertThat(verifier.verifyFile(tampered, KEY, ISSUED)).as("byte %d", i)
                            .isNotInstanceOf(Verification.Valid.class).isNotInstanceOf(Verification.Expired.class);
                }
            }
        }

        @Test
        void every_byte_of_the_decoded_document_changed_in_turn_is_never_valid() {
            String file = business.file(KEY, null, BouncyIssuer.content(null, ISSUED, expiry));
            String body = file.replace("-----BEGIN LICENSE FILE-----", "").replace("-----END LICENSE FILE-----", "").replace("\n", "");
            byte[] document = java.util.Base64.getDecoder().decode(body);
            for (int i = 0; i < document.length; i++) {
                byte[] tampered = document.clone();
                tampered[i] ^= 0x01;
                String armored = BouncyIssuer.armor(new String(tampered, StandardCharsets.ISO_8859_1));
                assertThat(verifier.verifyFile(armored, KEY, ISSUED)).as("byte %d", i).isNotInstanceOf(Verification.Valid.class)
                        .isNotInstanceOf(Verification.Expired.class);
            }
        }

        @Test
        void generated_hostile_files_are_never_valid_and_never_throw() {
            String file = business.file(KEY, null, BouncyIssuer.content(null, ISSUED, expiry));
            var candidates = Instancio.ofList(String.class).size(3000)
                    .supply(all(String.class), random -> hostileKey(random, file)).withSeed(SEED).create();

            for (String candidate : candidates) {
                if (sameButForWhiteSpace(candidate, file)) {
                    continue;
                }
                assertThat(verifier.verifyFile(candidate, KEY, ISSUED)).as(candidate).isNotInstanceOf(Verification.Valid.class);
            }
        }
    }

    @Nested
    class Jwks_documents {

        @Test
        void keys_of_other_types_are_skipped_and_every_ed25519_key_is_trusted() {
            String jwks = "{\"keys\":[{\"kty\":\"RSA\",\"n\":\"abc\",\"e\":\"AQAB\",\"kid\":\"rsa\"}," + business.jwk() + ","
                    + other.jwk() + "]}";

            var both = LicenseVerifier.of(jwks);

            assertThat(both.kids()).containsExactly("sk_one", "sk_two");
            assertThat(both.verify(other.key(ISSUED, null, null), ISSUED)).isInstanceOf(Verification.Valid.class);
        }

        @Test
        void a_broken_jwks_is_refused_at_once_with_a_reason() {
            for (String jwks : new String[] {null, "", "[]", "{}", "{\"keys\":{}}",
                    "{\"keys\":[{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"kid\":\"a\",\"x\":\"AAAA\"}]}",
                    "{\"keys\":[{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"" + "A".repeat(43) + "\"}]}",
                    BouncyIssuer.jwks(business, business)}) {
                assertThatThrownBy(() -> LicenseVerifier.of(jwks)).isInstanceOf(IllegalArgumentException.class)
                        .hasMessageStartingWith("not a usable JWKS");
            }
        }

        /**
         * The members that say what a JWK is for, drawn at random ({@link #drawnMembers}) and judged by a rule kept here:
         * a private key refuses the document; otherwise the key is trusted only when its use, alg and key_ops each, if
         * present, allow verifying an Ed25519 signature. The drawn key signs; a genuine second key beside it stays trusted.
         */
        @Test
        void a_jwk_is_trusted_only_when_what_it_says_of_itself_allows_verifying_and_a_private_key_refuses_the_jwks() {
            var drawn = Instancio.ofList(Members.class).size(1_500).supply(all(Members.class), LicenseVerifierTest::drawnMembers)
                    .withSeed(SEED).create();
            String key = business.key(ISSUED, null, null);
            int trusted = 0;
            int refused = 0;

            for (var members : drawn) {
                String jwks = "{\"keys\":[" + members.jwk(business) + "," + other.jwk() + "]}";
                if (members.privateKey() != null) {
                    refused++;
                    assertThatThrownBy(() -> LicenseVerifier.of(jwks)).as(jwks).isInstanceOf(IllegalArgumentException.class)
                            .hasMessage("not a usable JWKS: JWK number 1 (kid sk_one) carries a private key (d): a JWKS is"
                                    + " public, so ship its public members only, and replace that key, which is no longer secret");
                    continue;
                }
                boolean allowed = (members.use() == null || members.use().equals("sig"))
                        && (members.alg() == null || members.alg().equals("EdDSA") || members.alg().equals("Ed25519"))
                        && (members.keyOps() == null || members.keyOps().contains("verify"));
                var read = LicenseVerifier.of(jwks);
                trusted += allowed ? 1 : 0;
                assertThat(read.kids()).as(jwks).containsExactlyElementsOf(allowed ? java.util.List.of("sk_one", "sk_two")
                        : java.util.List.of("sk_two"));
                assertThat(read.verify(key, ISSUED)).as(jwks).isInstanceOf(allowed ? Verification.Valid.class
                        : Verification.UnknownKid.class);
                assertThat(read.verify(other.key(ISSUED, null, null), ISSUED)).as(jwks).isInstanceOf(Verification.Valid.class);
            }
            assertThat(trusted).as("documents trusted").isBetween(50, drawn.size() - refused - 50);
            assertThat(refused).as("documents refused").isBetween(50, drawn.size() - 50);
            assertThat(drawn.stream().map(Members::use).distinct()).as("every use drawn").hasSize(USES.size());
            assertThat(drawn.stream().map(Members::alg).distinct()).as("every alg drawn").hasSize(ALGS.size());
            assertThat(drawn.stream().map(Members::keyOps).distinct()).as("every key_ops drawn").hasSize(KEY_OPS.size());
        }

        @Test
        void a_private_key_of_any_type_refuses_the_jwks_without_showing_the_key() {
            String secret = "nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A";
            for (String jwks : new String[] {
                    "{\"keys\":[" + other.jwk() + ",{\"kty\":\"RSA\",\"n\":\"abc\",\"e\":\"AQAB\",\"d\":\"" + secret + "\",\"kid\":\"rsa\"}]}",
                    "{\"keys\":[" + other.jwk() + ",{\"kty\":\"OKP\",\"crv\":\"X25519\",\"x\":\"abc\",\"d\":\"" + secret + "\"}]}"}) {
                assertThatThrownBy(() -> LicenseVerifier.of(jwks)).isInstanceOf(IllegalArgumentException.class)
                        .hasMessageStartingWith("not a usable JWKS: JWK number 2").hasMessageContaining("carries a private key (d)")
                        .hasMessageNotContaining(secret);
            }
        }

        @Test
        void key_ops_or_an_alg_that_is_not_what_rfc_7517_describes_refuses_the_jwks() {
            String jwk = business.jwk().replace("\"use\":\"sig\",", "");
            for (String members : new String[] {"\"key_ops\":\"verify\"", "\"key_ops\":[1]", "\"key_ops\":[\"\"]",
                    "\"key_ops\":[\"verify\",\"verify\"]", "\"key_ops\":null", "\"alg\":7", "\"alg\":null"}) {
                String jwks = "{\"keys\":[" + jwk.substring(0, jwk.length() - 1) + "," + members + "}]}";
                assertThatThrownBy(() -> LicenseVerifier.of(jwks)).as(members).isInstanceOf(IllegalArgumentException.class)
                        .hasMessageStartingWith("not a usable JWKS");
            }
        }

        @Test
        void generated_hostile_documents_are_refused_only_with_the_documented_exception() {
            var candidates = Instancio.ofList(String.class).size(3000)
                    .supply(all(String.class), random -> hostileKey(random, BouncyIssuer.jwks(business)))
                    .withSeed(SEED).create();

            for (String candidate : candidates) {
                try {
                    var parsed = LicenseVerifier.of(candidate);
                    assertThat(parsed.kids()).hasSizeLessThanOrEqualTo(1);
                } catch (IllegalArgumentException refused) {
                    assertThat(refused).hasMessageStartingWith("not a usable JWKS");
                }
            }
        }
    }

    static final java.util.List<String> USES = java.util.Arrays.asList(null, "sig", "enc", "Sig");
    static final java.util.List<String> ALGS = java.util.Arrays.asList(null, "EdDSA", "Ed25519", "RS256", "ES256", "eddsa",
            "none", "ECDH-ES");
    static final java.util.List<java.util.List<String>> KEY_OPS = java.util.Arrays.asList(null, java.util.List.of(),
            java.util.List.of("verify"), java.util.List.of("sign"), java.util.List.of("sign", "verify"),
            java.util.List.of("encrypt"), java.util.List.of("wrapKey", "verify"), java.util.List.of("deriveKey"));

    /** What a JWK says of itself, each member absent when null; {@code privateKey} the {@code d} it carries. */
    record Members(String use, String alg, java.util.List<String> keyOps, String privateKey) {
        String jwk(BouncyIssuer issuer) {
            String jwk = issuer.jwk().replace("\"use\":\"sig\",", "");
            var members = new StringBuilder(jwk.substring(0, jwk.length() - 1));
            if (use != null) {
                members.append(",\"use\":\"").append(use).append('"');
            }
            if (alg != null) {
                members.append(",\"alg\":\"").append(alg).append('"');
            }
            if (keyOps != null) {
                members.append(",\"key_ops\":[").append(String.join(",", keyOps.stream().map(op -> '"' + op + '"').toList()))
                        .append(']');
            }
            if (privateKey != null) {
                members.append(",\"d\":\"").append(privateKey).append('"');
            }
            return members.append('}').toString();
        }
    }

    static Members drawnMembers(Random random) {
        return new Members(random.oneOf(USES), random.oneOf(ALGS), random.oneOf(KEY_OPS),
                random.intRange(0, 5) == 0 ? random.alphanumeric(43) : null);
    }

    /** White space around a key and between a file's lines carries nothing signed, so changing it may be accepted. */
    static boolean sameButForWhiteSpace(String candidate, String genuine) {
        return candidate.replaceAll("\\s", "").equals(genuine.replaceAll("\\s", ""));
    }

    /** A genuine text with a few characters changed, cut, duplicated or spliced with hostile text. */
    static String hostileKey(Random random, String genuine) {
        var s = new StringBuilder(genuine);
        for (int edits = random.intRange(1, 4); edits > 0 && s.length() > 0; edits--) {
            int at = random.intRange(0, s.length() - 1);
            switch (random.intRange(0, 5)) {
                case 0 -> s.setCharAt(at, random.characterRange('\u0000', '\u00ff'));
                case 1 -> s.setLength(at);
                case 2 -> s.insert(at, HostileText.of(random));
                case 3 -> s.deleteCharAt(at);
                case 4 -> s.insert(at, s.substring(at, Math.min(s.length(), at + random.intRange(1, 20))));
                default -> s.setCharAt(at, random.oneOf('.', '/', '=', '{', '"', '\\', '-', '_', '+'));
            }
        }
        return random.intRange(0, 20) == 0 ? HostileText.of(random) : s.toString();
    }
}

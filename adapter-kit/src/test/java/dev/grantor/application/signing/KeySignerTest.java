package dev.grantor.application.signing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.application.generate.SecureIdGenerator;
import dev.grantor.application.port.out.SigningKeys;
import dev.grantor.application.port.out.SigningKeys.SigningKey;
import dev.grantor.domain.entitlement.ActivationsLimit;
import dev.grantor.domain.grant.LicenseKey;
import dev.grantor.domain.grant.LicenseKeySource;
import dev.grantor.domain.grant.LicenseKeyValue;
import dev.grantor.domain.shared.BusinessId;
import dev.grantor.domain.shared.CustomerId;
import dev.grantor.domain.shared.EntitlementId;
import dev.grantor.domain.shared.GrantId;
import dev.grantor.domain.shared.LicenseKeyId;
import io.vavr.collection.List;
import io.vavr.control.Option;
import java.time.Instant;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;

class KeySignerTest {

    static final Instant NOW = Instant.parse("2026-12-05T10:00:00Z");
    final SecureIdGenerator ids = new SecureIdGenerator();
    final BusinessId business = new BusinessId(ids.next(BusinessId.PREFIX));

    /**
     * On PostgreSQL every statement of a unit reads what has committed by then, so another node's signing-key rotation
     * can land between two reads of the current key. This store lets one land right after the next read.
     */
    static final class RotatedAfterNextRead implements SigningKeys {
        private List<SigningKey> keys = List.empty();
        private Runnable rotation;

        @Override
        public void insert(SigningKey key) {
            keys = keys.prepend(key);
        }

        @Override
        public Option<SigningKey> current(BusinessId business) {
            var current = keys.filter(k -> k.businessId().equals(business)).maxBy(SigningKey::generation);
            var pending = rotation;
            rotation = null;
            if (pending != null) {
                pending.run();
            }
            return current;
        }

        @Override
        public List<SigningKey> all(BusinessId business) {
            return keys.filter(k -> k.businessId().equals(business)).sortBy(k -> -k.generation());
        }

        @Override
        public boolean delete(BusinessId business, String kid) {
            var before = keys.size();
            keys = keys.filter(k -> !k.kid().equals(kid));
            return keys.size() < before;
        }
    }

    @Test
    void a_rotation_committed_while_a_key_is_signed_leaves_a_key_whose_kid_and_signature_agree() {
        var store = new RotatedAfterNextRead();
        var keyring = new SigningKeyring(store, ids, InstantSource.fixed(NOW), PrivateKeySeal.unwrapped());
        var first = keyring.rotate(business);
        store.rotation = () -> keyring.rotate(business);

        var value = new KeySigner(keyring).sign(draft(), NOW).value();

        assertThat(store.all(business).map(SigningKey::generation)).containsExactly(2, 1);
        String payload = IndependentCheck.signedKeyPayload(value, first.publicKey());
        assertThat(payload).contains("\"kid\":\"" + first.kid() + "\"");
    }

    @Test
    void a_new_value_signs_a_second_past_the_value_it_replaces_only_when_that_one_is_not_older() {
        var url = java.util.Base64.getUrlEncoder().withoutPadding();
        long now = NOW.getEpochSecond();
        java.util.function.LongFunction<LicenseKeyValue> signedAt = iat -> new LicenseKeyValue("key/"
                + url.encodeToString(("{\"v\":1,\"iat\":" + iat + "}").getBytes(java.nio.charset.StandardCharsets.UTF_8)) + ".sig");

        assertThat(KeySigner.issuedSecond(new LicenseKeyValue("DRAFT-KEY"), NOW)).isEqualTo(now);
        assertThat(KeySigner.issuedSecond(signedAt.apply(now - 5), NOW)).isEqualTo(now);
        assertThat(KeySigner.issuedSecond(signedAt.apply(now), NOW)).isEqualTo(now + 1);
        assertThat(KeySigner.issuedSecond(signedAt.apply(now + 3), NOW)).isEqualTo(now + 4);
        // an issue time no rotation here could have made: a value given from outside, not followed
        assertThat(KeySigner.issuedSecond(signedAt.apply(Long.MAX_VALUE), NOW)).isEqualTo(now);
        assertThat(KeySigner.issuedSecond(new LicenseKeyValue("key/not-base64!.sig"), NOW)).isEqualTo(now);
    }

    private LicenseKey draft() {
        return LicenseKey.issue(new LicenseKeyId(ids.next(LicenseKeyId.PREFIX)), business, new GrantId(ids.next(GrantId.PREFIX)),
                new CustomerId(ids.next(CustomerId.PREFIX)), new EntitlementId(ids.next(EntitlementId.PREFIX)),
                new LicenseKeyValue("DRAFT-KEY"), LicenseKeySource.AUTO, Option.some(new ActivationsLimit(2)), Option.none(), NOW);
    }
}

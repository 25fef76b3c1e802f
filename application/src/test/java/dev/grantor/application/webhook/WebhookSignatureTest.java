package dev.grantor.application.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Random;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

    @Nested
    class Against_the_standard_webhooks_specification {

        @Test
        void the_worked_example_of_the_specification_signs_to_its_published_signature() {
            assertThat(WebhookSignature.sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330L,
                    "{\"test\": 2432232314}")).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
        }

        @Test
        void the_secret_prefix_is_optional_as_in_the_reference_libraries() {
            assertThat(WebhookSignature.sign("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330L,
                    "{\"test\": 2432232314}")).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
        }
    }

    @Nested
    class The_hmac {

        @Test
        void agrees_with_the_jdk_mac_for_keys_shorter_and_longer_than_a_block_and_any_message() throws Exception {
            var random = new Random(7);
            for (int keyLength : new int[] {1, 24, 32, 63, 64, 65, 200}) {
                for (int messageLength : new int[] {0, 1, 55, 64, 1000}) {
                    var key = new byte[keyLength];
                    var message = new byte[messageLength];
                    random.nextBytes(key);
                    random.nextBytes(message);
                    var mac = Mac.getInstance("HmacSHA256");
                    mac.init(new SecretKeySpec(key, "HmacSHA256"));

                    assertThat(WebhookSignature.hmacSha256(key, message)).isEqualTo(mac.doFinal(message));
                }
            }
        }

        @Test
        void covers_the_body_as_utf_8_bytes() throws Exception {
            String secret = WebhookSignature.newSecret(new SecureRandom());
            String body = "{\"name\":\"日本 ✓ \\u0000\"}";
            var mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring(6)), "HmacSHA256"));
            String expected = "v1," + Base64.getEncoder().encodeToString(
                    mac.doFinal(("msg_1.42." + body).getBytes(StandardCharsets.UTF_8)));

            assertThat(WebhookSignature.sign(secret, "msg_1", 42, body)).isEqualTo(expected);
        }
    }

    @Test
    void a_new_secret_is_whsec_and_base64_of_24_random_bytes() {
        var random = new SecureRandom();
        String a = WebhookSignature.newSecret(random);
        String b = WebhookSignature.newSecret(random);

        assertThat(a).startsWith("whsec_").isNotEqualTo(b);
        assertThat(Base64.getDecoder().decode(a.substring(6))).hasSize(24);
    }
}

package dev.grantor.application.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The independent verifier the webhook tests of every module trust, checked against the specification's worked example. */
class StandardWebhooksVerifierTest {

    private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final String TIMESTAMP = "1614265330";
    private static final String BODY = "{\"test\": 2432232314}";
    private static final String GOOD = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    private final StandardWebhooksVerifier verifier = new StandardWebhooksVerifier("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    private final Instant signedAt = Instant.ofEpochSecond(1614265330);

    @Nested
    class On_the_worked_example_of_the_specification {

        @Test
        void accepts_its_published_signature_alone_or_among_others() {
            assertThat(verifier.verify(ID, TIMESTAMP, GOOD, BODY, signedAt)).isTrue();
            assertThat(verifier.verify(ID, TIMESTAMP, "v1,bm9wZQ== " + GOOD, BODY, signedAt)).isTrue();
            assertThat(verifier.signs(ID, TIMESTAMP, GOOD, BODY)).isTrue();
        }

        @Test
        void rejects_it_with_its_body_id_or_timestamp_changed_or_too_old() {
            assertThat(verifier.verify(ID, TIMESTAMP, GOOD, "{\"test\": 2432232315}", signedAt)).isFalse();
            assertThat(verifier.verify("msg_p5jXN8AQM9LWM0D4loKWxJeK", TIMESTAMP, GOOD, BODY, signedAt)).isFalse();
            assertThat(verifier.verify(ID, "1614265331", GOOD, BODY, signedAt)).isFalse();
            assertThat(verifier.verify(ID, TIMESTAMP, GOOD, BODY, signedAt.plus(Duration.ofMinutes(6)))).isFalse();
            assertThat(verifier.signs(ID, TIMESTAMP, GOOD, "{\"test\": 2432232315}")).isFalse();
        }
    }
}

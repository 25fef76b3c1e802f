package dev.grantor.application.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.instancio.Select.all;

import dev.grantor.hostile.HostileText;
import dev.grantor.application.port.out.DeliveryEmail;
import dev.grantor.domain.grant.LicenseKeyValue;
import dev.grantor.domain.shared.EmailAddress;
import dev.grantor.domain.shared.GrantId;
import io.vavr.control.Option;
import java.time.Instant;
import org.instancio.Instancio;
import org.instancio.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DeliveryEmailPayloadTest {

    static DeliveryEmail email(Random r) {
        return new DeliveryEmail(
                "eml_" + r.alphanumeric(21),
                new GrantId("entg_" + r.alphanumeric(21)),
                new EmailAddress(r.alphanumeric(r.intRange(1, 20)) + "@" + r.lowerCaseAlphabetic(5) + ".example"),
                r.trueOrFalse() ? Option.some(r.oneOf("Ada", "Zoë \"Z\" O'Neil", "山田 太郎", "<b>x</b>")) : Option.none(),
                HostileText.of(r) + "x",
                new LicenseKeyValue(r.oneOf("ABCDE-FGHJK-MNPQR-STVWX-YZ012", "key with spaces", "ключ-🔑", "a\"b\\c")),
                r.trueOrFalse() ? Option.some(r.intRange(1, Integer.MAX_VALUE)) : Option.none(),
                r.trueOrFalse() ? Option.some(Instant.ofEpochSecond(r.longRange(0, 253_402_300_799L), r.intRange(0, 999_999_999)))
                        : Option.none(),
                r.trueOrFalse() ? Option.some(HostileText.of(r)) : Option.none(),
                r.trueOrFalse() ? Option.some(r.alphanumeric(4)) : Option.none(),
                r.trueOrFalse());
    }

    @Test
    void every_email_decodes_to_what_was_encoded() {
        var emails = Instancio.ofList(DeliveryEmail.class).size(2000).supply(all(DeliveryEmail.class), DeliveryEmailPayloadTest::email)
                .withSeed(7L).create();

        for (var email : emails) {
            assertThat(DeliveryEmailPayload.decode(email.outboxId(), DeliveryEmailPayload.encode(email))).isEqualTo(email);
        }
    }

    @Test
    void only_a_resent_email_sets_the_flag_and_earlier_payloads_without_it_read_as_first_deliveries() {
        var emails = Instancio.ofList(DeliveryEmail.class).size(200).supply(all(DeliveryEmail.class), DeliveryEmailPayloadTest::email)
                .withSeed(8L).create();

        for (var email : emails) {
            String payload = DeliveryEmailPayload.encode(email);
            if (email.resent()) {
                assertThat(payload).contains("\"resent\":true");
            } else {
                assertThat(payload).doesNotContain("\"resent\":true");
            }
        }
        var written = "{\"version\":1,\"grant_id\":\"entg_abcdefghijklmnopqrstu\",\"to\":\"a@b.c\",\"entitlement_name\":\"n\","
                + "\"license_key\":\"k\"}";
        assertThat(DeliveryEmailPayload.decode("msg_1", written).resent()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "[]", "{}", "{\"version\":2}", "{\"version\":1}",
            "{\"version\":1,\"grant_id\":\"entg_x\",\"to\":\"a@b.c\",\"entitlement_name\":\"n\",\"license_key\":\"k\"}",
            "{\"version\":1,\"grant_id\":\"entg_abcdefghijklmnopqrstu\",\"to\":\"a@b.c\",\"entitlement_name\":\"n\",\"license_key\":\"k\",\"activations_limit\":1.5}",
            "{\"version\":1,\"grant_id\":\"entg_abcdefghijklmnopqrstu\",\"to\":\"a@b.c\",\"entitlement_name\":\"n\",\"license_key\":\"k\",\"expires_at\":\"soon\"}"})
    void a_payload_this_version_cannot_read_is_rejected(String payload) {
        assertThatThrownBy(() -> DeliveryEmailPayload.decode("eml_1", payload)).isInstanceOf(IllegalArgumentException.class);
    }
}

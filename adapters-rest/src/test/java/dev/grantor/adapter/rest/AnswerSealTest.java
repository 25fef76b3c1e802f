package dev.grantor.adapter.rest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.domain.shared.BusinessId;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * A stored answer sealed under the caller's idempotency key: it opens with that key, for that business and status only,
 * not once a byte of it changed, and neither the record's name nor the stored text shows the key or the answer.
 */
class AnswerSealTest {

    private static final BusinessId SHOP = new BusinessId("bus_" + "Shop".repeat(5) + "1");
    private static final BusinessId OTHER = new BusinessId("bus_" + "Other".repeat(4) + "1");
    private static final String KEY = "5f1c8e0a-portal-retry-7";
    private static final String LINK = "{\"link\":\"http://127.0.0.1:8080/portal/link/Qm9va2tlZXBpbmdJc1RoZUJlc3RLaW5kT2ZLZWVw\"}";

    @Test
    void the_same_key_and_business_open_what_was_sealed_byte_for_byte() {
        String sealed = AnswerSeal.of(SHOP, KEY).seal(200, LINK);

        assertThat(AnswerSeal.of(SHOP, KEY).open(200, sealed)).containsExactly(LINK);
        assertThat(AnswerSeal.of(SHOP, KEY).open(200, AnswerSeal.of(SHOP, KEY).seal(200, ""))).containsExactly("");
    }

    @Test
    void another_key_another_business_or_another_status_opens_nothing() {
        String sealed = AnswerSeal.of(SHOP, KEY).seal(200, LINK);

        assertThat(AnswerSeal.of(SHOP, KEY + "x").open(200, sealed)).isEmpty();
        assertThat(AnswerSeal.of(OTHER, KEY).open(200, sealed)).isEmpty();
        assertThat(AnswerSeal.of(SHOP, KEY).open(404, sealed)).as("the status is bound to the body").isEmpty();
    }

    @Test
    void a_changed_byte_anywhere_in_the_stored_text_opens_nothing() {
        String sealed = AnswerSeal.of(SHOP, KEY).seal(200, LINK);
        byte[] stored = Base64.getUrlDecoder().decode(sealed.substring(AnswerSeal.SEALED.length()));

        for (int at = 0; at < stored.length; at++) {
            byte[] tampered = stored.clone();
            tampered[at] ^= 0x01;
            String text = AnswerSeal.SEALED + Base64.getUrlEncoder().withoutPadding().encodeToString(tampered);
            assertThat(AnswerSeal.of(SHOP, KEY).open(200, text)).as("byte " + at).isEmpty();
        }
        assertThat(AnswerSeal.of(SHOP, KEY).open(200, sealed.substring(0, sealed.length() - 4))).as("cut short").isEmpty();
        assertThat(AnswerSeal.of(SHOP, KEY).open(200, LINK)).as("a body stored as sent").isEmpty();
        assertThat(AnswerSeal.of(SHOP, KEY).open(200, AnswerSeal.SEALED + "not base64!")).isEmpty();
        assertThat(AnswerSeal.of(SHOP, KEY).open(200, AnswerSeal.SEALED)).isEmpty();
    }

    @Test
    void each_seal_has_a_nonce_of_its_own() {
        var seal = AnswerSeal.of(SHOP, KEY);
        byte[] first = Base64.getUrlDecoder().decode(seal.seal(200, LINK).substring(AnswerSeal.SEALED.length()));
        byte[] second = Base64.getUrlDecoder().decode(seal.seal(200, LINK).substring(AnswerSeal.SEALED.length()));

        assertThat(Arrays.copyOf(first, 12)).isNotEqualTo(Arrays.copyOf(second, 12));
        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void the_record_is_named_by_a_digest_per_business_and_key_that_shows_neither_the_key_nor_the_answer() {
        String record = AnswerSeal.of(SHOP, KEY).record();
        String sealed = AnswerSeal.of(SHOP, KEY).seal(200, LINK);

        assertThat(record).startsWith(AnswerSeal.SCOPE).doesNotContain(KEY).isEqualTo(AnswerSeal.of(SHOP, KEY).record());
        assertThat(record).isNotEqualTo(AnswerSeal.of(SHOP, KEY + "x").record())
                .isNotEqualTo(AnswerSeal.of(OTHER, KEY).record());
        assertThat(IdempotentExecution.isWellFormed(AnswerSeal.SCOPE.substring(0, 1))).as("outside what a caller's key is made of")
                .isFalse();
        assertThat(sealed).startsWith(AnswerSeal.SEALED).doesNotContain(KEY).doesNotContain("portal/link")
                .doesNotContain("Qm9va2tl");
    }
}

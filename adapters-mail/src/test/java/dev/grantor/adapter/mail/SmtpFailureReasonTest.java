package dev.grantor.adapter.mail;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** An SMTP refusal's reason is cut to its limit without splitting a character in two (an SMTPUTF8 server's emoji). */
class SmtpFailureReasonTest {

    @Test
    void a_long_reason_is_cut_before_an_emoji_that_crosses_the_limit() {
        String reason = SmtpFailure.reason("xy", new IllegalStateException("\uD83D\uDE00".repeat(400)));

        assertThat(reason).endsWith("\uD83D\uDE00…").hasSizeLessThanOrEqualTo(SmtpFailure.MAX_REASON_LENGTH);
        assertThat(reason.chars().filter(c -> Character.isHighSurrogate((char) c)).count())
                .isEqualTo(reason.chars().filter(c -> Character.isLowSurrogate((char) c)).count());
    }
}

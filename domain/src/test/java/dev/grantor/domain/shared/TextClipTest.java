package dev.grantor.domain.shared;

import static org.assertj.core.api.Assertions.assertThat;

import org.instancio.Instancio;
import org.instancio.settings.Keys;
import org.junit.jupiter.api.Test;

/**
 * {@link Text#clip}, the one rule for cutting a stored or printed reason to its limit (the outbox's and the webhook
 * log's errors, an SMTP refusal, the CLI's one line), checked against what a cut must be, on generated text full of
 * characters outside the BMP.
 */
class TextClipTest {

    @Test
    void a_clip_is_the_longest_start_within_the_limit_that_splits_no_character() {
        var gen = Instancio.gen().withSetting(Keys.SEED, 2026L);
        var texts = gen.string().unicode().minLength(0).maxLength(40).list(3000);
        var limits = gen.ints().range(0, 45).list(3000);
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i) + "\uD83D\uDE00".repeat(i % 5) + texts.get(i);
            int limit = limits.get(i);

            String clipped = Text.clip(text, limit);

            assertThat(text).as("a start of the text").startsWith(clipped);
            assertThat(clipped.length()).as("within %d", limit).isLessThanOrEqualTo(limit);
            assertThat(clipped.codePoints().allMatch(cp -> !Character.isSurrogate((char) cp) || cp > 0xFFFF))
                    .as("no lone surrogate in %s", clipped).isTrue();
            boolean splitsAPair = limit < text.length() && limit > 0 && Character.isHighSurrogate(text.charAt(limit - 1))
                    && Character.isLowSurrogate(text.charAt(limit));
            assertThat(clipped.length()).as("the longest such start").isEqualTo(
                    text.length() <= limit ? text.length() : splitsAPair ? limit - 1 : limit);
        }
    }

    @Test
    void an_emoji_across_the_limit_is_left_out_whole() {
        assertThat(Text.clip("ab\uD83D\uDE00", 3)).isEqualTo("ab");
        assertThat(Text.clip("ab\uD83D\uDE00", 4)).isEqualTo("ab\uD83D\uDE00");
        assertThat(Text.clip("abc", 0)).isEmpty();
    }
}

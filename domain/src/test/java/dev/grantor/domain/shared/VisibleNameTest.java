package dev.grantor.domain.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.instancio.Select.field;

import dev.grantor.domain.Hostile;
import dev.grantor.domain.shared.GrantorError.ValidationFailed;
import io.vavr.control.Option;
import java.util.List;
import java.util.stream.IntStream;
import org.instancio.Instancio;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The rule of every name people read, over generated characters of each class a person or an attacker may type. The
 * classes and their verdicts are written here by code point range, not by asking {@link Character#getType}, so the
 * test does not repeat the rule it checks.
 */
class VisibleNameTest {

    private static final int BOUND = 40;

    /** A class of characters, its code points by range, and whether a name may hold one. */
    enum Kind {
        CONTROL(false, range(0x00, 0x1F), range(0x7F, 0x9F)),
        LINE_OR_PARAGRAPH_SEPARATOR(false, range(0x2028, 0x2029)),
        BIDI_FORMAT(false, range(0x202A, 0x202E), range(0x2066, 0x2069), range(0x200E, 0x200F), range(0x061C, 0x061C)),
        ZERO_WIDTH(false, range(0x200B, 0x200D), range(0x2060, 0x2060), range(0xFEFF, 0xFEFF), range(0x00AD, 0x00AD)),
        PRIVATE_USE(false, range(0xE000, 0xF8FF), range(0xF0000, 0xFFFFD), range(0x100000, 0x10FFFD)),
        UNASSIGNED(false, range(0x0378, 0x0379), range(0xFDD0, 0xFDEF), range(0xFFFE, 0xFFFF), range(0x10FFFE, 0x10FFFF)),
        LONE_SURROGATE(false, range(0xD800, 0xDFFF)),
        LATIN_WITH_ACCENTS(true, range(0xC0, 0xD6), range(0xD8, 0xF6), range(0xF8, 0x17F)),
        COMBINING_ACCENT(true, range(0x0300, 0x036F)),
        CJK(true, range(0x4E00, 0x9FFF), range(0xAC00, 0xD7A3)),
        EMOJI(true, range(0x1F600, 0x1F64F)),
        OTHER_SCRIPTS(true, range(0x0410, 0x044F), range(0x05D0, 0x05EA), range(0x0627, 0x064A));

        final boolean allowed;
        final int[] codePoints;

        Kind(boolean allowed, int[]... ranges) {
            this.allowed = allowed;
            this.codePoints = java.util.Arrays.stream(ranges).flatMapToInt(java.util.Arrays::stream).toArray();
        }

        private static int[] range(int first, int last) {
            return IntStream.rangeClosed(first, last).toArray();
        }
    }

    /** One generated case: a class, a character of it, a plain name around it and where inside it goes. */
    record Draw(Kind kind, int pick, String ascii, int position, String padding) {

        int codePoint() {
            return kind.codePoints[pick % kind.codePoints.length];
        }

        /** The character inside the name (never at an end, where a trim could take white space away). */
        String name() {
            int at = 1 + position % (ascii.length() - 1);
            return ascii.substring(0, at) + new String(Character.toChars(codePoint())) + ascii.substring(at);
        }

        @Override
        public String toString() {
            return kind + " U+" + Integer.toHexString(codePoint()).toUpperCase(java.util.Locale.ROOT);
        }
    }

    static List<Draw> draws() {
        return Instancio.ofList(Draw.class).size(600).withSeed(20261206L)
                .generate(field(Draw.class, "kind"), gen -> gen.enumOf(Kind.class))
                .generate(field(Draw.class, "pick"), gen -> gen.ints().range(0, 1_000_000))
                .generate(field(Draw.class, "ascii"), gen -> gen.string().alphaNumeric().mixedCase().length(2, 20))
                .generate(field(Draw.class, "position"), gen -> gen.ints().range(0, 1_000_000))
                .generate(field(Draw.class, "padding"), gen -> gen.oneOf(Hostile.PADDING))
                .create();
    }

    @ParameterizedTest
    @MethodSource("draws")
    void a_name_holding_a_character_of_each_class_is_kept_or_refused_as_its_class_says(Draw draw) {
        String name = draw.name();

        var parsed = VisibleName.parse("name", draw.padding() + name + draw.padding(), BOUND);

        if (draw.kind().allowed) {
            assertThat(parsed).as("kept, trimmed").contains(Option.some(name));
            assertThat(VisibleName.holds(name, BOUND)).isTrue();
        } else {
            assertThat(parsed.getLeft().code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
            assertThat(parsed.getLeft())
                    .isEqualTo(ValidationFailed.of("name", "must be 1 to 40 characters without control or invisible characters"));
            assertThat(VisibleName.holds(name, BOUND)).isFalse();
        }
    }

    @Test
    void every_class_was_drawn() {
        assertThat(draws().stream().map(Draw::kind).distinct()).containsExactlyInAnyOrder(Kind.values());
    }

    @Test
    void the_bound_counts_characters_as_a_person_does() {
        assertThat(VisibleName.parse("name", "😀".repeat(BOUND), BOUND)).contains(Option.some("😀".repeat(BOUND)));
        assertThat(VisibleName.parse("name", "鍵".repeat(BOUND + 1), BOUND).isLeft()).isTrue();
        assertThat(VisibleName.parse("name", Hostile.TEN_MEGABYTES_OF_A, BOUND).getLeft().code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\t", "\u3000\n", "\u00A0", " \u2007\u202F "})
    void a_blank_name_is_none_for_its_caller_to_judge(String blank) {
        assertThat(VisibleName.parse("name", blank, BOUND)).contains(Option.none());
        assertThat(VisibleName.parse("name", null, BOUND)).contains(Option.none());
        assertThat(VisibleName.holds(blank, BOUND)).isFalse();
    }
}

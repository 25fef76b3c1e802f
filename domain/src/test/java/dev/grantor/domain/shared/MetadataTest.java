package dev.grantor.domain.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.grantor.domain.Hostile;
import dev.grantor.domain.Hostile.Draw;
import dev.grantor.domain.shared.GrantorError.ValidationFailed;
import dev.grantor.domain.shared.Metadata.Flag;
import dev.grantor.domain.shared.Metadata.Number;
import dev.grantor.domain.shared.Metadata.Text;
import dev.grantor.domain.shared.Metadata.Value;
import io.vavr.collection.LinkedHashMap;
import io.vavr.collection.Map;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class MetadataTest {

    static List<Draw> draws() {
        return Hostile.draws(50L, 100);
    }

    static Map<String, Value> entries(int keys, Draw draw) {
        Map<String, Value> map = LinkedHashMap.empty();
        for (int i = 0; i < keys; i++) {
            Value value = switch (i % 3) {
                case 0 -> new Text(draw.word() + i);
                case 1 -> new Number(BigDecimal.valueOf(draw.count()).movePointLeft(i % 7));
                default -> new Flag(i % 2 == 0);
            };
            map = map.put(draw.fitting(draw.word() + "_" + i, 40), value);
        }
        return map;
    }

    static ValidationFailed rejection(Map<String, Value> entries) {
        var result = Metadata.parse("metadata", entries);
        assertThat(result.isLeft()).as("accepted %s", result).isTrue();
        assertThat(result.getLeft()).isInstanceOf(ValidationFailed.class);
        var failure = (ValidationFailed) result.getLeft();
        assertThat(failure.details()).allSatisfy(d -> assertThat(d.field()).startsWith("metadata"));
        assertThat(failure.message()).isEqualTo(failure.details().map(d -> d.field() + " " + d.message()).mkString("; "));
        assertThatThrownBy(() -> new Metadata(entries)).isInstanceOf(IllegalArgumentException.class);
        return failure;
    }

    @ParameterizedTest
    @MethodSource("draws")
    void up_to_50_keys_of_up_to_40_characters_are_kept_in_order(Draw draw) {
        var entries = entries(draw.count() % 51, draw);

        var parsed = Metadata.parse("metadata", entries);

        assertThat(parsed.map(Metadata::entries)).contains(entries);
        assertThat(parsed.get().entries().keySet().toJavaList()).isEqualTo(entries.keySet().toJavaList());
    }

    @ParameterizedTest
    @MethodSource("draws")
    void more_than_50_keys_fail_validation(Draw draw) {
        rejection(entries(51 + draw.count() % 200, draw));
    }

    @ParameterizedTest
    @MethodSource("draws")
    void a_key_over_40_characters_fails_validation(Draw draw) {
        String key = draw.fitting(draw.visible() + "k".repeat(41), 41 + draw.count() % 100);

        rejection(LinkedHashMap.of(key, new Flag(true)));
    }

    @ParameterizedTest
    @MethodSource("draws")
    void a_key_with_an_invisible_or_control_character_fails_validation(Draw draw) {
        rejection(LinkedHashMap.of(draw.withHostileInside(draw.fitting(draw.visible(), 30)), new Flag(true)));
    }

    @ParameterizedTest
    @MethodSource("draws")
    void a_string_value_is_at_most_500_characters(Draw draw) {
        String fits = draw.fitting(draw.word().repeat(500), 500);
        String over = fits + draw.word();

        assertThat(Metadata.parse("metadata", LinkedHashMap.of("k", new Text(fits))).isRight()).isTrue();
        var failure = rejection(LinkedHashMap.of("k", new Text(over)));
        assertThat(failure.details().head().field()).isEqualTo("metadata.k");
    }

    @ParameterizedTest
    @MethodSource("draws")
    void a_key_of_white_space_alone_fails_validation_as_not_visible(Draw draw) {
        var failure = inputRejection(LinkedHashMap.of(draw.padding(), new Flag(true)));

        assertThat(failure.message()).isEqualTo("metadata keys must be 1 to 40 visible characters");
    }

    @ParameterizedTest
    @MethodSource("draws")
    void a_key_with_white_space_at_an_end_fails_validation_as_another_key_that_looks_the_same(Draw draw) {
        String key = draw.fitting(draw.visible(), 30);

        for (String padded : List.of(draw.padded(key), draw.padding() + key, key + draw.padding())) {
            assertThat(inputRejection(LinkedHashMap.of(padded, new Flag(true))).message())
                    .isEqualTo("metadata keys must be 1 to 40 visible characters");
        }
    }

    @ParameterizedTest
    @MethodSource("draws")
    void a_key_with_a_space_between_visible_characters_is_a_key(Draw draw) {
        String key = draw.fitting(draw.ascii(), 19) + " " + draw.word();

        assertThat(Metadata.parse("metadata", LinkedHashMap.of(key, new Flag(true))).map(m -> m.entries().keySet().head()))
                .contains(key);
    }

    /** C0 and C1 controls but line breaks and tabs, DEL, lone surrogates, and the bidi embeddings, overrides and isolates. */
    static final List<String> NOT_TEXT = List.of("\u0000", "\u0007", "\u0008", "\u000B", "\u000C", "\u001B", "\u007F",
            "\u0085", "\u009B", "\u009F", "\uD800", "\uDFFF", "\u202A", "\u202B", "\u202C", "\u202D", "\u202E",
            "\u2066", "\u2067", "\u2068", "\u2069");
    /** What a note may hold: line breaks and tabs, marks, joiners, separators, scripts, emoji, private use. */
    static final List<String> TEXT = List.of("\n", "\r\n", "\t", "\u200E", "\u200F", "\u061C", "\u200D", "\u200C",
            "\u00AD", "\u2028", "\u00A0", "\uE000", "e\u0301", "מפתח", "مفتاح", "👩\u200D💻", "\uD83D\uDD11");

    @ParameterizedTest
    @MethodSource("draws")
    void a_string_value_with_a_control_character_or_a_bidi_override_fails_validation_at_its_key(Draw draw) {
        String bad = NOT_TEXT.get(draw.count() % NOT_TEXT.size());
        String value = draw.visible() + bad + draw.word();

        var refusal = inputRejection(LinkedHashMap.of("ok", new Text("fine"), "note", new Text(value)));

        assertThat(refusal.details().map(GrantorError.FieldProblem::field)).containsExactly("metadata.note");
        assertThat(refusal.message()).isEqualTo("metadata.note must be text without control characters (line breaks and tabs"
                + " are text) and without bidi embeddings, overrides or isolates");
        assertThat(new Metadata(LinkedHashMap.of("note", new Text(value))).entries().get("note").get())
                .as("a value stored before the rule still loads").isEqualTo(new Text(value));
    }

    @ParameterizedTest
    @MethodSource("draws")
    void a_string_value_over_lines_in_any_script_with_marks_and_joiners_is_kept_as_given(Draw draw) {
        String value = draw.visible() + TEXT.get(draw.count() % TEXT.size()) + draw.word() + "\n" + draw.ascii();

        assertThat(Metadata.parse("metadata", LinkedHashMap.of("note", new Text(value))).map(m -> m.entries().get("note").get()))
                .contains(new Text(value));
    }

    @Test
    void a_stored_key_of_white_space_still_loads() {
        // a rule of input, like the number range: metadata accepted before it must still be read
        assertThat(new Metadata(LinkedHashMap.of(" ", new Flag(true))).entries().keySet()).containsExactly(" ");
    }

    private static ValidationFailed inputRejection(Map<String, Value> entries) {
        var result = Metadata.parse("metadata", entries);
        assertThat(result.isLeft()).as("accepted %s", result).isTrue();
        return (ValidationFailed) result.getLeft();
    }

    @Test
    void an_empty_key_fails_validation() {
        rejection(LinkedHashMap.of("", new Flag(true)));
    }

    @Test
    void a_missing_value_fails_validation() {
        rejection(LinkedHashMap.of("k", null));
    }

    @Test
    void a_ten_megabyte_value_fails_validation() {
        rejection(LinkedHashMap.of("k", new Text(Hostile.TEN_MEGABYTES_OF_A)));
        rejection(LinkedHashMap.of(Hostile.TEN_MEGABYTES_OF_A, new Flag(false)));
    }

    @Test
    void numbers_at_the_edges_of_a_double_are_kept_exactly_with_their_scale() {
        var huge = new BigDecimal("-1.7976931348623157E+308");
        var tiny = new BigDecimal("4.9E-324");
        var scaled = new BigDecimal("1.50");

        var parsed = Metadata.parse("metadata", LinkedHashMap.of("huge", new Number(huge), "tiny", new Number(tiny),
                "scaled", new Number(scaled))).get();

        assertThat(parsed.entries().get("huge").get()).isEqualTo(new Number(huge));
        assertThat(parsed.entries().get("tiny").get()).isEqualTo(new Number(tiny));
        assertThat(parsed.entries().get("scaled").get()).isEqualTo(new Number(scaled));
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"1E+309", "-1E+1000", "1E-400", "9007199254740993",
            "0.10000000000000000001", "123456789012345678901234567890"})
    void a_number_a_double_reader_would_not_get_back_is_refused_with_its_key(String number) {
        var refusal = Metadata.parse("metadata", LinkedHashMap.of("n", new Number(new BigDecimal(number)))).getLeft();

        assertThat(refusal.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
        assertThat(((GrantorError.ValidationFailed) refusal).details().head().field()).isEqualTo("metadata.n");
    }

    @Test
    void every_generated_double_is_accepted_and_every_odd_integer_past_two_to_the_53_is_refused() {
        var doubles = org.instancio.Instancio.ofList(Double.class).size(5000).withSeed(2028L)
                .supply(org.instancio.Select.all(Double.class), r -> Double.longBitsToDouble(r.longRange(Long.MIN_VALUE, Long.MAX_VALUE)))
                .create();

        for (double d : doubles) {
            if (!Double.isFinite(d)) {
                continue;
            }
            var exact = new BigDecimal(Double.toString(d));
            assertThat(Metadata.readsBackExactly(exact)).as(exact.toString()).isTrue();
            var odd = BigDecimal.valueOf(((long) (Math.abs(d) % 1_000_000) | 1L) + (1L << 53));
            assertThat(Metadata.readsBackExactly(odd)).as(odd.toString()).isFalse();
        }
    }

    @Test
    void no_metadata_is_empty_metadata() {
        assertThat(Metadata.parse("metadata", null)).contains(Metadata.EMPTY);
        assertThat(Metadata.EMPTY.entries()).isEmpty();
    }

    @Test
    void any_script_and_right_to_left_keys_are_keys() {
        var entries = LinkedHashMap.<String, Value>of("מפתח", new Text("ערך"), "鍵", new Text("値"), "🔑", new Text("🔑".repeat(500)));

        assertThat(Metadata.parse("metadata", entries).isRight()).isTrue();
    }
}

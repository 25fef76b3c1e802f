package dev.grantor.domain;

import static org.instancio.Select.field;

import java.util.List;
import org.instancio.Instancio;

/**
 * Inputs people type and inputs people attack with. The valid words come from many scripts (right-to-left
 * ones and ones outside the Basic Multilingual Plane included); the invisible ones are each a single
 * character that looks like nothing on a screen or breaks a line, a header or a string.
 */
public final class Hostile {

    /** Words any person might type, in scripts other than Latin, with combining marks and surrogate pairs. */
    public static final List<String> WORDS = List.of(
            "Ключ", "مفتاح", "מפתח", "鍵", "कुंजी", "열쇠", "กุญแจ", "κλειδί", "🔑", "𝔎𝔢𝔶", "𠜎𠜱", "Schlüssel", "ÅSA-01",
            "key-ABC_123", "e\u0301", "٣٤٥", "ＫＥＹ");

    /** Each breaks a rule on its own: control characters, zero-width and bidi formatting, separators, lone surrogates. */
    public static final List<String> INVISIBLE_OR_CONTROL = List.of(
            "\u0000", "\u0007", "\u001B", "\u007F", "\u0085", "\u009B", "\n", "\r", "\t",
            "\u200B", "\u200C", "\u200D", "\u2060", "\uFEFF", "\u00AD",
            "\u202E", "\u202A", "\u2066", "\u200F", "\u061C",
            "\u2028", "\u2029", "\uD800", "\uDFFF", "\uE000", "\u0378");

    /** Only the control characters of {@link #INVISIBLE_OR_CONTROL} that are not line breaks or tabs. */
    public static final List<String> CONTROL = List.of("\u0000", "\u0007", "\u001B", "\u007F", "\u0085", "\u009B", "\uD800", "\uDFFF");

    /** White space a copy and paste brings along, which trimming must remove. */
    public static final List<String> PADDING = List.of(" ", "  ", "\t", "\n", "\r\n", "\u2003", "\u3000", " \t ",
            "\u00A0", "\u202F", "\u2007 ");

    public static final int TEN_MEGABYTES = 10 * 1024 * 1024;

    /** One shared copy: ten megabytes of the letter a. */
    public static final String TEN_MEGABYTES_OF_A = tenMegabytesOf("a");

    private Hostile() {}

    public static String tenMegabytesOf(String unit) {
        return unit.repeat(TEN_MEGABYTES / unit.length());
    }

    /** A random choice of plain characters, a word, a hostile character, padding and positions, from one seed. */
    public record Draw(String ascii, String word, String hostile, String padding, int position, int count) {

        /** {@code ascii} and {@link #word} joined, so that every draw mixes scripts. */
        public String visible() {
            return ascii + word;
        }

        /** {@code text} with the hostile character inside it, never at an end (where trimming might remove it). */
        public String withHostileInside(String text) {
            int codePoints = text.codePointCount(0, text.length());
            int at = text.offsetByCodePoints(0, 1 + position % Math.max(1, codePoints - 1));
            return text.substring(0, at) + hostile + text.substring(at);
        }

        public String padded(String text) {
            return padding + text + padding;
        }

        public String fitting(String text, int maxCodePoints) {
            int codePoints = text.codePointCount(0, text.length());
            return codePoints <= maxCodePoints ? text : text.substring(0, text.offsetByCodePoints(0, maxCodePoints));
        }
    }

    public static List<Draw> draws(long seed, int size) {
        return Instancio.ofList(Draw.class).size(size).withSeed(seed)
                .generate(field(Draw.class, "ascii"), gen -> gen.string().alphaNumeric().mixedCase().length(1, 30))
                .generate(field(Draw.class, "word"), gen -> gen.oneOf(WORDS))
                .generate(field(Draw.class, "hostile"), gen -> gen.oneOf(INVISIBLE_OR_CONTROL))
                .generate(field(Draw.class, "padding"), gen -> gen.oneOf(PADDING))
                .generate(field(Draw.class, "position"), gen -> gen.ints().range(0, 1_000_000))
                .generate(field(Draw.class, "count"), gen -> gen.ints().range(0, 1_000_000))
                .create();
    }
}

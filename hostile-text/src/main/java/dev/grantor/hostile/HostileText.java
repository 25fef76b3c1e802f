package dev.grantor.hostile;

import org.instancio.Random;

/**
 * Text no well-behaved client would send, for generated-input tests: control characters, line and
 * paragraph separators, invisible characters, lone surrogates, astral code points, other scripts, quotes.
 */
public final class HostileText {

    private HostileText() {}

    /** Up to 40 pieces, possibly empty; use with Instancio's {@code supply(all(String.class), HostileText::of)}. */
    public static String of(Random random) {
        int length = random.intRange(0, 40);
        var s = new StringBuilder();
        for (int i = 0; i < length; i++) {
            switch (random.intRange(0, 7)) {
                case 0 -> s.append(random.characterRange('\u0000', '\u001f'));
                case 1 -> s.append(random.oneOf('"', '\\', '/', '\u007f', '\u0085', '\u2028', '\u2029', '\ufeff', '\u200b'));
                case 2 -> s.append(random.characterRange('\ud800', '\udfff'));
                case 3 -> s.appendCodePoint(random.oneOf(0x1F600, 0x1F4A9, 0x10FFFF, 0x20000));
                case 4 -> s.append(random.oneOf("日本語", "ключ", "مفتاح", "\uD83D\uDC69\u200D\uD83D\uDCBB", "e\u0301"));
                case 5 -> s.append(random.characterRange('\u0080', '\uffff'));
                default -> s.append(random.alphanumeric(random.intRange(1, 5)));
            }
        }
        return s.toString();
    }
}

package dev.grantor.bootstrap;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The rows a listing prints for scripts: one row a line and one value a column, whatever a value holds. A mail
 * server's answer or an operator's note may carry a tab or a line break, which would split a cell or a row where a
 * script reads by position; each such character reads as a space.
 */
final class Tsv {

    private Tsv() {}

    static String row(String... cells) {
        return Arrays.stream(cells).map(Tsv::cell).collect(Collectors.joining("\t"));
    }

    /** Control characters (tab, CR, LF, escape, NEL…) and the Unicode line and paragraph separators. */
    static String cell(String text) {
        var folded = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            switch (Character.getType(cp)) {
                case Character.CONTROL, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> folded.append(' ');
                default -> folded.appendCodePoint(cp);
            }
        });
        return folded.toString();
    }
}

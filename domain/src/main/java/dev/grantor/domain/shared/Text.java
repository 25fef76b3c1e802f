package dev.grantor.domain.shared;

/** Character rules shared by the values that people type and other people read. */
public final class Text {

    private Text() {}

    /**
     * Control characters, invisible format characters (zero-width spaces and joiners, bidi overrides),
     * line and paragraph separators and unpaired surrogates: none can be told apart on a screen or
     * survives copy and paste, so a value carrying one would be a different value that looks the same.
     */
    public static boolean hasInvisibleOrControl(String value) {
        for (int i = 0; i < value.length(); ) {
            int cp = value.codePointAt(i);
            switch (Character.getType(cp)) {
                case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.LINE_SEPARATOR,
                        Character.PARAGRAPH_SEPARATOR, Character.UNASSIGNED, Character.PRIVATE_USE -> {
                    return true;
                }
                default -> i += Character.charCount(cp);
            }
        }
        return false;
    }

    /**
     * What a message calls "visible characters": something to see, nothing invisible or control, and no white space at
     * either end, where it would make a value that looks like another (or, alone, like nothing). Spaces between
     * visible characters are visible as a gap.
     */
    public static boolean isVisible(String value) {
        return !value.isEmpty() && value.equals(trim(value)) && !hasInvisibleOrControl(value);
    }

    /** Control characters only: free text such as a message may hold format characters a script needs. */
    public static boolean hasControl(String value, boolean allowLineBreaks) {
        for (int i = 0; i < value.length(); ) {
            int cp = value.codePointAt(i);
            if (Character.getType(cp) == Character.CONTROL && !(allowLineBreaks && (cp == '\n' || cp == '\r' || cp == '\t'))) {
                return true;
            }
            if (Character.getType(cp) == Character.SURROGATE) {
                return true;
            }
            i += Character.charCount(cp);
        }
        return false;
    }

    /**
     * Bidi embeddings, overrides and isolates (U+202A to U+202E, U+2066 to U+2069): each turns the direction of the text
     * after it until a terminator that need not come, so "gpj.exe" can show as "exe.jpg", and a value shown beside
     * others can reorder them. The marks (LRM, RLM, ALM) are not among them: a mark is a character of no width with a
     * direction of its own, changes nothing past its neighbours, and mixed Hebrew or Arabic and Latin text needs it.
     */
    public static boolean hasDirectionalFormatting(String value) {
        return value.chars().anyMatch(Text::isDirectionalFormatting);
    }

    /** One of the characters {@link #hasDirectionalFormatting} looks for. */
    public static boolean isDirectionalFormatting(int cp) {
        return cp >= 0x202A && cp <= 0x202E || cp >= 0x2066 && cp <= 0x2069;
    }

    /** Length as a person counts it: code points, so one emoji or one CJK ideograph is one character. */
    public static int length(String value) {
        return value.codePointCount(0, value.length());
    }

    /**
     * The longest start of {@code value} of at most {@code maxChars} UTF-16 units (what a column or a line limit counts)
     * that does not end between the two halves of a character outside the BMP: cut there, an emoji leaves a lone
     * surrogate, which no encoder writes as text.
     */
    public static String clip(String value, int maxChars) {
        if (value.length() <= maxChars) {
            return value;
        }
        int end = maxChars > 0 && Character.isHighSurrogate(value.charAt(maxChars - 1)) ? maxChars - 1 : maxChars;
        return value.substring(0, end);
    }

    /**
     * Trims every Unicode white space, not only ASCII: {@link String#strip()} keeps the no-break spaces
     * (U+00A0, U+2007, U+202F) that text copied from a web page or a PDF often carries at its ends.
     */
    public static String trim(String value) {
        int start = 0;
        int end = value.length();
        while (start < end && isSpace(value.codePointAt(start))) {
            start += Character.charCount(value.codePointAt(start));
        }
        while (end > start && isSpace(value.codePointBefore(end))) {
            end -= Character.charCount(value.codePointBefore(end));
        }
        return value.substring(start, end);
    }

    private static boolean isSpace(int codePoint) {
        return Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint);
    }
}

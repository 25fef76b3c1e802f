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

    /** Length as a person counts it: code points, so one emoji or one CJK ideograph is one character. */
    public static int length(String value) {
        return value.codePointCount(0, value.length());
    }

    /** Like {@link String#strip()}, which trims every Unicode white space, not only ASCII. */
    public static String trim(String value) {
        return value.strip();
    }
}

package dev.grantor.adapter.mail;

/**
 * Values going into a header, made single-line first: a CR or LF inside a header value would end that header
 * and let the rest of the value pose as a new one ({@code Bcc:}). Jakarta Mail quotes and encodes what it is
 * given, but passes ASCII line breaks through, so this is the one gate every header value goes through.
 */
final class HeaderText {

    private HeaderText() {}

    static String singleLine(String value) {
        StringBuilder out = new StringBuilder(value.length());
        boolean inBreak = false;
        for (int i = 0; i < value.length(); ) {
            int cp = value.codePointAt(i);
            i += Character.charCount(cp);
            if (breaksLines(cp)) {
                // a CR LF pair (or any run) becomes one space, as a folded header line would read
                if (!inBreak) {
                    out.append(' ');
                }
                inBreak = true;
            } else {
                out.appendCodePoint(cp);
                inBreak = false;
            }
        }
        return out.toString().strip();
    }

    static boolean hasLineBreakOrControl(String value) {
        return value.codePoints().anyMatch(HeaderText::breaksLines);
    }

    private static boolean breaksLines(int cp) {
        int type = Character.getType(cp);
        return type == Character.CONTROL || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
    }
}

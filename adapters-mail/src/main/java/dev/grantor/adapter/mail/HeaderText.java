package dev.grantor.adapter.mail;

import dev.grantor.domain.shared.Text;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.StringJoiner;

/**
 * Values going into a header, made single-line first: a CR or LF inside a header value would end that header
 * and let the rest of the value pose as a new one ({@code Bcc:}); a direction override left open would turn the rest of
 * the line around, so those go too. Jakarta Mail quotes and encodes what it is
 * given, but passes ASCII line breaks through, so this is the one gate every header value goes through.
 * It also passes through ASCII text that already looks like an RFC 2047 encoded word, which a mail reader would
 * then decode into whatever it hides (CR LF included); {@link #word} encodes such text itself, so it reads back as
 * the characters that were typed.
 */
final class HeaderText {

    private HeaderText() {}

    static String singleLine(String value) {
        StringBuilder out = new StringBuilder(value.length());
        boolean inBreak = false;
        for (int i = 0; i < value.length(); ) {
            int cp = value.codePointAt(i);
            i += Character.charCount(cp);
            // names stored before session 36 refused them may hold one, and left open in a subject it turns what
            // follows around ("code for" RLO "Acme: K7P2QX" shows the code reversed)
            if (Text.isDirectionalFormatting(cp)) {
                continue;
            }
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

    /**
     * A single-line value as header text: as is, unless it contains {@code =?}; then as RFC 2047 encoded words of
     * its UTF-8 bytes. Jakarta Mail's own encoder leaves ASCII alone, even ASCII that a reader would decode, so the
     * words are made here: at most {@value #BYTES_PER_WORD} bytes each (75 characters with the markers), never
     * splitting a character, separated by spaces that readers drop between adjacent encoded words.
     */
    static String word(String value) {
        String line = singleLine(value);
        if (!line.contains("=?")) {
            return line;
        }
        var words = new StringJoiner(" ");
        var chunk = new StringBuilder();
        int chunkBytes = 0;
        for (int i = 0; i < line.length(); ) {
            int cp = line.codePointAt(i);
            String character = new String(Character.toChars(cp));
            int bytes = character.getBytes(StandardCharsets.UTF_8).length;
            if (chunkBytes + bytes > BYTES_PER_WORD) {
                words.add(encoded(chunk.toString()));
                chunk.setLength(0);
                chunkBytes = 0;
            }
            chunk.append(character);
            chunkBytes += bytes;
            i += Character.charCount(cp);
        }
        words.add(encoded(chunk.toString()));
        return words.toString();
    }

    private static final int BYTES_PER_WORD = 45;

    private static String encoded(String text) {
        return "=?UTF-8?B?" + Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)) + "?=";
    }
}

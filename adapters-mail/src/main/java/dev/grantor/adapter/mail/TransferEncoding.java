package dev.grantor.adapter.mail;

import java.util.Base64;

/**
 * How the UTF-8 bytes of a text part travel: the one place that chooses a {@code Content-Transfer-Encoding} and the
 * one place that applies it. The choice is Jakarta Mail's ({@code MimeUtility.getEncoding} for a text part), made in one
 * pass over the bytes instead of by writing the whole content once through a counting stream:
 * <ul>
 *   <li>{@code 7bit}: every byte printable ASCII, tab, CR or LF, and no line longer than 998 bytes;</li>
 *   <li>{@code quoted-printable}: otherwise, when more bytes are ASCII than not;</li>
 *   <li>{@code base64}: when most bytes are not ASCII (a text in another script).</li>
 * </ul>
 * Every encoding writes text in its canonical form (RFC 2045 section 2.10, RFC 2046 section 4.1.1): a line break is
 * CR LF, whether the text had CR LF, a lone LF or a lone CR there, so every line of the message ends in CR LF.
 */
enum TransferEncoding {
    SEVEN_BIT("7bit"),
    QUOTED_PRINTABLE("quoted-printable"),
    BASE64("base64");

    /** RFC 5322's limit on a line, without its CR LF. */
    static final int MAX_LINE_OCTETS = 998;

    /** RFC 2045's limit on an encoded line (quoted-printable and base64), without its CR LF. */
    private static final int ENCODED_LINE = 76;

    private final String token;

    TransferEncoding(String token) {
        this.token = token;
    }

    /** The header value. */
    String token() {
        return token;
    }

    static TransferEncoding of(byte[] utf8) {
        int ascii = 0;
        int nonAscii = 0;
        int lineOctets = 0;
        boolean longLine = false;
        for (byte value : utf8) {
            int b = value & 0xff;
            if (b == '\r' || b == '\n') {
                lineOctets = 0;
            } else if (++lineOctets > MAX_LINE_OCTETS) {
                longLine = true;
            }
            if (b == '\r' || b == '\n' || b == '\t' || (b >= 0x20 && b < 0x7f)) {
                ascii++;
            } else {
                nonAscii++;
            }
        }
        if (nonAscii == 0) {
            return longLine ? QUOTED_PRINTABLE : SEVEN_BIT;
        }
        return ascii > nonAscii ? QUOTED_PRINTABLE : BASE64;
    }

    /**
     * The body of a part: the text's bytes in this encoding, with no line break added at the end (in a multipart the CR
     * LF before the next boundary belongs to the boundary).
     */
    void write(byte[] utf8, MessageBytes out) {
        switch (this) {
            case SEVEN_BIT -> sevenBit(utf8, out);
            case QUOTED_PRINTABLE -> quotedPrintable(utf8, out);
            case BASE64 -> base64(utf8, out);
        }
    }

    private static void sevenBit(byte[] utf8, MessageBytes out) {
        int start = 0;
        for (int i = 0; i < utf8.length; i++) {
            byte b = utf8[i];
            if (b == '\r' || b == '\n') {
                out.write(utf8, start, i - start);
                out.crlf();
                if (b == '\r' && i + 1 < utf8.length && utf8[i + 1] == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        out.write(utf8, start, utf8.length - start);
    }

    private static final byte[] HEX = "0123456789ABCDEF".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /**
     * RFC 2045 section 6.7: printable ASCII but {@code =} as is, a space as is unless a line ends after it, every other
     * byte as {@code =XX}; a soft break ({@code =} CR LF) keeps each line at 76 characters.
     */
    private static void quotedPrintable(byte[] utf8, MessageBytes out) {
        int column = 0;
        for (int i = 0; i < utf8.length; i++) {
            int b = utf8[i] & 0xff;
            if (b == '\r' || b == '\n') {
                out.crlf();
                column = 0;
                if (b == '\r' && i + 1 < utf8.length && utf8[i + 1] == '\n') {
                    i++;
                }
                continue;
            }
            boolean lineEndsAfter = i + 1 == utf8.length || utf8[i + 1] == '\r' || utf8[i + 1] == '\n';
            boolean literal = (b > ' ' && b < 0x7f && b != '=') || (b == ' ' && !lineEndsAfter);
            int width = literal ? 1 : 3;
            // the soft break's '=' takes the last column
            if (column + width > ENCODED_LINE - 1) {
                out.write('=');
                out.crlf();
                column = 0;
            }
            if (literal) {
                out.write(b);
            } else {
                out.write('=');
                out.write(HEX[b >> 4]);
                out.write(HEX[b & 0xf]);
            }
            column += width;
        }
    }

    private static final Base64.Encoder MIME_BASE64 = Base64.getMimeEncoder(ENCODED_LINE, new byte[] {'\r', '\n'});

    private static void base64(byte[] utf8, MessageBytes out) {
        var canonical = new MessageBytes(utf8.length + utf8.length / 16 + 16);
        sevenBit(utf8, canonical);
        byte[] encoded = MIME_BASE64.encode(canonical.toByteArray());
        out.write(encoded, 0, encoded.length);
    }
}

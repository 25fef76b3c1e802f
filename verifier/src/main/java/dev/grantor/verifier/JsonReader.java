package dev.grantor.verifier;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The smallest strict JSON reader (RFC 8259) the verifier needs for JWKS documents, key payloads and
 * license files, so that customers' software takes on no dependency. It answers {@link Map} (insertion
 * order), {@link List}, {@link String}, {@link Long} (integers that fit), {@link BigDecimal} (other
 * numbers), {@link Boolean} or {@code null}, and refuses anything that is not exactly one JSON value:
 * comments, trailing commas, leading zeros, duplicate keys (two readers could disagree on which wins),
 * raw control characters, bad escapes, lone surrogates, exponents past an int, trailing content, nesting deeper than
 * {@value #MAX_DEPTH}, text longer than {@value #MAX_LENGTH} characters.
 */
final class JsonReader {

    static final int MAX_DEPTH = 16;
    static final int MAX_LENGTH = 65_536;

    /** Why a text is not JSON the verifier accepts; never escapes the verifier. */
    static final class NotJson extends Exception {
        private static final long serialVersionUID = 1L;

        NotJson(String reason) {
            super(reason, null, false, false);
        }
    }

    private final String text;
    private int at;

    private JsonReader(String text) {
        this.text = text;
    }

    static Object read(String text) throws NotJson {
        if (text == null) {
            throw new NotJson("no text");
        }
        if (text.length() > MAX_LENGTH) {
            throw new NotJson("longer than " + MAX_LENGTH + " characters");
        }
        var reader = new JsonReader(text);
        reader.skipSpace();
        Object value = reader.value(0);
        reader.skipSpace();
        if (reader.at != text.length()) {
            throw new NotJson("content after the value at " + reader.at);
        }
        return value;
    }

    private Object value(int depth) throws NotJson {
        if (depth > MAX_DEPTH) {
            throw new NotJson("nested deeper than " + MAX_DEPTH);
        }
        if (at >= text.length()) {
            throw new NotJson("a value is missing at the end");
        }
        char c = text.charAt(at);
        switch (c) {
            case '{':
                return object(depth);
            case '[':
                return array(depth);
            case '"':
                return string();
            case 't':
                literal("true");
                return Boolean.TRUE;
            case 'f':
                literal("false");
                return Boolean.FALSE;
            case 'n':
                literal("null");
                return null;
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return number();
                }
                throw new NotJson("unexpected character at " + at);
        }
    }

    private Map<String, Object> object(int depth) throws NotJson {
        at++;
        var members = new LinkedHashMap<String, Object>();
        skipSpace();
        if (peek() == '}') {
            at++;
            return Collections.unmodifiableMap(members);
        }
        while (true) {
            skipSpace();
            if (peek() != '"') {
                throw new NotJson("a member name is expected at " + at);
            }
            String name = string();
            skipSpace();
            expect(':');
            skipSpace();
            Object member = value(depth + 1);
            if (members.containsKey(name)) {
                throw new NotJson("the member name " + shown(name) + " repeats");
            }
            members.put(name, member);
            skipSpace();
            char c = next();
            if (c == '}') {
                return Collections.unmodifiableMap(members);
            }
            if (c != ',') {
                throw new NotJson("',' or '}' is expected at " + (at - 1));
            }
        }
    }

    /**
     * A member name as a reason may show it: the name is read before any signature is checked, and applications log
     * refusals, so it is shown only when short and printable (a line break in it would forge a log line).
     */
    static String shown(String name) {
        return name.length() <= 40 && name.chars().allMatch(c -> c >= 0x20 && c < 0x7f) ? name : "(not short printable ASCII)";
    }

    private List<Object> array(int depth) throws NotJson {
        at++;
        var items = new ArrayList<Object>();
        skipSpace();
        if (peek() == ']') {
            at++;
            return Collections.unmodifiableList(items);
        }
        while (true) {
            skipSpace();
            items.add(value(depth + 1));
            skipSpace();
            char c = next();
            if (c == ']') {
                return Collections.unmodifiableList(items);
            }
            if (c != ',') {
                throw new NotJson("',' or ']' is expected at " + (at - 1));
            }
        }
    }

    private String string() throws NotJson {
        at++;
        var out = new StringBuilder();
        while (true) {
            char c = next();
            if (c == '"') {
                break;
            }
            if (c < 0x20) {
                throw new NotJson("a raw control character in a string at " + (at - 1));
            }
            if (c == '\\') {
                char escaped = next();
                switch (escaped) {
                    case '"': out.append('"'); break;
                    case '\\': out.append('\\'); break;
                    case '/': out.append('/'); break;
                    case 'b': out.append('\b'); break;
                    case 'f': out.append('\f'); break;
                    case 'n': out.append('\n'); break;
                    case 'r': out.append('\r'); break;
                    case 't': out.append('\t'); break;
                    case 'u': out.append(hexChar()); break;
                    default: throw new NotJson("a bad escape at " + (at - 1));
                }
            } else {
                out.append(c);
            }
        }
        String s = out.toString();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    throw new NotJson("a lone surrogate in a string");
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                throw new NotJson("a lone surrogate in a string");
            }
        }
        return s;
    }

    private char hexChar() throws NotJson {
        if (at + 4 > text.length()) {
            throw new NotJson("a short \\u escape");
        }
        int value = 0;
        for (int i = 0; i < 4; i++) {
            int digit = Character.digit(text.charAt(at + i), 16);
            if (digit < 0 || text.charAt(at + i) > 'f') {
                throw new NotJson("a bad \\u escape at " + at);
            }
            value = value * 16 + digit;
        }
        at += 4;
        return (char) value;
    }

    private Object number() throws NotJson {
        int start = at;
        if (peek() == '-') {
            at++;
        }
        if (peek() == '0') {
            at++;
            if (isDigit(peek())) {
                throw new NotJson("a leading zero at " + start);
            }
        } else if (isDigit(peek())) {
            digits();
        } else {
            throw new NotJson("a digit is expected at " + at);
        }
        boolean integral = true;
        if (peek() == '.') {
            integral = false;
            at++;
            if (!isDigit(peek())) {
                throw new NotJson("a digit is expected at " + at);
            }
            digits();
        }
        if (peek() == 'e' || peek() == 'E') {
            integral = false;
            at++;
            if (peek() == '+' || peek() == '-') {
                at++;
            }
            if (!isDigit(peek())) {
                throw new NotJson("a digit is expected at " + at);
            }
            digits();
        }
        String literal = text.substring(start, at);
        if (integral && literal.length() <= 19) {
            try {
                return Long.parseLong(literal);
            } catch (NumberFormatException tooBig) {
                return new BigDecimal(literal);
            }
        }
        if (literal.length() > 100) {
            throw new NotJson("a number longer than 100 characters");
        }
        try {
            return new BigDecimal(literal);
        } catch (NumberFormatException exponentPastAnInt) {
            // the grammar above already holds, so only a scale beyond an int is left for BigDecimal to refuse
            throw new NotJson("a number whose exponent is out of range at " + start);
        }
    }

    private void digits() {
        while (isDigit(peek())) {
            at++;
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private void literal(String word) throws NotJson {
        if (!text.startsWith(word, at)) {
            throw new NotJson("unexpected character at " + at);
        }
        at += word.length();
    }

    private void skipSpace() {
        while (at < text.length()) {
            char c = text.charAt(at);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            at++;
        }
    }

    private char peek() {
        return at < text.length() ? text.charAt(at) : '\0';
    }

    private char next() throws NotJson {
        if (at >= text.length()) {
            throw new NotJson("the text ends too early");
        }
        return text.charAt(at++);
    }

    private void expect(char c) throws NotJson {
        if (next() != c) {
            throw new NotJson("'" + c + "' is expected at " + (at - 1));
        }
    }
}

package dev.grantor.application.json;

import java.math.BigDecimal;

import java.math.BigInteger;
import java.util.AbstractMap;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A small, strict JSON codec (RFC 8259) for what the engine itself writes and reads back: outbox payloads
 * and event envelopes. No adapter's JSON library may leak into the application module, and what the
 * outbox holds must be readable by every later version, so the format is pinned here.
 *
 * <p>{@link #write} accepts {@code Map} with {@code String} keys (written in iteration order), {@code List}
 * and other collections, Vavr {@code Map}, {@code Seq} and {@code Option} (none is {@code null}),
 * {@code String}, {@code Boolean}, integral numbers, {@code BigDecimal}, finite {@code Double}/{@code Float},
 * {@code null}, and {@link Instant} (ISO-8601 in UTC with milliseconds, {@code 2026-11-27T10:15:30.123Z}).
 * Anything else is a programming error and is refused.
 *
 * <p>{@link #read} answers {@link LinkedHashMap}, {@link ArrayList}, {@code String}, {@code Long} (integers
 * that fit) or {@code BigDecimal} (the rest), {@code Boolean} or {@code null}, and refuses anything that is
 * not exactly one JSON value: comments, trailing commas, leading zeros, duplicate keys, raw control
 * characters, bad escapes, trailing content.
 */
public final class Json {

    /** Deep enough for any document the engine writes, shallow enough that hostile input cannot blow the stack. */
    public static final int MAX_DEPTH = 256;

    private static final DateTimeFormatter INSTANT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private Json() {}

    // ---- writing -------------------------------------------------------------------------------------

    public static String write(Object value) {
        var out = new StringBuilder(64);
        writeValue(out, value, 0);
        return out.toString();
    }

    /** The wire form of an instant, also for callers that build JSON text themselves. */
    public static String instant(Instant at) {
        return INSTANT.format(at);
    }

    private static void writeValue(StringBuilder out, Object value, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("JSON nesting deeper than " + MAX_DEPTH);
        }
        switch (value) {
            case null -> out.append("null");
            case String s -> writeString(out, s);
            case Boolean b -> out.append(b.booleanValue());
            case Long n -> out.append(n.longValue());
            case Integer n -> out.append(n.intValue());
            case Short n -> out.append(n.shortValue());
            case Byte n -> out.append(n.byteValue());
            case BigInteger n -> out.append(n);
            case BigDecimal n -> out.append(n);
            case Double d -> out.append(finite(d));
            case Float f -> out.append(finite(f.doubleValue()));
            case Instant at -> writeString(out, instant(at));
            case Map<?, ?> map -> writeObject(out, map.entrySet(), depth);
            case io.vavr.collection.Map<?, ?> map -> {
                var entries = new ArrayList<Map.Entry<?, ?>>(map.size());
                map.forEach(t -> entries.add(new AbstractMap.SimpleImmutableEntry<>(t._1, t._2)));
                writeObject(out, entries, depth);
            }
            case io.vavr.control.Option<?> option -> writeValue(out, option.getOrNull(), depth);
            case io.vavr.collection.Traversable<?> seq -> writeArray(out, seq.toJavaList(), depth);
            case Collection<?> list -> writeArray(out, list, depth);
            default -> throw new IllegalArgumentException("cannot write a " + value.getClass().getName() + " as JSON");
        }
    }

    private static String key(Object key) {
        if (key instanceof String s) {
            return s;
        }
        throw new IllegalArgumentException("JSON object keys must be strings, not " + (key == null ? "null" : key.getClass().getName()));
    }

    private static double finite(double d) {
        if (!Double.isFinite(d)) {
            throw new IllegalArgumentException("JSON has no NaN or infinity");
        }
        return d;
    }

    private static void writeObject(StringBuilder out, Collection<? extends Map.Entry<?, ?>> entries, int depth) {
        out.append('{');
        boolean first = true;
        for (var entry : entries) {
            if (!first) {
                out.append(',');
            }
            first = false;
            writeString(out, key(entry.getKey()));
            out.append(':');
            writeValue(out, entry.getValue(), depth + 1);
        }
        out.append('}');
    }

    private static void writeArray(StringBuilder out, Collection<?> items, int depth) {
        out.append('[');
        boolean first = true;
        for (var item : items) {
            if (!first) {
                out.append(',');
            }
            first = false;
            writeValue(out, item, depth + 1);
        }
        out.append(']');
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private static void writeString(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                        out.append(c).append(s.charAt(++i));
                    } else if (needsEscape(c)) {
                        unicodeEscape(out, c);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /**
     * Control characters must be escaped; the line separators break JavaScript that embeds the text; a lone
     * surrogate is not encodable in UTF-8 at all, so written raw it would turn into '?' on the way out.
     */
    private static boolean needsEscape(char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029' || Character.isSurrogate(c);
    }

    private static void unicodeEscape(StringBuilder out, char c) {
        out.append("\\u").append(HEX[(c >> 12) & 0xf]).append(HEX[(c >> 8) & 0xf]).append(HEX[(c >> 4) & 0xf]).append(HEX[c & 0xf]);
    }

    // ---- reading -------------------------------------------------------------------------------------

    public static Object read(String json) {
        if (json == null) {
            throw new IllegalArgumentException("no JSON text");
        }
        var reader = new Reader(json);
        reader.skipWhitespace();
        Object value = reader.value(0);
        reader.skipWhitespace();
        if (reader.pos != json.length()) {
            throw reader.error("unexpected content after the JSON value");
        }
        return value;
    }

    private static final class Reader {
        private final String s;
        private int pos;

        Reader(String s) {
            this.s = s;
        }

        Object value(int depth) {
            if (depth > MAX_DEPTH) {
                throw error("JSON nesting deeper than " + MAX_DEPTH);
            }
            if (pos >= s.length()) {
                throw error("unexpected end of input");
            }
            char c = s.charAt(pos);
            return switch (c) {
                case '{' -> object(depth);
                case '[' -> array(depth);
                case '"' -> string();
                case 't' -> literal("true", Boolean.TRUE);
                case 'f' -> literal("false", Boolean.FALSE);
                case 'n' -> literal("null", null);
                default -> {
                    if (c == '-' || (c >= '0' && c <= '9')) {
                        yield number();
                    }
                    throw error("unexpected character");
                }
            };
        }

        private LinkedHashMap<String, Object> object(int depth) {
            pos++;
            var map = new LinkedHashMap<String, Object>();
            skipWhitespace();
            if (peek() == '}') {
                pos++;
                return map;
            }
            while (true) {
                skipWhitespace();
                if (peek() != '"') {
                    throw error("expected a string key");
                }
                String key = string();
                skipWhitespace();
                expect(':');
                skipWhitespace();
                Object value = value(depth + 1);
                if (map.containsKey(key)) {
                    throw error("duplicate key");
                }
                map.put(key, value);
                skipWhitespace();
                char c = next();
                if (c == '}') {
                    return map;
                }
                if (c != ',') {
                    throw error("expected ',' or '}'");
                }
            }
        }

        private ArrayList<Object> array(int depth) {
            pos++;
            var list = new ArrayList<Object>();
            skipWhitespace();
            if (peek() == ']') {
                pos++;
                return list;
            }
            while (true) {
                skipWhitespace();
                list.add(value(depth + 1));
                skipWhitespace();
                char c = next();
                if (c == ']') {
                    return list;
                }
                if (c != ',') {
                    throw error("expected ',' or ']'");
                }
            }
        }

        private String string() {
            expect('"');
            var out = new StringBuilder();
            while (true) {
                char c = next();
                if (c == '"') {
                    return out.toString();
                }
                if (c < 0x20) {
                    throw error("raw control character in a string");
                }
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                char e = next();
                switch (e) {
                    case '"' -> out.append('"');
                    case '\\' -> out.append('\\');
                    case '/' -> out.append('/');
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'u' -> out.append(hex4());
                    default -> throw error("invalid escape");
                }
            }
        }

        private char hex4() {
            if (pos + 4 > s.length()) {
                throw error("truncated \\u escape");
            }
            int v = 0;
            for (int i = 0; i < 4; i++) {
                char h = s.charAt(pos + i);
                int d = h >= '0' && h <= '9' ? h - '0' : h >= 'a' && h <= 'f' ? h - 'a' + 10 : h >= 'A' && h <= 'F' ? h - 'A' + 10 : -1;
                if (d < 0) {
                    throw error("invalid \\u escape");
                }
                v = (v << 4) | d;
            }
            pos += 4;
            return (char) v;
        }

        private Object number() {
            int start = pos;
            if (peek() == '-') {
                pos++;
            }
            if (peek() == '0') {
                pos++;
            } else if (isDigit(peek())) {
                digits();
            } else {
                throw error("invalid number");
            }
            boolean integral = true;
            if (peek() == '.') {
                pos++;
                integral = false;
                if (!isDigit(peek())) {
                    throw error("invalid number: digits must follow '.'");
                }
                digits();
            }
            if (peek() == 'e' || peek() == 'E') {
                pos++;
                integral = false;
                if (peek() == '+' || peek() == '-') {
                    pos++;
                }
                if (!isDigit(peek())) {
                    throw error("invalid number: digits must follow the exponent");
                }
                digits();
            }
            String text = s.substring(start, pos);
            if (integral) {
                try {
                    return Long.parseLong(text);
                } catch (NumberFormatException beyondLong) {
                    return new BigDecimal(text);
                }
            }
            try {
                return new BigDecimal(text);
            } catch (NumberFormatException | ArithmeticException e) {
                throw error("number out of range");
            }
        }

        private void digits() {
            while (isDigit(peek())) {
                pos++;
            }
        }

        private static boolean isDigit(int c) {
            return c >= '0' && c <= '9';
        }

        private Object literal(String word, Object value) {
            if (!s.startsWith(word, pos)) {
                throw error("unexpected literal");
            }
            pos += word.length();
            return value;
        }

        void skipWhitespace() {
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                    return;
                }
                pos++;
            }
        }

        private int peek() {
            return pos < s.length() ? s.charAt(pos) : -1;
        }

        private char next() {
            if (pos >= s.length()) {
                throw error("unexpected end of input");
            }
            return s.charAt(pos++);
        }

        private void expect(char c) {
            if (next() != c) {
                pos--;
                throw error("expected '" + c + "'");
            }
        }

        IllegalArgumentException error(String message) {
            return new IllegalArgumentException("malformed JSON at offset " + pos + ": " + message);
        }
    }
}

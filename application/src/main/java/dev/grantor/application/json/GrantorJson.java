package dev.grantor.application.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import dev.grantor.domain.shared.Metadata;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * The one JSON configuration of the whole product, for what the REST adapter answers and for what the
 * engine records (outbox envelopes, webhook bodies, email payloads, stored columns): the same text for the
 * same value on every path.
 *
 * <ul>
 *   <li>Writing: object members in the order given; instants as {@code YYYY-MM-DDTHH:MM:SS.sssZ}; control
 *   characters, C1 controls, U+2028/U+2029 and surrogates escaped as {@code \\u} and four hex digits, so the text embeds
 *   in JavaScript and survives any UTF-8 store (a lone surrogate cannot be encoded raw).</li>
 *   <li>Reading: exactly one value, no duplicate member names, nesting at most {@value #MAX_DEPTH}
 *   deep, integers as {@code Long} (or {@code BigInteger} beyond a long) and other numbers as {@link BigDecimal} whose
 *   exponent is bounded (see {@link #MAX_EXPONENT}).</li>
 * </ul>
 */
public final class GrantorJson {

    /** No document Grantor reads or writes nests deeper than a few levels; a deeper one is an attack on the parser. */
    public static final int MAX_DEPTH = 64;

    /**
     * A number written with a larger exponent is read as {@code ±1E+10000} (or {@code ±1E-10000}): still a
     * number every field refuses as out of range, never a {@link BigDecimal} with an exponent in the
     * billions (whose arithmetic does not end) and never a parse failure of an otherwise valid document.
     */
    public static final int MAX_EXPONENT = 9_999;

    private static final BigDecimal HUGE = BigDecimal.ONE.scaleByPowerOfTen(MAX_EXPONENT + 1);
    private static final BigDecimal TINY = BigDecimal.ONE.scaleByPowerOfTen(-(MAX_EXPONENT + 1));

    private static final DateTimeFormatter INSTANT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private static final PropertyNamingStrategies.NamingBase NAMING =
            (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;

    /**
     * Jackson's working buffers, shared by all threads. Its default keeps them per thread, and the server runs each
     * request on a virtual thread of its own, so every request allocated a fresh set (about 10 kB for a fulfillment's
     * four documents: JsonRenderBenchmark). A set is held only while a document is read or written, which never waits,
     * so about as many are in use as there are cores; beyond the bound a released set is simply dropped.
     */
    private static final int BUFFER_SETS = 16;

    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .recyclerPool(JsonRecyclerPools.newBoundedPool(BUFFER_SETS))
                    .build())
            .addModule(new SimpleModule("grantor")
                    .addSerializer(Instant.class, new InstantText())
                    .addDeserializer(Instant.class, new InstantReader())
                    .addSerializer(Double.class, new FiniteDouble())
                    .addSerializer(Metadata.class, new MetadataMembers())
                    .addDeserializer(Metadata.class, new MetadataReader()))
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            // records are the engine's shapes: their components are the members, written in snake_case
            .propertyNamingStrategy(NAMING)
            // a document naming a member twice is ambiguous: refuse it rather than pick one
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(JsonWriteFeature.ESCAPE_FORWARD_SLASHES)
            // 1.50 stays 1.50: a merchant's number comes back as written
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    // the same configuration, leaving out null members as it writes (one pass, where a tree would cost a second)
    private static final ObjectMapper WITHOUT_NULLS = MAPPER.copy().setDefaultPropertyInclusion(JsonInclude.Include.NON_NULL);

    static {
        for (ObjectMapper mapper : new ObjectMapper[] {MAPPER, WITHOUT_NULLS}) {
            mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build());
            mapper.getFactory().setCharacterEscapes(new Escapes());
        }
    }

    private GrantorJson() {}

    /**
     * As {@link #write}, without the record members whose value is null: for stored payloads whose readers take an
     * absent member as null, so a member added later is absent from every payload that does not use it. Map entries
     * and list elements that are null are written as they are.
     */
    public static String writeWithoutNulls(Object value) {
        try {
            return WITHOUT_NULLS.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write a " + (value == null ? "null" : value.getClass().getName()) + " as JSON", e);
        }
    }

    /** The text of a value: records, maps, lists, strings, numbers, booleans, instants, null. */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write a " + (value == null ? "null" : value.getClass().getName()) + " as JSON", e);
        }
    }

    /**
     * The member name a record component is written under ({@code pageSize} is {@code page_size}): the rule the
     * codec applies to every record, for whoever must name a component the way the JSON does.
     */
    public static String memberName(String component) {
        return NAMING.translate(component);
    }

    /** The wire form of an instant: {@code 2026-11-27T10:15:30.123Z}. */
    public static String instant(Instant at) {
        // every answer and outbox payload writes several of these: digits by hand took about 50 ns an instant where the
        // formatter's general machinery took 133 (a million each, JIT-warm); a year outside 0000-9999 (a sign, a fifth
        // digit) is left to the formatter
        if (at.getEpochSecond() < YEAR_0 || at.getEpochSecond() > YEAR_9999_ENDS) {
            return INSTANT.format(at);
        }
        LocalDateTime t = LocalDateTime.ofEpochSecond(at.getEpochSecond(), at.getNano(), ZoneOffset.UTC);
        byte[] text = new byte[24];
        digits(text, 0, t.getYear(), 4);
        text[4] = '-';
        digits(text, 5, t.getMonthValue(), 2);
        text[7] = '-';
        digits(text, 8, t.getDayOfMonth(), 2);
        text[10] = 'T';
        digits(text, 11, t.getHour(), 2);
        text[13] = ':';
        digits(text, 14, t.getMinute(), 2);
        text[16] = ':';
        digits(text, 17, t.getSecond(), 2);
        text[19] = '.';
        digits(text, 20, t.getNano() / 1_000_000, 3);
        text[23] = 'Z';
        return new String(text, StandardCharsets.US_ASCII);
    }

    /** 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z, in seconds since the epoch. */
    private static final long YEAR_0 = -62_167_219_200L;
    private static final long YEAR_9999_ENDS = 253_402_300_799L;

    private static void digits(byte[] text, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            text[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
    }

    /** One JSON document as a tree; {@link IllegalArgumentException} when the text is not exactly one value. */
    public static JsonNode tree(byte[] json) {
        try {
            return tree(MAPPER.createParser(json));
        } catch (IOException e) {
            throw new IllegalArgumentException("not one valid JSON value: " + e.getMessage(), e);
        }
    }

    public static JsonNode tree(String json) {
        if (json == null) {
            throw new IllegalArgumentException("no JSON text");
        }
        try {
            return tree(MAPPER.createParser(json));
        } catch (IOException e) {
            throw new IllegalArgumentException("not one valid JSON value: " + e.getMessage(), e);
        }
    }

    private static JsonNode tree(JsonParser source) throws IOException {
        try (JsonParser parser = new BoundedNumbers(source)) {
            JsonNode node = MAPPER.readTree(parser);
            if (node == null) {
                throw new IllegalArgumentException("no JSON value");
            }
            return node;
        }
    }

    /**
     * One JSON document as plain Java: {@code LinkedHashMap}, {@code ArrayList}, {@code String}, {@code Long}
     * or {@code BigInteger}, {@link BigDecimal}, {@code Boolean}, {@code null}.
     */
    public static Object read(String json) {
        return plain(tree(json));
    }

    /** A tree as plain Java values, as {@link #read} answers them. */
    public static Object plain(JsonNode node) {
        return switch (node.getNodeType()) {
            case OBJECT -> {
                var members = new LinkedHashMap<String, Object>();
                node.properties().forEach(member -> members.put(member.getKey(), plain(member.getValue())));
                yield members;
            }
            case ARRAY -> {
                var items = new ArrayList<Object>(node.size());
                node.forEach(item -> items.add(plain(item)));
                yield items;
            }
            case STRING -> node.textValue();
            case NUMBER -> node.isIntegralNumber() ? (node.canConvertToLong() ? (Object) node.longValue() : node.bigIntegerValue())
                    : node.decimalValue();
            case BOOLEAN -> node.booleanValue();
            case NULL, MISSING -> null;
            case BINARY, POJO -> throw new IllegalArgumentException("not a plain JSON value: " + node.getNodeType());
        };
    }

    /** A document read into a record by its component names. */
    public static <T> T read(String json, Class<T> type) {
        try {
            return MAPPER.treeToValue(tree(json), type);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not a " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    private static final class InstantText extends StdSerializer<Instant> {
        InstantText() {
            super(Instant.class);
        }

        @Override
        public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeString(instant(value));
        }
    }

    private static final class InstantReader extends StdDeserializer<Instant> {
        InstantReader() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            try {
                return Instant.parse(parser.getValueAsString());
            } catch (DateTimeParseException | NullPointerException e) {
                return (Instant) context.handleWeirdStringValue(Instant.class, parser.getText(), "not an ISO-8601 instant");
            }
        }
    }

    /** JSON has no NaN or infinity; writing one is a programming error, not a string {@code "NaN"}. */
    private static final class FiniteDouble extends StdSerializer<Double> {
        FiniteDouble() {
            super(Double.class);
        }

        @Override
        public void serialize(Double value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("JSON has no NaN or infinity");
            }
            gen.writeNumber(value);
        }
    }

    /**
     * Metadata is the merchant's own: its members are its keys in their order, each value a string, number or
     * boolean, the same on the wire and in a column. A number keeps its written scale ({@code 1.50}).
     */
    private static final class MetadataMembers extends StdSerializer<Metadata> {
        MetadataMembers() {
            super(Metadata.class);
        }

        @Override
        public void serialize(Metadata value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeStartObject();
            for (var entry : value.entries()) {
                gen.writeFieldName(entry._1);
                switch (entry._2) {
                    case Metadata.Text t -> gen.writeString(t.value());
                    case Metadata.Number n -> gen.writeNumber(n.value());
                    case Metadata.Flag f -> gen.writeBoolean(f.value());
                }
            }
            gen.writeEndObject();
        }
    }

    /**
     * Metadata as stored: no input rule is applied again (metadata stored before a rule was added still loads).
     * A whole number comes as a {@code Long} (or {@code BigInteger}), the same value at scale 0.
     */
    private static final class MetadataReader extends StdDeserializer<Metadata> {
        MetadataReader() {
            super(Metadata.class);
        }

        @Override
        public Metadata deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            JsonNode node = parser.readValueAsTree();
            if (!node.isObject()) {
                return (Metadata) context.handleUnexpectedToken(Metadata.class, parser);
            }
            var entries = io.vavr.collection.LinkedHashMap.<String, Metadata.Value>empty();
            for (var member : node.properties()) {
                JsonNode value = member.getValue();
                Metadata.Value read;
                if (value.isTextual()) {
                    read = new Metadata.Text(value.textValue());
                } else if (value.isBoolean()) {
                    read = new Metadata.Flag(value.booleanValue());
                } else if (value.isIntegralNumber()) {
                    read = new Metadata.Number(new BigDecimal(value.bigIntegerValue()));
                } else if (value.isNumber()) {
                    read = new Metadata.Number(value.decimalValue());
                } else {
                    throw new IllegalStateException("stored metadata holds a " + value.getNodeType());
                }
                entries = entries.put(member.getKey(), read);
            }
            return new Metadata(entries);
        }
    }

    private static final class Escapes extends CharacterEscapes {
        private final int[] ascii = CharacterEscapes.standardAsciiEscapesForJSON();

        Escapes() {
            ascii[0x7f] = CharacterEscapes.ESCAPE_CUSTOM;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int c) {
            boolean escaped = (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029 || (c >= 0xd800 && c <= 0xdfff);
            return escaped ? new SerializedString(String.format("\\u%04x", c)) : null;
        }
    }

    /** Refuses nothing: an exponent beyond {@link #MAX_EXPONENT} becomes the bound's neighbour, with its sign. */
    private static final class BoundedNumbers extends JsonParserDelegate {
        BoundedNumbers(JsonParser parser) {
            super(parser);
        }

        @Override
        public BigDecimal getDecimalValue() throws IOException {
            String text = getText();
            int e = Math.max(text.indexOf('e'), text.indexOf('E'));
            if (e < 0) {
                return super.getDecimalValue();
            }
            String exponent = text.substring(e + 1);
            boolean negative = exponent.startsWith("-");
            String digits = exponent.replaceFirst("^[+-]?0*", "");
            if (digits.length() <= 5 && (digits.isEmpty() || Integer.parseInt(digits) <= MAX_EXPONENT)) {
                return super.getDecimalValue();
            }
            String mantissa = text.substring(0, e);
            if (mantissa.replaceAll("[-+.0]", "").isEmpty()) {
                return BigDecimal.ZERO;
            }
            BigDecimal bound = negative ? TINY : HUGE;
            return mantissa.startsWith("-") ? bound.negate() : bound;
        }
    }
}

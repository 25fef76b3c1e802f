package dev.grantor.application.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.instancio.Select.all;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.instancio.Instancio;
import org.instancio.Random;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {

    private static final long SEED = 20261127L;

    static Object document(Random random, int depth) {
        int pick = depth > 3 ? random.intRange(0, 4) : random.intRange(0, 6);
        return switch (pick) {
            case 0 -> HostileText.of(random);
            case 1 -> random.longRange(Long.MIN_VALUE, Long.MAX_VALUE);
            case 2 -> new BigDecimal(BigInteger.valueOf(random.longRange(-1_000_000_000L, 1_000_000_000L)), random.intRange(-20, 20));
            case 3 -> random.trueOrFalse();
            case 4 -> null;
            case 5 -> {
                var list = new ArrayList<Object>();
                for (int i = random.intRange(0, 4); i > 0; i--) {
                    list.add(document(random, depth + 1));
                }
                yield list;
            }
            default -> {
                var map = new LinkedHashMap<String, Object>();
                for (int i = random.intRange(0, 4); i > 0; i--) {
                    map.put(HostileText.of(random), document(random, depth + 1));
                }
                yield map;
            }
        };
    }

    @Nested
    class Round_trips {

        @Test
        void every_hostile_string_reads_back_exactly_as_written() {
            var strings = Instancio.ofList(String.class).size(3000).supply(all(String.class), HostileText::of)
                    .withSeed(SEED).create();

            for (var s : strings) {
                String json = Json.write(s);
                assertThat(Json.read(json)).isEqualTo(s);
                assertThat(json.chars()).noneMatch(c -> c < 0x20 || c == 0x2028 || c == 0x2029 || (c >= 0x7f && c <= 0x9f));
                assertThat(new String(json.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)).isEqualTo(json);
            }
        }

        @Test
        void every_generated_document_reads_back_equal_and_writes_again_identically() {
            var documents = Instancio.ofList(Object.class).size(1500).supply(all(Object.class), r -> document(r, 0))
                    .withSeed(SEED).create();

            for (var document : documents) {
                String json = Json.write(document);
                Object read = Json.read(json);
                assertThat(read).isEqualTo(normalised(document));
                assertThat(Json.write(read)).isEqualTo(json);
            }
        }

        /** What reading gives back: integers that fit in a long become Long, other numbers BigDecimal. */
        private static Object normalised(Object value) {
            return switch (value) {
                case BigDecimal d when d.toString().matches("-?\\d+") -> Json.read(d.toString());
                case List<?> list -> list.stream().map(Round_trips::normalised).toList();
                case Map<?, ?> map -> {
                    var copy = new LinkedHashMap<Object, Object>();
                    map.forEach((k, v) -> copy.put(k, normalised(v)));
                    yield copy;
                }
                case null -> null;
                default -> value;
            };
        }
    }

    @Nested
    class Writing {

        @Test
        void maps_keep_their_iteration_order_and_instants_are_utc_with_milliseconds() {
            var map = new LinkedHashMap<String, Object>();
            map.put("z", 1);
            map.put("a", Instant.parse("2026-11-27T10:15:30.123456Z"));
            map.put("m", List.of(true, false));
            map.put("n", null);
            map.put("d", 2.5);

            assertThat(Json.write(map)).isEqualTo("{\"z\":1,\"a\":\"2026-11-27T10:15:30.123Z\",\"m\":[true,false],\"n\":null,\"d\":2.5}");
            assertThat(Json.write(Instant.parse("2026-01-01T00:00:00Z"))).isEqualTo("\"2026-01-01T00:00:00.000Z\"");
        }

        @Test
        void controls_separators_and_lone_surrogates_are_escaped() {
            assertThat(Json.write("a\"b\\c\n\u0001\u2028\u2029\ud800x\udc00"))
                    .isEqualTo("\"a\\\"b\\\\c\\n\\u0001\\u2028\\u2029\\ud800x\\udc00\"");
            assertThat(Json.write("\uD83D\uDE00")).isEqualTo("\"\uD83D\uDE00\"");
        }

        @Test
        void vavr_values_are_written_like_their_java_counterparts() {
            assertThat(Json.write(io.vavr.collection.LinkedHashMap.of("a", io.vavr.control.Option.none(), "b", io.vavr.collection.List.of(1, 2))))
                    .isEqualTo("{\"a\":null,\"b\":[1,2]}");
        }

        @Test
        void what_json_cannot_hold_is_refused() {
            assertThatThrownBy(() -> Json.write(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> Json.write(Double.POSITIVE_INFINITY)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> Json.write(Map.of(1, "x"))).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> Json.write(new Object())).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    class Reading {

        @Test
        void values_come_back_as_plain_java_types() {
            var read = (Map<?, ?>) Json.read(" {\"a\":[1,-2.50,1e3,12345678901234567890,true,null,\"\\u00e9\\/\"]}\n");

            assertThat(read.get("a")).isEqualTo(java.util.Arrays.asList(1L, new BigDecimal("-2.50"), new BigDecimal("1e3"),
                    new BigDecimal("12345678901234567890"), true, null, "é/"));
            assertThat(read).isInstanceOf(LinkedHashMap.class);
        }

        @ParameterizedTest
        @ValueSource(strings = {"", " ", "{", "[1,]", "{\"a\":1,}", "01", "-", "1.", ".5", "1e", "+1", "NaN", "Infinity",
                "tru", "nul", "\"unterminated", "\"raw\ncontrol\"", "\"bad \\x escape\"", "\"\\u12G4\"", "\"\\u12\"",
                "{\"a\":1,\"a\":2}", "{a:1}", "{'a':1}", "[1 2]", "1 2", "// comment\n1", "[1]]", "{\"a\" 1}", "\u00a01"})
        void malformed_input_is_rejected(String json) {
            assertThatThrownBy(() -> Json.read(json)).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void nesting_beyond_the_limit_is_rejected_rather_than_overflowing_the_stack() {
            assertThatThrownBy(() -> Json.read("[".repeat(100_000))).isInstanceOf(IllegalArgumentException.class);
            assertThat(Json.read("[".repeat(200) + "]".repeat(200))).isInstanceOf(List.class);
        }

        @Test
        void a_number_beyond_any_decimal_is_rejected() {
            assertThatThrownBy(() -> Json.read("1e99999999999")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> Json.read(null)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}

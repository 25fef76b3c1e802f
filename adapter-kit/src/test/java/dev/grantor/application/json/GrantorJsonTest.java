package dev.grantor.application.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.instancio.Select.all;

import dev.grantor.hostile.HostileText;
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

class GrantorJsonTest {

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
                    map.put(memberName(random), document(random, depth + 1));
                }
                yield map;
            }
        };
    }

    /**
     * Hostile, but without a lone surrogate: the parser refuses one in a member name, and no name the
     * engine writes can hold one (metadata keys are visible characters, header names are tokens).
     */
    static String memberName(Random random) {
        String name = HostileText.of(random);
        var out = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < name.length() && Character.isLowSurrogate(name.charAt(i + 1))) {
                out.append(c).append(name.charAt(++i));
            } else if (!Character.isSurrogate(c)) {
                out.append(c);
            }
        }
        return out.toString();
    }

    @Test
    void an_instant_is_written_as_the_iso_pattern_writes_it_for_every_year_milliseconds_truncated() {
        var pattern = java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
                .withZone(java.time.ZoneOffset.UTC);
        var instants = new ArrayList<Instant>();
        // across the whole range a long of seconds can hold for an Instant, and densely around the edges that matter
        instants.addAll(Instancio.ofList(Instant.class).size(2000).supply(all(Instant.class), random -> Instant.ofEpochSecond(
                random.longRange(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond()), random.intRange(0, 999_999_999))).create());
        instants.addAll(Instancio.ofList(Instant.class).size(3000).supply(all(Instant.class), random -> Instant.ofEpochSecond(
                random.longRange(-62_167_219_200L - 86_400 * 800L, 253_402_300_799L + 86_400 * 800L),
                random.intRange(0, 999_999_999))).create());
        instants.addAll(List.of(Instant.EPOCH, Instant.ofEpochSecond(-1, 999_999_999), Instant.parse("0000-01-01T00:00:00Z"),
                Instant.parse("9999-12-31T23:59:59.999999999Z"), Instant.parse("2024-02-29T12:00:00.001Z"),
                Instant.parse("-0001-12-31T23:59:59.999Z"), Instant.parse("+10000-01-01T00:00:00Z"), Instant.MIN, Instant.MAX));
        int formatted = 0;
        for (Instant at : instants) {
            String expected;
            try {
                expected = pattern.format(at);
            } catch (java.time.DateTimeException beyondTheCalendar) {
                assertThatThrownBy(() -> GrantorJson.instant(at)).as(at.toString()).isInstanceOf(beyondTheCalendar.getClass());
                continue;
            }
            assertThat(GrantorJson.instant(at)).as(at.toString()).isEqualTo(expected);
            assertThat(GrantorJson.write(at)).isEqualTo("\"" + expected + "\"");
            formatted++;
        }
        assertThat(formatted).isGreaterThan(4_900);
    }

    @Test
    void a_member_name_with_a_lone_surrogate_is_refused_not_misread() {
        assertThatThrownBy(() -> GrantorJson.read("{\"\\ud800x\":1}")).isInstanceOf(IllegalArgumentException.class);
    }

    @Nested
    class Round_trips {

        @Test
        void every_hostile_string_reads_back_exactly_as_written() {
            var strings = Instancio.ofList(String.class).size(3000).supply(all(String.class), HostileText::of)
                    .withSeed(SEED).create();

            for (var s : strings) {
                String json = GrantorJson.write(s);
                assertThat(GrantorJson.read(json)).isEqualTo(s);
                assertThat(json.chars()).noneMatch(c -> c < 0x20 || c == 0x2028 || c == 0x2029 || (c >= 0x7f && c <= 0x9f));
                assertThat(new String(json.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)).isEqualTo(json);
            }
        }

        @Test
        void every_generated_document_reads_back_equal_and_writes_again_identically() {
            var documents = Instancio.ofList(Object.class).size(1500).supply(all(Object.class), r -> document(r, 0))
                    .withSeed(SEED).create();

            for (var document : documents) {
                String json = GrantorJson.write(document);
                Object read = GrantorJson.read(json);
                assertThat(read).isEqualTo(normalised(document));
                assertThat(GrantorJson.write(read)).isEqualTo(json);
            }
        }

        /** What reading gives back: integers that fit in a long become Long, other numbers BigDecimal. */
        private static Object normalised(Object value) {
            return switch (value) {
                case BigDecimal d when d.toString().matches("-?\\d+") -> GrantorJson.read(d.toString());
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

            assertThat(GrantorJson.write(map)).isEqualTo("{\"z\":1,\"a\":\"2026-11-27T10:15:30.123Z\",\"m\":[true,false],\"n\":null,\"d\":2.5}");
            assertThat(GrantorJson.write(Instant.parse("2026-01-01T00:00:00Z"))).isEqualTo("\"2026-01-01T00:00:00.000Z\"");
        }

        @Test
        void controls_separators_and_lone_surrogates_are_escaped() {
            assertThat(GrantorJson.write("a\"b\\c\n\u0001\u2028\u2029\ud800x\udc00"))
                    .isEqualTo("\"a\\\"b\\\\c\\n\\u0001\\u2028\\u2029\\ud800x\\udc00\"");
            assertThat(GrantorJson.write("\u0085\u009f\u007f")).isEqualTo("\"\\u0085\\u009f\\u007f\"");
            // surrogates are escaped even in pairs: a writer sees one char at a time, and the pair reads back the same
            assertThat(GrantorJson.write("\uD83D\uDE00")).isEqualTo("\"\\ud83d\\ude00\"");
            assertThat(GrantorJson.read("\"\\ud83d\\ude00\"")).isEqualTo("\uD83D\uDE00");
        }

        @Test
        void records_are_written_with_their_components_in_snake_case_and_in_order() {
            record Shape(String grantId, Long activationsLimit, Instant expiresAt) {}

            assertThat(GrantorJson.write(new Shape("entg_1", null, Instant.parse("2026-01-01T00:00:00.5Z"))))
                    .isEqualTo("{\"grant_id\":\"entg_1\",\"activations_limit\":null,\"expires_at\":\"2026-01-01T00:00:00.500Z\"}");
            assertThat(GrantorJson.read("{\"grant_id\":\"entg_1\",\"activations_limit\":7}", Shape.class))
                    .isEqualTo(new Shape("entg_1", 7L, null));
        }

        @Test
        void what_json_cannot_hold_is_refused() {
            assertThatThrownBy(() -> GrantorJson.write(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> GrantorJson.write(Double.POSITIVE_INFINITY)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> GrantorJson.write(new Object())).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    class Reading {

        @Test
        void values_come_back_as_plain_java_types() {
            var read = (Map<?, ?>) GrantorJson.read(" {\"a\":[1,-2.50,1e3,12345678901234567890,true,null,\"\\u00e9\\/\"]}\n");

            assertThat(read.get("a")).isEqualTo(java.util.Arrays.asList(1L, new BigDecimal("-2.50"), new BigDecimal("1e3"),
                    new java.math.BigInteger("12345678901234567890"), true, null, "é/"));
            assertThat(read).isInstanceOf(LinkedHashMap.class);
        }

        @ParameterizedTest
        @ValueSource(strings = {"", " ", "{", "[1,]", "{\"a\":1,}", "01", "-", "1.", ".5", "1e", "+1", "NaN", "Infinity",
                "tru", "nul", "\"unterminated", "\"raw\ncontrol\"", "\"bad \\x escape\"", "\"\\u12G4\"", "\"\\u12\"",
                "{\"a\":1,\"a\":2}", "{a:1}", "{'a':1}", "[1 2]", "1 2", "// comment\n1", "[1]]", "{\"a\" 1}", "\u00a01"})
        void malformed_input_is_rejected(String json) {
            assertThatThrownBy(() -> GrantorJson.read(json)).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void nesting_beyond_the_limit_is_rejected_rather_than_overflowing_the_stack() {
            assertThatThrownBy(() -> GrantorJson.read("[".repeat(100_000))).isInstanceOf(IllegalArgumentException.class);
            assertThat(GrantorJson.read("[".repeat(GrantorJson.MAX_DEPTH) + "]".repeat(GrantorJson.MAX_DEPTH))).isInstanceOf(List.class);
            assertThatThrownBy(() -> GrantorJson.read("[".repeat(GrantorJson.MAX_DEPTH + 1) + "]".repeat(GrantorJson.MAX_DEPTH + 1)))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @ParameterizedTest
        @ValueSource(strings = {"1e-2147483648", "1e99999999999", "1e2147483647", "-1E+10001", "1e-10001", "0.5e0000000000000000010000"})
        void an_exponent_beyond_the_bound_reads_as_the_bound_never_as_an_unbounded_decimal(String number) {
            var read = (BigDecimal) GrantorJson.read("[" + number + "]", java.util.List.class).get(0);

            assertThat(Math.abs(read.precision() - read.scale())).isLessThanOrEqualTo(GrantorJson.MAX_EXPONENT + 2);
            assertThat(read.abs()).isIn(BigDecimal.ONE.scaleByPowerOfTen(GrantorJson.MAX_EXPONENT + 1),
                    BigDecimal.ONE.scaleByPowerOfTen(-GrantorJson.MAX_EXPONENT - 1));
            assertThat(read.signum()).isEqualTo(number.startsWith("-") ? -1 : 1);
        }

        @Test
        void zero_with_any_exponent_is_zero_and_an_exponent_within_the_bound_is_exact() {
            assertThat((BigDecimal) GrantorJson.read("[0e-2147483648]", java.util.List.class).get(0)).isEqualByComparingTo("0");
            assertThat((BigDecimal) GrantorJson.read("[1.5e9999]", java.util.List.class).get(0)).isEqualTo(new BigDecimal("1.5e9999"));
            assertThatThrownBy(() -> GrantorJson.read(null)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    /**
     * The server runs each request on a thread of its own: a write there must not pay for Jackson's working buffers
     * afresh (its default keeps them per thread; a fresh set is several kB, more than this small document and its
     * writer together).
     */
    @Test
    void a_write_on_a_thread_of_its_own_reuses_the_codec_s_buffers() throws Exception {
        var document = Map.of("type", "license_key.created", "data", List.of(1, 2, 3));
        for (int i = 0; i < 20_000; i++) {
            GrantorJson.write(document);
        }
        var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long fewest = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            long[] allocated = new long[1];
            var thread = new Thread(() -> {
                long before = threads.getCurrentThreadAllocatedBytes();
                GrantorJson.write(document);
                allocated[0] = threads.getCurrentThreadAllocatedBytes() - before;
            });
            thread.start();
            thread.join();
            fewest = Math.min(fewest, allocated[0]);
        }
        assertThat(fewest).as("bytes allocated by one write on a fresh thread").isLessThan(2_000);
    }
}

package dev.grantor.verifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.instancio.Select.all;

import dev.grantor.verifier.JsonReader.NotJson;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.instancio.Instancio;
import org.junit.jupiter.api.Test;

class JsonReaderTest {

    @Test
    void reads_every_kind_of_value() throws NotJson {
        Object read = JsonReader.read(" {\"a\":[1,-0,2.5,1e3,true,false,null],\"b\":{\"c\":\"\\u00e9\\n\\\"\\/\"},"
                + "\"big\":123456789012345678901} ");

        assertThat(read).isEqualTo(Map.of("a", java.util.Arrays.asList(1L, 0L, new BigDecimal("2.5"), new BigDecimal("1e3"),
                        true, false, null), "b", Map.of("c", "é\n\"/"), "big", new BigDecimal("123456789012345678901")));
    }

    @Test
    void keeps_astral_characters_written_as_surrogate_pairs() throws NotJson {
        assertThat(JsonReader.read("\"\\ud83d\\ude00 😀\"")).isEqualTo("😀 😀");
    }

    @Test
    void refuses_everything_that_is_not_exactly_one_strict_json_value() {
        for (String text : new String[] {"", " ", "{", "}", "{\"a\":1,}", "[1,]", "[01]", "[1.]", "[.5]", "[1e]", "[+1]",
                "{\"a\":1,\"a\":2}", "\"\u0001\"", "\"\\x\"", "\"\\u12\"", "\"\\ud800\"", "\"\\udc00x\"", "// c\n1",
                "1 2", "{a:1}", "['a']", "tru", "nul", "NaN", "[Infinity]", "\"unterminated", "{\"a\" 1}", "[1 2]",
                "\"\\u00G0\"", "1".repeat(101) + ".5", "[".repeat(40) + "]".repeat(40), " ".repeat(JsonReader.MAX_LENGTH + 1)}) {
            assertThatThrownBy(() -> JsonReader.read(text)).as(text).isInstanceOf(NotJson.class);
        }
    }

    @Test
    void refuses_numbers_whose_exponent_no_decimal_can_hold_with_the_checked_reason() {
        for (String text : new String[] {"1e99999999999", "1e-99999999999", "-2.5E+99999999999", "[0.1e4294967296]"}) {
            assertThatThrownBy(() -> JsonReader.read(text)).as(text).isInstanceOf(NotJson.class);
        }
    }

    @Test
    void generated_hostile_text_is_either_read_or_refused_with_the_checked_reason_and_nothing_else() {
        var texts = Instancio.ofList(String.class).size(5000)
                .supply(all(String.class), random -> LicenseVerifierTest.hostileKey(random,
                        "{\"keys\":[{\"kty\":\"OKP\",\"x\":\"abc\",\"n\":[1,2.5e3,true,null]}]}"))
                .withSeed(LicenseVerifierTest.SEED).create();

        for (String text : texts) {
            try {
                Object read = JsonReader.read(text);
                assertThat(read == null || read instanceof Map || read instanceof List || read instanceof String
                        || read instanceof Number || read instanceof Boolean).isTrue();
            } catch (NotJson refused) {
                assertThat(refused.getMessage()).isNotBlank();
            }
        }
    }
}

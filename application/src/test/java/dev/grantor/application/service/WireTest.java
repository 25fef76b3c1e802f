package dev.grantor.application.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.instancio.Select.all;

import dev.grantor.domain.shared.ErrorCode;
import dev.grantor.domain.shared.Metadata;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.instancio.Instancio;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class WireTest {

    @Nested
    class Metadata_from_json {

        @Test
        void keeps_strings_numbers_and_booleans_in_order() {
            var raw = new LinkedHashMap<String, Object>();
            raw.put("plan", "pro");
            raw.put("seats", 5);
            raw.put("ratio", 0.5);
            raw.put("trial", true);

            var metadata = dev.grantor.application.wire.Wire.metadata("metadata", raw).get();

            assertThat(metadata.entries().keySet().toJavaList()).containsExactly("plan", "seats", "ratio", "trial");
            assertThat(metadata.entries().get("seats").get()).isEqualTo(new Metadata.Number(BigDecimal.valueOf(5)));
            assertThat(metadata.entries().get("trial").get()).isEqualTo(new Metadata.Flag(true));
        }

        @Test
        void absent_is_empty() {
            assertThat(dev.grantor.application.wire.Wire.metadata("metadata", null).get()).isEqualTo(Metadata.EMPTY);
        }

        @Test
        void a_nested_object_array_or_null_is_an_invalid_request() {
            for (Object value : java.util.Arrays.asList(Map.of("a", 1), List.of(1), null)) {
                var raw = new LinkedHashMap<String, Object>();
                raw.put("bad", value);

                var error = dev.grantor.application.wire.Wire.metadata("metadata", raw).getLeft();

                assertThat(error.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
                assertThat(error.message()).contains("metadata.bad");
            }
        }

        @Test
        void any_generated_string_map_is_either_accepted_whole_or_refused_with_a_code() {
            for (long seed = 1; seed <= 200; seed++) {
                int maxLength = seed % 2 == 0 ? 60 : 600;
                Map<String, String> raw = Instancio.ofMap(String.class, String.class).withSeed(seed)
                        .generate(all(String.class), gen -> gen.string().minLength(0).maxLength(maxLength)
                                .mixedCase().allowEmpty())
                        .create();

                var result = dev.grantor.application.wire.Wire.metadata("metadata", new LinkedHashMap<>(raw));

                if (result.isRight()) {
                    assertThat(result.get().entries().size()).isEqualTo(raw.size());
                } else {
                    assertThat(result.getLeft().code()).isIn(ErrorCode.INVALID_REQUEST, ErrorCode.VALIDATION_FAILED);
                }
            }
        }
    }
}

package dev.grantor.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.domain.shared.Metadata;
import io.vavr.collection.LinkedHashMap;
import io.vavr.collection.List;
import java.math.BigDecimal;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The JSON columns, without a database: what goes in comes back equal, scale and order included. */
class ColumnsTest {

    @Nested
    class Metadata_numbers {

        @Test
        void every_number_comes_back_with_its_exact_value_and_scale() {
            var numbers = List.of("0", "-0.000", "5", "1.50", "1E+400", "1E-7", "-12.3400", "9223372036854775807",
                    "-9223372036854775808", "9223372036854775808", "123456789012345678901234567890.0", "1E+2");
            var entries = LinkedHashMap.<String, Metadata.Value>empty();
            for (int i = 0; i < numbers.size(); i++) {
                entries = entries.put("n" + i, new Metadata.Number(new BigDecimal(numbers.get(i))));
            }
            var metadata = new Metadata(entries);

            assertThat(Columns.metadata(Columns.metadata(metadata))).isEqualTo(metadata);
        }

        @Test
        void metadata_stored_before_the_shared_codec_still_reads() {
            var read = Columns.metadata("{\"plan\":\"pro \\u0001\",\"seats\":5,\"ratio\":1.50,\"huge\":1E+400,\"beta\":false}");

            assertThat(read.entries().keySet().toList()).containsExactly("plan", "seats", "ratio", "huge", "beta");
            assertThat(read.entries().get("seats").get()).isEqualTo(new Metadata.Number(new BigDecimal("5")));
            assertThat(read.entries().get("ratio").get()).isEqualTo(new Metadata.Number(new BigDecimal("1.50")));
            assertThat(read.entries().get("huge").get()).isEqualTo(new Metadata.Number(new BigDecimal("1E+400")));
            assertThat(read.entries().get("plan").get()).isEqualTo(new Metadata.Text("pro \u0001"));
        }
    }

    @Nested
    class Webhook_filters_and_headers {

        @Test
        void filter_types_and_headers_come_back_in_their_order() {
            var types = List.of("grant.delivered", "grant.created", "\u2028 \"odd\" \\");
            var headers = LinkedHashMap.of("X-Zeta", "1", "X-Alpha", "two \u0007", "Authorization", "Bearer ✓");

            assertThat(Columns.texts(Columns.texts(types))).isEqualTo(types);
            assertThat(Columns.headers(Columns.headers(headers)).toList()).isEqualTo(headers.toList());
        }
    }
}

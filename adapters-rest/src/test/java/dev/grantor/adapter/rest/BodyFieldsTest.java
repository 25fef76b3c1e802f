package dev.grantor.adapter.rest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.grantor.domain.shared.ErrorCode;
import dev.grantor.domain.shared.GrantorError;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import org.instancio.Instancio;
import org.instancio.settings.Keys;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BodyFieldsTest {

    private static BodyFields body(String json) {
        return BodyFields.of(json.getBytes(StandardCharsets.UTF_8)).get();
    }

    private static GrantorError refusal(String json) {
        return BodyFields.of(json.getBytes(StandardCharsets.UTF_8)).getLeft();
    }

    @Nested
    class A_whole_body {

        @ParameterizedTest
        @ValueSource(strings = {"", "nul", "{\"a\":1} trailing", "[]", "\"text\"", "42", "null", "{\"a\":1,\"a\":2}"})
        void that_is_not_one_json_object_is_an_invalid_request(String json) {
            assertThat(refusal(json).code()).isEqualTo(ErrorCode.INVALID_REQUEST);
        }

        @Test
        void nested_deeper_than_any_real_request_is_an_invalid_request() {
            assertThat(BodyFields.of(("{\"a\":".repeat(30) + "1" + "}".repeat(30)).getBytes(StandardCharsets.UTF_8)).isRight()).isTrue();
            assertThat(refusal("{\"a\":".repeat(100) + "1" + "}".repeat(100)).code()).isEqualTo(ErrorCode.INVALID_REQUEST);
        }
    }

    @Nested
    class Its_fields {

        @Test
        void any_string_is_read_back_exactly_unless_it_is_blank() {
            var gen = Instancio.gen().withSetting(Keys.SEED, 64L);
            var values = new ArrayList<String>(gen.string().unicode().minLength(0).maxLength(300).list(200));
            values.addAll(gen.string().minLength(1).maxLength(40).list(50));
            values.addAll(java.util.List.of("", " ", "\t\n", "\u0000", "KEY\u0007BEL", "\"quoted\"", "back\\slash", "\uD83D\uDD11 emoji",
                    "\u202Eright-to-left", "x".repeat(70_000)));
            for (String value : values) {
                var fields = body("{\"key\":" + ApiServer.write(value) + "}");

                String read = fields.requiredString("key");

                if (value.isBlank()) {
                    assertThat(fields.result(read).getLeft().code()).isEqualTo(ErrorCode.INVALID_REQUEST);
                } else {
                    assertThat(fields.result(read).get()).isEqualTo(value);
                }
            }
        }

        @Test
        void every_shape_problem_is_reported_with_its_path_before_any_value_problem() {
            var fields = body("{\"name\":7,\"expires_at\":\"tomorrow\",\"customer\":{\"email\":false}}");
            fields.requiredString("name");
            fields.optionalTimestamp("expires_at");
            fields.requiredNested("customer").requiredString("email");

            var refused = (GrantorError.InvalidRequest) fields.result("command").getLeft();

            assertThat(refused.details().map(p -> p.field() + " " + p.message())).containsExactly(
                    "name must be a string", "customer.email must be a string", "expires_at must be an ISO-8601 timestamp with an offset, such as 2027-01-01T00:00:00Z");
        }

        @Test
        void a_timestamp_of_the_wrong_format_alone_is_a_validation_failure() {
            var fields = body("{\"expires_at\":\"2030-01-01 10:00\"}");
            fields.optionalTimestamp("expires_at");

            assertThat(fields.result("command").getLeft().code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
        }

        @ParameterizedTest
        @ValueSource(strings = {"1.5", "\"3\"", "true", "[1]"})
        void an_integer_field_refuses_other_json_types(String value) {
            var fields = body("{\"activations_limit\":" + value + "}");
            fields.optionalInteger("activations_limit");

            assertThat(fields.result("command").getLeft().code()).isEqualTo(ErrorCode.INVALID_REQUEST);
        }

        @Test
        void an_integer_written_with_an_exponent_is_still_an_integer() {
            var fields = body("{\"activations_limit\":1e3}");

            assertThat(fields.optionalInteger("activations_limit")).isEqualTo(1000L);
        }

        @Test
        void absent_and_null_are_told_apart() {
            var fields = body("{\"description\":null}");

            assertThat(fields.isNull("description")).isTrue();
            assertThat(fields.isNull("name")).isFalse();
            assertThat(fields.has("name")).isFalse();
        }
    }

    @Nested
    class Its_webhook_fields {

        @Test
        void booleans_string_lists_and_string_maps_are_read_back_and_absent_or_null_is_null() {
            var fields = body("{\"disabled\":true,\"filter_types\":[\"a\",\"b\"],\"headers\":{\"X-A\":\"1\"},\"rate_limit\":7,"
                    + "\"nothing\":null}");

            assertThat(fields.optionalBoolean("disabled")).isTrue();
            assertThat(fields.optionalStringList("filter_types")).containsExactly("a", "b");
            assertThat(fields.optionalStringMap("headers")).containsExactly(java.util.Map.entry("X-A", "1"));
            assertThat(fields.optionalInt("rate_limit")).isEqualTo(7);
            assertThat(fields.optionalBoolean("nothing")).isNull();
            assertThat(fields.optionalStringList("absent")).isNull();
            assertThat(fields.optionalStringMap("nothing")).isNull();
            assertThat(fields.optionalInt("absent")).isNull();
            assertThat(fields.result("command").isRight()).isTrue();
        }

        @Test
        void each_element_of_the_wrong_type_is_named_by_its_position_or_member() {
            var fields = body("{\"disabled\":\"yes\",\"filter_types\":[\"a\",1,null],\"headers\":{\"X-A\":1,\"X-B\":\"ok\"}}");
            fields.optionalBoolean("disabled");
            fields.optionalStringList("filter_types");
            fields.optionalStringMap("headers");

            var refused = (GrantorError.InvalidRequest) fields.result("command").getLeft();

            assertThat(refused.details().map(GrantorError.FieldProblem::field))
                    .containsExactly("disabled", "filter_types[1]", "filter_types[2]", "headers.X-A");
        }

        @ParameterizedTest
        @ValueSource(strings = {"\"a\"", "{}", "7"})
        void a_list_field_refuses_anything_but_an_array(String value) {
            var fields = body("{\"filter_types\":" + value + "}");
            fields.optionalStringList("filter_types");

            assertThat(fields.result("command").getLeft().code()).isEqualTo(ErrorCode.INVALID_REQUEST);
        }

        @ParameterizedTest
        @ValueSource(strings = {"2147483648", "-2147483649", "99999999999999999999999"})
        void an_int_beyond_32_bits_is_a_validation_failure(String value) {
            var fields = body("{\"rate_limit\":" + value + "}");
            fields.optionalInt("rate_limit");

            assertThat(fields.result("command").getLeft().code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
        }
    }

    @Nested
    class A_timestamp {

        private static final java.util.regex.Pattern RFC_3339_UTC = java.util.regex.Pattern.compile(
                "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");

        @ParameterizedTest
        @ValueSource(strings = {"+999999999-12-31T23:59:59Z", "9999-12-31T23:59:59-18:00", "+10000-01-01T00:00:00Z",
                "1969-12-31T23:59:59.999Z", "1970-01-01T00:00:00+00:01", "-0001-01-01T00:00:00Z", "0000-01-01T00:00:00Z"})
        void outside_the_years_1970_to_9999_in_utc_is_a_validation_failure(String text) {
            var fields = body("{\"expires_at\":\"" + text + "\"}");
            fields.optionalTimestamp("expires_at");

            var refusal = fields.result("command").getLeft();
            assertThat(refusal.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
            assertThat(((GrantorError.ValidationFailed) refusal).details().head().field()).isEqualTo("expires_at");
        }

        @Test
        void an_offset_is_normalised_to_utc() {
            assertThat(body("{\"t\":\"2030-01-01T00:00:00-05:00\"}").optionalTimestamp("t"))
                    .isEqualTo(java.time.OffsetDateTime.parse("2030-01-01T05:00:00Z"));
            assertThat(body("{\"t\":\"9999-12-31T23:59:59.999+00:00\"}").optionalTimestamp("t").getOffset())
                    .isEqualTo(java.time.ZoneOffset.UTC);
        }

        /** Generated instants at generated offsets: accepted exactly when 1970..9999 in UTC, and then written back as RFC 3339. */
        @Test
        void every_generated_timestamp_is_accepted_only_in_range_and_written_back_in_one_form() {
            var texts = Instancio.ofList(String.class).size(5000).withSeed(1970_9999L)
                    .supply(org.instancio.Select.all(String.class), random -> {
                        long second = random.longRange(-70_000_000_000L, 260_000_000_000L);
                        int offset = random.intRange(-18 * 3600, 18 * 3600);
                        var at = java.time.Instant.ofEpochSecond(second, random.intRange(0, 999_999_999));
                        return at.atOffset(java.time.ZoneOffset.ofTotalSeconds(offset)).toString();
                    })
                    .create();

            for (String text : texts) {
                var at = java.time.OffsetDateTime.parse(text).toInstant();
                boolean inRange = !at.isBefore(java.time.Instant.EPOCH) && !at.isAfter(java.time.Instant.parse("9999-12-31T23:59:59.999999999Z"));
                var fields = body("{\"t\":\"" + text + "\"}");
                var read = fields.optionalTimestamp("t");

                assertThat(fields.result("command").isRight()).as(text).isEqualTo(inRange);
                if (inRange) {
                    assertThat(read.toInstant()).as(text).isEqualTo(at);
                    assertThat(dev.grantor.application.json.GrantorJson.instant(read.toInstant())).as(text).matches(RFC_3339_UTC);
                }
            }
        }
    }
}
